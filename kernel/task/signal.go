package task

import (
	"github.com/tamix/tamix/kernel/signal"
	"github.com/tamix/tamix/linuxabi"
)

// wakeLocked interrupts t's blocking call, if any; k.sigmu must be held.
func (t *Task) wakeLocked() {
	select {
	case <-t.wake:
	default:
		close(t.wake)
	}
}

// interrupt returns the channel that is closed when t has a signal to
// handle or must exit: blocking calls select on it and return
// errRestartSys when it fires.
func (t *Task) interrupt() <-chan struct{} {
	t.waitPoint()
	t.k.sigmu.Lock()
	defer t.k.sigmu.Unlock()
	if t.deliverableLocked() == 0 && !t.exiting.Load() {
		select {
		case <-t.wake:
			t.wake = make(chan struct{})
		default:
		}
	}
	return t.wake
}

// deliverableLocked returns the pending signals t does not block.
func (t *Task) deliverableLocked() sigSet {
	return (t.pending.set | t.p.pending.set) &^ (t.mask &^ unblockable)
}

// sendProcess sends info to the thread group p (kill(2),
// __send_signal_locked and complete_signal in kernel/signal.c).
func (k *Kernel) sendProcess(p *Process, info sigInfo) {
	k.sigmu.Lock()
	defer k.sigmu.Unlock()
	k.sendLocked(p, nil, info)
}

// sendTask sends info to the one thread t (tgkill(2)).
func (k *Kernel) sendTask(t *Task, info sigInfo) {
	k.sigmu.Lock()
	defer k.sigmu.Unlock()
	k.sendLocked(t.p, t, info)
}

// sendLocked queues info for p, or for the thread t if not nil.
func (k *Kernel) sendLocked(p *Process, t *Task, info sigInfo) {
	signo := info.signo
	if info.signo == 0 {
		return // kill(pid, 0): the existence check only
	}
	// prepare_signal: stop signals cancel pending SIGCONT and vice versa.
	switch defaultActionOf(signo) {
	case actStop:
		p.pending.remove(sigBit(linuxabi.SIGCONT))
		for _, th := range p.threadsLocked() {
			th.pending.remove(sigBit(linuxabi.SIGCONT))
		}
	case actCont:
		const stops = sigSet(1<<(linuxabi.SIGSTOP-1) | 1<<(linuxabi.SIGTSTP-1) | 1<<(linuxabi.SIGTTIN-1) | 1<<(linuxabi.SIGTTOU-1))
		p.pending.remove(stops)
		for _, th := range p.threadsLocked() {
			th.pending.remove(stops)
		}
		if p.stopped {
			p.stopped = false
			close(p.cont)
			k.reportContinued(p)
		}
	}
	act := &p.sig.actions[signo-1]
	if signo == linuxabi.SIGKILL {
		p.killLocked(int(signo)) // fatal at once for every thread
		return
	}
	blocked := false
	if t != nil {
		blocked = t.mask&sigBit(signo) != 0
	} else {
		blocked = true
		for _, th := range p.threadsLocked() {
			if th.mask&sigBit(signo) == 0 {
				blocked = false
				break
			}
		}
	}
	if !blocked && act.ignored(signo) {
		return
	}
	close(k.sigEvent)
	k.sigEvent = make(chan struct{})
	if t != nil {
		t.pending.add(info)
		t.wakeLocked()
		return
	}
	p.pending.add(info)
	for _, th := range p.threadsLocked() { // complete_signal: wake one thread that can take it
		if th.mask&sigBit(signo) == 0 {
			th.wakeLocked()
			return
		}
	}
}

// threadsLocked returns p's threads; k.sigmu is held, and p.mu is taken
// briefly (sigmu nests inside p.mu only in this direction for reading).
func (p *Process) threadsLocked() []*Task {
	p.mu.Lock()
	defer p.mu.Unlock()
	ts := make([]*Task, 0, len(p.threads))
	for _, t := range p.threads {
		ts = append(ts, t)
	}
	return ts
}

