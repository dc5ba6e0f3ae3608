package klog

import (
	"bytes"
	"strings"
	"testing"
)

// fixedClock returns a clock that reads *ns.
func fixedClock(ns *int64) func() int64 { return func() int64 { return *ns } }

func TestTimestampFormat(t *testing.T) {
	for _, tt := range []struct {
		ns     int64
		syslog bool
		level  uint8
		want   string
	}{
		{0, false, 0, "[    0.000000] "},
		{123_000, false, 0, "[    0.000123] "},
		{123_999, false, 0, "[    0.000123] "}, // truncated, not rounded
		{1_500_000_000, false, 0, "[    1.500000] "},
		{12345_000_001_000, false, 0, "[12345.000001] "},
		{99999_999_999_999, false, 0, "[99999.999999] "},
		{100000_000_000_000, false, 0, "[100000.000000] "},
		{123_000, true, 6, "<6>[    0.000123] "},
		{0, true, 0, "<0>[    0.000000] "},
	} {
		if got := string(appendPrefix(nil, tt.syslog, tt.level, tt.ns)); got != tt.want {
			t.Errorf("appendPrefix(%v, %d, %d) = %q, want %q", tt.syslog, tt.level, tt.ns, got, tt.want)
		}
	}
}

func TestConsoleOutput(t *testing.T) {
	ns := int64(1_500_000_000)
	var console bytes.Buffer
	l := New(MinBufSize, fixedClock(&ns), &console)
	l.Infof("Booting %s on CPU%d", "tamix", 0)
	ns = -5 // a clock before boot counts as 0
	l.Printf(KernNotice, "two\nlines\n")
	l.Warnf("")
	want := "[    1.500000] Booting tamix on CPU0\n" +
		"[    0.000000] two\n[    0.000000] lines\n" +
		"[    0.000000] \n"
	if got := console.String(); got != want {
		t.Errorf("console:\n%q\nwant\n%q", got, want)
	}
}

// consoleLevels logs one message per level and returns the levels that
// reached the console.
func consoleLevels(l *Log, console *bytes.Buffer) string {
	console.Reset()
	for level := KernEmerg; level <= KernDebug; level++ {
		l.Printf(level, "%d", level)
	}
	var got strings.Builder
	for line := range strings.Lines(console.String()) {
		got.WriteString(strings.TrimSpace(line[strings.Index(line, "]")+1:]))
	}
	return got.String()
}

func TestConsoleLevel(t *testing.T) {
	var ns int64
	var console bytes.Buffer
	l := New(MinBufSize, fixedClock(&ns), &console)
	if got := l.ConsoleLevel(); got != ConsoleLogLevelDefault {
		t.Errorf("ConsoleLevel() = %d, want %d", got, ConsoleLogLevelDefault)
	}
	for _, tt := range []struct {
		level int
		want  string
	}{
		{ConsoleLogLevelDefault, "0123456"},
		{ConsoleLogLevelQuiet, "0123"},
		{ConsoleLogLevelDebug, "01234567"},
		{8, "01234567"},
		{ConsoleLogLevelMin, "0"},
		{0, ""},
	} {
		l.SetConsoleLevel(tt.level)
		if got := consoleLevels(l, &console); got != tt.want {
			t.Errorf("console level %d printed levels %q, want %q", tt.level, got, tt.want)
		}
	}
	// Everything went into the buffer regardless.
	if got, _ := l.Syslog(SyslogActionSizeUnread, nil, 0); got != 6*8*len("<0>[    0.000000] 0\n") {
		t.Errorf("SizeUnread = %d", got)
	}
}

func TestNoConsole(t *testing.T) {
	var ns int64
	l := New(MinBufSize, fixedClock(&ns), nil)
	l.Emergf("nobody listens")
	if got := readAll(t, l); got != "<0>[    0.000000] nobody listens\n" {
		t.Errorf("buffer = %q", got)
	}
}

