package tty

import "github.com/tamix/tamix/linuxabi"

// The echo buffer (n_tty.c): echoes and erase output are queued as bytes
// and operations, and turned into output only when committed, so that the
// column they change is the column of the output actually sent. An input
// flush on a signal character discards what is not yet committed.

// Echo buffer operations: echoOpStart followed by an op byte, or by a
// control character to show as ^X.
const (
	echoOpStart       = 0xff
	echoOpMoveBackCol = 0x80
	echoOpSetCanonCol = 0x81
	echoOpEraseTab    = 0x82 // followed by the columns used, |0x80 if after a tab

	echoCommitWatermark  = 256
	echoBlock            = 256
	echoDiscardWatermark = bufSize - (echoBlock + 32)
)

func (t *TTY) addEchoByte(c byte) {
	t.echoBuf[t.echoHead%bufSize] = c
	t.echoHead++
}

// echoMoveBackCol queues a move one column back (echo_move_back_col).
func (t *TTY) echoMoveBackCol() {
	t.addEchoByte(echoOpStart)
	t.addEchoByte(echoOpMoveBackCol)
}

// echoSetCanonCol queues recording the column where the line's input
// starts (echo_set_canon_col).
func (t *TTY) echoSetCanonCol() {
	t.addEchoByte(echoOpStart)
	t.addEchoByte(echoOpSetCanonCol)
}

// echoEraseTab queues erasing a tab, given the columns used since the
// line's start or, if afterTab, since the previous tab (echo_erase_tab).
func (t *TTY) echoEraseTab(numChars int, afterTab bool) {
	t.addEchoByte(echoOpStart)
	t.addEchoByte(echoOpEraseTab)
	n := byte(numChars & 7)
	if afterTab {
		n |= 0x80
	}
	t.addEchoByte(n)
}

// echoCharRaw queues c to be echoed as it is (echo_char_raw).
func (t *TTY) echoCharRaw(c byte) {
	if c == echoOpStart {
		t.addEchoByte(echoOpStart)
	}
	t.addEchoByte(c)
}

// echoChar queues c to be echoed, control characters other than tab as
// ^X under ECHOCTL (echo_char).
func (t *TTY) echoChar(c byte) {
	if c == echoOpStart || t.lflag(linuxabi.ECHOCTL) && iscntrl(c) && c != '\t' {
		t.addEchoByte(echoOpStart)
	}
	t.addEchoByte(c)
}

// finishErasing closes an ECHOPRT erase with '/' (finish_erasing).
func (t *TTY) finishErasing() {
	if t.erasing {
		t.echoCharRaw('/')
		t.erasing = false
	}
}

// commitEchoes outputs the queued echoes once a block of them has
// accumulated (commit_echoes); the rest wait for flushEchoes at the end
// of the received buffer.
func (t *TTY) commitEchoes() {
	head := t.echoHead
	t.echoMark = head
	old := t.echoCommit - t.echoTail
	nr := head - t.echoTail
	if nr < echoCommitWatermark || nr%echoBlock > old%echoBlock {
		return
	}
	t.echoCommit = head
	t.doProcessEchoes()
}

// processEchoes outputs the echoes queued up to the last commit mark
// (process_echoes): after output restarts and before a write.
func (t *TTY) processEchoes() {
	if t.echoMark == t.echoTail {
		return
	}
	t.echoCommit = t.echoMark
	t.doProcessEchoes()
}

// flushEchoes outputs every queued echo (flush_echoes).
func (t *TTY) flushEchoes() {
	if !t.lflag(linuxabi.ECHO) && !t.lflag(linuxabi.ECHONL) || t.echoCommit == t.echoHead {
		return
	}
	t.echoCommit = t.echoHead
	t.doProcessEchoes()
}

// doProcessEchoes outputs committed echoes while the driver has room,
// keeping a ^X pair or a tab erase whole (__process_echoes and
// n_tty_process_echo_ops). If the buffer is nearly full it discards the
// oldest echoes.
func (t *TTY) doProcessEchoes() {
	space := t.writeRoom()
	tail := t.echoTail
out:
	for t.echoCommit != tail {
		c := t.echoBuf[tail%bufSize]
		if c != echoOpStart {
			if t.oflag(linuxabi.OPOST) {
				n := t.doOutputChar(c, space)
				if n < 0 {
					break
				}
				space -= n
			} else {
				if space == 0 {
					break
				}
				t.put(c)
				space--
			}
			tail++
			continue
		}
		switch op := t.echoBuf[(tail+1)%bufSize]; op {
		case echoOpEraseTab:
			// Columns used since the line's start are counted from
			// the column it started at; after a tab, from the tab stop.
			numChars := int(t.echoBuf[(tail+2)%bufSize])
			if numChars&0x80 == 0 {
				numChars += t.canonColumn
			}
			numBS := 8 - numChars&7
			if numBS > space {
				break out
			}
			space -= numBS
			for range numBS {
				t.put('\b')
				if t.column > 0 {
					t.column--
				}
			}
			tail += 3
		case echoOpSetCanonCol:
			t.canonColumn = t.column
			tail += 2
		case echoOpMoveBackCol:
			if t.column > 0 {
				t.column--
			}
			tail += 2
		case echoOpStart: // an escaped 0xff
			if space == 0 {
				break out
			}
			t.put(echoOpStart)
			t.column++
			space--
			tail += 2
		default: // a control character, shown as ^X
			if space < 2 {
				break out
			}
			t.put('^')
			t.put(op ^ 0o100)
			t.column += 2
			space -= 2
			tail += 2
		}
	}
	for t.echoCommit > tail && t.echoCommit-tail >= echoDiscardWatermark {
		switch {
		case t.echoBuf[tail%bufSize] != echoOpStart:
			tail++
		case t.echoBuf[(tail+1)%bufSize] == echoOpEraseTab:
			tail += 3
		default:
			tail += 2
		}
	}
	t.echoTail = tail
}
