package task

import (
	"encoding/binary"

	"github.com/tamix/tamix/kernel/signal"
	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_RT_SIGACTION, sysRtSigaction, Full, "")
	register(linuxabi.SYS_RT_SIGPROCMASK, sysRtSigprocmask, Full, "")
	register(linuxabi.SYS_RT_SIGRETURN, sysRtSigreturn, Full, "")
	register(linuxabi.SYS_SIGALTSTACK, sysSigaltstack, Full, "")
	register(linuxabi.SYS_RT_SIGPENDING, sysRtSigpending, Full, "")
	register(linuxabi.SYS_RT_SIGSUSPEND, sysRtSigsuspend, Full, "")
	register(linuxabi.SYS_KILL, sysKill, Full, "")
	register(linuxabi.SYS_TKILL, sysTkill, Full, "")
	register(linuxabi.SYS_TGKILL, sysTgkill, Full, "")
}

const sigsetSize = 8

// sysRtSigaction implements Linux system call rt_sigaction(2).
func sysRtSigaction(t *Task, a args) (uint64, error) {
	signo := linuxabi.Signal(int32(a[0]))
	if a[3] != sigsetSize {
		return 0, linuxabi.EINVAL
	}
	if signo < 1 || signo > 64 {
		return 0, linuxabi.EINVAL
	}
	var na sigAction
	if a[1] != 0 {
		if signo == linuxabi.SIGKILL || signo == linuxabi.SIGSTOP {
			return 0, linuxabi.EINVAL
		}
		var b [linuxabi.SigactionKernelSize]byte
		if err := t.copyIn(a[1], b[:]); err != nil {
			return 0, err
		}
		var sa linuxabi.SigactionKernel
		sa.Unmarshal(b[:])
		na = sigAction{handler: sa.Handler, flags: sa.Flags, restorer: sa.Restorer, mask: sigSet(sa.Mask) &^ unblockable}
	}
	k := t.k
	k.sigmu.Lock()
	old := t.p.sig.actions[signo-1]
	if a[1] != 0 {
		t.p.sig.actions[signo-1] = na
		// Setting a signal to be ignored discards it where pending
		// (do_sigaction, POSIX 3.3.1.3).
		if na.ignored(signo) {
			t.p.pending.remove(sigBit(signo))
			for _, th := range t.p.threadsLocked() {
				th.pending.remove(sigBit(signo))
			}
		}
	}
	k.sigmu.Unlock()
	if a[2] != 0 {
		sa := linuxabi.SigactionKernel{Handler: old.handler, Flags: old.flags, Restorer: old.restorer, Mask: uint64(old.mask)}
		var b [linuxabi.SigactionKernelSize]byte
		sa.Marshal(b[:])
		if err := t.copyOut(a[2], b[:]); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// sysRtSigprocmask implements Linux system call rt_sigprocmask(2).
func sysRtSigprocmask(t *Task, a args) (uint64, error) {
	if a[3] != sigsetSize {
		return 0, linuxabi.EINVAL
	}
	var set sigSet
	if a[1] != 0 {
		v, err := t.readU64(a[1])
		if err != nil {
			return 0, err
		}
		set = sigSet(v) &^ unblockable
	}
	k := t.k
	k.sigmu.Lock()
	old := t.mask
	if a[1] != 0 {
		switch a[0] {
		case linuxabi.SIG_BLOCK:
			t.mask |= set
		case linuxabi.SIG_UNBLOCK:
			t.mask &^= set
		case linuxabi.SIG_SETMASK:
			t.mask = set
		default:
			k.sigmu.Unlock()
			return 0, linuxabi.EINVAL
		}
	}
	k.sigmu.Unlock()
	if a[2] != 0 {
		if err := t.writeU64(a[2], uint64(old)); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// sysRtSigreturn implements Linux system call rt_sigreturn(2): the frame
// the handler was given is at sp; a bad one is SIGSEGV.
func sysRtSigreturn(t *Task, a args) (uint64, error) {
	buf := make([]byte, signal.FrameSize)
	saved := t.ctx
	var err error = linuxabi.EFAULT
	var mask uint64
	var stack linuxabi.StackT
	if t.ctx.SP&15 == 0 && t.copyIn(t.ctx.SP, buf) == nil {
		mask, stack, err = signal.Restore(&t.ctx, buf)
	}
	if err != nil { // signal_fault
		t.ctx = saved
		t.k.log.Infof("%s[%d]: bad frame in sys_rt_sigreturn: pc=%08x sp=%08x (%v)", t.p.comm, t.tid, t.ctx.PC, t.ctx.SP, err)
		t.forceSignal(sigInfo{signo: linuxabi.SIGSEGV, code: linuxabi.SI_KERNEL})
		return 0, errJustReturn
	}
	k := t.k
	k.sigmu.Lock()
	t.mask = sigSet(mask) &^ unblockable
	_ = t.setAltStackLocked(stack) // restore_altstack ignores a bad one
	k.sigmu.Unlock()
	return 0, errJustReturn
}

// sysSigaltstack implements Linux system call sigaltstack(2).
func sysSigaltstack(t *Task, a args) (uint64, error) {
	k := t.k
	k.sigmu.Lock()
	old := t.altStack
	k.sigmu.Unlock()
	if signal.OnStack(t.ctx.SP, old) {
		old.Flags = linuxabi.SS_ONSTACK
	} else if old.Size == 0 {
		old.Flags = linuxabi.SS_DISABLE
	}
	if a[0] != 0 {
		var b [linuxabi.StackTSize]byte
		if err := t.copyIn(a[0], b[:]); err != nil {
			return 0, err
		}
		var ss linuxabi.StackT
		ss.Unmarshal(b[:])
		if signal.OnStack(t.ctx.SP, t.altStackNow()) {
			return 0, linuxabi.EPERM
		}
		k.sigmu.Lock()
		err := t.setAltStackLocked(ss)
		k.sigmu.Unlock()
		if err != nil {
			return 0, err
		}
	}
	if a[1] != 0 {
		var b [linuxabi.StackTSize]byte
		old.Marshal(b[:])
		if err := t.copyOut(a[1], b[:]); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

func (t *Task) altStackNow() linuxabi.StackT {
	t.k.sigmu.Lock()
	defer t.k.sigmu.Unlock()
	return t.altStack
}

// setAltStackLocked checks and installs ss (do_sigaltstack).
func (t *Task) setAltStackLocked(ss linuxabi.StackT) error {
	mode := ss.Flags &^ linuxabi.SS_AUTODISARM
	switch mode {
	case linuxabi.SS_DISABLE:
		t.altStack = linuxabi.StackT{Flags: linuxabi.SS_DISABLE}
		return nil
	case 0, linuxabi.SS_ONSTACK:
	default:
		return linuxabi.EINVAL
	}
	if ss.Size < minSigStkSz {
		return linuxabi.ENOMEM
	}
	t.altStack = linuxabi.StackT{Sp: ss.Sp, Size: ss.Size, Flags: ss.Flags & linuxabi.SS_AUTODISARM}
	return nil
}

// sysRtSigpending implements Linux system call rt_sigpending(2).
func sysRtSigpending(t *Task, a args) (uint64, error) {
	if a[1] > sigsetSize {
		return 0, linuxabi.EINVAL
	}
	t.k.sigmu.Lock()
	set := (t.pending.set | t.p.pending.set) & t.mask
	t.k.sigmu.Unlock()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(set))
	return 0, t.copyOut(a[0], b[:a[1]])
}

// sysRtSigsuspend implements Linux system call rt_sigsuspend(2): wait
// with the given mask until a handler runs; the old mask comes back when
// it returns.
func sysRtSigsuspend(t *Task, a args) (uint64, error) {
	if a[1] != sigsetSize {
		return 0, linuxabi.EINVAL
	}
	v, err := t.readU64(a[0])
	if err != nil {
		return 0, err
	}
	k := t.k
	k.sigmu.Lock()
	old := t.mask
	t.savedMask = &old
	t.mask = sigSet(v) &^ unblockable
	k.sigmu.Unlock()
	<-t.interrupt()
	return 0, errRestartNoHand
}

// sysKill implements Linux system call kill(2).
func sysKill(t *Task, a args) (uint64, error) {
	pid, signo := int(int32(a[0])), linuxabi.Signal(int32(a[1]))
	if signo < 0 || signo > 64 {
		return 0, linuxabi.EINVAL
	}
	info := sigInfo{signo: signo, code: linuxabi.SI_USER, pid: t.p.pid, uid: int(t.creds().uid)}
	k := t.k
	k.mu.Lock()
	var targets []*Process
	switch {
	case pid > 0:
		if p := k.procs[pid]; p != nil && !p.zombie {
			targets = append(targets, p)
		}
	case pid == -1: // every process but init and the caller
		for _, p := range k.procs {
			if p != k.init && p != t.p && !p.zombie {
				targets = append(targets, p)
			}
		}
	default:
		pgid := -pid
		if pid == 0 {
			pgid = t.p.pgid
		}
		for _, p := range k.procs {
			if p.pgid == pgid && !p.zombie {
				targets = append(targets, p)
			}
		}
	}
	k.mu.Unlock()
	if len(targets) == 0 {
		return 0, linuxabi.ESRCH
	}
	sent := false
	for _, p := range targets {
		if !t.mayKill(p, signo) {
			continue
		}
		sent = true
		if p == k.init && signo != 0 && t.p != k.init && !k.initHandles(signo) {
			continue // init gets only the signals it has handlers for
		}
		k.sendProcess(p, info)
	}
	if !sent {
		return 0, linuxabi.EPERM
	}
	return 0, nil
}

// mayKill is check_kill_permission (kernel/signal.c): a privileged
// sender (CAP_KILL: effective uid 0), one whose real or effective uid is
// the target's real or saved uid, or SIGCONT within the session.
func (t *Task) mayKill(q *Process, signo linuxabi.Signal) bool {
	c := t.creds()
	if c.euid == 0 {
		return true
	}
	q.mu.Lock()
	qc := q.creds
	q.mu.Unlock()
	if oneOf(c.uid, qc.uid, qc.suid) || oneOf(c.euid, qc.uid, qc.suid) {
		return true
	}
	if signo == linuxabi.SIGCONT {
		t.k.mu.Lock()
		defer t.k.mu.Unlock()
		return q.sid == t.p.sid
	}
	return false
}

// initHandles reports whether init has a handler for signo: the kernel
// does not let other processes kill init with a default action
// (SIGNAL_UNKILLABLE).
func (k *Kernel) initHandles(signo linuxabi.Signal) bool {
	k.sigmu.Lock()
	defer k.sigmu.Unlock()
	h := k.init.sig.actions[signo-1].handler
	return h != sigDFL && h != sigIGN
}

// sysTkill implements Linux system call tkill(2).
func sysTkill(t *Task, a args) (uint64, error) {
	return 0, t.tgkill(-1, int(int32(a[0])), linuxabi.Signal(int32(a[1])))
}

// sysTgkill implements Linux system call tgkill(2).
func sysTgkill(t *Task, a args) (uint64, error) {
	tgid := int(int32(a[0]))
	if tgid <= 0 {
		return 0, linuxabi.EINVAL
	}
	return 0, t.tgkill(tgid, int(int32(a[1])), linuxabi.Signal(int32(a[2])))
}

func (t *Task) tgkill(tgid, tid int, signo linuxabi.Signal) error {
	if tid <= 0 || signo < 0 || signo > 64 {
		return linuxabi.EINVAL
	}
	k := t.k
	k.mu.Lock()
	target := k.tasks[tid]
	k.mu.Unlock()
	if target == nil || (tgid > 0 && target.p.pid != tgid) {
		return linuxabi.ESRCH
	}
	if !t.mayKill(target.p, signo) {
		return linuxabi.EPERM
	}
	k.sendTask(target, sigInfo{signo: signo, code: linuxabi.SI_TKILL, pid: t.p.pid, uid: int(t.creds().uid)})
	return nil
}
