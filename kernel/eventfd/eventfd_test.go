package eventfd

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/tamix/tamix/kernel/poll"
	"github.com/tamix/tamix/linuxabi"
)

var _ poll.Pollable = (*EventFD)(nil)

func u64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

// read does a nonblocking read and returns the value.
func read(e *EventFD) (uint64, error) {
	p := make([]byte, 8)
	n, err := e.Read(p, true, nil)
	if err == nil && n != 8 {
		return 0, linuxabi.EIO
	}
	return binary.LittleEndian.Uint64(p), err
}

func TestCounter(t *testing.T) {
	e := New(3, false)
	if n, err := e.Write(u64(4), true, nil); n != 8 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if v, err := read(e); v != 7 || err != nil {
		t.Errorf("read %d, %v; want 7", v, err)
	}
	if _, err := read(e); err != linuxabi.EAGAIN {
		t.Errorf("read of 0: %v, want EAGAIN", err)
	}
}

func TestSemaphore(t *testing.T) {
	e := New(2, true)
	for _, want := range []error{nil, nil, linuxabi.EAGAIN} {
		v, err := read(e)
		if err != want || err == nil && v != 1 {
			t.Errorf("read %d, %v; want 1, %v", v, err, want)
		}
	}
}

func TestInvalid(t *testing.T) {
	e := New(0, false)
	if _, err := e.Read(make([]byte, 7), true, nil); err != linuxabi.EINVAL {
		t.Errorf("7-byte read: %v", err)
	}
	if _, err := e.Write(make([]byte, 7), true, nil); err != linuxabi.EINVAL {
		t.Errorf("7-byte write: %v", err)
	}
	if _, err := e.Write(u64(math.MaxUint64), true, nil); err != linuxabi.EINVAL {
		t.Errorf("write of 2^64-1: %v", err)
	}
	// Longer buffers are fine; only 8 bytes are used.
	if n, err := e.Write(append(u64(5), 1, 2), true, nil); n != 8 || err != nil {
		t.Errorf("10-byte write = %d, %v", n, err)
	}
	p := make([]byte, 16)
	if n, err := e.Read(p, true, nil); n != 8 || err != nil || binary.LittleEndian.Uint64(p) != 5 {
		t.Errorf("16-byte read = %d, %v, % x", n, err, p)
	}
}

func TestOverflow(t *testing.T) {
	e := New(0, false)
	if _, err := e.Write(u64(math.MaxUint64-2), true, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.Poll(); got != linuxabi.POLLIN|linuxabi.POLLOUT {
		t.Errorf("Poll at max-1: %#x", got)
	}
	if _, err := e.Write(u64(1), true, nil); err != nil {
		t.Fatalf("filling to 2^64-2: %v", err)
	}
	if got := e.Poll(); got != linuxabi.POLLIN {
		t.Errorf("Poll when full: %#x", got)
	}
	if _, err := e.Write(u64(1), true, nil); err != linuxabi.EAGAIN {
		t.Errorf("overflowing write: %v, want EAGAIN", err)
	}
	if n, err := e.Write(u64(0), true, nil); n != 8 || err != nil {
		t.Errorf("write of 0 to a full counter = %d, %v", n, err)
	}
	cancel := make(chan struct{})
	close(cancel)
	if _, err := e.Write(u64(1), false, cancel); err != linuxabi.EINTR {
		t.Errorf("canceled write: %v, want EINTR", err)
	}
	done := make(chan error)
	go func() {
		_, err := e.Write(u64(9), false, nil)
		done <- err
	}()
	if v, err := read(e); v != math.MaxUint64-1 || err != nil {
		t.Errorf("read %d, %v", v, err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := e.Count(); got != 9 {
		t.Errorf("count %d after the blocked write, want 9", got)
	}
}

func TestBlockingRead(t *testing.T) {
	e := New(0, false)
	cancel := make(chan struct{})
	close(cancel)
	if _, err := e.Read(make([]byte, 8), false, cancel); err != linuxabi.EINTR {
		t.Errorf("canceled read: %v, want EINTR", err)
	}
	ch := e.Changed()
	if got := e.Poll(); got != linuxabi.POLLOUT {
		t.Errorf("Poll of 0: %#x", got)
	}
	done := make(chan uint64)
	go func() {
		p := make([]byte, 8)
		if _, err := e.Read(p, false, nil); err != nil {
			t.Error(err)
		}
		done <- binary.LittleEndian.Uint64(p)
	}()
	e.Write(u64(2), false, nil)
	if v := <-done; v != 2 {
		t.Errorf("blocked read %d", v)
	}
	select {
	case <-ch:
	default:
		t.Error("Changed not closed by the write")
	}
	// Through poll.Wait.
	e.Write(u64(1), false, nil)
	if got, err := poll.Wait([]poll.Pollable{e}, []uint32{linuxabi.POLLIN}, -1, nil); err != nil || got[0] != linuxabi.POLLIN {
		t.Errorf("poll.Wait = %#x, %v", got, err)
	}
}
