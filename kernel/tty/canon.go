package tty

import "github.com/tamix/tamix/linuxabi"

// receiveCharCanon handles canonical mode's editing and line-ending
// characters and reports whether c was one (n_tty_receive_char_canon).
func (t *TTY) receiveCharCanon(c byte) bool {
	switch {
	case c == t.cc(linuxabi.VERASE) || c == t.cc(linuxabi.VKILL) || c == t.cc(linuxabi.VWERASE) && t.lflag(linuxabi.IEXTEN):
		t.eraser(c)
		t.commitEchoes()
	case c == t.cc(linuxabi.VLNEXT) && t.lflag(linuxabi.IEXTEN):
		// Echoed as "^\b", so that the next character overwrites it.
		t.lnext = true
		if t.lflag(linuxabi.ECHO) {
			t.finishErasing()
			if t.lflag(linuxabi.ECHOCTL) {
				t.echoCharRaw('^')
				t.echoCharRaw('\b')
				t.commitEchoes()
			}
		}
	case c == t.cc(linuxabi.VREPRINT) && t.lflag(linuxabi.ECHO) && t.lflag(linuxabi.IEXTEN):
		t.finishErasing()
		t.echoChar(c)
		t.echoCharRaw('\n')
		for i := t.canonHead; i != t.readHead; i++ {
			t.echoChar(t.readBuf[i%bufSize])
		}
		t.commitEchoes()
	case c == '\n':
		if t.lflag(linuxabi.ECHO) || t.lflag(linuxabi.ECHONL) {
			t.echoCharRaw('\n')
			t.commitEchoes()
		}
		t.handleNewline(c)
	case c == t.cc(linuxabi.VEOF):
		// The line ends with a marker that read does not return: at
		// the start of a line, read returns 0.
		t.handleNewline(disabledChar)
	case c == t.cc(linuxabi.VEOL) || c == t.cc(linuxabi.VEOL2) && t.lflag(linuxabi.IEXTEN):
		if t.lflag(linuxabi.ECHO) {
			if t.canonHead == t.readHead {
				t.echoSetCanonCol()
			}
			t.echoChar(c)
			t.commitEchoes()
		}
		if c == 0xff && t.iflag(linuxabi.PARMRK) {
			t.putQueue(c)
		}
		t.handleNewline(c)
	default:
		return false
	}
	return true
}

// handleNewline stores a line delimiter and makes the line readable
// (n_tty_receive_handle_newline).
func (t *TTY) handleNewline(c byte) {
	t.readFlags[t.readHead%bufSize] = true
	t.putQueue(c)
	t.canonHead = t.readHead
	t.wake()
}

// eraser handles ERASE, WERASE and KILL (eraser): it removes the last
// character (a whole UTF-8 sequence under IUTF8), the last word, or the
// line, and echoes the erasure: "\b \b" per column under ECHOE (two for a
// control character shown as ^X, back to the tab stop for a tab), the
// erased characters between '\' and '/' under ECHOPRT, the ERASE
// character itself without ECHOE, or for KILL without ECHOK, ECHOKE and
// ECHOE all set, the KILL character (and a newline under ECHOK).
//
// A word, as BSD's ALTWERASE has it, is a run of alphanumerics and '_';
// WERASE erases whatever follows the last word, then the word.
func (t *TTY) eraser(c byte) {
	if t.readHead == t.canonHead {
		return
	}
	const (
		erase = iota
		werase
		kill
	)
	var killType int
	switch c {
	case t.cc(linuxabi.VERASE):
		killType = erase
	case t.cc(linuxabi.VWERASE):
		killType = werase
	default:
		if !t.lflag(linuxabi.ECHO) {
			t.readHead = t.canonHead
			return
		}
		if !t.lflag(linuxabi.ECHOK) || !t.lflag(linuxabi.ECHOKE) || !t.lflag(linuxabi.ECHOE) {
			t.readHead = t.canonHead
			t.finishErasing()
			t.echoChar(t.cc(linuxabi.VKILL))
			if t.lflag(linuxabi.ECHOK) {
				t.echoCharRaw('\n')
			}
			return
		}
		killType = kill
	}

	seenAlnums := 0
	for t.readHead != t.canonHead {
		// Find the start of the last, possibly multibyte, character.
		head := t.readHead
		for {
			head--
			c = t.readBuf[head%bufSize]
			if !t.isContinuation(c) || head == t.canonHead {
				break
			}
		}
		if t.isContinuation(c) { // do not erase part of a character
			break
		}
		if killType == werase {
			if isalnum(c) || c == '_' {
				seenAlnums++
			} else if seenAlnums > 0 {
				break
			}
		}
		cnt := t.readHead - head
		t.readHead = head
		if t.lflag(linuxabi.ECHO) {
			t.echoErase(c, head, cnt, killType == erase)
		}
		if killType == erase {
			break
		}
	}
	if t.readHead == t.canonHead && t.lflag(linuxabi.ECHO) {
		t.finishErasing()
	}
}

// echoErase queues the echo for erasing character c, cnt bytes stored at
// head; single says it is an ERASE (the ECHOE case of eraser).
func (t *TTY) echoErase(c byte, head, cnt uint, single bool) {
	switch {
	case t.lflag(linuxabi.ECHOPRT):
		if !t.erasing {
			t.echoCharRaw('\\')
			t.erasing = true
		}
		t.echoChar(c)
		for ; cnt > 1; cnt-- { // the rest of a multibyte character
			head++
			t.echoCharRaw(t.readBuf[head%bufSize])
			t.echoMoveBackCol()
		}
	case single && !t.lflag(linuxabi.ECHOE):
		t.echoChar(t.cc(linuxabi.VERASE))
	case c == '\t':
		// Count the columns since the previous tab or, failing that,
		// the line's start; the echo adds the column it started at.
		numChars, afterTab := 0, false
		for tail := t.readHead; tail != t.canonHead; {
			tail--
			c := t.readBuf[tail%bufSize]
			if c == '\t' {
				afterTab = true
				break
			} else if iscntrl(c) {
				if t.lflag(linuxabi.ECHOCTL) {
					numChars += 2
				}
			} else if !t.isContinuation(c) {
				numChars++
			}
		}
		t.echoEraseTab(numChars, afterTab)
	default:
		if iscntrl(c) && t.lflag(linuxabi.ECHOCTL) {
			t.echoCharRaw('\b')
			t.echoCharRaw(' ')
			t.echoCharRaw('\b')
		}
		if !iscntrl(c) || t.lflag(linuxabi.ECHOCTL) {
			t.echoCharRaw('\b')
			t.echoCharRaw(' ')
			t.echoCharRaw('\b')
		}
	}
}
