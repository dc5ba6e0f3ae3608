package linuxabi

// clone(2) flags (include/uapi/linux/sched.h). The low byte (CSIGNAL) is
// the signal sent to the parent when the child exits.
const (
	CSIGNAL              = 0x000000ff
	CLONE_VM             = 0x00000100
	CLONE_FS             = 0x00000200
	CLONE_FILES          = 0x00000400
	CLONE_SIGHAND        = 0x00000800
	CLONE_PIDFD          = 0x00001000
	CLONE_PTRACE         = 0x00002000
	CLONE_VFORK          = 0x00004000
	CLONE_PARENT         = 0x00008000
	CLONE_THREAD         = 0x00010000
	CLONE_NEWNS          = 0x00020000
	CLONE_SYSVSEM        = 0x00040000
	CLONE_SETTLS         = 0x00080000
	CLONE_PARENT_SETTID  = 0x00100000
	CLONE_CHILD_CLEARTID = 0x00200000
	CLONE_DETACHED       = 0x00400000
	CLONE_UNTRACED       = 0x00800000
	CLONE_CHILD_SETTID   = 0x01000000
	CLONE_NEWCGROUP      = 0x02000000
	CLONE_NEWUTS         = 0x04000000
	CLONE_NEWIPC         = 0x08000000
	CLONE_NEWUSER        = 0x10000000
	CLONE_NEWPID         = 0x20000000
	CLONE_NEWNET         = 0x40000000
	CLONE_IO             = 0x80000000

	// clone3(2) only.
	CLONE_CLEAR_SIGHAND = 0x100000000
	CLONE_INTO_CGROUP   = 0x200000000
)

// CloneArgs is struct clone_args for clone3(2), in its first published
// size (CLONE_ARGS_SIZE_VER0 = 64) and the later ones (VER2 = 88).
type CloneArgs struct {
	Flags      uint64
	Pidfd      uint64 // user address
	ChildTid   uint64 // user address
	ParentTid  uint64 // user address
	ExitSignal uint64
	Stack      uint64
	StackSize  uint64
	TLS        uint64
	SetTid     uint64 // VER1: user address of a pid_t array
	SetTidSize uint64
	Cgroup     uint64 // VER2
}

// Sizes of struct clone_args that clone3 accepts.
const (
	CLONE_ARGS_SIZE_VER0 = 64
	CLONE_ARGS_SIZE_VER1 = 80
	CLONE_ARGS_SIZE_VER2 = 88
	CloneArgsSize        = CLONE_ARGS_SIZE_VER2
)

// Unmarshal reads a from b, which holds size bytes as the caller passed
// them (clone3's size argument, at least CLONE_ARGS_SIZE_VER0 and a
// multiple of 8); fields beyond len(b) are zero, as copy_struct_from_user
// leaves them.
func (a *CloneArgs) Unmarshal(b []byte) {
	var w [CloneArgsSize / 8]uint64
	for i := range w {
		if 8*i+8 <= len(b) {
			w[i] = le.Uint64(b[8*i:])
		}
	}
	*a = CloneArgs{w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10]}
}

// Marshal writes a to b[:CloneArgsSize].
func (a *CloneArgs) Marshal(b []byte) {
	_ = b[CloneArgsSize-1]
	for i, v := range [CloneArgsSize / 8]uint64{a.Flags, a.Pidfd, a.ChildTid, a.ParentTid, a.ExitSignal,
		a.Stack, a.StackSize, a.TLS, a.SetTid, a.SetTidSize, a.Cgroup} {
		le.PutUint64(b[8*i:], v)
	}
}
