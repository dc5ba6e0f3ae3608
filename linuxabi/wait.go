package linuxabi

// wait4(2), waitid(2) options (include/uapi/linux/wait.h).
const (
	WNOHANG    = 0x1
	WUNTRACED  = 0x2
	WSTOPPED   = WUNTRACED
	WEXITED    = 0x4
	WCONTINUED = 0x8
	WNOWAIT    = 0x1000000

	WNOTHREAD = 0x20000000 // __WNOTHREAD
	WALL      = 0x40000000 // __WALL
	WCLONE    = 0x80000000 // __WCLONE
)

// waitid(2) id types.
const (
	P_ALL   = 0
	P_PID   = 1
	P_PGID  = 2
	P_PIDFD = 3
)

// WaitStatusExited is the wait status of a process that called exit(code):
// code in bits 8-15 (see WEXITSTATUS in wait(2)).
func WaitStatusExited(code int) uint32 {
	return uint32(code&0xff) << 8
}

// WaitStatusSignaled is the wait status of a process killed by sig,
// with the core-dump bit 0x80 when core is set.
func WaitStatusSignaled(sig Signal, core bool) uint32 {
	s := uint32(sig) & 0x7f
	if core {
		s |= 0x80
	}
	return s
}

// WaitStatusStopped is the wait status of a process stopped by sig.
func WaitStatusStopped(sig Signal) uint32 {
	return uint32(sig)<<8 | 0x7f
}

// WaitStatusContinued is the wait status of a continued process.
const WaitStatusContinued = 0xffff
