package linuxabi

import "strconv"

// Signal is a Linux signal number (signal(7); arm64 uses the numbering of
// include/uapi/asm-generic/signal.h).
type Signal int

// Signal numbers.
const (
	SIGHUP    Signal = 1
	SIGINT    Signal = 2
	SIGQUIT   Signal = 3
	SIGILL    Signal = 4
	SIGTRAP   Signal = 5
	SIGABRT   Signal = 6
	SIGIOT    Signal = 6
	SIGBUS    Signal = 7
	SIGFPE    Signal = 8
	SIGKILL   Signal = 9
	SIGUSR1   Signal = 10
	SIGSEGV   Signal = 11
	SIGUSR2   Signal = 12
	SIGPIPE   Signal = 13
	SIGALRM   Signal = 14
	SIGTERM   Signal = 15
	SIGSTKFLT Signal = 16
	SIGCHLD   Signal = 17
	SIGCONT   Signal = 18
	SIGSTOP   Signal = 19
	SIGTSTP   Signal = 20
	SIGTTIN   Signal = 21
	SIGTTOU   Signal = 22
	SIGURG    Signal = 23
	SIGXCPU   Signal = 24
	SIGXFSZ   Signal = 25
	SIGVTALRM Signal = 26
	SIGPROF   Signal = 27
	SIGWINCH  Signal = 28
	SIGIO     Signal = 29
	SIGPOLL   Signal = SIGIO
	SIGPWR    Signal = 30
	SIGSYS    Signal = 31

	// SIGRTMIN is the first real-time signal the kernel knows; C
	// libraries reserve a few above it for themselves.
	SIGRTMIN Signal = 32
	SIGRTMAX Signal = NSIG
)

// NSIG is _NSIG, the highest signal number; signals are 1..NSIG.
const NSIG = 64

var signalNames = [SIGRTMIN]string{
	SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL",
	SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
	SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1", SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2",
	SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGSTKFLT: "SIGSTKFLT",
	SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP",
	SIGTTIN: "SIGTTIN", SIGTTOU: "SIGTTOU", SIGURG: "SIGURG", SIGXCPU: "SIGXCPU",
	SIGXFSZ: "SIGXFSZ", SIGVTALRM: "SIGVTALRM", SIGPROF: "SIGPROF", SIGWINCH: "SIGWINCH",
	SIGIO: "SIGIO", SIGPWR: "SIGPWR", SIGSYS: "SIGSYS",
}

// String returns the signal's name, "SIGRTMIN+n" for real-time signals.
func (s Signal) String() string {
	switch {
	case s > 0 && s < SIGRTMIN:
		return signalNames[s]
	case s == SIGRTMIN:
		return "SIGRTMIN"
	case s > SIGRTMIN && s <= SIGRTMAX:
		return "SIGRTMIN+" + strconv.Itoa(int(s-SIGRTMIN))
	}
	return "signal " + strconv.Itoa(int(s))
}

// Valid reports whether s is a signal number (1..NSIG).
func (s Signal) Valid() bool { return s >= 1 && s <= NSIG }

// Mask is s's bit in a sigset_t (bit s-1); 0 for an invalid s.
func (s Signal) Mask() uint64 {
	if !s.Valid() {
		return 0
	}
	return 1 << (s - 1)
}

// UnblockableMask holds SIGKILL and SIGSTOP, which sigprocmask(2) and
// sigaction(2) silently keep out of every mask.
const UnblockableMask = 1<<(SIGKILL-1) | 1<<(SIGSTOP-1)

// SigsetSize is sizeof(sigset_t) as the kernel's rt_sig* calls require
// it in their sigsetsize argument.
const SigsetSize = 8

// sigaction(2) flags (include/uapi/asm-generic/signal-defs.h, signal.h).
const (
	SA_NOCLDSTOP      = 0x00000001
	SA_NOCLDWAIT      = 0x00000002
	SA_SIGINFO        = 0x00000004
	SA_UNSUPPORTED    = 0x00000400
	SA_EXPOSE_TAGBITS = 0x00000800
	SA_RESTORER       = 0x04000000
	SA_ONSTACK        = 0x08000000
	SA_RESTART        = 0x10000000
	SA_NODEFER        = 0x40000000
	SA_RESETHAND      = 0x80000000
	SA_NOMASK         = SA_NODEFER
	SA_ONESHOT        = SA_RESETHAND
)

// Special handler values.
const (
	SIG_DFL = 0
	SIG_IGN = 1
	SIG_ERR = ^uint64(0)
)

// rt_sigprocmask(2) how values.
const (
	SIG_BLOCK   = 0
	SIG_UNBLOCK = 1
	SIG_SETMASK = 2
)

// SigactionKernel is the kernel's struct sigaction on arm64, what
// rt_sigaction(2) reads and writes (not the C library's): handler,
// flags, restorer, one-word mask.
type SigactionKernel struct {
	Handler  uint64
	Flags    uint64
	Restorer uint64
	Mask     uint64
}

// SigactionKernelSize is sizeof(struct sigaction) for rt_sigaction.
const SigactionKernelSize = 32

// Marshal writes a to b[:SigactionKernelSize].
func (a *SigactionKernel) Marshal(b []byte) {
	_ = b[SigactionKernelSize-1]
	le.PutUint64(b[0:], a.Handler)
	le.PutUint64(b[8:], a.Flags)
	le.PutUint64(b[16:], a.Restorer)
	le.PutUint64(b[24:], a.Mask)
}

