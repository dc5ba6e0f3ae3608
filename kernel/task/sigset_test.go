package task

import (
	"testing"

	"github.com/tamix/tamix/linuxabi"
)

func TestSigPendingQueueing(t *testing.T) {
	var q sigPending
	q.add(sigInfo{signo: linuxabi.SIGUSR1, pid: 1})
	q.add(sigInfo{signo: linuxabi.SIGUSR1, pid: 2}) // standard: not queued twice
	rt := linuxabi.SIGRTMIN + 1
	q.add(sigInfo{signo: rt, pid: 3})
	q.add(sigInfo{signo: rt, pid: 4}) // real-time: queued
	if i := q.take(linuxabi.SIGUSR1); i.pid != 1 || q.set&sigBit(linuxabi.SIGUSR1) != 0 {
		t.Errorf("SIGUSR1: %+v, still pending %v", i, q.set&sigBit(linuxabi.SIGUSR1) != 0)
	}
	if i := q.take(rt); i.pid != 3 || q.set&sigBit(rt) == 0 {
		t.Errorf("first RT: %+v; the second must stay pending", i)
	}
	if i := q.take(rt); i.pid != 4 || q.set != 0 {
		t.Errorf("second RT: %+v, set %#x", i, q.set)
	}
}

func TestNextSignalOrder(t *testing.T) {
	set := sigBit(linuxabi.SIGINT) | sigBit(linuxabi.SIGSEGV) | sigBit(linuxabi.SIGHUP)
	if got := next(set); got != linuxabi.SIGSEGV {
		t.Errorf("next = %v, want SIGSEGV (synchronous first)", got)
	}
	if got := next(sigBit(linuxabi.SIGINT) | sigBit(linuxabi.SIGHUP)); got != linuxabi.SIGHUP {
		t.Errorf("next = %v, want SIGHUP (lowest)", got)
	}
}

func TestDefaultActions(t *testing.T) {
	for sig, want := range map[linuxabi.Signal]defaultAction{
		linuxabi.SIGCHLD: actIgnore, linuxabi.SIGWINCH: actIgnore, linuxabi.SIGURG: actIgnore,
		linuxabi.SIGCONT: actCont, linuxabi.SIGTSTP: actStop, linuxabi.SIGSTOP: actStop,
		linuxabi.SIGSEGV: actCore, linuxabi.SIGQUIT: actCore, linuxabi.SIGABRT: actCore,
		linuxabi.SIGINT: actTerm, linuxabi.SIGPIPE: actTerm, linuxabi.SIGRTMIN: actTerm,
	} {
		if got := defaultActionOf(sig); got != want {
			t.Errorf("%v: %v, want %v", sig, got, want)
		}
	}
	dfl := sigAction{}
	if !dfl.ignored(linuxabi.SIGCHLD) || dfl.ignored(linuxabi.SIGTERM) {
		t.Error("SIG_DFL: SIGCHLD is discarded when sent, SIGTERM is not")
	}
	ign := sigAction{handler: sigIGN}
	if ign.ignored(linuxabi.SIGKILL) || !ign.ignored(linuxabi.SIGTERM) {
		t.Error("SIG_IGN never applies to SIGKILL")
	}
}
