package task

import (
	"github.com/tamix/tamix/linuxabi"
)

// exit ends the task with wait status code (do_exit, kernel/exit.c):
// the CLONE_CHILD_CLEARTID word is cleared and woken, and the last task
// of the thread group takes the process down. With group set, the
// other threads are told to exit too (exit_group(2)).
func (t *Task) exit(code int, group bool) {
	p, k := t.p, t.k
	if group {
		k.sigmu.Lock()
		p.killLocked(code)
		k.sigmu.Unlock()
	}
	t.exitRobustList()
	if t.clearTID != 0 {
		var zero [4]byte
		if t.space.CopyOut(t.clearTID, zero[:]) == nil {
			k.futexes.wake(t.space, t.clearTID, 1, ^uint32(0))
		}
	}
	t.releaseVfork()

	k.mu.Lock()
	delete(k.tasks, t.tid)
	p.mu.Lock()
	delete(p.threads, t.tid)
	p.exitedTime.add(t.clock.load())
	last := len(p.threads) == 0
	if !p.exitGroup {
		p.exitCode = code
	}
	status := p.exitCode
	p.mu.Unlock()
	k.mu.Unlock()
	if !last {
		return
	}
	// Without k.mu: closing the files runs their Release, which may
	// signal (a pty master's hangup) and so take k.mu itself.
	p.releaseResources()
	k.mu.Lock()
	k.exitProcessLocked(p, status)
	k.mu.Unlock()
	k.leaderExitPty(p)
}

// releaseVfork wakes a vfork parent waiting for this child to exec or exit.
func (t *Task) releaseVfork() {
	p := t.p
	p.mu.Lock()
	ch := p.vforkDone
	p.vforkDone = nil
	p.mu.Unlock()
	if ch != nil {
		close(ch)
	}
}

// releaseResources drops what the last thread leaves: files, memory.
func (p *Process) releaseResources() {
	p.mu.Lock()
	files, space, own := p.files, p.space, p.ownSpace
	p.files, p.space = nil, nil
	p.timers.stopAll()
	p.mu.Unlock()
	if files != nil {
		files.release()
	}
	fileLocks.release(p, nil)
	if space != nil && own {
		space.Release()
	}
}

// exitProcessLocked makes p a zombie with wait status status, reparents
// its children to init and tells the parent (exit_notify); k.mu is held.
func (k *Kernel) exitProcessLocked(p *Process, status int) {
	p.zombie = true
	p.status = status
	// Process groups this exit orphans: p's own, if its parent kept it
	// attached, and its children's, if p did (kill_orphaned_pgrp).
	var orphans []int
	if pp := p.parent; pp != nil && pp.pgid != p.pgid && pp.sid == p.sid {
		orphans = append(orphans, p.pgid)
	}
	for c := range p.children {
		if !c.zombie && c.pgid != p.pgid && c.sid == p.sid {
			orphans = append(orphans, c.pgid)
		}
	}
	for c := range p.children {
		c.parent = k.init
		if k.init != nil && k.init != p {
			k.init.children[c] = struct{}{}
			if c.zombie {
				k.init.notifyParentLocked()
			}
		}
	}
	p.children = map[*Process]struct{}{}
	for _, pgid := range orphans {
		k.hangupOrphanedLocked(pgid, p.sid)
	}
	if p == k.init {
		select {
		case k.initExit <- status:
		default:
		}
		return
	}
	parent := p.parent
	if parent == nil {
		return
	}
	// SIGCHLD to the parent, with the child's uid and CPU times; with
	// SIGCHLD ignored or SA_NOCLDWAIT the child is reaped at once
	// (do_notify_parent).
	ct := p.cpuTime()
	p.mu.Lock()
	uid := int(p.creds.uid)
	p.mu.Unlock()
	k.sigmu.Lock()
	act := parent.sig.actions[linuxabi.SIGCHLD-1]
	autoreap := act.handler == sigIGN || act.flags&linuxabi.SA_NOCLDWAIT != 0
	code, st := childCode(status)
	if p.exitSignal != 0 {
		k.sendLocked(parent, nil, sigInfo{signo: p.exitSignal, code: int(code), pid: p.pid, uid: uid, status: int(st),
			utime: clockTicks(ct.user), stime: clockTicks(ct.sys)})
	}
	k.sigmu.Unlock()
	if autoreap {
		k.reapLocked(p)
	}
	p.notifyParentLocked()
}

// reapLocked removes a zombie for good; k.mu is held.
func (k *Kernel) reapLocked(p *Process) {
	p.reaped = true
	delete(k.procs, p.pid)
	if p.parent != nil {
		delete(p.parent.children, p)
	}
}

