package klog

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// readAll returns what SyslogActionReadAll returns with a large buffer.
func readAll(t *testing.T, l *Log) string {
	t.Helper()
	buf := make([]byte, DefaultBufSize*2)
	n, err := l.Syslog(SyslogActionReadAll, buf, len(buf))
	if err != nil {
		t.Fatalf("ReadAll: %v", err)
	}
	return string(buf[:n])
}

func syslogOK(t *testing.T, l *Log, action int, buf []byte, length int) int {
	t.Helper()
	n, err := l.Syslog(action, buf, length)
	if err != nil {
		t.Fatalf("Syslog(%d, len %d): %v", action, length, err)
	}
	return n
}

// newTestLog returns a log holding records "a", "bb" and "ccc".
func newTestLog() *Log {
	ns := int64(1_000)
	l := New(MinBufSize, fixedClock(&ns), nil)
	l.Infof("a")
	l.Infof("bb")
	l.Infof("ccc")
	return l
}

const (
	recA = "<6>[    0.000001] a\n"
	recB = "<6>[    0.000001] bb\n"
	recC = "<6>[    0.000001] ccc\n"
)

func TestSyslogErrors(t *testing.T) {
	l := newTestLog()
	buf := make([]byte, 10)
	for _, tt := range []struct {
		action int
		buf    []byte
		length int
		err    error
	}{
		{SyslogActionRead, nil, 10, EINVAL},
		{SyslogActionRead, buf, -1, EINVAL},
		{SyslogActionRead, buf, 11, EFAULT},
		{SyslogActionReadAll, nil, 10, EINVAL},
		{SyslogActionReadAll, buf, -1, EINVAL},
		{SyslogActionReadAll, buf, 11, EFAULT},
		{SyslogActionReadClear, nil, 10, EINVAL},
		{SyslogActionReadClear, buf, -5, EINVAL},
		{SyslogActionConsoleLevel, nil, 0, EINVAL},
		{SyslogActionConsoleLevel, nil, 9, EINVAL},
		{SyslogActionConsoleLevel, nil, -1, EINVAL},
		{-1, nil, 0, EINVAL},
		{11, nil, 0, EINVAL},
	} {
		n, err := l.Syslog(tt.action, tt.buf, tt.length)
		if n != 0 || !errors.Is(err, tt.err) {
			t.Errorf("Syslog(%d, len %d) = %d, %v; want %v", tt.action, tt.length, n, err, tt.err)
		}
	}
	// A zero length reads nothing, successfully, even with no records.
	for _, action := range []int{SyslogActionRead, SyslogActionReadAll, SyslogActionReadClear} {
		if n, err := l.Syslog(action, buf, 0); n != 0 || err != nil {
			t.Errorf("Syslog(%d, len 0) = %d, %v", action, n, err)
		}
	}
	// None of that consumed anything.
	if got := readAll(t, l); got != recA+recB+recC {
		t.Errorf("buffer = %q", got)
	}
}

func TestSyslogOpenClose(t *testing.T) {
	l := newTestLog()
	for _, action := range []int{SyslogActionOpen, SyslogActionClose} {
		if n := syslogOK(t, l, action, nil, 0); n != 0 {
			t.Errorf("Syslog(%d) = %d", action, n)
		}
	}
}

func TestSyslogRead(t *testing.T) {
	l := newTestLog()
	buf := make([]byte, 100)
	if got := syslogOK(t, l, SyslogActionSizeUnread, nil, 0); got != len(recA+recB+recC) {
		t.Errorf("SizeUnread = %d", got)
	}

	// Whole records only, unless not even the first one fits.
	n := syslogOK(t, l, SyslogActionRead, buf, len(recA)+len(recB)+3)
	if got := string(buf[:n]); got != recA+recB {
		t.Errorf("Read = %q", got)
	}
	n = syslogOK(t, l, SyslogActionRead, buf, 5)
	if got := string(buf[:n]); got != recC[:5] {
		t.Errorf("partial Read = %q", got)
	}
	if got := syslogOK(t, l, SyslogActionSizeUnread, nil, 0); got != len(recC)-5 {
		t.Errorf("SizeUnread after partial read = %d", got)
	}
	l.Infof("d")
	n = syslogOK(t, l, SyslogActionRead, buf, len(buf))
	if got := string(buf[:n]); got != recC[5:]+"<6>[    0.000001] d\n" {
		t.Errorf("Read after partial = %q", got)
	}

	// Nothing left.
	if got := syslogOK(t, l, SyslogActionSizeUnread, nil, 0); got != 0 {
		t.Errorf("SizeUnread = %d", got)
	}
	if n, err := l.Syslog(SyslogActionRead, buf, len(buf)); n != 0 || err != EAGAIN {
		t.Errorf("Read with nothing unread = %d, %v; want EAGAIN", n, err)
	}
	// Read is destructive, ReadAll is not.
	if got := readAll(t, l); got != recA+recB+recC+"<6>[    0.000001] d\n" {
		t.Errorf("ReadAll after Read = %q", got)
	}
}

