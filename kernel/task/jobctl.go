package task

import (
	"github.com/tamix/tamix/kernel/tty"
	"github.com/tamix/tamix/linuxabi"
)

// ttyCheck is __tty_check_change (drivers/tty/tty_jobctrl.c): a process
// outside the foreground process group of its controlling terminal that
// reads it (SIGTTIN), writes it with TOSTOP set or changes its settings
// (SIGTTOU) stops its whole group with that signal, and the call is
// restarted once the group continues. A caller that blocks or ignores the
// signal goes ahead, except that a read fails with EIO; so does a
// process group that is orphaned, which no one could continue.
func (t *Task) ttyCheck(tt *tty.TTY, signo linuxabi.Signal) error {
	sid, fg := tt.Session(), tt.Pgrp()
	k, p := t.k, t.p
	k.mu.Lock()
	if sid != p.sid || fg == 0 || fg == p.pgid {
		k.mu.Unlock()
		return nil // not the controlling terminal, or in the foreground
	}
	pgid := p.pgid
	orphaned := k.pgrpOrphanedLocked(pgid, p.sid)
	k.mu.Unlock()
	k.sigmu.Lock()
	ignored := t.mask&sigBit(signo) != 0 || p.sig.actions[signo-1].handler == sigIGN
	k.sigmu.Unlock()
	switch {
	case ignored && signo == linuxabi.SIGTTIN:
		return linuxabi.EIO
	case ignored:
		return nil
	case orphaned:
		return linuxabi.EIO
	}
	k.SignalGroup(pgid, signo)
	return errRestartSys
}

// pgrpOrphanedLocked reports whether process group pgid of session sid
// is orphaned: no member has a parent in another group of the same
// session to continue it (will_become_orphaned_pgrp, kernel/exit.c;
// exited members and init as a parent do not count). k.mu is held.
func (k *Kernel) pgrpOrphanedLocked(pgid, sid int) bool {
	for _, q := range k.procs {
		if q.pgid != pgid || q.zombie {
			continue
		}
		if pp := q.parent; pp != nil && pp != k.init && pp.pgid != pgid && pp.sid == sid {
			return false
		}
	}
	return true
}

// hangupOrphanedLocked sends SIGHUP and then SIGCONT to process group
// pgid if it is now orphaned and has stopped members: POSIX requires it,
// as nothing could ever continue them (kill_orphaned_pgrp). k.mu is held.
func (k *Kernel) hangupOrphanedLocked(pgid, sid int) {
	if !k.pgrpOrphanedLocked(pgid, sid) {
		return
	}
	var members []*Process
	for _, q := range k.procs {
		if q.pgid == pgid && !q.zombie {
			members = append(members, q)
		}
	}
	k.sigmu.Lock()
	defer k.sigmu.Unlock()
	stopped := false
	for _, q := range members {
		stopped = stopped || q.stopped
	}
	if !stopped {
		return
	}
	for _, signo := range []linuxabi.Signal{linuxabi.SIGHUP, linuxabi.SIGCONT} {
		for _, q := range members {
			k.sendLocked(q, nil, sigInfo{signo: signo, code: linuxabi.SI_KERNEL})
		}
	}
}
