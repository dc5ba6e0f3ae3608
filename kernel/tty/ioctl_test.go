package tty

import (
	"slices"
	"testing"

	"github.com/tamix/tamix/kernel/poll"
	"github.com/tamix/tamix/linuxabi"
)

// TestStdTermios compares the initial settings with what `stty -g` shows
// on a fresh Linux terminal (500:5:4bf:8a3b:3:1c:7f:15:4:0:1:0:11:13:1a:
// 0:12:f:17:16:0:0:0).
var _ poll.Pollable = (*TTY)(nil)

func TestStdTermios(t *testing.T) {
	h := newHarness(t, nil)
	tm := h.Termios()
	if tm.Iflag != 0x500 || tm.Oflag != 0x5 || tm.Cflag != 0x4bf || tm.Lflag != 0x8a3b || tm.Line != 0 {
		t.Errorf("flags %x:%x:%x:%x line %d", tm.Iflag, tm.Oflag, tm.Cflag, tm.Lflag, tm.Line)
	}
	want := [linuxabi.NCCS]uint8{3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0, 0, 0}
	if tm.Cc != want {
		t.Errorf("c_cc % x, want % x", tm.Cc, want)
	}
	if ConsoleCflag != 0x1cb2 {
		t.Errorf("ConsoleCflag %#x, want 0x1cb2 (B115200 CS8 CREAD HUPCL CLOCAL)", ConsoleCflag)
	}
}

func TestSetTermiosArgs(t *testing.T) {
	h := newHarness(t, nil)
	tm := h.Termios()
	tm.Cflag = ConsoleCflag
	for _, when := range []int{-1, 3} {
		if err := h.SetTermios(&tm, when, nil); err != linuxabi.EINVAL {
			t.Errorf("SetTermios(when %d) = %v, want EINVAL", when, err)
		}
	}
	if err := h.SetTermios(&tm, linuxabi.TCSADRAIN, nil); err != nil {
		t.Fatal(err)
	}
	if got := h.Termios(); got != tm {
		t.Errorf("TCGETS after TCSETSW: %+v, want %+v", got, tm)
	}
}

// TestSetTermiosFlush: TCSETSF discards the unread input; TCSETS and
// TCSETSW keep it.
func TestSetTermiosFlush(t *testing.T) {
	for _, tc := range []struct {
		when int
		left int
	}{{linuxabi.TCSANOW, 4}, {linuxabi.TCSADRAIN, 4}, {linuxabi.TCSAFLUSH, 0}} {
		h := newHarness(t, nil)
		h.recv(t, "abc\nde")
		tm := h.Termios()
		tm.Lflag &^= linuxabi.ECHO
		if err := h.SetTermios(&tm, tc.when, nil); err != nil {
			t.Fatal(err)
		}
		if got := h.InputAvailable(); got != tc.left {
			t.Errorf("when %d: FIONREAD %d, want %d", tc.when, got, tc.left)
		}
		h.recv(t, "f\n")
		want := []string{"abc\n", "def\n"}
		if tc.left == 0 {
			want = []string{"f\n"}
		}
		if got := h.readAll(t, 100); !slices.Equal(got, want) {
			t.Errorf("when %d: reads %q, want %q", tc.when, got, want)
		}
	}
}

// TestSetTermiosDrain: TCSETSW waits for stopped output to be sent, and a
// canceled wait leaves the settings alone.
func TestSetTermiosDrain(t *testing.T) {
	h := newHarness(t, nil)
	h.recv(t, "\x13")
	h.Write([]byte("held"), false, nil)
	tm := h.Termios()
	tm.Oflag &^= linuxabi.OPOST
	cancel := make(chan struct{})
	close(cancel)
	if err := h.SetTermios(&tm, linuxabi.TCSADRAIN, cancel); err != linuxabi.EINTR {
		t.Errorf("canceled TCSETSW = %v, want EINTR", err)
	}
	if h.Termios().Oflag&linuxabi.OPOST == 0 {
		t.Error("canceled TCSETSW changed the settings")
	}
	done := make(chan error)
	go func() { done <- h.SetTermios(&tm, linuxabi.TCSADRAIN, nil) }()
	h.recv(t, "\x11")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := h.drv.take(); got != "held" {
		t.Errorf("transmitted %q", got)
	}
	if h.Termios() != tm {
		t.Error("TCSETSW did not apply")
	}
}

func TestInputAvailable(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*linuxabi.Termios)
		in   string
		want int
	}{
		{"canonical partial", nil, "abc", 0},
		{"canonical lines", nil, "ab\ncd\nef", 6},
		{"canonical EOF", nil, "ab\x04\x04", 2},
		{"raw", vminVtime(1, 0), "abc", 3},
		{"raw VMIN", vminVtime(5, 0), "abc", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.mod)
			h.recv(t, tc.in)
			if got := h.InputAvailable(); got != tc.want {
				t.Errorf("FIONREAD %d, want %d", got, tc.want)
			}
		})
	}
}

