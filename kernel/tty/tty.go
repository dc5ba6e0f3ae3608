// Package tty is a terminal with Linux's N_TTY line discipline
// (drivers/tty/n_tty.c, termios(3)), for the console UART and, later,
// pseudo-terminals.
//
// Input arrives from the driver through Receive and passes, as in Linux,
// through a flip buffer (drivers/tty/tty_buffer.c) into the line
// discipline, which applies the termios input flags, signal characters,
// flow control, canonical line editing and echo. Read returns it with
// canonical or VMIN/VTIME semantics. Write applies output processing and
// hands the result to the Driver; while output is stopped (^S, TCOOFF) it
// is held in a transmit buffer of the serial core's size instead.
//
// The methods named after ioctls (SetTermios, Winsize, Flush, …) carry
// their semantics; the syscall layer copies the structures in and out.
// Job control (SIGTTIN, SIGTTOU, TIOCSCTTY checks) belongs to the process
// layer: the terminal only stores the foreground process group and session.
//
// Blocking calls take a cancel channel, closed when a signal is pending,
// and then return linuxabi.EINTR where Linux returns ERESTARTSYS: whether
// the call restarts (SA_RESTART) is the signal code's decision.
//
// A TTY is safe for concurrent use and is a poll.Pollable. It starts no
// goroutines.
package tty

import (
	"sync"
	"time"

	"github.com/tamix/tamix/linuxabi"
)

// Driver is the hardware side of a terminal: it transmits bytes that have
// already been output-processed. Write must be done with p when it returns.
type Driver interface {
	Write(p []byte)
}

// Signals the terminal raises (include/uapi/asm-generic/signal.h).
const (
	sigINT   = 2
	sigQUIT  = 3
	sigTSTP  = 20
	sigWINCH = 28
)

const (
	// bufSize is N_TTY_BUF_SIZE, the read and echo buffers' size.
	bufSize = 4096
	// flipSize is TTYB_DEFAULT_MEM_LIMIT, how much received input may wait
	// while the read buffer is full.
	flipSize = 64 << 10
	// xmitSize is the serial core's transmit buffer (UART_XMIT_SIZE, a
	// page): how much output stopped output holds before writers block.
	xmitSize = 4096
	// wakeupChars is WAKEUP_CHARS: poll reports a terminal writable while
	// less output than this is waiting.
	wakeupChars = 256
)

// TTY is a terminal.
type TTY struct {
	mu sync.Mutex

	drv    Driver
	signal func(pgrp, sig int)
	// afterFunc is time.AfterFunc; tests substitute a fake clock.
	afterFunc func(d time.Duration, f func()) stopper

	termios       linuxabi.Termios
	winsize       linuxabi.Winsize
	pgrp, session int

	// The line discipline's state, struct n_tty_data. The indices run
	// freely and are taken modulo bufSize.
	readBuf    [bufSize]byte
	readFlags  [bufSize]bool // line ends, at canonical line delimiters
	readHead   uint
	commitHead uint // read_head as published to non-canonical readers
	canonHead  uint // end of the last complete line
	readTail   uint
	charMap    [256]bool // characters that need n_tty_receive_char_special
	icanon     bool
	lnext      bool // the previous character was LNEXT
	erasing    bool // inside an ECHOPRT "\…/" erase

	echoBuf                                  [bufSize]byte
	echoHead, echoCommit, echoMark, echoTail uint
	column, canonColumn                      int

	lookaheadCount int // input whose flow-control characters are done

	// The flip buffer (struct tty_bufhead): input the line discipline had
	// no room for, of which the first flipLook bytes were looked ahead.
	flip     []byte
	flipLook int

	// Output flow control (struct tty_struct's flow) and the driver's
	// transmit buffer while output is stopped.
	stopped, tcoStopped bool
	held                []byte

	// otherClosed is TTY_OTHER_CLOSED: the other side of a
	// pseudo-terminal has closed (SetOtherClosed).
	otherClosed bool

	// pend is output for the driver and sigs signals for process groups,
	// both produced under mu and delivered by unlock.
	pend []byte
	sigs []groupSignal

	changed chan struct{} // closed at the next state change; nil if nobody waits

	outMu    sync.Mutex    // orders driver writes as their output was produced
	readLock chan struct{} // atomic_read_lock: one reader at a time
}

// stopper is the part of *time.Timer that a read's VTIME timer uses.
type stopper interface {
	Stop() bool
}