// reportStopped records a group stop for wait4(WUNTRACED) and sends
// SIGCHLD unless the parent set SA_NOCLDSTOP; k.sigmu is held.
func (k *Kernel) reportStopped(p *Process, signo linuxabi.Signal) {
	go k.notifyJobControl(p, int(signo)<<8|0x7f, linuxabi.CLD_STOPPED, signo)
}

// reportContinued records a SIGCONT for wait4(WCONTINUED); k.sigmu is held.
func (k *Kernel) reportContinued(p *Process) {
	go k.notifyJobControl(p, 0xffff, linuxabi.CLD_CONTINUED, linuxabi.SIGCONT)
}

// notifyJobControl runs apart from the sender: it needs k.mu, which
// ranks above k.sigmu.
func (k *Kernel) notifyJobControl(p *Process, report, code int, signo linuxabi.Signal) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if p.zombie || p.parent == nil {
		return
	}
	p.stopReport = report
	k.sigmu.Lock()
	if p.parent.sig.actions[linuxabi.SIGCHLD-1].flags&linuxabi.SA_NOCLDSTOP == 0 {
		k.sendLocked(p.parent, nil, sigInfo{signo: linuxabi.SIGCHLD, code: code, pid: p.pid, status: int(signo)})
	}
	k.sigmu.Unlock()
	p.notifyParentLocked()
}

// waited is what wait found: the child, its wait status (as wait4
// reports it) and, for a reaped zombie, its CPU time with its children's.
type waited struct {
	pid, uid, status int
	time             cpuTime
}

// waitFor selects the children a wait is for: idtype is waitid's P_ALL,
// P_PID or P_PGID; id the pid or process group (0: the caller's group).
type waitFor struct{ idtype, id int }

// waitFor4 is wait4's pid argument as a selector: > 0 that child, -1
// any, 0 the caller's process group, < -1 group -pid.
func waitFor4(pid int) waitFor {
	switch {
	case pid > 0:
		return waitFor{linuxabi.P_PID, pid}
	case pid == -1:
		return waitFor{linuxabi.P_ALL, 0}
	case pid == 0:
		return waitFor{linuxabi.P_PGID, 0}
	}
	return waitFor{linuxabi.P_PGID, -pid}
}

// wait implements the search of wait4 and waitid (do_wait,
// kernel/exit.c): zombies with WEXITED, stops with WSTOPPED, continues
// with WCONTINUED. A pid of 0 in the result means WNOHANG found nothing
// to report.
func (t *Task) wait(sel waitFor, options int) (waited, error) {
	k, p := t.k, t.p
	// A signal ends the wait only after the children are looked at once
	// more, as do_wait scans before it checks signal_pending: a child's
	// exit and its SIGCHLD come together.
	interrupted := false
	for {
		k.mu.Lock()
		found := false
		pgid := sel.id
		if sel.idtype == linuxabi.P_PGID && pgid == 0 {
			pgid = p.pgid
		}
		for c := range p.children {
			switch {
			case sel.idtype == linuxabi.P_PID && c.pid != sel.id,
				sel.idtype == linuxabi.P_PGID && c.pgid != pgid:
				continue
			}
			found = true
			w := waited{pid: c.pid, uid: int(c.creds.uid)}
			if c.zombie && options&linuxabi.WEXITED != 0 {
				w.status, w.time = c.status, c.cpuTime()
				w.time.add(c.childTime)
				if options&linuxabi.WNOWAIT == 0 {
					p.childTime.add(w.time)
					k.reapLocked(c)
				}
				k.mu.Unlock()
				return w, nil
			}
			if r := c.stopReport; r != 0 && !c.zombie {
				if (r == 0xffff && options&linuxabi.WCONTINUED != 0) || (r != 0xffff && options&linuxabi.WUNTRACED != 0) {
					if options&linuxabi.WNOWAIT == 0 {
						c.stopReport = 0
					}
					k.mu.Unlock()
					w.status = r
					return w, nil
				}
			}
		}
		if !found {
			k.mu.Unlock()
			return waited{}, linuxabi.ECHILD
		}
		if options&linuxabi.WNOHANG != 0 {
			k.mu.Unlock()
			return waited{}, nil
		}
		if interrupted {
			k.mu.Unlock()
			return waited{}, errRestartSys
		}
		ev := p.childEvent
		k.mu.Unlock()
		select {
		case <-ev:
		case <-t.interrupt():
			interrupted = true
		}
	}
}
