package task

import (
	"runtime"
	"sync/atomic"

	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/uctx"
)

// Task is a Linux task: one thread of a Process, run by one goroutine.
type Task struct {
	k     *Kernel
	p     *Process
	tid   int
	space *mm.Space // p.space, cached: only this goroutine changes it (exec)

	ctx uctx.Context

	// Guarded by k.sigmu.
	mask      sigSet
	savedMask *sigSet // rt_sigsuspend and ppoll's mask, restored after the handler runs
	pending   sigPending
	wake      chan struct{} // closed when a signal is deliverable or the task must exit
	altStack  linuxabi.StackT

	clearTID   uint64 // set_tid_address / CLONE_CHILD_CLEARTID
	robustList uint64
	robustLen  uint64

	// restart is the restart error the last system call returned, for
	// signal delivery to resolve (arch/arm64/kernel/signal.c, do_signal).
	restart linuxabi.Errno
	origX0  uint64

	exiting atomic.Bool
	clock   taskClock
}

// Restart errors a blocking call returns when a signal interrupts it
// (include/linux/errno.h); user space never sees them.
const (
	errRestartSys    = linuxabi.Errno(512) // ERESTARTSYS: restart if SA_RESTART, else EINTR
	errRestartNoIntr = linuxabi.Errno(513) // ERESTARTNOINTR: always restart
	errRestartNoHand = linuxabi.Errno(514) // ERESTARTNOHAND: restart unless a handler runs
	errRestartBlock  = linuxabi.Errno(516) // ERESTART_RESTARTBLOCK, handled as ERESTARTNOHAND
)

// TID is the task's thread ID.
func (t *Task) TID() int { return t.tid }

// start runs the task's goroutine.
func (t *Task) start() { go t.run() }

func (t *Task) run() {
	for {
		t.handleSignals()
		if t.exiting.Load() || t.groupExiting() {
			t.exit(t.p.exitCode, false)
			return
		}
		hw := t.k.hw
		if t.clock.userStart == 0 {
			t.clock.userStart = hw.Monotonic()
		}
		trap := hw.RunUser(&t.ctx, t.space.TTBR())
		t.clock.beginTrap(hw.Monotonic())
		switch trap {
		case TrapIRQ:
			// Other tasks run now: nothing more is this one's until it
			// is back, when the clock is read again.
			t.clock.endTrap(t.clock.trapStart)
			t.clock.userStart = 0
			runtime.Gosched()
		case TrapSError:
			t.forceSignal(sigInfo{signo: linuxabi.SIGBUS, code: linuxabi.SI_KERNEL})
		case TrapSync:
			t.sync()
		}
		if t.clock.userStart != 0 {
			// One reading ends the trap's system time and starts the
			// next user time: each costs a counter read, which QEMU's
			// TCG makes expensive (about 1 µs).
			now := hw.Monotonic()
			t.clock.endTrap(now)
			t.clock.userStart = now
		}
		if t.p.timers.cpuArmed.Load() {
			t.p.checkCPUTimers(t.k)
		}
	}
}

func (t *Task) groupExiting() bool {
	t.p.mu.Lock()
	defer t.p.mu.Unlock()
	return t.p.exitGroup
}

// Exception classes of ESR_EL1 (Arm ARM D17.2.37) for traps from EL0.
const (
	ecUnknown      = 0x00
	ecFPAccess     = 0x07
	ecIllegalState = 0x0e
	ecSVC64        = 0x15
	ecSysReg       = 0x18
	ecInstAbortEL0 = 0x20
	ecPCAlign      = 0x22
	ecDataAbortEL0 = 0x24
	ecSPAlign      = 0x26
	ecFPExc        = 0x2c
	ecBRK          = 0x3c
)