func TestLevelPrefix(t *testing.T) {
	var ns int64
	l := New(MinBufSize, fixedClock(&ns), nil)
	l.Printf(LogLevelDefault, KernSOH+"3error")
	l.Printf(LogLevelDefault, "no prefix")
	l.Printf(KernInfo, KernSOH+"3explicit level wins")
	l.Printf(LogLevelDefault, KernSOH+"c"+KernSOH+"2cont then level"+KernSOH+"1")
	l.Printf(LogLevelDefault, KernSOH+"1"+KernSOH+"5first wins")
	l.Printf(LogLevelDefault, KernSOH+"8not a level")
	l.Printf(11, "level is 3 bits")
	want := "<3>[    0.000000] error\n" +
		"<4>[    0.000000] no prefix\n" +
		"<6>[    0.000000] explicit level wins\n" +
		"<2>[    0.000000] cont then level\x011\n" +
		"<1>[    0.000000] first wins\n" +
		"<4>[    0.000000] \x018not a level\n" +
		"<3>[    0.000000] level is 3 bits\n"
	if got := readAll(t, l); got != want {
		t.Errorf("buffer:\n%q\nwant\n%q", got, want)
	}
}

func TestTruncate(t *testing.T) {
	var ns int64
	l := New(MinBufSize, fixedClock(&ns), nil)
	l.Infof("%s", strings.Repeat("x", 5000))
	prefix := "<6>[    0.000000] "
	if got := readAll(t, l); got != prefix+strings.Repeat("x", lineMax)+"\n" {
		t.Errorf("record of %d bytes, want %d", len(got), len(prefix)+lineMax+1)
	}
}

func TestRingOverflow(t *testing.T) {
	var ns int64
	l := New(MinBufSize, fixedClock(&ns), nil)
	const n = 1000
	for i := range n {
		ns = int64(i) * 1000
		l.Infof("message %04d", i)
	}
	r := &l.ring
	if r.next != n || r.head-r.tail > uint64(len(r.buf)) {
		t.Fatalf("next %d, %d bytes used of %d", r.next, r.head-r.tail, len(r.buf))
	}
	// Each record takes headerSize + 12 bytes; the newest that fit stay.
	kept := uint64(MinBufSize / (headerSize + 12))
	if r.first != n-kept {
		t.Errorf("first = %d, want %d", r.first, n-kept)
	}
	lines := strings.Split(strings.TrimSuffix(readAll(t, l), "\n"), "\n")
	if uint64(len(lines)) != kept {
		t.Fatalf("read %d records, want %d", len(lines), kept)
	}
	for i, line := range lines {
		seq := int(n - kept + uint64(i))
		want := string(appendPrefix(nil, true, KernInfo, int64(seq)*1000)) + "message " + pad4(seq)
		if line != want {
			t.Fatalf("record %d = %q, want %q", i, line, want)
		}
	}
}

func pad4(i int) string {
	s := "000" + string(appendUint(nil, uint64(i), 1))
	return s[len(s)-4:]
}

func TestErrno(t *testing.T) {
	for _, tt := range []struct {
		err  Errno
		want string
	}{
		{EAGAIN, "resource temporarily unavailable"},
		{EFAULT, "bad address"},
		{EINVAL, "invalid argument"},
		{Errno(5), "errno 5"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Errno(%d).Error() = %q, want %q", int(tt.err), got, tt.want)
		}
	}
}

func TestNewPanicsOnSmallBuffer(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New(MinBufSize-1) did not panic")
		}
	}()
	New(MinBufSize-1, func() int64 { return 0 }, nil)
}

func TestHelpers(t *testing.T) {
	var ns int64
	l := New(MinBufSize, fixedClock(&ns), nil)
	l.Emergf("%s", "emerg")
	l.Errf("%s", "err")
	l.Warnf("%s", "warn")
	l.Noticef("%s", "notice")
	l.Infof("%s", "info")
	l.Debugf("%s", "debug")
	want := "<0>[    0.000000] emerg\n<3>[    0.000000] err\n<4>[    0.000000] warn\n" +
		"<5>[    0.000000] notice\n<6>[    0.000000] info\n<7>[    0.000000] debug\n"
	if got := readAll(t, l); got != want {
		t.Errorf("buffer:\n%q\nwant\n%q", got, want)
	}
}
