package pipe_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/tamix/tamix/kernel/pipe"
	"github.com/tamix/tamix/linuxabi"
)

// closed is a cancel channel that is already closed: a pending signal.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// waitFor waits until cond holds, woken by the pipe's changes, not by
// sleeping.
func waitFor(p *pipe.Pipe, cond func() bool) {
	for {
		ch := p.Changed()
		if cond() {
			return
		}
		<-ch
	}
}

type result struct {
	n   int
	err error
}

func TestReadWriteEOF(t *testing.T) {
	r, w := pipe.Open()
	if n, err := w.Write([]byte("hello"), false, nil); n != 5 || err != nil {
		t.Fatalf("write: %d, %v", n, err)
	}
	if got := r.Pipe().Buffered(); got != 5 {
		t.Errorf("FIONREAD %d, want 5", got)
	}
	buf := make([]byte, 3)
	for _, want := range []string{"hel", "lo"} {
		n, err := r.Read(buf, false, nil)
		if err != nil || string(buf[:n]) != want {
			t.Fatalf("read %q, %v; want %q", buf[:n], err, want)
		}
	}
	if n, err := r.Read(nil, false, nil); n != 0 || err != nil {
		t.Errorf("read of 0 bytes: %d, %v", n, err)
	}
	w.Close()
	w.Close() // again: nothing
	if n, err := r.Read(buf, false, nil); n != 0 || err != nil {
		t.Errorf("read at EOF: %d, %v", n, err)
	}
}

func TestWrongEndAndClosed(t *testing.T) {
	r, w := pipe.Open()
	if _, err := r.Write([]byte("x"), false, nil); !errors.Is(err, linuxabi.EBADF) {
		t.Errorf("write on read end: %v", err)
	}
	if _, err := w.Read(make([]byte, 1), false, nil); !errors.Is(err, linuxabi.EBADF) {
		t.Errorf("read on write end: %v", err)
	}
	w2 := r.Pipe().OpenWrite()
	w.Close()
	if _, err := w.Write([]byte("x"), false, nil); !errors.Is(err, linuxabi.EBADF) {
		t.Errorf("write on closed end: %v", err)
	}
	r.Close()
	if _, err := r.Read(make([]byte, 1), false, nil); !errors.Is(err, linuxabi.EBADF) {
		t.Errorf("read on closed end: %v", err)
	}
	w2.Close()
}

// With no reader, a write is EPIPE, except one of nothing, which
// pipe_write() lets succeed first.
func TestEPIPE(t *testing.T) {
	r, w := pipe.Open()
	r.Close()
	if n, err := w.Write(nil, false, nil); n != 0 || err != nil {
		t.Errorf("empty write: %d, %v", n, err)
	}
	if n, err := w.Write([]byte("x"), false, nil); n != 0 || !errors.Is(err, linuxabi.EPIPE) {
		t.Errorf("write: %d, %v; want EPIPE", n, err)
	}
}

func TestNonblocking(t *testing.T) {
	r, w := pipe.Open()
	if _, err := r.Read(make([]byte, 1), true, nil); !errors.Is(err, linuxabi.EAGAIN) {
		t.Errorf("empty read: %v, want EAGAIN", err)
	}
	if n, err := w.Write(make([]byte, pipe.DefaultSize-100), true, nil); n != pipe.DefaultSize-100 || err != nil {
		t.Fatalf("fill: %d, %v", n, err)
	}
	// 200 bytes are atomic: they don't fit whole, so nothing is written.
	if n, err := w.Write(make([]byte, 200), true, nil); n != 0 || !errors.Is(err, linuxabi.EAGAIN) {
		t.Errorf("atomic write without room: %d, %v; want EAGAIN", n, err)
	}
	// A write of more than PipeBuf writes what fits.
	if n, err := w.Write(make([]byte, pipe.PipeBuf+1), true, nil); n != 100 || err != nil {
		t.Errorf("large write: %d, %v; want 100", n, err)
	}
	if n, err := w.Write(make([]byte, pipe.PipeBuf+1), true, nil); n != 0 || !errors.Is(err, linuxabi.EAGAIN) {
		t.Errorf("write to a full pipe: %d, %v; want EAGAIN", n, err)
	}
}

func TestBlockingReadWaitsForWriter(t *testing.T) {
	r, w := pipe.Open()
	done := make(chan result)
	buf := make([]byte, 10)
	go func() {
		n, err := r.Read(buf, false, nil)
		done <- result{n, err}
	}()
	w.Write([]byte("ping"), false, nil)
	if res := <-done; res.n != 4 || res.err != nil || string(buf[:4]) != "ping" {
		t.Fatalf("read %d %q, %v", res.n, buf[:res.n], res.err)
	}
	// A blocked reader wakes at EOF when the last writer goes.
	go func() {
		n, err := r.Read(buf, false, nil)
		done <- result{n, err}
	}()
	w.Close()
	if res := <-done; res.n != 0 || res.err != nil {
		t.Fatalf("read at EOF: %d, %v", res.n, res.err)
	}
}

