package task

import (
	"github.com/tamix/tamix/kernel/fs/devpts"
	"github.com/tamix/tamix/kernel/pty"
	"github.com/tamix/tamix/kernel/tty"
	"github.com/tamix/tamix/linuxabi"
)

// The controlling terminal (credentials(7), tty_jobctrl.c). tamix keeps
// it per session, as the terminal's session: a session's controlling
// terminal is the terminal whose Session is its ID, the console or a
// pseudo-terminal slave.

// sessionHasTTY reports whether session sid has a controlling terminal.
func (k *Kernel) sessionHasTTY(sid int) bool {
	if k.console != nil && k.console.Session() == sid {
		return true
	}
	for _, p := range devpts.Pairs() {
		if p.Slave().Session() == sid {
			return true
		}
	}
	return false
}

// ptyOfSession is the pair whose slave is session sid's controlling
// terminal, nil if that is not a pseudo-terminal.
func (k *Kernel) ptyOfSession(sid int) *pty.Pair {
	for _, p := range devpts.Pairs() {
		if p.Slave().Session() == sid {
			return p
		}
	}
	return nil
}

// hangupSession sends the leader of session sid SIGHUP and SIGCONT, as
// a hangup of its controlling terminal does (tty_signal_session_leader).
func (k *Kernel) hangupSession(sid int) {
	k.mu.Lock()
	leader := k.procs[sid]
	if leader != nil && (leader.zombie || leader.sid != sid) {
		leader = nil
	}
	k.mu.Unlock()
	if leader != nil {
		k.sendProcess(leader, sigInfo{signo: linuxabi.SIGHUP, code: linuxabi.SI_KERNEL})
		k.sendProcess(leader, sigInfo{signo: linuxabi.SIGCONT, code: linuxabi.SI_KERNEL})
	}
}

// leaderExitPty is disassociate_ctty(1) for a session leader p that
// exits with a pseudo-terminal as its controlling terminal: the
// terminal's foreground process group gets SIGHUP and the terminal
// belongs to no session any more, so that another session can take it.
func (k *Kernel) leaderExitPty(p *Process) {
	k.mu.Lock()
	sid, leader := p.sid, p.sid == p.pid
	k.mu.Unlock()
	if !leader {
		return
	}
	pair := k.ptyOfSession(sid)
	if pair == nil {
		return
	}
	slave := pair.Slave()
	pgrp := slave.Pgrp()
	slave.SetSession(0)
	slave.SetPgrp(0)
	if pgrp > 0 {
		k.SignalGroup(pgrp, linuxabi.SIGHUP)
	}
}

// tiocsctty makes tt the controlling terminal of the caller's session
// (TIOCSCTTY, tiocsctty): nothing to do if it is already; EPERM unless
// the caller leads a session without one; EPERM if tt is another
// session's, unless steal (arg 1) by root, which takes it from that
// session; EPERM for a file not open for reading, unless root.
func (t *Task) tiocsctty(tt *tty.TTY, flags int, steal bool) error {
	t.k.mu.Lock()
	sid, pgid, leader := t.p.sid, t.p.pgid, t.p.sid == t.p.pid
	t.k.mu.Unlock()
	t.p.mu.Lock()
	root := t.p.creds.euid == 0
	t.p.mu.Unlock()
	if leader && tt.Session() == sid {
		return nil
	}
	if !leader || t.k.sessionHasTTY(sid) {
		return linuxabi.EPERM
	}
	if tt.Session() != 0 && !(steal && root) {
		return linuxabi.EPERM
	}
	if flags&linuxabi.O_ACCMODE == linuxabi.O_WRONLY && !root {
		return linuxabi.EPERM
	}
	tt.SetSession(sid)
	tt.SetPgrp(pgid)
	return nil
}

// tiocnotty gives up tt as the caller's controlling terminal
// (TIOCNOTTY): ENOTTY if it is not that. A session leader's session
// loses it, and its foreground process group gets SIGHUP and SIGCONT
// (disassociate_ctty(0)). A process that is not the leader keeps it,
// since tamix keeps the controlling terminal per session.
func (t *Task) tiocnotty(tt *tty.TTY) error {
	t.k.mu.Lock()
	sid, leader := t.p.sid, t.p.sid == t.p.pid
	t.k.mu.Unlock()
	if tt.Session() != sid {
		return linuxabi.ENOTTY
	}
	if !leader {
		return nil
	}
	pgrp := tt.Pgrp()
	tt.SetSession(0)
	tt.SetPgrp(0)
	if pgrp > 0 {
		t.k.SignalGroup(pgrp, linuxabi.SIGHUP)
		t.k.SignalGroup(pgrp, linuxabi.SIGCONT)
	}
	return nil
}