func TestSyslogReadDropped(t *testing.T) {
	var ns int64
	l := New(MinBufSize, fixedClock(&ns), nil)
	buf := make([]byte, 10)
	l.Infof("%s", strings.Repeat("x", 900))
	syslogOK(t, l, SyslogActionRead, buf, 5) // partial read of record 0
	for range 5 {
		l.Infof("%s", strings.Repeat("y", 900)) // drops record 0
	}
	if l.ring.first == 0 {
		t.Fatal("record 0 not dropped")
	}
	// Reading restarts, from the beginning, at the oldest record.
	n := syslogOK(t, l, SyslogActionRead, buf, len(buf))
	if got := string(buf[:n]); got != "<6>[    0." {
		t.Errorf("Read = %q", got)
	}
}

func TestSyslogReadAll(t *testing.T) {
	l := newTestLog()
	buf := make([]byte, 100)

	// The newest records that fit.
	n := syslogOK(t, l, SyslogActionReadAll, buf, len(recB)+len(recC)+len(recA)-1)
	if got := string(buf[:n]); got != recB+recC {
		t.Errorf("ReadAll = %q", got)
	}
	if n := syslogOK(t, l, SyslogActionReadAll, buf, len(recC)-1); n != 0 {
		t.Errorf("ReadAll into a too small buffer = %q", buf[:n])
	}

	// Clear hides the records from ReadAll, not from Read.
	syslogOK(t, l, SyslogActionClear, nil, 0)
	if got := readAll(t, l); got != "" {
		t.Errorf("ReadAll after Clear = %q", got)
	}
	l.Infof("d")
	if got := readAll(t, l); got != "<6>[    0.000001] d\n" {
		t.Errorf("ReadAll after Clear and a message = %q", got)
	}
	n = syslogOK(t, l, SyslogActionRead, buf, len(buf))
	if got := string(buf[:n]); got != recA+recB+recC+"<6>[    0.000001] d\n" {
		t.Errorf("Read after Clear = %q", got)
	}
}

func TestSyslogReadClear(t *testing.T) {
	l := newTestLog()
	buf := make([]byte, 100)
	n := syslogOK(t, l, SyslogActionReadClear, buf, len(buf))
	if got := string(buf[:n]); got != recA+recB+recC {
		t.Errorf("ReadClear = %q", got)
	}
	if got := readAll(t, l); got != "" {
		t.Errorf("ReadAll after ReadClear = %q", got)
	}

	// Records that did not fit are cleared too, as in Linux.
	l.Infof("a")
	l.Infof("bb")
	n = syslogOK(t, l, SyslogActionReadClear, buf, len(recB))
	if got := string(buf[:n]); got != recB {
		t.Errorf("ReadClear = %q", got)
	}
	if got := readAll(t, l); got != "" {
		t.Errorf("ReadAll after ReadClear = %q", got)
	}
}