// sync handles a synchronous exception from EL0.
func (t *Task) sync() {
	defer t.recoverOops()
	esr := t.ctx.ESR
	switch ec := esr >> 26; ec {
	case ecSVC64:
		t.syscall()
	case ecDataAbortEL0, ecInstAbortEL0:
		t.abort(ec, esr)
	case ecUnknown:
		if !t.emulateMRS() {
			t.forceSignal(sigInfo{signo: linuxabi.SIGILL, code: linuxabi.ILL_ILLOPC, addr: t.ctx.PC})
		}
	case ecSysReg:
		if !t.emulateSysReg(esr) {
			t.forceSignal(sigInfo{signo: linuxabi.SIGILL, code: linuxabi.ILL_ILLOPC, addr: t.ctx.PC})
		}
	case ecPCAlign:
		t.forceSignal(sigInfo{signo: linuxabi.SIGBUS, code: linuxabi.BUS_ADRALN, addr: t.ctx.FAR})
	case ecSPAlign:
		t.forceSignal(sigInfo{signo: linuxabi.SIGBUS, code: linuxabi.BUS_ADRALN, addr: t.ctx.SP})
	case ecBRK:
		t.forceSignal(sigInfo{signo: linuxabi.SIGTRAP, code: trapBrkpt, addr: t.ctx.PC})
	case ecFPExc:
		t.forceSignal(sigInfo{signo: linuxabi.SIGFPE, code: fpeFltUnk, addr: t.ctx.PC})
	default:
		t.forceSignal(sigInfo{signo: linuxabi.SIGILL, code: linuxabi.ILL_ILLOPC, addr: t.ctx.PC})
	}
}

// si_codes Linux's arm64 fault handlers use that linuxabi does not need
// elsewhere (include/uapi/asm-generic/siginfo.h).
const (
	trapBrkpt = 1  // TRAP_BRKPT
	fpeFltUnk = 14 // FPE_FLTUNK
)

// abort resolves an instruction or data abort from EL0 as do_mem_abort
// does: translation, access-flag and permission faults go to the address
// space's fault handler; alignment faults are SIGBUS; anything else is
// SIGBUS as for an external abort.
func (t *Task) abort(ec, esr uint64) {
	iss := esr & 0x1ffffff
	fsc := iss & 0x3f
	far := t.ctx.FAR
	switch {
	case fsc>>2 == 1 || fsc>>2 == 2 || fsc>>2 == 3: // translation, access flag, permission (any level)
		write := ec == ecDataAbortEL0 && iss&(1<<6) != 0 && iss&(1<<8) == 0 // WnR, not a cache maintenance op
		exec := ec == ecInstAbortEL0
		if f := t.space.Fault(far, write, exec); f != nil {
			if f.Signo == int(linuxabi.SIGKILL) {
				t.k.log.Errf("Out of memory: Killed process %d (%s)", t.p.pid, t.p.comm)
			}
			t.forceSignal(sigInfo{signo: linuxabi.Signal(f.Signo), code: f.Code, addr: f.Addr})
		}
	case fsc == 0x21: // alignment fault
		t.forceSignal(sigInfo{signo: linuxabi.SIGBUS, code: linuxabi.BUS_ADRALN, addr: far})
	default:
		t.forceSignal(sigInfo{signo: linuxabi.SIGBUS, code: linuxabi.BUS_OBJERR, addr: far})
	}
}

// recoverOops turns a Go panic while serving the task (a kernel bug)
// into what Linux makes of an oops in process context: the report goes
// to the log and the task's process dies with SIGSEGV (make_task_dead);
// the rest of the system goes on.
func (t *Task) recoverOops() {
	r := recover()
	if r == nil {
		return
	}
	buf := make([]byte, 4096)
	buf = buf[:runtime.Stack(buf, false)]
	t.k.log.Emergf("Internal error: %v [#1] in %s[%d], syscall %d, pc %#x\n%s", r, t.p.comm, t.tid, t.ctx.X[8], t.ctx.PC, buf)
	t.k.sigmu.Lock()
	t.p.killLocked(int(linuxabi.SIGSEGV))
	t.k.sigmu.Unlock()
}
