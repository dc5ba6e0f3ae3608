package pty

import (
	"bytes"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tamix/tamix/linuxabi"
)

type sig struct{ pgrp, sig int }

type fixture struct {
	t    *testing.T
	tb   *Table
	mu   sync.Mutex
	sigs []sig
}

func newFixture(t *testing.T) *fixture {
	f := &fixture{t: t}
	f.tb = NewTable(func(pgrp, s int) {
		f.mu.Lock()
		f.sigs = append(f.sigs, sig{pgrp, s})
		f.mu.Unlock()
	})
	return f
}

// open makes a pair, unlocks it and opens its slave.
func (f *fixture) open() *Pair {
	p, err := f.tb.Open()
	if err != nil {
		f.t.Fatal(err)
	}
	p.SetLocked(false)
	if err := p.OpenSlave(); err != nil {
		f.t.Fatal(err)
	}
	return p
}

func write(t *testing.T, w func([]byte, bool, <-chan struct{}) (int, error), s string) {
	t.Helper()
	if n, err := w([]byte(s), false, nil); n != len(s) || err != nil {
		t.Fatalf("write %q = %d, %v", s, n, err)
	}
}

// read reads what is there without waiting.
func read(t *testing.T, r func([]byte, bool, <-chan struct{}) (int, error)) string {
	t.Helper()
	b := make([]byte, 8192)
	n, err := r(b, true, nil)
	if err != nil && !errors.Is(err, linuxabi.EAGAIN) {
		t.Fatalf("read: %v", err)
	}
	return string(b[:n])
}

func TestMasterInputIsSlaveInput(t *testing.T) {
	f := newFixture(t)
	p := f.open()
	write(t, p.WriteMaster, "hello\n")
	if got := read(t, p.ReadSlave); got != "hello\n" {
		t.Errorf("slave read %q", got)
	}
	if got := read(t, p.ReadMaster); got != "hello\r\n" {
		t.Errorf("master read the echo %q, want %q", got, "hello\r\n")
	}
	write(t, p.WriteSlave, "out\n")
	if got := read(t, p.ReadMaster); got != "out\r\n" {
		t.Errorf("master read %q", got)
	}
}

func TestCanonicalEditing(t *testing.T) {
	f := newFixture(t)
	p := f.open()
	write(t, p.WriteMaster, "ab\x7fc\x17xy z\x15q\n")
	if got := read(t, p.ReadSlave); got != "q\n" {
		t.Errorf("slave read %q", got)
	}
	write(t, p.WriteMaster, "ab\x7fc\n")
	if got := read(t, p.ReadSlave); got != "ac\n" {
		t.Errorf("slave read %q", got)
	}
	read(t, p.ReadMaster)
	write(t, p.WriteMaster, "no line")
	if got := read(t, p.ReadSlave); got != "" {
		t.Errorf("slave read %q before the line ended", got)
	}
}

func TestRawMode(t *testing.T) {
	f := newFixture(t)
	p := f.open()
	tm := p.Slave().Termios()
	tm.Lflag &^= linuxabi.ICANON | linuxabi.ECHO | linuxabi.ISIG
	tm.Iflag &^= linuxabi.ICRNL
	tm.Oflag &^= linuxabi.OPOST
	if err := p.Slave().SetTermios(&tm, linuxabi.TCSANOW, nil); err != nil {
		t.Fatal(err)
	}
	p.Pump()
	write(t, p.WriteMaster, "x\r\x03")
	if got := read(t, p.ReadSlave); got != "x\r\x03" {
		t.Errorf("slave read %q", got)
	}
	if got := read(t, p.ReadMaster); got != "" {
		t.Errorf("master read %q, want no echo", got)
	}
	write(t, p.WriteSlave, "a\nb")
	if got := read(t, p.ReadMaster); got != "a\nb" {
		t.Errorf("master read %q", got)
	}
}

func TestSignals(t *testing.T) {
	f := newFixture(t)
	p := f.open()
	p.Slave().SetSession(7)
	p.Slave().SetPgrp(9)
	write(t, p.WriteMaster, "\x03")
	if got := read(t, p.ReadMaster); got != "^C" {
		t.Errorf("echo %q", got)
	}
	p.Slave().SetWinsize(linuxabi.Winsize{Row: 24, Col: 80})
	p.Pump()
	want := []sig{{9, 2}, {9, 28}}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sigs) != 2 || f.sigs[0] != want[0] || f.sigs[1] != want[1] {
		t.Errorf("signals %v, want %v", f.sigs, want)
	}
}

func TestLocked(t *testing.T) {
	f := newFixture(t)
	p, err := f.tb.Open()
	if err != nil {
		t.Fatal(err)
	}
	if !p.Locked() {
		t.Error("a new pair is not locked")
	}
	if err := p.OpenSlave(); !errors.Is(err, linuxabi.EIO) {
		t.Errorf("open of a locked slave: %v, want EIO", err)
	}
	p.SetLocked(false)
	if err := p.OpenSlave(); err != nil {
		t.Errorf("open after unlock: %v", err)
	}
}

