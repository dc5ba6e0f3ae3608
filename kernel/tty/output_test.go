package tty

import (
	"testing"

	"github.com/tamix/tamix/linuxabi"
)

// TestOutput checks OPOST processing of Write (do_output_char).
func TestOutput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		oflag uint32
		in    string
		want  string
	}{
		{"ONLCR", linuxabi.OPOST | linuxabi.ONLCR, "a\nb\n", "a\r\nb\r\n"},
		{"no OPOST", linuxabi.ONLCR, "a\nb\r", "a\nb\r"},
		{"OPOST only", linuxabi.OPOST, "a\nb\r", "a\nb\r"},
		{"OCRNL", linuxabi.OPOST | linuxabi.OCRNL, "a\rb", "a\nb"},
		{"ONOCR", linuxabi.OPOST | linuxabi.ONOCR, "\rab\r\r", "ab\r"},
		{"XTABS", linuxabi.OPOST | linuxabi.XTABS, "ab\tc\t", "ab      c       "},
		{"XTABS after ONLCR", linuxabi.OPOST | linuxabi.XTABS | linuxabi.ONLCR, "abc\n\tx", "abc\r\n        x"},
		{"XTABS after backspace", linuxabi.OPOST | linuxabi.XTABS, "abc\b\b\t", "abc\b\b       "},
		{"XTABS UTF-8", linuxabi.OPOST | linuxabi.XTABS, "é\t", "é      "},
		{"tab without XTABS", linuxabi.OPOST, "a\tb", "a\tb"},
		{"OLCUC", linuxabi.OPOST | linuxabi.OLCUC, "ab\n", "AB\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, func(tm *linuxabi.Termios) { tm.Oflag = tc.oflag })
			n, err := h.Write([]byte(tc.in), false, nil)
			if n != len(tc.in) || err != nil {
				t.Fatalf("Write = %d, %v", n, err)
			}
			if got := h.drv.take(); got != tc.want {
				t.Errorf("output %q, want %q", got, tc.want)
			}
		})
	}
}

// TestWriteStopped: with output stopped, writes fill the transmit buffer
// (UART_XMIT_SIZE), then a nonblocking write says EAGAIN, a blocking one
// waits for START, and one whose cancel is closed returns EINTR.
func TestWriteStopped(t *testing.T) {
	h := newHarness(t, nil)
	h.recv(t, "\x13")
	big := make([]byte, xmitSize+100)
	for i := range big {
		big[i] = 'x'
	}
	if n, err := h.Write(big, true, nil); n != xmitSize || err != nil {
		t.Errorf("nonblocking Write = %d, %v; want %d", n, err, xmitSize)
	}
	if n, err := h.Write([]byte("y"), true, nil); n != 0 || err != linuxabi.EAGAIN {
		t.Errorf("Write to full buffer = %d, %v; want EAGAIN", n, err)
	}
	if got := h.Poll(); got != 0 {
		t.Errorf("Poll %#x, want 0", got)
	}
	cancel := make(chan struct{})
	close(cancel)
	if n, err := h.Write([]byte("y"), false, cancel); n != 0 || err != linuxabi.EINTR {
		t.Errorf("canceled Write = %d, %v; want EINTR", n, err)
	}

	done := make(chan error)
	go func() {
		_, err := h.Write([]byte("end"), false, nil)
		done <- err
	}()
	h.recv(t, "\x11")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := h.drv.take(); got != string(big[:xmitSize])+"end" {
		t.Errorf("transmitted %d bytes ending %q", len(got), got[len(got)-5:])
	}
}