func TestPoll(t *testing.T) {
	const (
		in  = linuxabi.POLLIN | linuxabi.POLLRDNORM
		out = linuxabi.POLLOUT | linuxabi.POLLWRNORM
	)
	h := newHarness(t, nil)
	ch := h.Changed()
	if got := h.Poll(); got != out {
		t.Errorf("idle Poll %#x, want %#x", got, out)
	}
	h.recv(t, "abc")
	if got := h.Poll(); got != out {
		t.Errorf("partial line Poll %#x, want %#x", got, out)
	}
	h.recv(t, "\n")
	if !closed(ch) {
		t.Error("Changed not closed by a complete line")
	}
	if got := h.Poll(); got != in|out {
		t.Errorf("line Poll %#x, want %#x", got, in|out)
	}
	h.read(100)
	if got := h.Poll(); got != out {
		t.Errorf("after read Poll %#x, want %#x", got, out)
	}

	// Non-canonical with VMIN 3, VTIME 0: readable at 3 bytes.
	h = newHarness(t, vminVtime(3, 0))
	h.recv(t, "ab")
	if got := h.Poll(); got != out {
		t.Errorf("2 of VMIN 3: Poll %#x", got)
	}
	h.recv(t, "c")
	if got := h.Poll(); got != in|out {
		t.Errorf("3 of VMIN 3: Poll %#x", got)
	}
	// With VTIME, one byte is enough.
	h = newHarness(t, vminVtime(3, 1))
	h.recv(t, "a")
	if got := h.Poll(); got != in|out {
		t.Errorf("VMIN 3 VTIME 1: Poll %#x", got)
	}

	// Stopped output: writable while less than WAKEUP_CHARS is held.
	h = newHarness(t, nil)
	h.recv(t, "\x13")
	h.Write(make([]byte, wakeupChars-1), false, nil)
	if got := h.Poll(); got != out {
		t.Errorf("255 held: Poll %#x", got)
	}
	ch = h.Changed()
	h.Write([]byte("x"), false, nil)
	if got := h.Poll(); got != 0 {
		t.Errorf("256 held: Poll %#x", got)
	}
	h.recv(t, "\x11")
	if !closed(ch) || h.Poll() != out {
		t.Errorf("after START: changed %v, Poll %#x", closed(ch), h.Poll())
	}
}

func TestFlush(t *testing.T) {
	for _, tc := range []struct {
		queue   int
		in, out bool // input, output left
	}{
		{linuxabi.TCIFLUSH, false, true},
		{linuxabi.TCOFLUSH, true, false},
		{linuxabi.TCIOFLUSH, false, false},
	} {
		h := newHarness(t, nil)
		h.recv(t, "ab\n\x13")
		h.drv.take()
		h.Write([]byte("xy"), false, nil)
		ch := h.Changed()
		if err := h.Flush(tc.queue); err != nil {
			t.Fatal(err)
		}
		if !closed(ch) {
			t.Errorf("queue %d: Changed not closed", tc.queue)
		}
		if got := h.InputAvailable() != 0; got != tc.in {
			t.Errorf("queue %d: input left %v, want %v", tc.queue, got, tc.in)
		}
		if got := h.OutputQueued() != 0; got != tc.out {
			t.Errorf("queue %d: output left %v, want %v", tc.queue, got, tc.out)
		}
	}
	if err := newHarness(t, nil).Flush(3); err != linuxabi.EINVAL {
		t.Errorf("Flush(3) = %v, want EINVAL", err)
	}
}

// TestFlow checks TCXONC: TCOOFF is not undone by START, only by TCOON;
// TCIOFF and TCION transmit STOP and START at once.
func TestFlow(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.Flow(linuxabi.TCOOFF); err != nil {
		t.Fatal(err)
	}
	h.Write([]byte("a"), false, nil)
	h.recv(t, "\x11")
	if got := h.drv.take(); got != "" {
		t.Errorf("START undid TCOOFF: %q", got)
	}
	if err := h.Flow(linuxabi.TCIOFF); err != nil {
		t.Fatal(err)
	}
	if got := h.drv.take(); got != "\x13" {
		t.Errorf("TCIOFF sent %q", got)
	}
	h.Flow(linuxabi.TCOON)
	h.Flow(linuxabi.TCION)
	if got := h.drv.take(); got != "a\x11" {
		t.Errorf("TCOON, TCION sent %q", got)
	}
	tm := h.Termios()
	tm.Cc[linuxabi.VSTART] = 0
	h.SetTermios(&tm, linuxabi.TCSANOW, nil)
	h.Flow(linuxabi.TCION)
	if got := h.drv.take(); got != "" {
		t.Errorf("TCION with START disabled sent %q", got)
	}
	if err := h.Flow(4); err != linuxabi.EINVAL {
		t.Errorf("Flow(4) = %v, want EINVAL", err)
	}
}

func TestWinsize(t *testing.T) {
	h := newHarness(t, nil)
	ws := linuxabi.Winsize{Row: 24, Col: 80}
	h.SetWinsize(ws)
	if got := h.Winsize(); got != ws {
		t.Errorf("TIOCGWINSZ %+v", got)
	}
	h.SetWinsize(ws)
	h.SetPgrp(0)
	h.SetWinsize(linuxabi.Winsize{Row: 25, Col: 80})
	if got, want := h.signals(), []groupSignal{{fgPgrp, sigWINCH}}; !slices.Equal(got, want) {
		t.Errorf("signals %v, want %v (once per change, none without a foreground group)", got, want)
	}
}

func TestPgrpSession(t *testing.T) {
	h := newHarness(t, nil)
	if h.Pgrp() != fgPgrp || h.Session() != 0 {
		t.Errorf("pgrp %d session %d", h.Pgrp(), h.Session())
	}
	h.SetSession(7)
	h.SetPgrp(9)
	h.recv(t, "\x1a")
	if h.Pgrp() != 9 || h.Session() != 7 {
		t.Errorf("pgrp %d session %d", h.Pgrp(), h.Session())
	}
	if got, want := h.signals(), []groupSignal{{9, sigTSTP}}; !slices.Equal(got, want) {
		t.Errorf("signals %v, want %v", got, want)
	}
}
