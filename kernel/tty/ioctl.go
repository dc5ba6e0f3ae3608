package tty

import "github.com/tamix/tamix/linuxabi"

// Termios returns the terminal's settings (TCGETS).
func (t *TTY) Termios() linuxabi.Termios {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.termios
}

// SetTermios changes the terminal's settings (set_termios in
// drivers/tty/tty_ioctl.c). when is tcsetattr(3)'s optional action, the
// ioctl's offset from TCSETS: linuxabi.TCSANOW (TCSETS) applies tm at
// once; linuxabi.TCSADRAIN (TCSETSW) first waits for held output to be
// transmitted; linuxabi.TCSAFLUSH (TCSETSF) also discards the unread input
// first. Any other when is linuxabi.EINVAL. If cancel is closed while it
// waits, it returns linuxabi.EINTR with the settings unchanged. Linux
// returns ERESTARTSYS there, which the signal code turns into EINTR or a
// restart; the caller decides that.
//
// c_cflag is stored as given: the console's transmitter takes no line
// settings, as a pseudo-terminal (pty_set_termios) takes none.
func (t *TTY) SetTermios(tm *linuxabi.Termios, when int, cancel <-chan struct{}) error {
	if when < linuxabi.TCSANOW || when > linuxabi.TCSAFLUSH {
		return linuxabi.EINVAL
	}
	t.mu.Lock()
	defer t.unlock()
	if when == linuxabi.TCSAFLUSH {
		t.flushLdisc()
	}
	if when != linuxabi.TCSANOW {
		if err := t.drainLocked(cancel); err != nil {
			return err
		}
	}
	old := t.termios
	t.termios = *tm
	t.setLdiscTermios(&old)
	return nil
}

// Winsize returns the window size (TIOCGWINSZ).
func (t *TTY) Winsize() linuxabi.Winsize {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.winsize
}

// SetWinsize sets the window size (TIOCSWINSZ) and, if it changed, raises
// SIGWINCH in the foreground process group (tty_do_resize).
func (t *TTY) SetWinsize(ws linuxabi.Winsize) {
	t.mu.Lock()
	defer t.unlock()
	if ws == t.winsize {
		return
	}
	t.raise(sigWINCH)
	t.winsize = ws
}

// Pgrp returns the foreground process group, 0 if none (TIOCGPGRP).
func (t *TTY) Pgrp() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pgrp
}

// SetPgrp sets the foreground process group (TIOCSPGRP); 0 clears it. The
// caller checks that pgrp is a group in the terminal's session.
func (t *TTY) SetPgrp(pgrp int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pgrp = pgrp
}

// Session returns the session the terminal controls, 0 if none
// (TIOCGSID).
func (t *TTY) Session() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.session
}

// SetSession makes the terminal the controlling terminal of session sid,
// or of none if sid is 0 (TIOCSCTTY, TIOCNOTTY, session leader exit). The
// caller enforces who may.
func (t *TTY) SetSession(sid int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.session = sid
}

// InputAvailable is FIONREAD (TIOCINQ): the bytes a read could return now.
// In canonical mode these are the complete lines, without their EOF
// markers (inq_canon); otherwise all the input in the read buffer.
func (t *TTY) InputAvailable() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.icanon {
		return int(t.readHead - t.readTail)
	}
	n := 0
	for i := t.readTail; i != t.canonHead; i++ {
		if !t.readFlags[i%bufSize] || t.readBuf[i%bufSize] != disabledChar {
			n++
		}
	}
	return n
}

// OutputQueued is TIOCOUTQ: the output written but not yet transmitted,
// which is what stopped output holds.
func (t *TTY) OutputQueued() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.held)
}

// Flush discards unread input (linuxabi.TCIFLUSH), untransmitted output
// (linuxabi.TCOFLUSH) or both (linuxabi.TCIOFLUSH), as TCFLSH
// (__tty_perform_flush); any other queue is linuxabi.EINVAL. As in Linux,
// input that was waiting for room in the read buffer then flows in.
func (t *TTY) Flush(queue int) error {
	t.mu.Lock()
	defer t.unlock()
	switch queue {
	case linuxabi.TCIFLUSH:
		t.flushLdisc()
	case linuxabi.TCIOFLUSH:
		t.flushLdisc()
		t.flushDriver()
	case linuxabi.TCOFLUSH:
		t.flushDriver()
	default:
		return linuxabi.EINVAL
	}
	return nil
}

// Flow is TCXONC (tcflow(3)): linuxabi.TCOOFF suspends output until
// TCOON, which START does not undo; TCIOFF and TCION transmit the STOP and
// START characters, if enabled, ahead of held output (tty_send_xchar).
// Any other action is linuxabi.EINVAL.
func (t *TTY) Flow(action int) error {
	t.mu.Lock()
	defer t.unlock()
	switch action {
	case linuxabi.TCOOFF:
		if !t.tcoStopped {
			t.tcoStopped = true
			t.stopTTY()
		}
	case linuxabi.TCOON:
		if t.tcoStopped {
			t.tcoStopped = false
			t.startTTY()
		}
	case linuxabi.TCIOFF:
		if c := t.cc(linuxabi.VSTOP); c != disabledChar {
			t.pend = append(t.pend, c)
		}
	case linuxabi.TCION:
		if c := t.cc(linuxabi.VSTART); c != disabledChar {
			t.pend = append(t.pend, c)
		}
	default:
		return linuxabi.EINVAL
	}
	return nil
}
