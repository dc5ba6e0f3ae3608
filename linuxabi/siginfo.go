package linuxabi

// SiginfoSize is sizeof(siginfo_t) (SI_MAX_SIZE).
const SiginfoSize = 128

// siginfoHead is the offset of the _sifields union on 64-bit: three ints
// and padding to the union's 8-byte alignment.
const siginfoHead = 16

// Siginfo is siginfo_t (include/uapi/asm-generic/siginfo.h). Fields holds
// the _sifields union as its little-endian bytes; the constructors fill
// the member that si_code selects, and the accessors read it back.
type Siginfo struct {
	Signo  int32
	Errno  int32
	Code   int32
	_      int32
	Fields [SiginfoSize - siginfoHead]byte
}

// Offsets in Fields of the union members (the layouts of _kill, _timer,
// _rt, _sigchld and _sigfault on a 64-bit kernel).
const (
	siPid     = 0  // _kill, _rt, _sigchld: si_pid
	siUid     = 4  // si_uid
	siValue   = 8  // _rt, _timer: si_value (union sigval)
	siTid     = 0  // _timer: si_tid
	siOverrun = 4  // _timer: si_overrun
	siStatus  = 8  // _sigchld: si_status
	siUtime   = 16 // _sigchld: si_utime (clock_t)
	siStime   = 24 // _sigchld: si_stime
	siAddr    = 0  // _sigfault: si_addr
)

// si_code values (include/uapi/asm-generic/siginfo.h).
const (
	SI_USER    = 0
	SI_KERNEL  = 0x80
	SI_QUEUE   = -1
	SI_TIMER   = -2
	SI_MESGQ   = -3
	SI_ASYNCIO = -4
	SI_SIGIO   = -5
	SI_TKILL   = -6

	ILL_ILLOPC = 1
	ILL_ILLOPN = 2
	ILL_ILLADR = 3
	ILL_ILLTRP = 4
	ILL_PRVOPC = 5
	ILL_PRVREG = 6
	ILL_COPROC = 7
	ILL_BADSTK = 8

	FPE_INTDIV = 1
	FPE_INTOVF = 2
	FPE_FLTDIV = 3
	FPE_FLTOVF = 4
	FPE_FLTUND = 5
	FPE_FLTRES = 6
	FPE_FLTINV = 7
	FPE_FLTSUB = 8

	SEGV_MAPERR  = 1
	SEGV_ACCERR  = 2
	SEGV_BNDERR  = 3
	SEGV_PKUERR  = 4
	SEGV_MTEAERR = 8
	SEGV_MTESERR = 9

	BUS_ADRALN = 1
	BUS_ADRERR = 2
	BUS_OBJERR = 3

	TRAP_BRKPT = 1
	TRAP_TRACE = 2

	CLD_EXITED    = 1
	CLD_KILLED    = 2
	CLD_DUMPED    = 3
	CLD_TRAPPED   = 4
	CLD_STOPPED   = 5
	CLD_CONTINUED = 6

	POLL_IN  = 1
	POLL_OUT = 2
	POLL_MSG = 3
	POLL_ERR = 4
	POLL_PRI = 5
	POLL_HUP = 6
)

// SiginfoKill is the siginfo of a signal sent by kill(2) (code SI_USER),
// tkill(2)/tgkill(2) (SI_TKILL) or the kernel (SI_KERNEL), from process
// pid running as uid.
func SiginfoKill(sig Signal, code int32, pid int32, uid uint32) Siginfo {
	si := Siginfo{Signo: int32(sig), Code: code}
	si.put32(siPid, uint32(pid))
	si.put32(siUid, uid)
	return si
}

// SiginfoQueue is the siginfo of rt_sigqueueinfo(2)-style signals
// (SI_QUEUE, also SI_MESGQ): sender pid and uid and the sigval.
func SiginfoQueue(sig Signal, code int32, pid int32, uid uint32, value uint64) Siginfo {
	si := SiginfoKill(sig, code, pid, uid)
	si.put64(siValue, value)
	return si
}

