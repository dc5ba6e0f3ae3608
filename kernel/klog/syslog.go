package klog

// syslog(2) actions, include/linux/syslog.h.
const (
	SyslogActionClose        = 0  // close the log; does nothing
	SyslogActionOpen         = 1  // open the log; does nothing
	SyslogActionRead         = 2  // destructive read of unread records
	SyslogActionReadAll      = 3  // read the newest records that fit
	SyslogActionReadClear    = 4  // read the newest records, then clear
	SyslogActionClear        = 5  // clear the records ReadAll returns
	SyslogActionConsoleOff   = 6  // show only KernEmerg on the console
	SyslogActionConsoleOn    = 7  // undo SyslogActionConsoleOff
	SyslogActionConsoleLevel = 8  // set the console log level to length
	SyslogActionSizeUnread   = 9  // bytes SyslogActionRead would return
	SyslogActionSizeBuffer   = 10 // size of the log buffer
)

// closed is a channel that is always closed.
var closed = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// Syslog performs a syslog(2) action as kernel/printk/printk.c
// do_syslog() does; see syslog(2). buf is the caller's buffer, nil for a
// NULL pointer, and length the syscall's len argument: the size to read
// for the read actions (EFAULT if buf is shorter, as if access_ok failed),
// and the new level for SyslogActionConsoleLevel. Records read out are
// formatted "<level>[    0.000123] text\n".
//
// Permission checks (dmesg_restrict, CAP_SYSLOG) are the caller's.
//
// Unlike Linux, SyslogActionRead does not block when there is nothing to
// read: it fails with EAGAIN, and a blocking caller waits for Readable
// and tries again.
func (l *Log) Syslog(action int, buf []byte, length int) (int, error) {
	switch action {
	case SyslogActionRead, SyslogActionReadAll, SyslogActionReadClear:
		if buf == nil || length < 0 {
			return 0, EINVAL
		}
		if length == 0 {
			return 0, nil
		}
		if length > len(buf) {
			return 0, EFAULT // access_ok() fails
		}
		buf = buf[:length]
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	switch action {
	case SyslogActionClose, SyslogActionOpen:
		return 0, nil
	case SyslogActionRead:
		return l.syslogRead(buf)
	case SyslogActionReadAll, SyslogActionReadClear:
		return l.syslogReadAll(buf, action == SyslogActionReadClear), nil
	case SyslogActionClear:
		l.clearSeq = l.ring.next
		return 0, nil
	case SyslogActionConsoleOff:
		if l.savedConsoleLevel == LogLevelDefault {
			l.savedConsoleLevel = l.consoleLevel
		}
		l.consoleLevel = ConsoleLogLevelMin
		return 0, nil
	case SyslogActionConsoleOn:
		if l.savedConsoleLevel != LogLevelDefault {
			l.consoleLevel = l.savedConsoleLevel
			l.savedConsoleLevel = LogLevelDefault
		}
		return 0, nil
	case SyslogActionConsoleLevel:
		if length < 1 || length > 8 {
			return 0, EINVAL
		}
		// Linux raises it to minimum_console_loglevel, which is
		// ConsoleLogLevelMin here, so 1..8 stand as they are.
		l.consoleLevel = length
		// Implicitly re-enable logging to the console.
		l.savedConsoleLevel = LogLevelDefault
		return 0, nil
	case SyslogActionSizeUnread:
		return l.sizeUnread(), nil
	case SyslogActionSizeBuffer:
		return len(l.ring.buf), nil
	}
	return 0, EINVAL
}

// Readable returns a channel that is closed once SyslogActionRead has
// something to return; it is closed already if that is the case now.
func (l *Log) Readable() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.syncSyslogSeq()
	if l.syslogSeq < l.ring.next {
		return closed
	}
	if l.readable == nil {
		l.readable = make(chan struct{})
	}
	return l.readable
}

// syncSyslogSeq moves the SyslogActionRead position to the oldest record
// if its record has been dropped.
func (l *Log) syncSyslogSeq() {
	if l.syslogSeq < l.ring.first {
		l.syslogSeq = l.ring.first
		l.syslogPartial = 0
	}
}

// syslogRead is syslog_print(): copy the unread records that fit into
// buf and consume them. When not even the first record fits, as much of
// it as fits is returned and the rest is left for the next read.
func (l *Log) syslogRead(buf []byte) (int, error) {
	l.syncSyslogSeq()
	c := l.ring.seek(l.syslogSeq)
	if !c.valid() {
		return 0, EAGAIN
	}
	n := 0
	for ; c.valid() && n < len(buf); c.skip() {
		r := c.read()
		l.line = appendRecord(l.line[:0], true, &r)
		text := l.line[l.syslogPartial:]
		if len(text) > len(buf)-n {
			if n > 0 {
				break
			}
			// Partial read; remember the position.
			l.syslogPartial += copy(buf, text)
			return len(buf), nil
		}
		n += copy(buf[n:], text)
		l.syslogSeq = r.seq + 1
		l.syslogPartial = 0
	}
	return n, nil
}

// syslogReadAll is syslog_print_all(): copy the newest records since the
// last clear that fit into buf, oldest first, without consuming them;
// with clear, then clear all records.
func (l *Log) syslogReadAll(buf []byte, clear bool) int {
	// find_first_fitting_seq(): skip old records until the rest fits.
	total := 0
	for c := l.ring.seek(l.clearSeq); c.valid(); c.skip() {
		r := c.read()
		total += recordSize(true, &r)
	}
	c := l.ring.seek(l.clearSeq)
	for ; c.valid() && total > len(buf); c.skip() {
		r := c.read()
		total -= recordSize(true, &r)
	}
	n := 0
	for ; c.valid(); c.skip() {
		r := c.read()
		l.line = appendRecord(l.line[:0], true, &r)
		n += copy(buf[n:], l.line)
	}
	if clear {
		l.clearSeq = l.ring.next
	}
	return n
}

// sizeUnread is SYSLOG_ACTION_SIZE_UNREAD: the bytes SyslogActionRead
// would return given a large enough buffer.
func (l *Log) sizeUnread() int {
	l.syncSyslogSeq()
	n := -l.syslogPartial
	c := l.ring.seek(l.syslogSeq)
	if !c.valid() {
		return 0
	}
	for ; c.valid(); c.skip() {
		r := c.read()
		n += recordSize(true, &r)
	}
	return n
}
