package tty

import (
	"time"

	"github.com/tamix/tamix/linuxabi"
)

// Read reads input into p (n_tty_read).
//
// In canonical mode it returns one line, delimiter included, or as much
// of it as fits in p; a line ended by EOF is returned without the EOF, so
// EOF at the start of a line reads as 0 bytes. When a read fills p up to
// an EOF, the EOF is consumed with it (canon_skip_eof).
//
// In non-canonical mode, with MIN = VMIN and TIME = VTIME tenths of a
// second (termios(3)):
//   - MIN > 0, TIME = 0: it waits for MIN bytes (or len(p), if fewer);
//   - MIN > 0, TIME > 0: it waits for the first byte, then for MIN bytes
//     unless TIME passes between two arrivals;
//   - MIN = 0, TIME > 0: it waits up to TIME for a byte, and returns 0
//     if none comes;
//   - MIN = 0, TIME = 0: it returns what is there, maybe 0 bytes.
//
// Either way it returns what is there, up to len(p). If it would have
// to wait, it returns linuxabi.EIO once the other side of a
// pseudo-terminal has closed (SetOtherClosed), linuxabi.EAGAIN if
// nonblock, or linuxabi.EINTR once cancel is closed, unless it has read
// something, which it then returns.
func (t *TTY) Read(p []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	select {
	case t.readLock <- struct{}{}:
	default:
		if nonblock {
			return 0, linuxabi.EAGAIN
		}
		select {
		case t.readLock <- struct{}{}:
		case <-cancel:
			return 0, linuxabi.EINTR
		}
	}
	defer func() { <-t.readLock }()

	t.mu.Lock()
	defer t.unlock()
	minimum := 0
	var interByte time.Duration
	timer := vtime{forever: true}
	defer timer.stop()
	if !t.icanon {
		minimum = int(t.cc(linuxabi.VMIN))
		if minimum > 0 {
			interByte = deciseconds(t.cc(linuxabi.VTIME))
		} else {
			timer = vtime{d: deciseconds(t.cc(linuxabi.VTIME))}
			minimum = 1
		}
	}

	oldTail := t.readTail
	n := 0
	var err error
	for n < len(p) {
		if !t.inputAvailable(false) {
			if t.otherClosed {
				err = linuxabi.EIO
				break
			}
			if timer.expired() {
				break
			}
			if nonblock {
				err = linuxabi.EAGAIN
				break
			}
			if closed(cancel) {
				err = linuxabi.EINTR
				break
			}
			t.wait(cancel, timer.arm(t.afterFunc))
			timer.check()
			continue
		}
		if t.icanon {
			n += t.canonCopy(p[n:])
		} else {
			n += t.copyFromReadBuf(p[n:])
		}
		if n >= minimum {
			break
		}
		if interByte > 0 {
			timer.reset(interByte)
		}
	}
	if t.readTail != oldTail {
		t.flushToLdisc() // n_tty_kick_worker: there may be room now
	}
	if n > 0 {
		return n, nil
	}
	return 0, err
}

func deciseconds(n byte) time.Duration {
	return time.Duration(n) * 100 * time.Millisecond
}

// vtime is a read's timeout (n_tty_read's timeout): none if forever,
// else d, which the timer counts down once armed; 0 once it has run out.
type vtime struct {
	forever bool
	d       time.Duration
	fired   chan struct{} // closed by the timer; nil if not armed
	timer   stopper
}

func (v *vtime) expired() bool { return !v.forever && v.d == 0 }

// arm starts the timer if it should run and is not running yet, and
// returns the channel its expiry closes (nil, which never fires, if none).
func (v *vtime) arm(afterFunc func(time.Duration, func()) stopper) <-chan struct{} {
	if !v.forever && v.fired == nil {
		fired := make(chan struct{})
		v.fired = fired
		v.timer = afterFunc(v.d, func() { close(fired) })
	}
	return v.fired
}

// check notes whether the timer has run out.
func (v *vtime) check() {
	if v.fired != nil && closed(v.fired) {
		v.fired, v.timer, v.d = nil, nil, 0
	}
}

// reset restarts the timeout at d, for the next byte.
func (v *vtime) reset(d time.Duration) {
	v.stop()
	v.forever, v.d = false, d
}

func (v *vtime) stop() {
	if v.timer != nil {
		v.timer.Stop()
	}
	v.fired, v.timer = nil, nil
}

// inputAvailable reports whether a read would find input
// (input_available_p): a complete line in canonical mode, else a byte, or
// for poll with VMIN > 0 and VTIME = 0, VMIN bytes.
func (t *TTY) inputAvailable(poll bool) bool {
	if t.icanon {
		return t.canonHead != t.readTail
	}
	amt := 1
	if poll && t.cc(linuxabi.VTIME) == 0 && t.cc(linuxabi.VMIN) != 0 {
		amt = int(t.cc(linuxabi.VMIN))
	}
	return int(t.commitHead-t.readTail) >= amt
}

// copyFromReadBuf copies non-canonical input into p (copy_from_read_buf).
func (t *TTY) copyFromReadBuf(p []byte) int {
	n := min(int(t.commitHead-t.readTail), len(p))
	t.copyOut(p[:n])
	t.readTail += uint(n)
	return n
}

// canonCopy copies the next line, or as much of it as fits, into p
// (canon_copy_from_read_buf, with canon_skip_eof when p fills up).
func (t *TTY) canonCopy(p []byte) int {
	n := min(len(p), int(t.canonHead-t.readTail))
	eol, found := 0, false
	for ; eol < n; eol++ {
		if t.readFlags[(t.readTail+uint(eol))%bufSize] {
			found = true
			break
		}
	}
	size := eol // bytes to copy
	consumed := eol
	if found {
		consumed++
		pos := (t.readTail + uint(eol)) % bufSize
		if t.readBuf[pos] != disabledChar {
			size++
		}
		t.readFlags[pos] = false
	}
	t.copyOut(p[:size])
	t.readTail += uint(consumed)
	if !found && t.readTail != t.canonHead {
		// p is full: an EOF right here goes with this read.
		pos := t.readTail % bufSize
		if t.readFlags[pos] && t.readBuf[pos] == disabledChar {
			t.readFlags[pos] = false
			t.readTail++
		}
	}
	return size
}

// copyOut copies len(p) bytes from the read buffer at readTail into p.
func (t *TTY) copyOut(p []byte) {
	tail := int(t.readTail % bufSize)
	k := copy(p, t.readBuf[tail:])
	copy(p[k:], t.readBuf[:])
}
