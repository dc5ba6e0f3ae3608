package task

import "github.com/tamix/tamix/linuxabi"

// sigSet is a signal mask: bit n-1 stands for signal n (sigset_t).
type sigSet uint64

func sigBit(signo linuxabi.Signal) sigSet { return 1 << (signo - 1) }

// unblockable are the signals no mask holds (SIGKILL, SIGSTOP).
const unblockable = sigSet(1<<(linuxabi.SIGKILL-1) | 1<<(linuxabi.SIGSTOP-1))

// sigInfo is a queued signal's siginfo, in the fields tamix fills.
type sigInfo struct {
	signo    linuxabi.Signal
	code     int
	errno    int
	pid, uid int    // SI_USER, SI_TKILL, SI_QUEUE, SIGCHLD
	addr     uint64 // faults
	status   int    // SIGCHLD: exit code or signal
	// SIGCHLD of an exit: the child's CPU times in clock ticks.
	utime, stime int64
	value        uint64 // SI_QUEUE, SI_TIMER: the sigval
	// SI_TIMER: the POSIX timer, its id and the overruns counted when
	// the signal was taken.
	timer   *posixTimer
	timerID int
	overrun uint64
}

// sigPending is a set of pending signals with their siginfo: one of each
// standard signal, a queue of each real-time one (signal(7), "Queueing
// and delivery semantics for standard signals").
type sigPending struct {
	set   sigSet
	queue []sigInfo
}

func (q *sigPending) add(i sigInfo) {
	if i.signo < linuxabi.SIGRTMIN && q.set&sigBit(i.signo) != 0 {
		return // a standard signal already pending is not queued again
	}
	q.set |= sigBit(i.signo)
	q.queue = append(q.queue, i)
}

// take removes the first queued instance of signo; the signal stays
// pending while more are queued.
func (q *sigPending) take(signo linuxabi.Signal) sigInfo {
	var info sigInfo
	at, more := -1, false
	for i, e := range q.queue {
		if e.signo != signo {
			continue
		}
		if at >= 0 {
			more = true
			break
		}
		info, at = e, i
	}
	if at >= 0 {
		q.queue = append(q.queue[:at], q.queue[at+1:]...)
	}
	if !more {
		q.set &^= sigBit(signo)
	}
	return info
}

// remove drops every pending instance of the signals in s.
func (q *sigPending) remove(s sigSet) {
	q.set &^= s
	kept := q.queue[:0]
	for _, i := range q.queue {
		if s&sigBit(i.signo) == 0 {
			kept = append(kept, i)
		}
	}
	q.queue = kept
}

// next returns the signal to deliver first from set: the lowest-numbered
// synchronous one first, as Linux's next_signal does, then the lowest.
func next(set sigSet) linuxabi.Signal {
	const synchronous = sigSet(1<<(linuxabi.SIGSEGV-1) | 1<<(linuxabi.SIGBUS-1) | 1<<(linuxabi.SIGILL-1) |
		1<<(linuxabi.SIGTRAP-1) | 1<<(linuxabi.SIGFPE-1) | 1<<(linuxabi.SIGSYS-1))
	if s := set & synchronous; s != 0 {
		set = s
	}
	for n := linuxabi.Signal(1); n <= 64; n++ {
		if set&sigBit(n) != 0 {
			return n
		}
	}
	return 0
}

// Default actions (signal(7), "Standard signals").
type defaultAction int

const (
	actTerm defaultAction = iota
	actIgnore
	actCore
	actStop
	actCont
)

func defaultActionOf(signo linuxabi.Signal) defaultAction {
	switch signo {
	case linuxabi.SIGCHLD, linuxabi.SIGURG, linuxabi.SIGWINCH:
		return actIgnore
	case linuxabi.SIGCONT:
		return actCont
	case linuxabi.SIGSTOP, linuxabi.SIGTSTP, linuxabi.SIGTTIN, linuxabi.SIGTTOU:
		return actStop
	case linuxabi.SIGQUIT, linuxabi.SIGILL, linuxabi.SIGTRAP, linuxabi.SIGABRT, linuxabi.SIGBUS,
		linuxabi.SIGFPE, linuxabi.SIGSEGV, linuxabi.SIGXCPU, linuxabi.SIGXFSZ, linuxabi.SIGSYS:
		return actCore
	}
	return actTerm
}

// sigAction is a signal's disposition (the kernel's struct sigaction).
type sigAction struct {
	handler, flags, restorer uint64
	mask                     sigSet
}

const (
	sigDFL = 0
	sigIGN = 1
)

// sigHand is what CLONE_SIGHAND shares: the actions of signals 1 to 64.
type sigHand struct {
	actions [64]sigAction
}

// flush resets every action to SIG_DFL but the ignored ones, which stay
// ignored, with no flags, mask or restorer (flush_signal_handlers with
// force_default 0, for exec and CLONE_CLEAR_SIGHAND).
func (h *sigHand) flush() {
	for i, a := range h.actions {
		h.actions[i] = sigAction{}
		if a.handler == sigIGN {
			h.actions[i].handler = sigIGN
		}
	}
}

// ignored reports whether a signal with action a is discarded when sent
// (sig_ignored, kernel/signal.c).
func (a *sigAction) ignored(signo linuxabi.Signal) bool {
	if a.handler == sigIGN {
		return signo != linuxabi.SIGKILL && signo != linuxabi.SIGSTOP
	}
	return a.handler == sigDFL && defaultActionOf(signo) == actIgnore
}
