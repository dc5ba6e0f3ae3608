package tty

import (
	"math"

	"github.com/tamix/tamix/linuxabi"
)

// writeChunk is how much of a write tty_write (drivers/tty/tty_io.c) hands
// the line discipline at a time; a signal between chunks ends the write.
const writeChunk = 2048

// tabSpaces is what XTABS expands a tab to, at most.
var tabSpaces = []byte("        ")

// Write writes p to the terminal with OPOST output processing (ONLCR,
// OCRNL, ONOCR, ONLRET, XTABS) and returns how much of p it took. While
// output is stopped, the processed output is held, and once the transmit
// buffer is full Write waits for output to restart, or returns what it
// wrote so far: linuxabi.EAGAIN if nonblock and nothing was written,
// linuxabi.EINTR if cancel is closed first (n_tty_write, tty_write).
func (t *TTY) Write(p []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	written := 0
	for {
		chunk := p[written:min(len(p), written+writeChunk)]
		n, err := t.write(chunk, nonblock, cancel)
		written += n
		if err != nil || n < len(chunk) || written == len(p) {
			if written > 0 {
				return written, nil
			}
			return 0, err
		}
		if closed(cancel) {
			return written, nil
		}
	}
}

// write is n_tty_write for one chunk.
func (t *TTY) write(b []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	t.mu.Lock()
	t.processEchoes()
	i := 0
	var err error
	for {
		if closed(cancel) {
			err = linuxabi.EINTR
			break
		}
		if t.oflag(linuxabi.OPOST) {
			for i < len(b) && t.doOutputChar(b[i], t.writeRoom()) >= 0 {
				i++
			}
		} else {
			n := min(len(b)-i, t.writeRoom())
			t.put(b[i : i+n]...)
			i += n
		}
		if i == len(b) {
			break
		}
		if nonblock {
			err = linuxabi.EAGAIN
			break
		}
		t.wait(cancel, nil)
	}
	t.unlock()
	if i > 0 {
		return i, nil
	}
	return 0, err
}

// doOutputChar outputs c with OPOST processing, keeping track of the
// column, and returns the room it used, or -1 if space is too small
// (do_output_char). Linux ignores the delay flags, and so does this.
func (t *TTY) doOutputChar(c byte, space int) int {
	if space == 0 {
		return -1
	}
	switch c {
	case '\n':
		if t.oflag(linuxabi.ONLRET) {
			t.column = 0
		}
		if t.oflag(linuxabi.ONLCR) {
			if space < 2 {
				return -1
			}
			t.canonColumn, t.column = 0, 0
			t.put('\r', '\n')
			return 2
		}
		t.canonColumn = t.column
	case '\r':
		if t.oflag(linuxabi.ONOCR) && t.column == 0 {
			return 0
		}
		if t.oflag(linuxabi.OCRNL) {
			c = '\n'
			if t.oflag(linuxabi.ONLRET) {
				t.canonColumn, t.column = 0, 0
			}
			break
		}
		t.canonColumn, t.column = 0, 0
	case '\t':
		n := 8 - t.column&7
		if t.termios.Oflag&linuxabi.TABDLY == linuxabi.XTABS {
			if space < n {
				return -1
			}
			t.column += n
			t.put(tabSpaces[:n]...)
			return n
		}
		t.column += n
	case '\b':
		if t.column > 0 {
			t.column--
		}
	default:
		if !iscntrl(c) {
			if t.oflag(linuxabi.OLCUC) {
				c = toupper(c)
			}
			if !t.isContinuation(c) {
				t.column++
			}
		}
	}
	t.put(c)
	return 1
}

// put sends output to the driver or, while output is stopped, to the
// transmit buffer; callers keep within writeRoom.
func (t *TTY) put(b ...byte) {
	if t.stopped {
		t.held = append(t.held, b...)
	} else {
		t.pend = append(t.pend, b...)
	}
}

// writeRoom is the room for output (tty_write_room): unlimited while
// output runs, what is left of the transmit buffer while it is stopped.
func (t *TTY) writeRoom() int {
	if t.stopped {
		return xmitSize - len(t.held)
	}
	return math.MaxInt
}

// stopTTY stops output (__stop_tty).
func (t *TTY) stopTTY() {
	t.stopped = true
}

// startTTY restarts output stopped by STOP, unless TCOOFF stopped it, and
// transmits what was held (__start_tty).
func (t *TTY) startTTY() {
	if !t.stopped || t.tcoStopped {
		return
	}
	t.stopped = false
	t.pend = append(t.pend, t.held...)
	t.held = t.held[:0]
	t.wake()
}

// flushDriver discards output not yet transmitted
// (tty_driver_flush_buffer).
func (t *TTY) flushDriver() {
	t.held = t.held[:0]
	t.pend = t.pend[:0]
	t.wake()
}

// Drain waits until the output held while output is stopped has been
// transmitted or flushed (tty_wait_until_sent, for tcdrain, TCSETSW and
// TCSETSF), or returns linuxabi.EINTR when cancel is closed.
func (t *TTY) Drain(cancel <-chan struct{}) error {
	t.mu.Lock()
	defer t.unlock()
	return t.drainLocked(cancel)
}

// drainLocked is Drain with mu held.
func (t *TTY) drainLocked(cancel <-chan struct{}) error {
	for len(t.held) > 0 {
		if closed(cancel) {
			return linuxabi.EINTR
		}
		t.wait(cancel, nil)
	}
	return nil
}
