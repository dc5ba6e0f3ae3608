package pipe

import "github.com/tamix/tamix/linuxabi"

// WriteEnd is a pipe's write end: the file a pipe(2) writer or a FIFO
// opened O_WRONLY is.
type WriteEnd struct {
	p      *Pipe
	closed bool
}

// Pipe is the pipe the end is open on.
func (w *WriteEnd) Pipe() *Pipe { return w.p }

// Write writes p into the pipe (pipe_write() in fs/pipe.c), waiting for
// room as it needs to. Up to PipeBuf bytes go in at once, after any wait,
// never mixed with other writes; more may be split around other
// writers' bytes. A write of 0 bytes returns 0 at once.
//
// With no reader left, Write fails with EPIPE, and the caller sends
// SIGPIPE; if bytes were written before the last reader went, it returns
// their count along with EPIPE, and the system call returns the count
// (and still sends SIGPIPE). Nonblock makes it write what fits without
// waiting: EAGAIN if that is nothing, or if p is up to PipeBuf bytes and
// does not fit whole. A closed cancel ends a wait: EINTR if nothing was
// written yet, else the count written so far.
func (w *WriteEnd) Write(p []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	pp := w.p
	done := 0
	cancelled := false // as in Read: room that came with the signal is used
	for {
		pp.mu.Lock()
		if w.closed {
			pp.mu.Unlock()
			return done, linuxabi.EBADF
		}
		if pp.readers == 0 {
			pp.mu.Unlock()
			return done, linuxabi.EPIPE
		}
		room := pp.size - pp.n
		// A write of up to PipeBuf bytes waits for room for all of it.
		if room > 0 && (len(p) > PipeBuf || room >= len(p)-done) {
			done += pp.put(p[done:])
			pp.notify()
			if done == len(p) {
				pp.mu.Unlock()
				return done, nil
			}
		}
		if nonblock {
			pp.mu.Unlock()
			if done > 0 {
				return done, nil
			}
			return 0, linuxabi.EAGAIN
		}
		if cancelled {
			pp.mu.Unlock()
			if done > 0 {
				return done, nil
			}
			return 0, linuxabi.EINTR
		}
		ch := pp.changed
		pp.mu.Unlock()
		select {
		case <-ch:
		case <-cancel:
			cancelled = true
		}
	}
}

// put appends as much of b as fits and returns how much; p.mu is held.
func (p *Pipe) put(b []byte) int {
	if p.buf == nil {
		p.buf = make([]byte, p.size)
	}
	n := min(len(b), p.size-p.n)
	tail := (p.head + p.n) % len(p.buf)
	c := copy(p.buf[tail:], b[:n])
	copy(p.buf, b[c:n])
	p.n += n
	return n
}

// Read on a write end is EBADF: the file is not open for reading.
func (w *WriteEnd) Read([]byte, bool, <-chan struct{}) (int, error) {
	return 0, linuxabi.EBADF
}

// Poll reports POLLOUT|POLLWRNORM when a write of PipeBuf bytes would
// not wait, and POLLERR when no reader is left (pipe_poll()).
func (w *WriteEnd) Poll() uint32 {
	pp := w.p
	pp.mu.Lock()
	defer pp.mu.Unlock()
	var mask uint32
	if pp.size-pp.n >= PipeBuf {
		mask |= linuxabi.POLLOUT | linuxabi.POLLWRNORM
	}
	if pp.readers == 0 {
		mask |= linuxabi.POLLERR
	}
	return mask
}

// Changed is the pipe's Changed.
func (w *WriteEnd) Changed() <-chan struct{} { return w.p.Changed() }

// Close closes the end; once no writer is left, readers find the end of
// the file. Closing it again does nothing.
func (w *WriteEnd) Close() {
	pp := w.p
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if w.closed {
		return
	}
	w.closed = true
	pp.writers--
	pp.notify()
}