// killLocked makes every thread of p exit with wait status code.
func (p *Process) killLocked(code int) {
	p.mu.Lock()
	if !p.exitGroup {
		p.exitGroup = true
		p.exitCode = code
	}
	p.mu.Unlock()
	if p.stopped {
		p.stopped = false
		close(p.cont)
	}
	for _, th := range p.threadsLocked() {
		th.exiting.Store(true)
		th.wakeLocked()
	}
}

// forceSignal delivers a synchronous signal the task's own execution
// caused (force_sig_info_to_task): if blocked or ignored it is unblocked
// and its action reset to the default, so a faulting program cannot loop.
func (t *Task) forceSignal(info sigInfo) {
	k := t.k
	k.sigmu.Lock()
	defer k.sigmu.Unlock()
	act := &t.p.sig.actions[info.signo-1]
	if act.handler == sigIGN || t.mask&sigBit(info.signo) != 0 {
		act.handler = sigDFL
		t.mask &^= sigBit(info.signo)
	}
	t.pending.add(info)
	t.wakeLocked()
}

// handleSignals runs before every return to EL0: it takes the pending
// signals t does not block, performs their default actions or sets up
// their handlers' frames, and resolves an interrupted system call's
// restart (arch/arm64/kernel/signal.c, do_signal; kernel/signal.c,
// get_signal).
func (t *Task) handleSignals() {
	k := t.k
	for {
		k.sigmu.Lock()
		if t.p.stopped && !t.exiting.Load() {
			cont := t.p.cont
			k.sigmu.Unlock()
			select {
			case <-cont:
			case <-t.interrupt():
			}
			continue
		}
		set := t.deliverableLocked()
		if set == 0 || t.exiting.Load() {
			t.restoreSavedMaskLocked()
			k.sigmu.Unlock()
			t.restartSyscall(false, 0)
			return
		}
		info, _ := t.dequeueLocked(set)
		signo := info.signo
		act := t.p.sig.actions[signo-1]
		switch {
		case act.handler == sigIGN:
			k.sigmu.Unlock()
			continue
		case act.handler == sigDFL:
			switch defaultActionOf(signo) {
			case actIgnore, actCont:
				k.sigmu.Unlock()
				continue
			case actStop:
				if !t.p.stopped {
					t.p.stopped = true
					t.p.cont = make(chan struct{})
					k.reportStopped(t.p, signo)
				}
				k.sigmu.Unlock()
				continue
			case actCore:
				t.reportUnhandled(signo, info)
				// No core is written (tamix has no core dumps, as
				// Linux with RLIMIT_CORE 0, Debian's default), so
				// the status has no WCOREDUMP bit.
				t.p.killLocked(int(signo))
			default:
				t.p.killLocked(int(signo))
			}
			k.sigmu.Unlock()
			return
		}
		// A handler: build its frame on the task's stack.
		old := t.mask
		if t.savedMask != nil {
			old = *t.savedMask
			t.savedMask = nil
		}
		block := act.mask
		if act.flags&linuxabi.SA_NODEFER == 0 {
			block |= sigBit(signo)
		}
		t.mask |= block &^ unblockable
		if act.flags&linuxabi.SA_RESETHAND != 0 {
			t.p.sig.actions[signo-1] = sigAction{}
		}
		alt := t.altStack
		k.sigmu.Unlock()

		t.restartSyscall(true, act.flags)
		if !t.setupFrame(signo, info, act, uint64(old), alt) {
			k.sigmu.Lock()
			t.p.killLocked(int(linuxabi.SIGSEGV)) // force_sigsegv: the frame could not be written
			k.sigmu.Unlock()
			return
		}
	}
}

// restoreSavedMaskLocked puts back the mask rt_sigsuspend or ppoll
// replaced, once no handler needs it saved.
func (t *Task) restoreSavedMaskLocked() {
	if t.savedMask != nil {
		t.mask = *t.savedMask
		t.savedMask = nil
	}
}