// SiginfoFault is the siginfo of a synchronous fault (SIGSEGV, SIGBUS,
// SIGILL, SIGFPE, SIGTRAP) at address addr.
func SiginfoFault(sig Signal, code int32, addr uint64) Siginfo {
	si := Siginfo{Signo: int32(sig), Code: code}
	si.put64(siAddr, addr)
	return si
}

// SiginfoChild is the SIGCHLD siginfo for child pid (uid) whose state
// changed: code is a CLD_* value, status the exit code (CLD_EXITED) or
// the signal, utime and stime the child's times in clock ticks
// (kernel/signal.c do_notify_parent).
func SiginfoChild(code int32, pid int32, uid uint32, status int32, utime, stime int64) Siginfo {
	si := SiginfoKill(SIGCHLD, code, pid, uid)
	si.put32(siStatus, uint32(status))
	si.put64(siUtime, uint64(utime))
	si.put64(siStime, uint64(stime))
	return si
}

// SiginfoTimer is the siginfo of a POSIX timer expiry (SI_TIMER): the
// kernel's timer id, the overrun count and the timer's sigval.
func SiginfoTimer(sig Signal, timerID int32, overrun int32, value uint64) Siginfo {
	si := Siginfo{Signo: int32(sig), Code: SI_TIMER}
	si.put32(siTid, uint32(timerID))
	si.put32(siOverrun, uint32(overrun))
	si.put64(siValue, value)
	return si
}

func (si *Siginfo) put32(off int, v uint32) { le.PutUint32(si.Fields[off:], v) }
func (si *Siginfo) put64(off int, v uint64) { le.PutUint64(si.Fields[off:], v) }
func (si *Siginfo) get32(off int) uint32    { return le.Uint32(si.Fields[off:]) }
func (si *Siginfo) get64(off int) uint64    { return le.Uint64(si.Fields[off:]) }

// Pid is si_pid (kill, rt, sigchld layouts).
func (si *Siginfo) Pid() int32 { return int32(si.get32(siPid)) }

// Uid is si_uid (kill, rt, sigchld layouts).
func (si *Siginfo) Uid() uint32 { return si.get32(siUid) }

// Value is si_value (rt, timer layouts).
func (si *Siginfo) Value() uint64 { return si.get64(siValue) }

// Status is si_status (sigchld layout).
func (si *Siginfo) Status() int32 { return int32(si.get32(siStatus)) }

// Utime is si_utime (sigchld layout).
func (si *Siginfo) Utime() int64 { return int64(si.get64(siUtime)) }

// Stime is si_stime (sigchld layout).
func (si *Siginfo) Stime() int64 { return int64(si.get64(siStime)) }

// Addr is si_addr (sigfault layout).
func (si *Siginfo) Addr() uint64 { return si.get64(siAddr) }

// TimerID is si_timerid (timer layout).
func (si *Siginfo) TimerID() int32 { return int32(si.get32(siTid)) }

// Overrun is si_overrun (timer layout).
func (si *Siginfo) Overrun() int32 { return int32(si.get32(siOverrun)) }

// Marshal writes si to b[:SiginfoSize].
func (si *Siginfo) Marshal(b []byte) {
	_ = b[SiginfoSize-1]
	le.PutUint32(b[0:], uint32(si.Signo))
	le.PutUint32(b[4:], uint32(si.Errno))
	le.PutUint32(b[8:], uint32(si.Code))
	le.PutUint32(b[12:], 0)
	copy(b[siginfoHead:], si.Fields[:])
}

// Unmarshal reads si from b[:SiginfoSize].
func (si *Siginfo) Unmarshal(b []byte) {
	_ = b[SiginfoSize-1]
	si.Signo = int32(le.Uint32(b[0:]))
	si.Errno = int32(le.Uint32(b[4:]))
	si.Code = int32(le.Uint32(b[8:]))
	copy(si.Fields[:], b[siginfoHead:])
}
