package tty

import "github.com/tamix/tamix/linuxabi"

// StdTermios returns tty_std_termios (drivers/tty/tty_io.c) with
// INIT_C_CC (include/linux/tty.h): what a terminal starts with. Its speed,
// B38400, is the generic baseline; a serial console reports what
// serial_core's uart_set_options gives it, ConsoleCflag.
func StdTermios() linuxabi.Termios { return stdTermios }

var stdTermios = linuxabi.Termios{
	Iflag: linuxabi.ICRNL | linuxabi.IXON,
	Oflag: linuxabi.OPOST | linuxabi.ONLCR,
	Cflag: linuxabi.B38400 | linuxabi.CS8 | linuxabi.CREAD | linuxabi.HUPCL,
	Lflag: linuxabi.ISIG | linuxabi.ICANON | linuxabi.ECHO | linuxabi.ECHOE |
		linuxabi.ECHOK | linuxabi.ECHOCTL | linuxabi.ECHOKE | linuxabi.IEXTEN,
	Cc: [linuxabi.NCCS]uint8{
		linuxabi.VINTR:    'C' & 0x1f,
		linuxabi.VQUIT:    '\\' & 0x1f,
		linuxabi.VERASE:   0x7f,
		linuxabi.VKILL:    'U' & 0x1f,
		linuxabi.VEOF:     'D' & 0x1f,
		linuxabi.VMIN:     1,
		linuxabi.VSTART:   'Q' & 0x1f,
		linuxabi.VSTOP:    'S' & 0x1f,
		linuxabi.VSUSP:    'Z' & 0x1f,
		linuxabi.VREPRINT: 'R' & 0x1f,
		linuxabi.VDISCARD: 'O' & 0x1f,
		linuxabi.VWERASE:  'W' & 0x1f,
		linuxabi.VLNEXT:   'V' & 0x1f,
	},
}

// ConsoleCflag is c_cflag of a serial console opened with
// console=ttyAMA0,115200 (uart_set_options in
// drivers/tty/serial/serial_core.c: the speed, CS8, and CREAD|HUPCL|CLOCAL),
// which `stty -a` on Linux shows as "speed 115200 baud; … cs8 … hupcl
// … clocal cread". The console driver sets it with SetTermios after New.
const ConsoleCflag = linuxabi.B115200 | linuxabi.CS8 | linuxabi.CREAD | linuxabi.HUPCL | linuxabi.CLOCAL

// disabledChar is __DISABLED_CHAR: a c_cc entry of 0 is switched off, and
// n_tty stores it in the read buffer to mark an end-of-file push.
const disabledChar = 0

// setLdiscTermios brings the line discipline's state in line with a new
// termios; old is the termios before, nil when the terminal opens
// (n_tty_set_termios). Switching ICANON on or off re-frames the unread
// input: entering canonical mode makes what is there one line (as the
// kernel's "push"), leaving it makes everything readable at once.
func (t *TTY) setLdiscTermios(old *linuxabi.Termios) {
	if old == nil || (old.Lflag^t.termios.Lflag)&linuxabi.ICANON != 0 {
		t.readFlags = [bufSize]bool{}
		if !t.lflag(linuxabi.ICANON) || t.readHead == t.readTail {
			t.canonHead = t.readTail
		} else {
			t.readFlags[(t.readHead-1)%bufSize] = true
			t.canonHead = t.readHead
		}
		t.commitHead = t.readHead
		t.erasing = false
		t.lnext = false
	}
	t.icanon = t.lflag(linuxabi.ICANON)

	// Without any of these flags input is "raw" (n_tty_receive_buf_raw):
	// no character is special.
	t.charMap = [256]bool{}
	if t.iflag(linuxabi.ISTRIP|linuxabi.IUCLC|linuxabi.IGNCR|linuxabi.ICRNL|linuxabi.INLCR|linuxabi.IXON|linuxabi.PARMRK) ||
		t.lflag(linuxabi.ICANON|linuxabi.ISIG|linuxabi.ECHO) {
		set := func(c byte) { t.charMap[c] = true }
		if t.iflag(linuxabi.IGNCR | linuxabi.ICRNL) {
			set('\r')
		}
		if t.iflag(linuxabi.INLCR) {
			set('\n')
		}
		if t.lflag(linuxabi.ICANON) {
			set(t.cc(linuxabi.VERASE))
			set(t.cc(linuxabi.VKILL))
			set(t.cc(linuxabi.VEOF))
			set('\n')
			set(t.cc(linuxabi.VEOL))
			if t.lflag(linuxabi.IEXTEN) {
				set(t.cc(linuxabi.VWERASE))
				set(t.cc(linuxabi.VLNEXT))
				set(t.cc(linuxabi.VEOL2))
				if t.lflag(linuxabi.ECHO) {
					set(t.cc(linuxabi.VREPRINT))
				}
			}
		}
		if t.iflag(linuxabi.IXON) {
			set(t.cc(linuxabi.VSTART))
			set(t.cc(linuxabi.VSTOP))
		}
		if t.lflag(linuxabi.ISIG) {
			set(t.cc(linuxabi.VINTR))
			set(t.cc(linuxabi.VQUIT))
			set(t.cc(linuxabi.VSUSP))
		}
		t.charMap[disabledChar] = false
	}

	// Output stopped by STOP would stay stopped once IXON is off.
	if old != nil && old.Iflag&linuxabi.IXON != 0 && !t.iflag(linuxabi.IXON) && !t.tcoStopped {
		t.startTTY()
		t.processEchoes()
	}
	t.wake()
}

// Flag tests, as n_tty.c's I_*/O_*/L_* macros: whether any of f is set.
func (t *TTY) iflag(f uint32) bool { return t.termios.Iflag&f != 0 }
func (t *TTY) oflag(f uint32) bool { return t.termios.Oflag&f != 0 }
func (t *TTY) lflag(f uint32) bool { return t.termios.Lflag&f != 0 }

// cc returns the control character at index i.
func (t *TTY) cc(i int) byte { return t.termios.Cc[i] }

// iscntrl and isalnum are the kernel's (lib/ctype.c, Latin-1): 0x80–0x9f
// are not control characters, and À–ÿ except × and ÷ are letters.
func iscntrl(c byte) bool { return c < 0x20 || c == 0x7f }

func isalnum(c byte) bool {
	switch {
	case c >= '0' && c <= '9', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		return true
	case c >= 0xc0:
		return c != 0xd7 && c != 0xf7
	}
	return false
}

// isupper and islower are lib/ctype.c's _U and _L classes (Latin-1).
func isupper(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 0xc0 && c <= 0xde && c != 0xd7
}

func islower(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 0xdf && c != 0xf7
}

// tolower and toupper convert between them by 0x20 (include/linux/ctype.h),
// so toupper takes ß to ¿ and ÿ to ß, as the kernel's does.
func tolower(c byte) byte {
	if isupper(c) {
		return c + 0x20
	}
	return c
}

func toupper(c byte) byte {
	if islower(c) {
		return c - 0x20
	}
	return c
}

// isContinuation reports whether c is a UTF-8 continuation byte on a
// terminal in IUTF8 mode (n_tty.c is_continuation): such bytes take no
// column and are erased with the character they continue.
func (t *TTY) isContinuation(c byte) bool {
	return t.iflag(linuxabi.IUTF8) && c&0xc0 == 0x80
}