// Unmarshal reads a from b[:SigactionKernelSize].
func (a *SigactionKernel) Unmarshal(b []byte) {
	_ = b[SigactionKernelSize-1]
	a.Handler = le.Uint64(b[0:])
	a.Flags = le.Uint64(b[8:])
	a.Restorer = le.Uint64(b[16:])
	a.Mask = le.Uint64(b[24:])
}

// StackT is stack_t, the sigaltstack(2) descriptor.
type StackT struct {
	Sp    uint64
	Flags uint32 // int ss_flags in C; SS_AUTODISARM is bit 31
	_     int32
	Size  uint64
}

// StackTSize is sizeof(stack_t).
const StackTSize = 24

// Marshal writes s to b[:StackTSize].
func (s *StackT) Marshal(b []byte) {
	_ = b[StackTSize-1]
	le.PutUint64(b[0:], s.Sp)
	le.PutUint32(b[8:], s.Flags)
	le.PutUint32(b[12:], 0)
	le.PutUint64(b[16:], s.Size)
}

// Unmarshal reads s from b[:StackTSize].
func (s *StackT) Unmarshal(b []byte) {
	_ = b[StackTSize-1]
	s.Sp = le.Uint64(b[0:])
	s.Flags = le.Uint32(b[8:])
	s.Size = le.Uint64(b[16:])
}

// sigaltstack(2) flags and sizes (arm64: arch/arm64/include/uapi/asm/signal.h).
const (
	SS_ONSTACK    = 1
	SS_DISABLE    = 2
	SS_AUTODISARM = 1 << 31
	SS_FLAG_BITS  = SS_AUTODISARM

	MINSIGSTKSZ = 5120
	SIGSTKSZ    = 16384
)

// sigev_notify values (include/uapi/asm-generic/siginfo.h).
const (
	SIGEV_SIGNAL    = 0
	SIGEV_NONE      = 1
	SIGEV_THREAD    = 2
	SIGEV_THREAD_ID = 4
)

// Sigevent is the part of struct sigevent (64 bytes) the kernel reads:
// sigev_value, sigev_signo, sigev_notify and the _tid of the union.
type Sigevent struct {
	Value  uint64
	Signo  int32
	Notify int32
	Tid    int32
}

// SigeventSize is sizeof(struct sigevent) (SIGEV_MAX_SIZE).
const SigeventSize = 64

// Unmarshal reads e from b[:SigeventSize].
func (e *Sigevent) Unmarshal(b []byte) {
	_ = b[SigeventSize-1]
	e.Value = le.Uint64(b[0:])
	e.Signo = int32(le.Uint32(b[8:]))
	e.Notify = int32(le.Uint32(b[12:]))
	e.Tid = int32(le.Uint32(b[16:]))
}

// signalfd4(2) flags (include/uapi/linux/signalfd.h, arm64 values).
const (
	SFD_CLOEXEC  = 0o2000000
	SFD_NONBLOCK = 0o4000
)

// SignalfdSiginfoSize is sizeof(struct signalfd_siginfo).
const SignalfdSiginfoSize = 128

// MarshalSignalfd writes si as the struct signalfd_siginfo a read(2) of
// a signalfd returns (signalfd_copyinfo, fs/signalfd.c): ssi_signo,
// ssi_errno, ssi_code, ssi_pid, ssi_uid, ssi_fd, ssi_tid, ssi_band,
// ssi_overrun, ssi_trapno, ssi_status, ssi_int, ssi_ptr, ssi_utime,
// ssi_stime, ssi_addr, from the fields si_code selects.
func (si *Siginfo) MarshalSignalfd(b []byte) {
	_ = b[SignalfdSiginfoSize-1]
	clear(b[:SignalfdSiginfoSize])
	le.PutUint32(b[0:], uint32(si.Signo))
	le.PutUint32(b[4:], uint32(si.Errno))
	le.PutUint32(b[8:], uint32(si.Code))
	switch {
	case si.Code == SI_TIMER:
		le.PutUint32(b[24:], uint32(si.TimerID())) // ssi_tid
		le.PutUint32(b[32:], uint32(si.Overrun())) // ssi_overrun
		le.PutUint32(b[44:], uint32(si.Value()))   // ssi_int
		le.PutUint64(b[48:], si.Value())           // ssi_ptr
	case Signal(si.Signo) == SIGCHLD && si.Code > 0:
		le.PutUint32(b[12:], uint32(si.Pid()))
		le.PutUint32(b[16:], si.Uid())
		le.PutUint32(b[40:], uint32(si.Status()))
		le.PutUint64(b[56:], uint64(si.Utime()))
		le.PutUint64(b[64:], uint64(si.Stime()))
	case si.Code > 0 && si.Code != SI_KERNEL: // a fault
		le.PutUint64(b[72:], si.Addr())
	default: // SI_USER, SI_TKILL, SI_KERNEL, SI_QUEUE and the like
		le.PutUint32(b[12:], uint32(si.Pid()))
		le.PutUint32(b[16:], si.Uid())
		le.PutUint32(b[44:], uint32(si.Value()))
		le.PutUint64(b[48:], si.Value())
	}
}