// A writer waits for room and delivers every byte in order.
func TestBlockingWriteWaitsForRoom(t *testing.T) {
	r, w := pipe.Open()
	data := make([]byte, 3*pipe.DefaultSize+12345)
	for i := range data {
		data[i] = byte(i * 7)
	}
	done := make(chan result)
	go func() {
		n, err := w.Write(data, false, nil)
		w.Close()
		done <- result{n, err}
	}()
	waitFor(r.Pipe(), func() bool { return r.Pipe().Buffered() == pipe.DefaultSize })
	var got []byte
	buf := make([]byte, 10000)
	for {
		n, err := r.Read(buf, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		got = append(got, buf[:n]...)
	}
	if res := <-done; res.n != len(data) || res.err != nil {
		t.Fatalf("write: %d, %v", res.n, res.err)
	}
	if !bytes.Equal(got, data) {
		t.Fatal("bytes differ")
	}
}

// Writes of PipeBuf bytes from two writers are never interleaved.
func TestAtomicWrites(t *testing.T) {
	p := pipe.New()
	r := p.OpenRead()
	const writes = 64
	done := make(chan result, 2)
	for _, c := range []byte{'a', 'b'} {
		w := p.OpenWrite()
		go func() {
			chunk := bytes.Repeat([]byte{c}, pipe.PipeBuf)
			for range writes {
				if n, err := w.Write(chunk, false, nil); n != len(chunk) || err != nil {
					done <- result{n, err}
					return
				}
			}
			w.Close()
			done <- result{}
		}()
	}
	var got []byte
	buf := make([]byte, 3000) // not a multiple of PipeBuf
	for {
		n, err := r.Read(buf, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		got = append(got, buf[:n]...)
	}
	for range 2 {
		if res := <-done; res.err != nil {
			t.Fatal(res.err)
		}
	}
	if len(got) != 2*writes*pipe.PipeBuf {
		t.Fatalf("read %d bytes", len(got))
	}
	for off := 0; off < len(got); off += pipe.PipeBuf {
		chunk := got[off : off+pipe.PipeBuf]
		if bytes.Count(chunk, chunk[:1]) != pipe.PipeBuf {
			t.Fatalf("chunk at %d is mixed", off)
		}
	}
}

func TestCancel(t *testing.T) {
	r, w := pipe.Open()
	if n, err := r.Read(make([]byte, 1), false, closed); n != 0 || !errors.Is(err, linuxabi.EINTR) {
		t.Errorf("interrupted read: %d, %v; want EINTR", n, err)
	}
	// Interrupted after filling the pipe, a write returns what it wrote.
	if n, err := w.Write(make([]byte, pipe.DefaultSize+100), false, closed); n != pipe.DefaultSize || err != nil {
		t.Errorf("interrupted write: %d, %v; want %d", n, err, pipe.DefaultSize)
	}
	if n, err := w.Write(make([]byte, 1), false, closed); n != 0 || !errors.Is(err, linuxabi.EINTR) {
		t.Errorf("interrupted write to a full pipe: %d, %v; want EINTR", n, err)
	}
	// A blocked reader is woken by its cancel.
	r2, _ := pipe.Open()
	cancel := make(chan struct{})
	done := make(chan result)
	go func() {
		n, err := r2.Read(make([]byte, 1), false, cancel)
		done <- result{n, err}
	}()
	close(cancel)
	if res := <-done; !errors.Is(res.err, linuxabi.EINTR) {
		t.Errorf("cancelled read: %v", res.err)
	}
}

// A writer whose last reader goes returns the count written, with EPIPE
// so that the caller sends SIGPIPE.
func TestReaderGoesMidWrite(t *testing.T) {
	r, w := pipe.Open()
	done := make(chan result)
	go func() {
		n, err := w.Write(make([]byte, pipe.DefaultSize+1), false, nil)
		done <- result{n, err}
	}()
	waitFor(r.Pipe(), func() bool { return r.Pipe().Buffered() == pipe.DefaultSize })
	r.Close()
	if res := <-done; res.n != pipe.DefaultSize || !errors.Is(res.err, linuxabi.EPIPE) {
		t.Fatalf("write: %d, %v; want %d, EPIPE", res.n, res.err, pipe.DefaultSize)
	}
}

func TestPoll(t *testing.T) {
	const (
		in  = linuxabi.POLLIN | linuxabi.POLLRDNORM
		out = linuxabi.POLLOUT | linuxabi.POLLWRNORM
	)
	r, w := pipe.Open()
	check := func(what string, rw, ww uint32) {
		t.Helper()
		if got := r.Poll(); got != rw {
			t.Errorf("%s: read end %#x, want %#x", what, got, rw)
		}
		if got := w.Poll(); got != ww {
			t.Errorf("%s: write end %#x, want %#x", what, got, ww)
		}
	}
	check("empty", 0, out)
	w.Write(make([]byte, pipe.DefaultSize-pipe.PipeBuf), false, nil)
	check("PipeBuf free", in, out)
	w.Write([]byte{1}, false, nil)
	check("less than PipeBuf free", in, 0)
	ch := w.Changed()
	r.Read(make([]byte, 1), false, nil)
	select {
	case <-ch:
	default:
		t.Error("Changed not closed by a read")
	}
	check("PipeBuf free again", in, out)
	w2 := r.Pipe().OpenWrite()
	w.Close()
	check("one writer left", in, out)
	w2.Close()
	if got := r.Poll(); got != in|linuxabi.POLLHUP {
		t.Errorf("no writer: read end %#x", got)
	}
	r.Read(make([]byte, pipe.DefaultSize), false, nil)
	if got := r.Poll(); got != linuxabi.POLLHUP {
		t.Errorf("no writer, empty: read end %#x", got)
	}
	r2, w3 := pipe.Open()
	r2.Close()
	if got := w3.Poll(); got != out|linuxabi.POLLERR {
		t.Errorf("no reader: write end %#x", got)
	}
	// A FIFO reader that no writer has joined has no POLLHUP.
	p := pipe.New()
	fr := p.OpenRead()
	if got := fr.Poll(); got != 0 {
		t.Errorf("fresh FIFO reader: %#x", got)
	}
	p.OpenWrite().Close()
	if got := fr.Poll(); got != linuxabi.POLLHUP {
		t.Errorf("FIFO reader after a writer left: %#x", got)
	}
}

func TestSetSize(t *testing.T) {
	for _, tc := range []struct {
		size       uint32
		privileged bool
		want       int
		err        error
	}{
		{0, false, 4096, nil},
		{1, false, 4096, nil},
		{4096, false, 4096, nil},
		{4097, false, 8192, nil},
		{65536, false, 65536, nil},
		{100000, false, 131072, nil},
		{1 << 20, false, 1 << 20, nil},
		{1<<20 + 1, false, 0, linuxabi.EPERM},
		{1<<20 + 1, true, 2 << 20, nil},
		{1 << 31, true, 1 << 31, nil},
		{1<<31 + 1, true, 0, linuxabi.EINVAL},
	} {
		p := pipe.New()
		got, err := p.SetSize(tc.size, tc.privileged)
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("SetSize(%d, %v) = %d, %v; want %d, %v", tc.size, tc.privileged, got, err, tc.want, tc.err)
		}
		if want := max(tc.want, pipe.DefaultSize*boolInt(tc.err != nil)); p.Size() != want {
			t.Errorf("SetSize(%d): Size %d, want %d", tc.size, p.Size(), want)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Resizing keeps the bytes, also when they wrap around the ring, and
// cannot drop below them (EBUSY).
func TestResizeKeepsData(t *testing.T) {
	r, w := pipe.Open()
	p := r.Pipe()
	w.Write(make([]byte, 60000), false, nil)
	r.Read(make([]byte, 60000), false, nil)
	data := make([]byte, 10000)
	for i := range data {
		data[i] = byte(i)
	}
	w.Write(data, false, nil) // wraps around the 65536-byte ring
	if _, err := p.SetSize(8192, false); !errors.Is(err, linuxabi.EBUSY) {
		t.Errorf("shrink below content: %v, want EBUSY", err)
	}
	if n, err := p.SetSize(16384, false); n != 16384 || err != nil {
		t.Fatalf("shrink: %d, %v", n, err)
	}
	got := make([]byte, 20000)
	n, _ := r.Read(got, false, nil)
	if !bytes.Equal(got[:n], data) {
		t.Fatalf("data lost in resize: read %d", n)
	}
	if n, err := w.Write(make([]byte, 20000), true, nil); n != 16384 || err != nil {
		t.Errorf("write into resized pipe: %d, %v", n, err)
	}
}

// BenchmarkRoundTrip1 is a 1-byte ping-pong between two goroutines over
// two pipes, the pipe round trip of lmbench's lat_pipe.
func BenchmarkRoundTrip1(b *testing.B) {
	r1, w1 := pipe.Open()
	r2, w2 := pipe.Open()
	go func() {
		buf := make([]byte, 1)
		for {
			if n, _ := r1.Read(buf, false, nil); n == 0 {
				w2.Close()
				return
			}
			w2.Write(buf, false, nil)
		}
	}()
	buf := make([]byte, 1)
	for b.Loop() {
		w1.Write(buf, false, nil)
		r2.Read(buf, false, nil)
	}
	w1.Close()
	r2.Read(buf, false, nil)
}