// groupSignal is a signal for a process group (kill_pgrp).
type groupSignal struct{ pgrp, sig int }

// New returns a terminal with StdTermios that transmits through out.
// signal, if not nil, is called with the foreground process group and
// SIGINT (2), SIGQUIT (3) or SIGTSTP (20) when ISIG characters arrive, and
// SIGWINCH (28) when the window size changes; the caller delivers it to
// every process in the group (kill_pgrp). As in Linux, nothing is raised
// while there is no foreground group (pgrp 0). signal is never called with
// the terminal's lock held.
func New(out Driver, signal func(pgrp, sig int)) *TTY {
	t := &TTY{
		drv:       out,
		signal:    signal,
		afterFunc: func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) },
		termios:   stdTermios,
		readLock:  make(chan struct{}, 1),
	}
	t.setLdiscTermios(nil) // n_tty_open
	return t
}

// unlock releases mu, then hands the output produced under it to the
// driver and raises the signals. outMu is taken before mu is released, so
// output reaches the driver in the order it was produced, yet input can be
// processed while a long write is in progress.
func (t *TTY) unlock() {
	out, sigs := t.pend, t.sigs
	t.pend, t.sigs = nil, nil
	if len(out) == 0 {
		t.mu.Unlock()
	} else {
		t.outMu.Lock()
		t.mu.Unlock()
		t.drv.Write(out)
		t.outMu.Unlock()
	}
	if t.signal != nil {
		for _, s := range sigs {
			t.signal(s.pgrp, s.sig)
		}
	}
}

// wait sleeps until the next state change, cancel or fired, with mu held
// on entry and on return (wait_woken on read_wait/write_wait).
func (t *TTY) wait(cancel, fired <-chan struct{}) {
	ch := t.changedLocked()
	t.unlock()
	select {
	case <-ch:
	case <-cancel:
	case <-fired:
	}
	t.mu.Lock()
}

// wake wakes everything waiting for a state change (wake_up_interruptible
// on read_wait and write_wait).
func (t *TTY) wake() {
	if t.changed != nil {
		close(t.changed)
		t.changed = nil
	}
}

func (t *TTY) changedLocked() chan struct{} {
	if t.changed == nil {
		t.changed = make(chan struct{})
	}
	return t.changed
}

// Changed returns a channel that is closed at the next event that may
// change Poll's answer: input becoming readable, output restarting or
// draining, a termios change. To wait without missing an event, take the
// channel, then call Poll, then wait on it.
func (t *TTY) Changed() <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.changedLocked()
}

// Poll reports the terminal's readiness as poll(2) event bits (n_tty_poll):
// POLLIN|POLLRDNORM if a read would find input — a complete line in
// canonical mode; in non-canonical mode a byte or, with VMIN > 0 and
// VTIME = 0, VMIN bytes — and POLLOUT|POLLWRNORM if a write would make
// progress: output is running, or stopped with less than WAKEUP_CHARS (256)
// bytes held.
func (t *TTY) Poll() uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	var mask uint32
	if t.inputAvailable(true) {
		mask |= linuxabi.POLLIN | linuxabi.POLLRDNORM
	}
	if t.otherClosed {
		mask |= linuxabi.POLLHUP
	}
	if len(t.held) < wakeupChars && t.writeRoom() > 0 {
		mask |= linuxabi.POLLOUT | linuxabi.POLLWRNORM
	}
	return mask
}

// SetOtherClosed records whether the other side of a pseudo-terminal
// is closed (TTY_OTHER_CLOSED, which pty_close sets and pty_open
// clears): while it is, a read that finds no input returns
// linuxabi.EIO instead of waiting, and Poll reports POLLHUP (n_tty_read,
// n_tty_poll).
func (t *TTY) SetOtherClosed(c bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.otherClosed = c
	t.wake()
}

// Wakeup wakes writers and pollers waiting for the terminal to change
// when its driver has room for output again (tty_wakeup).
func (t *TTY) Wakeup() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.wake()
}

// raise queues sig for the foreground process group, if there is one
// (kill_pgrp of tty_get_pgrp in isig and tty_do_resize).
func (t *TTY) raise(sig int) {
	if t.pgrp != 0 {
		t.sigs = append(t.sigs, groupSignal{t.pgrp, sig})
	}
}

// closed reports whether ch is closed (signal_pending for cancel).
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
