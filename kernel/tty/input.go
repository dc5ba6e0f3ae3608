package tty

import "github.com/tamix/tamix/linuxabi"

// Receive passes bytes received by the driver to the terminal and returns
// how many it took: all of them unless the flip buffer is full, when the
// rest is dropped, as Linux drops input beyond its flip buffer limit.
// Input the line discipline has no room for waits in the flip buffer
// until a read makes room; its ^S and ^Q act at once (flush_to_ldisc and
// lookahead_bufs, drivers/tty/tty_buffer.c).
func (t *TTY) Receive(b []byte) int {
	t.mu.Lock()
	n := min(len(b), flipSize-len(t.flip))
	t.flip = append(t.flip, b[:n]...)
	t.flushToLdisc()
	t.unlock()
	return n
}

// flushToLdisc moves flip buffer input into the line discipline as far as
// it has room and looks ahead at the rest for flow control characters.
func (t *TTY) flushToLdisc() {
	if len(t.flip) == 0 {
		return
	}
	rcvd := t.receiveBufCommon(t.flip)
	t.flip = t.flip[:copy(t.flip, t.flip[rcvd:])]
	t.flipLook = max(t.flipLook-rcvd, 0)
	if len(t.flip) > 0 {
		t.lookaheadFlowCtrl(t.flip[t.flipLook:])
		t.flipLook = len(t.flip)
	}
}

// lookaheadFlowCtrl acts on the START and STOP characters of input that
// is waiting for room (n_tty_lookahead_flow_ctrl); receiveBuf later
// skips them.
func (t *TTY) lookaheadFlowCtrl(cp []byte) {
	t.lookaheadCount += len(cp)
	if !t.iflag(linuxabi.IXON) {
		return
	}
	for _, c := range cp {
		t.receiveCharFlowCtrl(c, false)
	}
}

// receiveBufCommon processes as much of cp as the read buffer has room
// for and returns how much (n_tty_receive_buf_common). The buffer keeps
// one byte free for a newline. In canonical mode with no complete line to
// read, input is always processed, so that erase characters and the line
// end still work: past 4095 bytes each new character replaces the last,
// so a line holds at most 4095 characters and its delimiter.
func (t *TTY) receiveBufCommon(cp []byte) int {
	rcvd := 0
	for {
		room := bufSize - int(t.readHead-t.readTail)
		if t.iflag(linuxabi.PARMRK) {
			room = (room + 2) / 3
		}
		room--
		if room <= 0 {
			overflow := t.icanon && t.canonHead == t.readTail
			if overflow && room < 0 {
				t.readHead--
			}
			room = 0
			if overflow {
				room = 1
			}
		}
		n := min(len(cp), room)
		if n == 0 {
			return rcvd
		}
		t.receiveBuf(cp[:n])
		cp = cp[n:]
		rcvd += n
	}
}

// receiveBuf processes input that fits in the read buffer (__receive_buf
// and n_tty_receive_buf_standard), then outputs the echoes and, in
// non-canonical mode, publishes the input to readers.
func (t *TTY) receiveBuf(cp []byte) {
	la := min(t.lookaheadCount, len(cp))
	for i, c := range cp {
		if t.lnext {
			t.receiveCharLnext(c)
			continue
		}
		if t.iflag(linuxabi.ISTRIP) {
			c &= 0x7f
		}
		if t.iflag(linuxabi.IUCLC) && t.lflag(linuxabi.IEXTEN) {
			c = tolower(c)
		}
		if t.charMap[c] {
			t.receiveCharSpecial(c, i < la)
		} else {
			t.receiveChar(c)
		}
	}
	t.flushEchoes()
	t.lookaheadCount -= la
	if t.icanon {
		return
	}
	t.commitHead = t.readHead
	if t.readHead != t.readTail {
		t.wake()
	}
}

// putQueue appends c to the read buffer (put_tty_queue).
func (t *TTY) putQueue(c byte) {
	t.readBuf[t.readHead%bufSize] = c
	t.readHead++
}

// receiveChar stores and echoes an ordinary character (n_tty_receive_char).
func (t *TTY) receiveChar(c byte) {
	if t.stopped && !t.tcoStopped && t.iflag(linuxabi.IXON) && t.iflag(linuxabi.IXANY) {
		t.startTTY()
		t.processEchoes()
	}
	if t.lflag(linuxabi.ECHO) {
		t.finishErasing()
		if t.canonHead == t.readHead {
			t.echoSetCanonCol()
		}
		t.echoChar(c)
		t.commitEchoes()
	}
	if c == 0xff && t.iflag(linuxabi.PARMRK) {
		t.putQueue(c)
	}
	t.putQueue(c)
}