func TestSlaveCloseGivesMasterEIO(t *testing.T) {
	f := newFixture(t)
	p, _ := f.tb.Open()
	p.SetLocked(false)
	// Before the slave was ever opened, the master waits.
	b := make([]byte, 10)
	if _, err := p.ReadMaster(b, true, nil); !errors.Is(err, linuxabi.EAGAIN) {
		t.Errorf("master read before the slave opened: %v, want EAGAIN", err)
	}
	p.OpenSlave()
	write(t, p.WriteSlave, "bye\n")
	p.CloseSlave()
	if p.PollMaster()&linuxabi.POLLHUP == 0 {
		t.Error("no POLLHUP on the master after the slave closed")
	}
	if got := read(t, p.ReadMaster); got != "bye\r\n" {
		t.Errorf("master read %q", got)
	}
	if _, err := p.ReadMaster(b, false, nil); !errors.Is(err, linuxabi.EIO) {
		t.Errorf("master read after the slave closed: %v, want EIO", err)
	}
	p.OpenSlave()
	if _, err := p.ReadMaster(b, true, nil); !errors.Is(err, linuxabi.EAGAIN) {
		t.Errorf("master read after the slave reopened: %v, want EAGAIN", err)
	}
}

func TestMasterCloseHangsUp(t *testing.T) {
	f := newFixture(t)
	p := f.open()
	p.Slave().SetSession(5)
	blocked := make(chan error)
	go func() {
		_, err := p.ReadSlave(make([]byte, 10), false, nil)
		blocked <- err
	}()
	time.Sleep(10 * time.Millisecond)
	if sid := p.CloseMaster(); sid != 5 {
		t.Errorf("CloseMaster session %d, want 5", sid)
	}
	if err := <-blocked; !errors.Is(err, linuxabi.EIO) {
		t.Errorf("blocked slave read: %v, want EIO", err)
	}
	if n, err := p.ReadSlave(make([]byte, 10), false, nil); n != 0 || err != nil {
		t.Errorf("slave read after hangup: %d, %v; want end of file", n, err)
	}
	if _, err := p.WriteSlave([]byte("x"), false, nil); !errors.Is(err, linuxabi.EIO) {
		t.Errorf("slave write after hangup: %v, want EIO", err)
	}
	if ev := p.PollSlave(); ev&linuxabi.POLLHUP == 0 {
		t.Errorf("slave poll after hangup %#x", ev)
	}
	if err := p.OpenSlave(); !errors.Is(err, linuxabi.EIO) {
		t.Errorf("slave open after hangup: %v", err)
	}
	if f.tb.Lookup(0) != nil {
		t.Error("the pair is still in the table")
	}
}

func TestNumbering(t *testing.T) {
	f := newFixture(t)
	a, _ := f.tb.Open()
	b, _ := f.tb.Open()
	c, _ := f.tb.Open()
	if a.Index() != 0 || b.Index() != 1 || c.Index() != 2 {
		t.Fatalf("indices %d %d %d", a.Index(), b.Index(), c.Index())
	}
	b.CloseMaster()
	if d, _ := f.tb.Open(); d.Index() != 1 {
		t.Errorf("reused index %d, want 1", d.Index())
	}
}

func TestWriterWaitsForRoom(t *testing.T) {
	f := newFixture(t)
	p := f.open()
	big := bytes.Repeat([]byte("x"), 1<<20)
	n, err := p.WriteSlave(big, true, nil)
	if err != nil || n == 0 || n >= len(big) {
		t.Fatalf("non-blocking write of 1 MiB = %d, %v; want a partial write", n, err)
	}
	if _, err := p.WriteSlave(big, true, nil); !errors.Is(err, linuxabi.EAGAIN) {
		t.Errorf("second write: %v, want EAGAIN", err)
	}
	if p.PollSlave()&linuxabi.POLLOUT != 0 {
		t.Error("slave writable while the master has no room")
	}
	done := make(chan int)
	go func() {
		n, _ := p.WriteSlave(big[:100<<10], false, nil)
		done <- n
	}()
	total := 0
	buf := make([]byte, 4096)
	for total < n+100<<10 {
		m, err := p.ReadMaster(buf, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		total += m
	}
	if m := <-done; m != 100<<10 {
		t.Errorf("blocking write = %d", m)
	}
}

// TestConcurrentEcho writes to the master from several goroutines while
// the slave echoes and both sides are read: output crosses between the
// two terminals both ways at once, which must not deadlock.
func TestConcurrentEcho(t *testing.T) {
	f := newFixture(t)
	p := f.open()
	const writers, lines = 4, 200
	done := make(chan struct{})
	go func() { // the slave: read lines, write them back
		b := make([]byte, 64)
		for n := 0; n < writers*lines; n++ {
			k, err := p.ReadSlave(b, false, nil)
			if err != nil {
				return
			}
			p.WriteSlave(b[:k], false, nil)
		}
		close(done)
	}()
	go func() { // the master's reader
		b := make([]byte, 4096)
		for {
			if _, err := p.ReadMaster(b, false, nil); err != nil {
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range lines {
				p.WriteMaster([]byte("abc\n"), false, nil)
			}
		}()
	}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("deadlock: the slave did not get every line")
	}
	wg.Wait()
	p.CloseSlave()
}