// restartSyscall resolves the restart error the last system call left:
// restart it (back up over the SVC, restore x0), or fail it with EINTR
// when a handler without SA_RESTART runs.
func (t *Task) restartSyscall(handler bool, flags uint64) {
	e := t.restart
	if e == 0 {
		return
	}
	t.restart = 0
	restart := true
	if handler {
		switch e {
		case errRestartNoHand, errRestartBlock:
			restart = false
		case errRestartSys:
			restart = flags&linuxabi.SA_RESTART != 0
		}
	}
	if restart {
		t.ctx.X[0] = t.origX0
		t.ctx.PC -= 4
	} else {
		t.ctx.X[0] = errnoResult(linuxabi.EINTR)
	}
}

// setupFrame writes signo's frame and points the task at its handler.
func (t *Task) setupFrame(signo linuxabi.Signal, info sigInfo, act sigAction, oldMask uint64, alt linuxabi.StackT) bool {
	f := signal.Frame{
		Info:       info.abi(),
		Handler:    act.handler,
		Restorer:   act.restorer,
		Flags:      act.flags,
		Mask:       oldMask,
		AltStack:   alt,
		OnAltStack: signal.UseAltStack(t.ctx.SP, act.flags, alt),
	}
	if f.Flags&linuxabi.SA_RESTORER == 0 { // setup_return: the vDSO's sigreturn trampoline
		t.p.mu.Lock()
		f.Restorer = t.p.sigtramp
		t.p.mu.Unlock()
		f.Flags |= linuxabi.SA_RESTORER
	}
	switch signo {
	case linuxabi.SIGSEGV, linuxabi.SIGBUS, linuxabi.SIGILL, linuxabi.SIGTRAP, linuxabi.SIGFPE:
		if info.addr != 0 {
			f.FaultAddr, f.ESR = t.ctx.FAR, t.ctx.ESR
		}
	}
	pc, sp := t.ctx.PC, t.ctx.SP
	addr, image, err := signal.Build(&t.ctx, &f)
	if err == nil {
		err = t.space.CopyOut(addr, image)
	}
	if err != nil { // signal_fault
		t.k.log.Infof("%s[%d]: bad frame in setup_rt_frame: pc=%08x sp=%08x (%v)", t.p.comm, t.tid, pc, sp, err)
		return false
	}
	if f.OnAltStack && alt.Flags&linuxabi.SS_AUTODISARM != 0 {
		t.k.sigmu.Lock()
		t.altStack = linuxabi.StackT{Flags: linuxabi.SS_DISABLE}
		t.k.sigmu.Unlock()
	}
	return true
}

// reportUnhandled logs a fatal fault signal as arm64_show_signal does
// (show_unhandled_signals): program, PID, signal, address, ESR, PC.
func (t *Task) reportUnhandled(signo linuxabi.Signal, info sigInfo) {
	if info.code <= 0 { // sent, not a fault
		return
	}
	c := &t.ctx
	t.k.log.Infof("%s[%d]: unhandled signal %d code 0x%x at 0x%016x, esr 0x%08x, pc 0x%016x, lr 0x%016x, sp 0x%016x",
		t.p.comm, t.tid, signo, info.code, info.addr, c.ESR, c.PC, c.X[30], c.SP)
}

// dequeueLocked takes the next pending signal of set for t: from its own
// queue first, then its process's (dequeue_signal, kernel/signal.c). A
// POSIX timer's signal carries the overruns counted until now. k.sigmu
// is held.
func (t *Task) dequeueLocked(set sigSet) (sigInfo, bool) {
	q := &t.pending
	if q.set&set == 0 {
		q = &t.p.pending
	}
	if q.set&set == 0 {
		return sigInfo{}, false
	}
	info := q.take(next(q.set & set))
	if pt := info.timer; pt != nil {
		info.overrun = pt.dequeuedLocked()
	}
	return info, true
}