func TestSyslogConsole(t *testing.T) {
	var ns int64
	var console bytes.Buffer
	l := New(MinBufSize, fixedClock(&ns), &console)
	level := func(want int) {
		t.Helper()
		if got := l.ConsoleLevel(); got != want {
			t.Errorf("console level %d, want %d", got, want)
		}
	}

	syslogOK(t, l, SyslogActionConsoleOff, nil, 0)
	level(ConsoleLogLevelMin)
	if got := consoleLevels(l, &console); got != "0" {
		t.Errorf("console off printed levels %q", got)
	}
	syslogOK(t, l, SyslogActionConsoleOff, nil, 0) // keeps the first saved level
	syslogOK(t, l, SyslogActionConsoleOn, nil, 0)
	level(ConsoleLogLevelDefault)
	syslogOK(t, l, SyslogActionConsoleOn, nil, 0) // nothing saved: no change
	level(ConsoleLogLevelDefault)

	for _, n := range []int{1, 5, 8} {
		syslogOK(t, l, SyslogActionConsoleLevel, nil, n)
		level(n)
	}
	// Setting a level forgets the one saved by ConsoleOff.
	syslogOK(t, l, SyslogActionConsoleOff, nil, 0)
	syslogOK(t, l, SyslogActionConsoleLevel, nil, 3)
	syslogOK(t, l, SyslogActionConsoleOn, nil, 0)
	level(3)
	// A rejected level changes nothing.
	l.Syslog(SyslogActionConsoleLevel, nil, 9)
	level(3)
}

func TestSyslogSizeBuffer(t *testing.T) {
	var ns int64
	l := New(DefaultBufSize, fixedClock(&ns), nil)
	if got := syslogOK(t, l, SyslogActionSizeBuffer, nil, 0); got != DefaultBufSize {
		t.Errorf("SizeBuffer = %d", got)
	}
}

func TestReadable(t *testing.T) {
	var ns int64
	l := New(MinBufSize, fixedClock(&ns), nil)
	wait := l.Readable()
	select {
	case <-wait:
		t.Fatal("readable with an empty log")
	default:
	}

	done := make(chan string)
	go func() {
		buf := make([]byte, 100)
		for {
			n, err := l.Syslog(SyslogActionRead, buf, len(buf))
			if err != EAGAIN {
				done <- string(buf[:n])
				return
			}
			<-l.Readable()
		}
	}()
	time.Sleep(10 * time.Millisecond)
	l.Infof("wake up")
	select {
	case got := <-done:
		if got != "<6>[    0.000000] wake up\n" {
			t.Errorf("blocking read = %q", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("blocking read did not wake up")
	}
	<-wait // closed by the same message

	l.Infof("pending")
	select {
	case <-l.Readable():
	default:
		t.Error("not readable with a pending record")
	}
}

func TestConcurrent(t *testing.T) {
	const writers, messages = 8, 500
	var mu sync.Mutex
	var ns int64
	clock := func() int64 { mu.Lock(); defer mu.Unlock(); ns += 1000; return ns }
	var console lockedBuffer
	l := New(DefaultBufSize*4, clock, &console)

	var wg sync.WaitGroup
	var read strings.Builder
	stop := make(chan struct{})
	readerDone := make(chan struct{})
	go func() { // a dmesg reader and a level fiddler alongside
		defer close(readerDone)
		buf := make([]byte, 4096)
		for {
			n, err := l.Syslog(SyslogActionRead, buf, len(buf))
			read.Write(buf[:n])
			l.Syslog(SyslogActionSizeUnread, nil, 0)
			l.SetConsoleLevel(ConsoleLogLevelDefault)
			if err == EAGAIN {
				select {
				case <-stop:
					return
				case <-l.Readable():
				}
			}
		}
	}()
	for w := range writers {
		wg.Go(func() {
			for i := range messages {
				l.Infof("writer %d message %d", w, i)
			}
		})
	}
	wg.Wait()
	close(stop)
	<-readerDone
	buf := make([]byte, 1<<20)
	for {
		n, err := l.Syslog(SyslogActionRead, buf, len(buf))
		if err != nil {
			break
		}
		read.Write(buf[:n])
	}

	all := readAll(t, l)
	for name, s := range map[string]string{"ReadAll": all, "Read": read.String(), "console": console.String()} {
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		if len(lines) != writers*messages {
			t.Errorf("%s: %d lines, want %d", name, len(lines), writers*messages)
		}
		var prev string
		for _, line := range lines {
			ts := line[strings.Index(line, "["):strings.Index(line, "]")]
			if !strings.Contains(line, "] writer ") || ts <= prev {
				t.Fatalf("%s: bad or out of order line %q after %q", name, line, prev)
			}
			prev = ts
		}
	}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
