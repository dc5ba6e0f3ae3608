package pipe

import "github.com/tamix/tamix/linuxabi"

// ReadEnd is a pipe's read end: the file a pipe(2) reader or a FIFO
// opened O_RDONLY is.
type ReadEnd struct {
	p        *Pipe
	wCounter int // the pipe's wCounter when this end was opened (f_pipe)
	closed   bool
}

// Pipe is the pipe the end is open on.
func (r *ReadEnd) Pipe() *Pipe { return r.p }

// Read reads what the pipe holds, up to len(p) bytes (pipe_read() in
// fs/pipe.c). It waits while the pipe is empty and a writer is left;
// with no writer left it returns 0, the end of the file. A read of 0
// bytes returns 0 at once. Nonblock makes an empty pipe with a writer
// EAGAIN instead of a wait; a closed cancel ends the wait with EINTR.
func (r *ReadEnd) Read(p []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	pp := r.p
	// A closed cancel ends the wait only once the pipe has been looked at
	// again: data that came with the signal is read, as
	// wait_event_interruptible tests its condition before the signal.
	cancelled := false
	for {
		pp.mu.Lock()
		if r.closed {
			pp.mu.Unlock()
			return 0, linuxabi.EBADF
		}
		if pp.n > 0 {
			n := min(len(p), pp.n)
			pp.copyOut(p[:n])
			pp.head = (pp.head + n) % len(pp.buf)
			pp.n -= n
			pp.notify()
			pp.mu.Unlock()
			return n, nil
		}
		if pp.writers == 0 {
			pp.mu.Unlock()
			return 0, nil
		}
		if nonblock {
			pp.mu.Unlock()
			return 0, linuxabi.EAGAIN
		}
		if cancelled {
			pp.mu.Unlock()
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

// Write on a read end is EBADF: the file is not open for writing.
func (r *ReadEnd) Write([]byte, bool, <-chan struct{}) (int, error) {
	return 0, linuxabi.EBADF
}

// Poll reports POLLIN|POLLRDNORM when the pipe holds bytes and POLLHUP
// when no writer is left, though not to a FIFO reader that no writer
// has joined yet (pipe_poll()).
func (r *ReadEnd) Poll() uint32 {
	pp := r.p
	pp.mu.Lock()
	defer pp.mu.Unlock()
	var mask uint32
	if pp.n > 0 {
		mask |= linuxabi.POLLIN | linuxabi.POLLRDNORM
	}
	if pp.writers == 0 && pp.wCounter != r.wCounter {
		mask |= linuxabi.POLLHUP
	}
	return mask
}

// Changed is the pipe's Changed.
func (r *ReadEnd) Changed() <-chan struct{} { return r.p.Changed() }

// Close closes the end; writers left without a reader get EPIPE. Closing
// it again does nothing.
func (r *ReadEnd) Close() {
	pp := r.p
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if r.closed {
		return
	}
	r.closed = true
	pp.readers--
	pp.notify()
}
