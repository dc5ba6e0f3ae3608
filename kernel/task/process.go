package task

import (
	"sync"

	"github.com/tamix/tamix/linuxabi"

	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/kernel/vfs"
)

// Process is a thread group: what its tasks share (the address space,
// files, filesystem context, signal actions) and what its parent waits
// for.
type Process struct {
	k   *Kernel
	pid int // the thread group ID

	// Guarded by k.mu.
	parent   *Process
	children map[*Process]struct{}
	pgid     int
	sid      int
	zombie   bool
	reaped   bool
	// childEvent is closed, and replaced, whenever a child changes state
	// (exits, stops, continues): wait4 waits on it.
	childEvent chan struct{}
	// status is the wait status a zombie reports; stopReport a stop or
	// continue wait4 has yet to report (0 if none).
	status     int
	stopReport int
	// childTime is the CPU time of the children wait has reaped, and
	// of theirs (signal->cutime and cstime).
	childTime cpuTime
	// start is when the process was made, in nanoseconds since boot.
	start int64

	mu       sync.Mutex
	threads  map[int]*Task
	space    *mm.Space
	ownSpace bool // false for a vfork child still borrowing its parent's
	files    *FDTable
	fs       *fsContext
	creds    creds
	comm     string
	exe      string // the executable's path, for /proc/<pid>/exe and AT_EXECFN
	sigtramp uint64 // the rt_sigreturn trampoline exec mapped
	// stackStart is the stack pointer exec started the program with,
	// where argc and the argv and envp vectors are (mm->start_stack).
	stackStart uint64
	// exeFile is the file exec loaded (the interpreter of a script), what
	// /proc/<pid>/exe leads to (mm->exe_file).
	exeFile vfs.Dentry
	// exitSignal is what the parent is sent when the process exits: the
	// low byte of clone's flags, SIGCHLD for fork.
	exitSignal linuxabi.Signal
	exitGroup  bool // exit_group or a fatal signal: every thread must exit
	exitCode   int  // the wait status exit_group or the fatal signal set
	// vforkDone is closed when a vfork child execs or exits.
	vforkDone chan struct{}
	rlimits   [rlimitCount]rlimit
	// exitedTime is the CPU time of the threads that have exited.
	exitedTime cpuTime
	timers     processTimers

	// Guarded by k.sigmu.
	sig     *sigHand
	pending sigPending // signals sent to the whole process
	stopped bool       // group stop in effect (SIGSTOP and friends)
	cont    chan struct{}
}

// fsContext is what CLONE_FS shares: root, working directory, umask.
type fsContext struct {
	mu    sync.Mutex
	root  *vfs.Inode
	cwd   *vfs.Inode
	umask uint32
}

func (f *fsContext) clone() *fsContext {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &fsContext{root: f.root, cwd: f.cwd, umask: f.umask}
}

// creds are a process's user and group IDs (credentials(7)).
type creds struct {
	uid, euid, suid, fsuid uint32
	gid, egid, sgid, fsgid uint32
	groups                 []uint32
}

// rlimit is one resource limit (getrlimit(2)).
type rlimit struct{ cur, max uint64 }

const (
	rlimitCount  = 16
	rlimInfinity = ^uint64(0)
)

// defaultRlimits are init's limits, as INIT_RLIMITS gives them
// (include/asm-generic/resource.h) with Linux's defaults for the stack
// (_STK_LIM), open files (INR_OPEN_CUR/MAX), locked memory and queued
// signals.
func defaultRlimits() [rlimitCount]rlimit {
	var r [rlimitCount]rlimit
	for i := range r {
		r[i] = rlimit{rlimInfinity, rlimInfinity}
	}
	r[rlimitStack] = rlimit{8 << 20, rlimInfinity}
	r[rlimitCore] = rlimit{0, rlimInfinity}
	r[rlimitNproc] = rlimit{maxPID / 2, maxPID / 2}
	r[rlimitNofile] = rlimit{1024, 4096}
	r[rlimitMemlock] = rlimit{8 << 20, 8 << 20}
	r[rlimitSigpending] = rlimit{maxPID / 2, maxPID / 2}
	r[rlimitMsgqueue] = rlimit{819200, 819200}
	r[rlimitNice] = rlimit{0, 0}
	r[rlimitRtprio] = rlimit{0, 0}
	return r
}

// Resource numbers (include/uapi/asm-generic/resource.h).
const (
	rlimitCPU = iota
	rlimitFsize
	rlimitData
	rlimitStack
	rlimitCore
	rlimitRSS
	rlimitNproc
	rlimitNofile
	rlimitMemlock
	rlimitAS
	rlimitLocks
	rlimitSigpending
	rlimitMsgqueue
	rlimitNice
	rlimitRtprio
	rlimitRttime
)

// caller is the process as path operations see it.
func (p *Process) caller() vfs.Caller {
	p.fs.mu.Lock()
	defer p.fs.mu.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	return vfs.Caller{Root: p.fs.root, UID: p.creds.fsuid, GID: p.creds.fsgid, Groups: p.creds.groups, Umask: p.fs.umask, PID: p.pid, TID: p.pid}
}

// notifyParentLocked wakes the parent's wait4 callers; k.mu must be held.
func (p *Process) notifyParentLocked() {
	if q := p.parent; q != nil {
		close(q.childEvent)
		q.childEvent = make(chan struct{})
	}
}
