package tty

import (
	"testing"
	"time"

	"github.com/tamix/tamix/linuxabi"
)

func vminVtime(vmin, vtime byte) func(*linuxabi.Termios) {
	return func(tm *linuxabi.Termios) {
		raw(tm)
		tm.Cc[linuxabi.VMIN], tm.Cc[linuxabi.VTIME] = vmin, vtime
	}
}

// TestReadNonblock: a read that would wait returns EAGAIN; what is there
// is returned at once, VMIN or not.
func TestReadNonblock(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*linuxabi.Termios)
		in   string
		want string
		err  error
	}{
		{"canonical partial line", nil, "abc", "", linuxabi.EAGAIN},
		{"canonical line", nil, "abc\n", "abc\n", nil},
		{"VMIN 1 empty", vminVtime(1, 0), "", "", linuxabi.EAGAIN},
		{"VMIN 3 short", vminVtime(3, 0), "ab", "ab", nil},
		{"VMIN 0 VTIME 0 empty", vminVtime(0, 0), "", "", nil},
		{"VMIN 0 VTIME 5 empty", vminVtime(0, 5), "", "", linuxabi.EAGAIN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.mod)
			h.recv(t, tc.in)
			if got, err := h.read(10); got != tc.want || err != tc.err {
				t.Errorf("read %q, %v; want %q, %v", got, err, tc.want, tc.err)
			}
		})
	}
}

// TestReadCancel: a blocked read returns EINTR when cancel is closed, or
// what it has read so far.
func TestReadCancel(t *testing.T) {
	h := newHarness(t, nil)
	cancel := make(chan struct{})
	res := h.blockingRead(10, cancel)
	close(cancel)
	if r := <-res; r.s != "" || r.err != linuxabi.EINTR {
		t.Errorf("canceled read %q, %v; want EINTR", r.s, r.err)
	}

	h = newHarness(t, vminVtime(5, 0))
	h.recv(t, "ab")
	cancel = make(chan struct{})
	close(cancel)
	if r := <-h.blockingRead(10, cancel); r.s != "ab" || r.err != nil {
		t.Errorf("canceled VMIN read %q, %v; want what it had", r.s, r.err)
	}
}

// TestReadBlocking: a blocked read wakes for input.
func TestReadBlocking(t *testing.T) {
	h := newHarness(t, nil)
	res := h.blockingRead(10, nil)
	h.recv(t, "ab")
	h.recv(t, "c\r")
	if r := <-res; r.s != "abc\n" || r.err != nil {
		t.Errorf("read %q, %v", r.s, r.err)
	}

	h = newHarness(t, vminVtime(3, 0))
	res = h.blockingRead(10, nil)
	h.recv(t, "a")
	h.recv(t, "bcd")
	r := <-res
	if r.err != nil || len(r.s) < 3 {
		t.Errorf("VMIN 3 read %q, %v", r.s, r.err)
	}
	rest, _ := h.read(10)
	if r.s+rest != "abcd" {
		t.Errorf("read %q then %q", r.s, rest)
	}
}

// TestVtime checks the timed non-canonical reads with the fake clock.
func TestVtime(t *testing.T) {
	t.Run("VMIN 0 times out", func(t *testing.T) {
		h := newHarness(t, vminVtime(0, 5))
		res := h.blockingRead(10, nil)
		tm := <-h.clock.armed
		if tm.d != 500*time.Millisecond {
			t.Errorf("timer %v, want 500ms", tm.d)
		}
		tm.fire()
		if r := <-res; r.s != "" || r.err != nil {
			t.Errorf("timed out read %q, %v; want 0 bytes", r.s, r.err)
		}
	})
	t.Run("VMIN 0 byte arrives", func(t *testing.T) {
		h := newHarness(t, vminVtime(0, 5))
		res := h.blockingRead(10, nil)
		<-h.clock.armed
		h.recv(t, "x")
		if r := <-res; r.s != "x" || r.err != nil {
			t.Errorf("read %q, %v", r.s, r.err)
		}
	})
	t.Run("VMIN 0 input there", func(t *testing.T) {
		h := newHarness(t, vminVtime(0, 5))
		h.recv(t, "xy")
		if r := <-h.blockingRead(10, nil); r.s != "xy" || r.err != nil {
			t.Errorf("read %q, %v", r.s, r.err)
		}
		if len(h.clock.armed) != 0 {
			t.Error("timer armed with input there")
		}
	})
	t.Run("VMIN 3 inter-byte timeout", func(t *testing.T) {
		h := newHarness(t, vminVtime(3, 2))
		res := h.blockingRead(10, nil)
		// No timer before the first byte.
		h.recv(t, "a")
		tm := <-h.clock.armed
		if tm.d != 200*time.Millisecond {
			t.Errorf("timer %v, want 200ms", tm.d)
		}
		tm.fire()
		if r := <-res; r.s != "a" || r.err != nil {
			t.Errorf("read %q, %v; want the one byte", r.s, r.err)
		}
	})
	t.Run("VMIN 3 timer restarts per byte", func(t *testing.T) {
		h := newHarness(t, vminVtime(3, 2))
		h.recv(t, "a")
		res := h.blockingRead(10, nil)
		first := <-h.clock.armed
		h.recv(t, "b")
		second := <-h.clock.armed
		first.fire() // stopped: must not end the read
		h.recv(t, "c")
		if r := <-res; r.s != "abc" || r.err != nil {
			t.Errorf("read %q, %v; want abc", r.s, r.err)
		}
		if !second.stopped {
			t.Error("timer left running after the read")
		}
	})
}
