package linuxabi

import (
	"bytes"
	"testing"
)

// TestTermiosConsts checks the termios flags, c_cc indices and queue
// selectors against x/sys for linux/arm64.
func TestTermiosConsts(t *testing.T) {
	wantConsts(t, map[string]int64{
		"IGNBRK": IGNBRK, "BRKINT": BRKINT, "IGNPAR": IGNPAR, "PARMRK": PARMRK,
		"INPCK": INPCK, "ISTRIP": ISTRIP, "INLCR": INLCR, "IGNCR": IGNCR,
		"ICRNL": ICRNL, "IUCLC": IUCLC, "IXON": IXON, "IXANY": IXANY,
		"IXOFF": IXOFF, "IMAXBEL": IMAXBEL, "IUTF8": IUTF8,

		"OPOST": OPOST, "OLCUC": OLCUC, "ONLCR": ONLCR, "OCRNL": OCRNL,
		"ONOCR": ONOCR, "ONLRET": ONLRET, "OFILL": OFILL, "OFDEL": OFDEL,
		"NLDLY": NLDLY, "NL0": NL0, "NL1": NL1, "CRDLY": CRDLY, "CR0": CR0,
		"CR1": CR1, "CR2": CR2, "CR3": CR3, "TABDLY": TABDLY, "TAB0": TAB0,
		"TAB1": TAB1, "TAB2": TAB2, "TAB3": TAB3, "XTABS": XTABS,
		"BSDLY": BSDLY, "BS0": BS0, "BS1": BS1, "VTDLY": VTDLY, "VT0": VT0,
		"VT1": VT1, "FFDLY": FFDLY, "FF0": FF0, "FF1": FF1,

		"CBAUD": CBAUD, "CSIZE": CSIZE, "CS5": CS5, "CS6": CS6, "CS7": CS7,
		"CS8": CS8, "CSTOPB": CSTOPB, "CREAD": CREAD, "PARENB": PARENB,
		"PARODD": PARODD, "HUPCL": HUPCL, "CLOCAL": CLOCAL,
		"CBAUDEX": CBAUDEX, "BOTHER": BOTHER, "CIBAUD": CIBAUD,
		"CMSPAR": CMSPAR, "CRTSCTS": CRTSCTS, "IBSHIFT": IBSHIFT,
		"B0": B0, "B50": B50, "B75": B75, "B110": B110, "B134": B134,
		"B150": B150, "B200": B200, "B300": B300, "B600": B600,
		"B1200": B1200, "B1800": B1800, "B2400": B2400, "B4800": B4800,
		"B9600": B9600, "B19200": B19200, "B38400": B38400,
		"B57600": B57600, "B115200": B115200, "B230400": B230400,
		"B460800": B460800, "B500000": B500000, "B576000": B576000,
		"B921600": B921600, "B1000000": B1000000, "B1152000": B1152000,
		"B1500000": B1500000, "B2000000": B2000000, "B2500000": B2500000,
		"B3000000": B3000000, "B3500000": B3500000, "B4000000": B4000000,

		"ISIG": ISIG, "ICANON": ICANON, "XCASE": XCASE, "ECHO": ECHO,
		"ECHOE": ECHOE, "ECHOK": ECHOK, "ECHONL": ECHONL, "NOFLSH": NOFLSH,
		"TOSTOP": TOSTOP, "ECHOCTL": ECHOCTL, "ECHOPRT": ECHOPRT,
		"ECHOKE": ECHOKE, "FLUSHO": FLUSHO, "PENDIN": PENDIN,
		"IEXTEN": IEXTEN, "EXTPROC": EXTPROC,

		"VINTR": VINTR, "VQUIT": VQUIT, "VERASE": VERASE, "VKILL": VKILL,
		"VEOF": VEOF, "VTIME": VTIME, "VMIN": VMIN, "VSWTC": VSWTC,
		"VSTART": VSTART, "VSTOP": VSTOP, "VSUSP": VSUSP, "VEOL": VEOL,
		"VREPRINT": VREPRINT, "VDISCARD": VDISCARD, "VWERASE": VWERASE,
		"VLNEXT": VLNEXT, "VEOL2": VEOL2,

		"TCSAFLUSH": TCSAFLUSH,
		"TCIFLUSH":  TCIFLUSH, "TCOFLUSH": TCOFLUSH, "TCIOFLUSH": TCIOFLUSH,
		"TCOOFF": TCOOFF, "TCOON": TCOON, "TCIOFF": TCIOFF, "TCION": TCION,
	})
}

// TestTermiosLayout checks that Termios is the first SizeofTermios bytes
// of x/sys's Termios (which is struct termios2, with the speeds after
// c_cc) and Winsize is x/sys's Winsize.
func TestTermiosLayout(t *testing.T) {
	x := loadXsys(t)
	size, off := x.Struct(t, "Termios")
	if size != SizeofTermios+8 || off["Ispeed"] != SizeofTermios {
		t.Errorf("x/sys Termios: size %d, Ispeed at %d; want %d, %d", size, off["Ispeed"], SizeofTermios+8, SizeofTermios)
	}
	for name, want := range map[string]int64{"Iflag": 0, "Oflag": 4, "Cflag": 8, "Lflag": 12, "Line": 16, "Cc": 17} {
		if off[name] != want {
			t.Errorf("x/sys Termios.%s at %d, Marshal puts it at %d", name, off[name], want)
		}
	}
	size, off = x.Struct(t, "Winsize")
	if size != SizeofWinsize {
		t.Errorf("x/sys Winsize is %d bytes, want %d", size, SizeofWinsize)
	}
	for name, want := range map[string]int64{"Row": 0, "Col": 2, "Xpixel": 4, "Ypixel": 6} {
		if off[name] != want {
			t.Errorf("x/sys Winsize.%s at %d, Marshal puts it at %d", name, off[name], want)
		}
	}
}

func TestTermiosMarshal(t *testing.T) {
	tm := Termios{Iflag: 0x04030201, Oflag: 0x08070605, Cflag: 0x0c0b0a09, Lflag: 0x100f0e0d, Line: 0x11}
	for i := range tm.Cc {
		tm.Cc[i] = byte(0x12 + i)
	}
	b := tm.Marshal()
	want := make([]byte, SizeofTermios)
	for i := range want {
		want[i] = byte(i + 1)
	}
	if !bytes.Equal(b, want) {
		t.Fatalf("Marshal = % x, want % x", b, want)
	}
	var back Termios
	if err := back.Unmarshal(append(b, 0xee, 0xee)); err != nil || back != tm {
		t.Errorf("Unmarshal = %+v, %v; want %+v", back, err, tm)
	}
	if err := back.Unmarshal(b[:SizeofTermios-1]); err != EINVAL {
		t.Errorf("short Unmarshal: %v, want EINVAL", err)
	}
}

func TestWinsizeMarshal(t *testing.T) {
	w := Winsize{Row: 0x0201, Col: 0x0403, Xpixel: 0x0605, Ypixel: 0x0807}
	b := w.Marshal()
	if want := []byte{1, 2, 3, 4, 5, 6, 7, 8}; !bytes.Equal(b, want) {
		t.Fatalf("Marshal = % x, want % x", b, want)
	}
	var back Winsize
	if err := back.Unmarshal(b); err != nil || back != w {
		t.Errorf("Unmarshal = %+v, %v; want %+v", back, err, w)
	}
	if err := back.Unmarshal(b[:7]); err != EINVAL {
		t.Errorf("short Unmarshal: %v, want EINVAL", err)
	}
}
