package tty

import (
	"slices"
	"testing"

	"github.com/tamix/tamix/linuxabi"
)

// TestCanonical feeds input, one Receive per chunk, then reads until
// EAGAIN, and checks what the reads return and what was echoed. The
// echoes are what Linux's n_tty sends for the same input.
func TestCanonical(t *testing.T) {
	noEchoe := func(tm *linuxabi.Termios) { tm.Lflag &^= linuxabi.ECHOE }
	for _, tc := range []struct {
		name  string
		mod   func(*linuxabi.Termios)
		in    []string
		size  int
		reads []string
		echo  string
	}{
		{name: "line", in: []string{"hello\r"}, reads: []string{"hello\n"}, echo: "hello\r\n"},
		{name: "two lines", in: []string{"ab\ncd\n"}, reads: []string{"ab\n", "cd\n"}, echo: "ab\r\ncd\r\n"},
		{name: "incomplete line", in: []string{"abc"}, echo: "abc"},
		{name: "small reads", in: []string{"abcdefg\n"}, size: 3, reads: []string{"abc", "def", "g\n"}, echo: "abcdefg\r\n"},
		{name: "erase", in: []string{"abc\x7f\x7fd\n"}, reads: []string{"ad\n"}, echo: "abc\b \b\b \bd\r\n"},
		{name: "erase at line start", in: []string{"\x7fa\n"}, reads: []string{"a\n"}, echo: "a\r\n"},
		{name: "erase stops at line", in: []string{"ab\nc\x7f\x7f\x7fd\n"}, reads: []string{"ab\n", "d\n"}, echo: "ab\r\nc\b \bd\r\n"},
		{name: "erase control", in: []string{"a\x01\x7f\n"}, reads: []string{"a\n"}, echo: "a^A\b \b\b \b\r\n"},
		{name: "erase tab", in: []string{"a\t\x7f\n"}, reads: []string{"a\n"}, echo: "a\t\b\b\b\b\b\b\b\r\n"},
		{name: "erase without ECHOE", mod: noEchoe, in: []string{"ab\x7f\n"}, reads: []string{"a\n"}, echo: "ab^?\r\n"},
		{name: "ECHOPRT", mod: func(tm *linuxabi.Termios) { tm.Lflag |= linuxabi.ECHOPRT }, in: []string{"abc\x7f\x7fd\n"}, reads: []string{"ad\n"}, echo: "abc\\cb/d\r\n"},
		{name: "kill ECHOKE", in: []string{"abc\x15x\n"}, reads: []string{"x\n"}, echo: "abc\b \b\b \b\b \bx\r\n"},
		{name: "kill ECHOK", mod: func(tm *linuxabi.Termios) { tm.Lflag &^= linuxabi.ECHOKE }, in: []string{"abc\x15x\n"}, reads: []string{"x\n"}, echo: "abc^U\r\nx\r\n"},
		{name: "kill no ECHOK", mod: func(tm *linuxabi.Termios) { tm.Lflag &^= linuxabi.ECHOKE | linuxabi.ECHOK }, in: []string{"abc\x15x\n"}, reads: []string{"x\n"}, echo: "abc^Ux\r\n"},
		{name: "werase", in: []string{"foo bar\x17baz\n"}, reads: []string{"foo baz\n"}, echo: "foo bar\b \b\b \b\b \bbaz\r\n"},
		{name: "werase trailing space", in: []string{"foo bar  \x17\n"}, reads: []string{"foo \n"}, echo: "foo bar  \b \b\b \b\b \b\b \b\b \b\r\n"},
		{name: "werase needs IEXTEN", mod: func(tm *linuxabi.Termios) { tm.Lflag &^= linuxabi.IEXTEN }, in: []string{"ab\x17\n"}, reads: []string{"ab\x17\n"}, echo: "ab^W\r\n"},
		{name: "EOF at line start", in: []string{"\x04"}, reads: []string{""}},
		{name: "EOF mid-line", in: []string{"ab\x04"}, reads: []string{"ab"}, echo: "ab"},
		{name: "EOF mid-line then at start", in: []string{"ab\x04\x04"}, reads: []string{"ab", ""}, echo: "ab"},
		{name: "EOF skipped with full buffer", in: []string{"abc\x04x\n"}, size: 3, reads: []string{"abc", "x\n"}, echo: "abcx\r\n"},
		{name: "EOL", mod: func(tm *linuxabi.Termios) { tm.Cc[linuxabi.VEOL] = ';' }, in: []string{"ab;c"}, reads: []string{"ab;"}, echo: "ab;c"},
		{name: "LNEXT", in: []string{"a\x16\x03b\n"}, reads: []string{"a\x03b\n"}, echo: "a^\b^Cb\r\n"},
		{name: "LNEXT erase", in: []string{"\x16\x7f\n"}, reads: []string{"\x7f\n"}, echo: "^\b^?\r\n"},
		{name: "LNEXT newline", in: []string{"a\x16\nb\n"}, reads: []string{"a\nb\n"}, echo: "a^\b^Jb\r\n"},
		{name: "reprint", in: []string{"ab\x12"}, echo: "ab^R\r\nab"},
		{name: "no echo", mod: func(tm *linuxabi.Termios) { tm.Lflag &^= linuxabi.ECHO }, in: []string{"ab\x7fc\n"}, reads: []string{"ac\n"}},
		{name: "ECHONL", mod: func(tm *linuxabi.Termios) { tm.Lflag = tm.Lflag&^linuxabi.ECHO | linuxabi.ECHONL }, in: []string{"ab\n"}, reads: []string{"ab\n"}, echo: "\r\n"},
		{name: "no ECHOCTL", mod: func(tm *linuxabi.Termios) { tm.Lflag &^= linuxabi.ECHOCTL }, in: []string{"a\x01\n"}, reads: []string{"a\x01\n"}, echo: "a\x01\r\n"},
		{name: "UTF-8 erase", mod: func(tm *linuxabi.Termios) { tm.Iflag |= linuxabi.IUTF8 }, in: []string{"aé\x7f\n"}, reads: []string{"a\n"}, echo: "aé\b \b\r\n"},
		{name: "IUCLC", mod: func(tm *linuxabi.Termios) { tm.Iflag |= linuxabi.IUCLC }, in: []string{"Ab\xc0\xd7\n"}, reads: []string{"ab\xe0\xd7\n"}, echo: "ab\xe0\xd7\r\n"},
		{name: "ISTRIP", mod: func(tm *linuxabi.Termios) { tm.Iflag |= linuxabi.ISTRIP }, in: []string{"\xe1\x8a\n"}, reads: []string{"a\n", "\n"}, echo: "a\r\n\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.mod)
			for _, s := range tc.in {
				h.recv(t, s)
			}
			size := tc.size
			if size == 0 {
				size = 100
			}
			if got := h.readAll(t, size); !slices.Equal(got, tc.reads) {
				t.Errorf("reads %q, want %q", got, tc.reads)
			}
			if got := h.drv.take(); got != tc.echo {
				t.Errorf("echo %q, want %q", got, tc.echo)
			}
		})
	}
}

// TestLineLimit: a canonical line holds at most 4095 characters and its
// newline; more characters replace the last (n_tty_receive_buf_common).
func TestLineLimit(t *testing.T) {
	h := newHarness(t, func(tm *linuxabi.Termios) { tm.Lflag &^= linuxabi.ECHO })
	long := make([]byte, 5000)
	for i := range long {
		long[i] = 'a' + byte(i%26)
	}
	h.recv(t, string(long))
	h.recv(t, "\n")
	got, err := h.read(8192)
	if err != nil || len(got) != bufSize {
		t.Fatalf("read %d bytes, %v; want %d", len(got), err, bufSize)
	}
	if got[:bufSize-2] != string(long[:bufSize-2]) || got[bufSize-1] != '\n' {
		t.Errorf("line is %q…%q", got[:10], got[bufSize-10:])
	}
}
