package tty

import (
	"slices"
	"testing"

	"github.com/tamix/tamix/linuxabi"
)

// TestInputMapping checks ICRNL, INLCR and IGNCR in non-canonical mode,
// where line ends do not split the input.
func TestInputMapping(t *testing.T) {
	for _, tc := range []struct {
		name  string
		iflag uint32
		want  string
	}{
		{"none", 0, "a\rb\nc"},
		{"ICRNL", linuxabi.ICRNL, "a\nb\nc"},
		{"INLCR", linuxabi.INLCR, "a\rb\rc"},
		{"ICRNL|INLCR", linuxabi.ICRNL | linuxabi.INLCR, "a\nb\rc"},
		{"IGNCR", linuxabi.IGNCR, "ab\nc"},
		{"IGNCR|ICRNL", linuxabi.IGNCR | linuxabi.ICRNL, "ab\nc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, func(tm *linuxabi.Termios) {
				raw(tm)
				tm.Iflag = tc.iflag
			})
			h.recv(t, "a\rb\nc")
			if got, err := h.read(100); got != tc.want || err != nil {
				t.Errorf("read %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestSignals checks that INTR, QUIT and SUSP raise their signal in the
// foreground process group, echo as ^X and, unless NOFLSH, discard the
// unread input and the output not yet transmitted (n_tty isig).
func TestSignals(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mod     func(*linuxabi.Termios)
		pgrp    int
		c       string
		sigs    []groupSignal
		echo    string
		reads   []string
		stopped bool // output was stopped with ^S before
	}{
		{name: "INTR", c: "\x03", pgrp: fgPgrp, sigs: []groupSignal{{fgPgrp, sigINT}}, echo: "abc^Cd\r\n", reads: []string{"d\n"}},
		{name: "QUIT", c: "\x1c", pgrp: fgPgrp, sigs: []groupSignal{{fgPgrp, sigQUIT}}, echo: "abc^\\d\r\n", reads: []string{"d\n"}},
		{name: "SUSP", c: "\x1a", pgrp: fgPgrp, sigs: []groupSignal{{fgPgrp, sigTSTP}}, echo: "abc^Zd\r\n", reads: []string{"d\n"}},
		{name: "NOFLSH", mod: func(tm *linuxabi.Termios) { tm.Lflag |= linuxabi.NOFLSH }, c: "\x03", pgrp: fgPgrp,
			sigs: []groupSignal{{fgPgrp, sigINT}}, echo: "abc^Cd\r\n", reads: []string{"abcd\n"}},
		{name: "no foreground group", c: "\x03", pgrp: 0, echo: "abc^Cd\r\n", reads: []string{"d\n"}},
		{name: "ISIG off", mod: func(tm *linuxabi.Termios) { tm.Lflag &^= linuxabi.ISIG }, c: "\x03", pgrp: fgPgrp,
			echo: "abc^Cd\r\n", reads: []string{"abc\x03d\n"}},
		{name: "changed INTR", mod: func(tm *linuxabi.Termios) { tm.Cc[linuxabi.VINTR] = 'x' }, c: "x", pgrp: fgPgrp,
			sigs: []groupSignal{{fgPgrp, sigINT}}, echo: "abcxd\r\n", reads: []string{"d\n"}},
		{name: "disabled INTR", mod: func(tm *linuxabi.Termios) { tm.Cc[linuxabi.VINTR] = 0 }, c: "\x00", pgrp: fgPgrp,
			echo: "abc^@d\r\n", reads: []string{"abc\x00d\n"}},
		// The echo of "abc" is held while output is stopped; the signal
		// discards it and restarts output.
		{name: "INTR flushes held output", c: "\x03", pgrp: fgPgrp, stopped: true,
			sigs: []groupSignal{{fgPgrp, sigINT}}, echo: "^Cd\r\n", reads: []string{"d\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.mod)
			h.SetPgrp(tc.pgrp)
			if tc.stopped {
				h.recv(t, "\x13")
			}
			h.recv(t, "abc")
			h.recv(t, tc.c)
			if got := h.signals(); !slices.Equal(got, tc.sigs) {
				t.Errorf("signals %v, want %v", got, tc.sigs)
			}
			h.recv(t, "d\n")
			if got := h.readAll(t, 100); !slices.Equal(got, tc.reads) {
				t.Errorf("reads %q, want %q", got, tc.reads)
			}
			if got := h.drv.take(); got != tc.echo {
				t.Errorf("echo %q, want %q", got, tc.echo)
			}
		})
	}
}

// TestSignalInOneReceive: echoes are output at the end of each received
// buffer, so a signal character discards the echo of input that arrived
// with it, as in Linux.
func TestSignalInOneReceive(t *testing.T) {
	h := newHarness(t, nil)
	h.recv(t, "abc\x03")
	if got := h.drv.take(); got != "^C" {
		t.Errorf("echo %q, want %q", got, "^C")
	}
	if got := h.InputAvailable(); got != 0 {
		t.Errorf("FIONREAD %d after ^C", got)
	}
}

// TestFlowControl checks IXON: STOP holds output, echoes included, START
// transmits it; IXANY lets any character restart output; turning IXON off
// restarts it.
func TestFlowControl(t *testing.T) {
	h := newHarness(t, nil)
	h.recv(t, "\x13")
	if n, err := h.Write([]byte("hi\n"), false, nil); n != 3 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	h.recv(t, "x")
	if got := h.drv.take(); got != "" {
		t.Errorf("stopped output transmitted %q", got)
	}
	if got := h.OutputQueued(); got != 5 {
		t.Errorf("TIOCOUTQ %d, want 5", got)
	}
	h.recv(t, "\x11")
	if got := h.drv.take(); got != "hi\r\nx" {
		t.Errorf("after START: %q", got)
	}
	if got := h.InputAvailable(); got != 0 {
		t.Errorf("START and STOP were stored: FIONREAD %d", got)
	}

	// IXANY: any character restarts output, and is input too.
	tm := h.Termios()
	tm.Iflag |= linuxabi.IXANY
	tm.Lflag &^= linuxabi.ECHO
	if err := h.SetTermios(&tm, linuxabi.TCSANOW, nil); err != nil {
		t.Fatal(err)
	}
	h.recv(t, "\x13")
	h.Write([]byte("a"), false, nil)
	h.recv(t, "z\n")
	if got := h.drv.take(); got != "a" {
		t.Errorf("IXANY: %q", got)
	}
	if got, _ := h.read(10); got != "xz\n" { // the x received while stopped
		t.Errorf("IXANY read %q", got)
	}

	// Clearing IXON restarts stopped output (n_tty_set_termios).
	h.recv(t, "\x13")
	h.Write([]byte("b"), false, nil)
	tm.Iflag &^= linuxabi.IXON
	if err := h.SetTermios(&tm, linuxabi.TCSANOW, nil); err != nil {
		t.Fatal(err)
	}
	if got := h.drv.take(); got != "b" {
		t.Errorf("after clearing IXON: %q", got)
	}
	h.recv(t, "\x13\n")
	if got, _ := h.read(10); got != "\x13\n" {
		t.Errorf("without IXON ^S is input: read %q", got)
	}
}

// TestFlowLookahead: START and STOP act at once even when the read buffer
// is full and the input waits in the flip buffer.
func TestFlowLookahead(t *testing.T) {
	h := newHarness(t, func(tm *linuxabi.Termios) {
		raw(tm)
		tm.Iflag |= linuxabi.IXON
	})
	fill := make([]byte, bufSize+10)
	for i := range fill {
		fill[i] = 'a'
	}
	h.recv(t, string(fill))
	h.recv(t, "\x13")
	h.Write([]byte("out"), false, nil)
	if got := h.drv.take(); got != "" {
		t.Errorf("STOP behind a full buffer did not stop output: %q", got)
	}
	h.recv(t, "b\x11")
	if got := h.drv.take(); got != "out" {
		t.Errorf("START behind a full buffer: %q", got)
	}
	var all []byte
	for {
		s, err := h.read(1000)
		if err != nil {
			break
		}
		all = append(all, s...)
	}
	if want := string(fill) + "b"; string(all) != want {
		t.Errorf("read %d bytes ending %q, want %d ending %q", len(all), all[len(all)-3:], len(want), want[len(want)-3:])
	}
}

// TestModeSwitch checks n_tty_set_termios's re-framing of unread input.
func TestModeSwitch(t *testing.T) {
	h := newHarness(t, func(tm *linuxabi.Termios) { tm.Lflag &^= linuxabi.ECHO })
	h.recv(t, "abc")
	if _, err := h.read(10); err != linuxabi.EAGAIN {
		t.Fatalf("partial line readable: %v", err)
	}
	tm := h.Termios()
	raw(&tm)
	h.SetTermios(&tm, linuxabi.TCSANOW, nil)
	if got, err := h.read(10); got != "abc" || err != nil {
		t.Errorf("after leaving canonical mode: %q, %v", got, err)
	}

	// Back to canonical: what is unread becomes one line.
	h.recv(t, "xyz")
	tm.Lflag |= linuxabi.ICANON
	h.SetTermios(&tm, linuxabi.TCSANOW, nil)
	if got := h.InputAvailable(); got != 3 {
		t.Errorf("FIONREAD %d, want 3", got)
	}
	h.recv(t, "12")
	if got := h.readAll(t, 10); !slices.Equal(got, []string{"xyz"}) {
		t.Errorf("after entering canonical mode: %q", got)
	}
	h.recv(t, "\n")
	if got, _ := h.read(10); got != "12\n" {
		t.Errorf("next line %q", got)
	}
}