// receiveCharLnext takes the character after LNEXT literally
// (n_tty_receive_char_lnext).
func (t *TTY) receiveCharLnext(c byte) {
	t.lnext = false
	if t.iflag(linuxabi.ISTRIP) {
		c &= 0x7f
	}
	if t.iflag(linuxabi.IUCLC) && t.lflag(linuxabi.IEXTEN) {
		c = tolower(c)
	}
	t.receiveChar(c)
}

// receiveCharSpecial handles a character in charMap: flow control,
// signal characters, CR/NL translation, then canonical editing
// (n_tty_receive_char_special). lookaheadDone says its flow control was
// already done.
func (t *TTY) receiveCharSpecial(c byte, lookaheadDone bool) {
	if t.iflag(linuxabi.IXON) && t.receiveCharFlowCtrl(c, lookaheadDone) {
		return
	}
	if t.lflag(linuxabi.ISIG) {
		switch c {
		case t.cc(linuxabi.VINTR):
			t.receiveSignalChar(sigINT, c)
			return
		case t.cc(linuxabi.VQUIT):
			t.receiveSignalChar(sigQUIT, c)
			return
		case t.cc(linuxabi.VSUSP):
			t.receiveSignalChar(sigTSTP, c)
			return
		}
	}
	if t.stopped && !t.tcoStopped && t.iflag(linuxabi.IXON) && t.iflag(linuxabi.IXANY) {
		t.startTTY()
		t.processEchoes()
	}
	if c == '\r' {
		if t.iflag(linuxabi.IGNCR) {
			return
		}
		if t.iflag(linuxabi.ICRNL) {
			c = '\n'
		}
	} else if c == '\n' && t.iflag(linuxabi.INLCR) {
		c = '\r'
	}
	if t.icanon && t.receiveCharCanon(c) {
		return
	}
	if t.lflag(linuxabi.ECHO) {
		t.finishErasing()
		if c == '\n' {
			t.echoCharRaw('\n')
		} else {
			if t.canonHead == t.readHead {
				t.echoSetCanonCol()
			}
			t.echoChar(c)
		}
		t.commitEchoes()
	}
	if c == 0xff && t.iflag(linuxabi.PARMRK) {
		t.putQueue(c)
	}
	t.putQueue(c)
}

// receiveCharFlowCtrl stops output on STOP and restarts it on START, and
// reports whether c was one of them (n_tty_receive_char_flow_ctrl).
func (t *TTY) receiveCharFlowCtrl(c byte, lookaheadDone bool) bool {
	if c != t.cc(linuxabi.VSTART) && c != t.cc(linuxabi.VSTOP) {
		return false
	}
	if lookaheadDone {
		return true
	}
	if c == t.cc(linuxabi.VSTART) {
		t.startTTY()
		t.processEchoes()
		return true
	}
	t.stopTTY()
	return true
}

// receiveSignalChar raises sig for INTR, QUIT or SUSP, restarts output
// and echoes c (n_tty_receive_signal_char).
func (t *TTY) receiveSignalChar(sig int, c byte) {
	t.isig(sig)
	if t.iflag(linuxabi.IXON) {
		t.startTTY()
	}
	if t.lflag(linuxabi.ECHO) {
		t.echoChar(c)
		t.commitEchoes()
	} else {
		t.processEchoes()
	}
}

// isig raises sig and, unless NOFLSH, discards pending echoes, output not
// yet transmitted and the input (isig).
func (t *TTY) isig(sig int) {
	t.raise(sig)
	if t.lflag(linuxabi.NOFLSH) {
		return
	}
	t.echoHead, t.echoTail, t.echoMark, t.echoCommit = 0, 0, 0, 0
	t.flushDriver()
	t.resetBufferFlags()
}

// resetBufferFlags empties the read buffer (reset_buffer_flags).
func (t *TTY) resetBufferFlags() {
	t.readHead, t.canonHead, t.readTail, t.commitHead = 0, 0, 0, 0
	t.erasing = false
	t.readFlags = [bufSize]bool{}
	t.lookaheadCount = 0
}

// flushLdisc discards the input in the line discipline
// (n_tty_flush_buffer), then lets waiting flip buffer input in
// (n_tty_kick_worker), as TCFLSH and TCSETSF do.
func (t *TTY) flushLdisc() {
	t.resetBufferFlags()
	t.flushToLdisc()
	t.wake()
}
