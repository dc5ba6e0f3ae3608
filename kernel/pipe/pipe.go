// Package pipe is tamix's pipe, the buffer behind pipe(2) and FIFOs with
// the semantics of pipe(7) and fs/pipe.c: a byte stream of 64 KiB by
// default that fcntl(2) F_SETPIPE_SZ resizes, writes of up to PipeBuf
// bytes that are never interleaved with others, readers that see the end
// of the file once no writer is left and writers that get EPIPE once no
// reader is.
//
// A Pipe has any number of read and write ends (OpenRead, OpenWrite):
// pipe(2) opens one of each, open(2) of a FIFO one per open. Blocking
// calls wait until they can go on, or until their cancel channel is
// closed (a signal is pending): then they fail with linuxabi.EINTR, which
// the system call layer turns into a restart or EINTR as the signal's
// SA_RESTART says (ERESTARTSYS in Linux), or return what they have
// already moved, as Linux does.
//
// Where Linux counts the room in a pipe in pages, a Pipe counts bytes: a
// pipe of 65536 bytes holds 65536 bytes whatever the sizes of the writes
// that filled it, where Linux's may hold less if small writes could not
// be merged into one page.
package pipe

import (
	"sync"

	"github.com/tamix/tamix/linuxabi"
)

// Sizes (include/uapi/linux/limits.h, fs/pipe.c).
const (
	PipeBuf     = 4096         // PIPE_BUF: writes up to this size are atomic
	DefaultSize = 16 * PipeBuf // PIPE_DEF_BUFFERS pages
	MaxSize     = 1 << 20      // /proc/sys/fs/pipe-max-size's default, for the unprivileged
	pageSize    = 4096         // PAGE_SIZE, the smallest pipe
)

// Pipe is a pipe's buffer and its count of ends: Linux's
// pipe_inode_info.
type Pipe struct {
	mu      sync.Mutex
	buf     []byte // the ring, allocated at the first write; len(buf) is size or 0
	head    int    // index of the first byte buffered
	n       int    // bytes buffered
	size    int    // capacity in bytes
	readers int
	writers int
	// wCounter counts the write ends ever opened (w_counter), so that a
	// FIFO read end opened before any writer does not see POLLHUP.
	wCounter int
	// changed is closed, and replaced, whenever what the ends can do
	// changes: bytes come or go, an end closes, the size changes.
	changed chan struct{}
}

// New makes an empty pipe of DefaultSize bytes with no ends open.
func New() *Pipe {
	return &Pipe{size: DefaultSize, changed: make(chan struct{})}
}

// notify wakes everything waiting on p.changed; p.mu is held.
func (p *Pipe) notify() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// Changed returns a channel that is closed at the pipe's next change of
// readiness, for poll(2) and epoll to wait on.
func (p *Pipe) Changed() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.changed
}

// Buffered is the number of bytes in the pipe, what ioctl(2) FIONREAD
// reports (pipe_ioctl()).
func (p *Pipe) Buffered() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// Size is the pipe's capacity in bytes, what fcntl(2) F_GETPIPE_SZ
// reports.
func (p *Pipe) Size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.size
}

// SetSize sets the capacity as fcntl(2) F_SETPIPE_SZ does
// (pipe_set_size() and round_pipe_size() in fs/pipe.c) and returns it:
// size is rounded up to a power of two of at least a page; above 2^31 it
// is EINVAL, above MaxSize EPERM unless privileged (CAP_SYS_RESOURCE),
// and smaller than the bytes buffered EBUSY.
func (p *Pipe) SetSize(size uint32, privileged bool) (int, error) {
	if size > 1<<31 {
		return 0, linuxabi.EINVAL
	}
	n := pageSize
	for n < int(size) {
		n <<= 1
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if n > p.size && n > MaxSize && !privileged {
		return 0, linuxabi.EPERM
	}
	if n < p.n {
		return 0, linuxabi.EBUSY
	}
	if n != p.size {
		if p.buf != nil {
			buf := make([]byte, n)
			p.copyOut(buf[:p.n])
			p.buf, p.head = buf, 0
		}
		p.size = n
		p.notify()
	}
	return n, nil
}

// copyOut copies the first len(dst) buffered bytes into dst without
// removing them; p.mu is held.
func (p *Pipe) copyOut(dst []byte) {
	c := copy(dst, p.buf[p.head:min(len(p.buf), p.head+len(dst))])
	copy(dst[c:], p.buf)
}

// Ends reports how many read and write ends are open: a FIFO's open
// waits for the other side (fifo_open() in fs/pipe.c).
func (p *Pipe) Ends() (readers, writers int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.readers, p.writers
}

// OpenRead opens a read end.
func (p *Pipe) OpenRead() *ReadEnd {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.readers++
	p.notify()
	return &ReadEnd{p: p, wCounter: p.wCounter}
}

// OpenWrite opens a write end.
func (p *Pipe) OpenWrite() *WriteEnd {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writers++
	p.wCounter++
	p.notify()
	return &WriteEnd{p: p}
}

// Open opens a read end and a write end, as pipe(2) does.
func Open() (*ReadEnd, *WriteEnd) {
	p := New()
	return p.OpenRead(), p.OpenWrite()
}
