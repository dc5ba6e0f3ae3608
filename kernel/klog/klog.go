// Package klog is the kernel log: printk, the log buffer and syslog(2).
//
// It follows kernel/printk/printk.c. Every message is stored, with its
// level and the time since boot, in a ring buffer of fixed size that drops
// the oldest messages when full; messages whose level is below the console
// log level are also written to the console, formatted as Linux does with
// CONFIG_PRINTK_TIME:
//
//	[    0.000123] Booting ...
//
// Syslog implements the syslog(2) actions over the buffer.
//
// A Log is safe for concurrent use. It starts no goroutines, so it can be
// used from the earliest stages of boot.
package klog

import (
	"fmt"
	"io"
	"sync"
)

// Buffer sizes.
const (
	// DefaultBufSize is the default CONFIG_LOG_BUF_SHIFT=17.
	DefaultBufSize = 1 << 17
	// MinBufSize is the smallest CONFIG_LOG_BUF_SHIFT, 12.
	MinBufSize = 1 << 12
)

// lineMax is LOG_LINE_MAX, 1024 - PREFIX_MAX (kernel/printk/printk.c):
// longer messages are truncated.
const lineMax = 1024 - 32

// Log is a kernel log.
type Log struct {
	mu      sync.Mutex
	clock   func() int64
	console io.Writer
	ring    ring

	consoleLevel      int
	savedConsoleLevel int // for SyslogActionConsoleOff/On; LogLevelDefault if none

	syslogSeq     uint64 // next record for SyslogActionRead
	syslogPartial int    // bytes of that record already read
	clearSeq      uint64 // first record for SyslogActionReadAll

	readable chan struct{} // closed when a record is stored; nil if nobody waits

	line []byte // scratch for formatting records
}

// New returns a log with a buffer of bufSize bytes. clock returns the
// time since boot in nanoseconds. console receives the messages to be
// shown, one Write per record, with l locked (so records are never
// interleaved); it may be nil. Neither clock nor console may log to l.
// New panics if bufSize is less than MinBufSize.
func New(bufSize int, clock func() int64, console io.Writer) *Log {
	if bufSize < MinBufSize {
		panic("klog: buffer smaller than MinBufSize")
	}
	return &Log{
		clock:             clock,
		console:           console,
		ring:              ring{buf: make([]byte, bufSize), text: make([]byte, lineMax)},
		consoleLevel:      ConsoleLogLevelDefault,
		savedConsoleLevel: LogLevelDefault,
	}
}

// SetConsoleLevel sets the console log level: messages with a level
// below n are written to the console. The loglevel=, quiet and debug
// parameters and the kernel.printk sysctl set it.
func (l *Log) SetConsoleLevel(n int) {
	l.mu.Lock()
	l.consoleLevel = n
	l.mu.Unlock()
}

// ConsoleLevel returns the console log level.
func (l *Log) ConsoleLevel() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.consoleLevel
}

// Printf logs a message, formatted by fmt.Sprintf, at level (KernEmerg to
// KernDebug, or LogLevelDefault). As in printk, a leading KERN_<LEVEL>
// prefix (KernSOH and a digit) sets the level when level is
// LogLevelDefault and is removed in any case, the text is truncated to
// LOG_LINE_MAX (992) bytes, one trailing newline is dropped, and embedded
// newlines split the message into lines that each get the prefix.
func (l *Log) Printf(level int, format string, args ...any) {
	var buf [256]byte
	l.store(level, fmt.Appendf(buf[:0], format, args...))
}

// Emergf logs at KernEmerg.
func (l *Log) Emergf(format string, args ...any) { l.Printf(KernEmerg, format, args...) }

// Errf logs at KernErr.
func (l *Log) Errf(format string, args ...any) { l.Printf(KernErr, format, args...) }

// Warnf logs at KernWarning.
func (l *Log) Warnf(format string, args ...any) { l.Printf(KernWarning, format, args...) }

// Noticef logs at KernNotice.
func (l *Log) Noticef(format string, args ...any) { l.Printf(KernNotice, format, args...) }

// Infof logs at KernInfo.
func (l *Log) Infof(format string, args ...any) { l.Printf(KernInfo, format, args...) }

// Debugf logs at KernDebug.
func (l *Log) Debugf(format string, args ...any) { l.Printf(KernDebug, format, args...) }

// store is vprintk_store followed by console output.
func (l *Log) store(level int, msg []byte) {
	msg, level = parsePrefix(msg, level)
	if level == LogLevelDefault {
		level = MessageLogLevelDefault
	}
	// printk_info.level is a 3-bit field.
	level &= 7
	msg = msg[:min(len(msg), lineMax)]
	if n := len(msg); n > 0 && msg[n-1] == '\n' {
		msg = msg[:n-1]
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	ts := max(l.clock(), 0)
	l.ring.push(ts, uint8(level), msg)
	if l.readable != nil {
		close(l.readable)
		l.readable = nil
	}
	// suppress_message_printing(): shown only below the console level.
	if l.console != nil && level < l.consoleLevel {
		l.line = appendRecord(l.line[:0], false, &record{ts: ts, level: uint8(level), text: msg})
		l.console.Write(l.line)
	}
}
