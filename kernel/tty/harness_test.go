package tty

import (
	"sync"
	"testing"
	"time"

	"github.com/tamix/tamix/linuxabi"
)

// fakeDriver records what the terminal transmits.
type fakeDriver struct {
	mu  sync.Mutex
	out []byte
}

func (d *fakeDriver) Write(p []byte) {
	d.mu.Lock()
	d.out = append(d.out, p...)
	d.mu.Unlock()
}

// take returns and forgets what was transmitted so far.
func (d *fakeDriver) take() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := string(d.out)
	d.out = nil
	return s
}

// fakeClock replaces time.AfterFunc: armed receives each timer, which the
// test fires by hand.
type fakeClock struct {
	armed chan *fakeTimer
}

type fakeTimer struct {
	d       time.Duration
	f       func()
	mu      sync.Mutex
	stopped bool
}

func (c *fakeClock) afterFunc(d time.Duration, f func()) stopper {
	ft := &fakeTimer{d: d, f: f}
	c.armed <- ft
	return ft
}

func (ft *fakeTimer) Stop() bool {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	was := !ft.stopped
	ft.stopped = true
	return was
}

func (ft *fakeTimer) fire() {
	ft.mu.Lock()
	stopped := ft.stopped
	ft.stopped = true
	ft.mu.Unlock()
	if !stopped {
		ft.f()
	}
}

// harness is a terminal with a fake driver and clock, foreground process
// group fgPgrp, and the signals it raised.
type harness struct {
	*TTY
	drv   *fakeDriver
	clock *fakeClock
	mu    sync.Mutex
	sigs  []groupSignal
}

const fgPgrp = 100

// newHarness returns a terminal with StdTermios changed by mod, if not nil.
func newHarness(t *testing.T, mod func(*linuxabi.Termios)) *harness {
	t.Helper()
	h := &harness{drv: &fakeDriver{}, clock: &fakeClock{armed: make(chan *fakeTimer, 16)}}
	h.TTY = New(h.drv, func(pgrp, sig int) {
		h.mu.Lock()
		h.sigs = append(h.sigs, groupSignal{pgrp, sig})
		h.mu.Unlock()
	})
	h.afterFunc = h.clock.afterFunc
	h.SetPgrp(fgPgrp)
	if mod != nil {
		tm := h.Termios()
		mod(&tm)
		if err := h.SetTermios(&tm, linuxabi.TCSANOW, nil); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// raw is a non-canonical, no-echo, no-signal mode with VMIN 1, VTIME 0.
func raw(tm *linuxabi.Termios) {
	tm.Lflag &^= linuxabi.ICANON | linuxabi.ECHO | linuxabi.ISIG
	tm.Cc[linuxabi.VMIN], tm.Cc[linuxabi.VTIME] = 1, 0
}

func (h *harness) signals() []groupSignal {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.sigs
	h.sigs = nil
	return s
}

// recv passes s to Receive and checks that all of it was taken.
func (h *harness) recv(t *testing.T, s string) {
	t.Helper()
	if n := h.Receive([]byte(s)); n != len(s) {
		t.Fatalf("Receive(%q) = %d", s, n)
	}
}

// read does a nonblocking read of up to n bytes.
func (h *harness) read(n int) (string, error) {
	p := make([]byte, n)
	k, err := h.Read(p, true, nil)
	return string(p[:k]), err
}

// readAll does nonblocking reads of n bytes until EAGAIN and returns what
// each returned.
func (h *harness) readAll(t *testing.T, n int) []string {
	t.Helper()
	var got []string
	for range 100 {
		s, err := h.read(n)
		if err == linuxabi.EAGAIN {
			return got
		}
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		got = append(got, s)
	}
	t.Fatal("read never says EAGAIN")
	return nil
}

// blockingRead starts a blocking read of n bytes and returns where its
// result arrives.
func (h *harness) blockingRead(n int, cancel <-chan struct{}) <-chan readResult {
	ch := make(chan readResult, 1)
	go func() {
		p := make([]byte, n)
		k, err := h.Read(p, false, cancel)
		ch <- readResult{string(p[:k]), err}
	}()
	return ch
}

type readResult struct {
	s   string
	err error
}
