package linuxabi

import "encoding/binary"

// NCCS is the number of control characters in struct termios
// (include/uapi/asm-generic/termbits.h).
const NCCS = 19

// Termios is struct termios as the TCGETS and TCSETS* ioctls copy it on
// arm64 (include/uapi/asm-generic/termbits.h): four flag words, the line
// discipline and NCCS control characters, 36 bytes with no padding. The
// speeds live only in struct termios2 (TCGETS2); on arm64 they are
// encoded in c_cflag's CBAUD bits for TCGETS. (x/sys/unix.Termios is
// termios2's layout; its first 36 bytes are this struct.)
type Termios struct {
	Iflag uint32
	Oflag uint32
	Cflag uint32
	Lflag uint32
	Line  uint8
	Cc    [NCCS]uint8
}

// SizeofTermios is sizeof(struct termios).
const SizeofTermios = 36

// Marshal returns t as the SizeofTermios bytes user memory holds
// (little-endian).
func (t *Termios) Marshal() []byte {
	b := make([]byte, SizeofTermios)
	binary.LittleEndian.PutUint32(b[0:], t.Iflag)
	binary.LittleEndian.PutUint32(b[4:], t.Oflag)
	binary.LittleEndian.PutUint32(b[8:], t.Cflag)
	binary.LittleEndian.PutUint32(b[12:], t.Lflag)
	b[16] = t.Line
	copy(b[17:], t.Cc[:])
	return b
}

// Unmarshal sets t from the first SizeofTermios bytes of b, or returns
// EINVAL if b is shorter.
func (t *Termios) Unmarshal(b []byte) error {
	if len(b) < SizeofTermios {
		return EINVAL
	}
	t.Iflag = binary.LittleEndian.Uint32(b[0:])
	t.Oflag = binary.LittleEndian.Uint32(b[4:])
	t.Cflag = binary.LittleEndian.Uint32(b[8:])
	t.Lflag = binary.LittleEndian.Uint32(b[12:])
	t.Line = b[16]
	copy(t.Cc[:], b[17:SizeofTermios])
	return nil
}

// Winsize is struct winsize (include/uapi/asm-generic/termios.h), which
// TIOCGWINSZ and TIOCSWINSZ copy.
type Winsize struct {
	Row    uint16
	Col    uint16
	Xpixel uint16
	Ypixel uint16
}

// SizeofWinsize is sizeof(struct winsize).
const SizeofWinsize = 8

// Marshal returns w as the SizeofWinsize bytes user memory holds.
func (w *Winsize) Marshal() []byte {
	b := make([]byte, SizeofWinsize)
	binary.LittleEndian.PutUint16(b[0:], w.Row)
	binary.LittleEndian.PutUint16(b[2:], w.Col)
	binary.LittleEndian.PutUint16(b[4:], w.Xpixel)
	binary.LittleEndian.PutUint16(b[6:], w.Ypixel)
	return b
}

// Unmarshal sets w from the first SizeofWinsize bytes of b, or returns
// EINVAL if b is shorter.
func (w *Winsize) Unmarshal(b []byte) error {
	if len(b) < SizeofWinsize {
		return EINVAL
	}
	w.Row = binary.LittleEndian.Uint16(b[0:])
	w.Col = binary.LittleEndian.Uint16(b[2:])
	w.Xpixel = binary.LittleEndian.Uint16(b[4:])
	w.Ypixel = binary.LittleEndian.Uint16(b[6:])
	return nil
}

// c_cc indices (include/uapi/asm-generic/termbits.h).
const (
	VINTR    = 0
	VQUIT    = 1
	VERASE   = 2
	VKILL    = 3
	VEOF     = 4
	VTIME    = 5
	VMIN     = 6
	VSWTC    = 7
	VSTART   = 8
	VSTOP    = 9
	VSUSP    = 10
	VEOL     = 11
	VREPRINT = 12
	VDISCARD = 13
	VWERASE  = 14
	VLNEXT   = 15
	VEOL2    = 16
)

// c_iflag bits (termbits-common.h, termbits.h).
const (
	IGNBRK  = 0x001
	BRKINT  = 0x002
	IGNPAR  = 0x004
	PARMRK  = 0x008
	INPCK   = 0x010
	ISTRIP  = 0x020
	INLCR   = 0x040
	IGNCR   = 0x080
	ICRNL   = 0x100
	IUCLC   = 0x200
	IXON    = 0x400
	IXANY   = 0x800
	IXOFF   = 0x1000
	IMAXBEL = 0x2000
	IUTF8   = 0x4000
)

// c_oflag bits.
const (
	OPOST  = 0x01
	OLCUC  = 0x02
	ONLCR  = 0x04
	OCRNL  = 0x08
	ONOCR  = 0x10
	ONLRET = 0x20
	OFILL  = 0x40
	OFDEL  = 0x80
	NLDLY  = 0x100
	NL0    = 0x000
	NL1    = 0x100
	CRDLY  = 0x600
	CR0    = 0x000
	CR1    = 0x200
	CR2    = 0x400
	CR3    = 0x600
	TABDLY = 0x1800
	TAB0   = 0x0000
	TAB1   = 0x0800
	TAB2   = 0x1000
	TAB3   = 0x1800
	XTABS  = 0x1800
	BSDLY  = 0x2000
	BS0    = 0x0000
	BS1    = 0x2000
	VTDLY  = 0x4000
	VT0    = 0x0000
	VT1    = 0x4000
	FFDLY  = 0x8000
	FF0    = 0x0000
	FF1    = 0x8000
)

// c_cflag bits and the CBAUD speed codes.
const (
	CBAUD    = 0x0000100f
	CSIZE    = 0x00000030
	CS5      = 0x00000000
	CS6      = 0x00000010
	CS7      = 0x00000020
	CS8      = 0x00000030
	CSTOPB   = 0x00000040
	CREAD    = 0x00000080
	PARENB   = 0x00000100
	PARODD   = 0x00000200
	HUPCL    = 0x00000400
	CLOCAL   = 0x00000800
	CBAUDEX  = 0x00001000
	BOTHER   = 0x00001000
	CIBAUD   = 0x100f0000
	ADDRB    = 0x20000000
	CMSPAR   = 0x40000000
	CRTSCTS  = 0x80000000
	IBSHIFT  = 16
	B0       = 0x00000000
	B50      = 0x00000001
	B75      = 0x00000002
	B110     = 0x00000003
	B134     = 0x00000004
	B150     = 0x00000005
	B200     = 0x00000006
	B300     = 0x00000007
	B600     = 0x00000008
	B1200    = 0x00000009
	B1800    = 0x0000000a
	B2400    = 0x0000000b
	B4800    = 0x0000000c
	B9600    = 0x0000000d
	B19200   = 0x0000000e
	B38400   = 0x0000000f
	B57600   = 0x00001001
	B115200  = 0x00001002
	B230400  = 0x00001003
	B460800  = 0x00001004
	B500000  = 0x00001005
	B576000  = 0x00001006
	B921600  = 0x00001007
	B1000000 = 0x00001008
	B1152000 = 0x00001009
	B1500000 = 0x0000100a
	B2000000 = 0x0000100b
	B2500000 = 0x0000100c
	B3000000 = 0x0000100d
	B3500000 = 0x0000100e
	B4000000 = 0x0000100f
)

// c_lflag bits.
const (
	ISIG    = 0x00001
	ICANON  = 0x00002
	XCASE   = 0x00004
	ECHO    = 0x00008
	ECHOE   = 0x00010
	ECHOK   = 0x00020
	ECHONL  = 0x00040
	NOFLSH  = 0x00080
	TOSTOP  = 0x00100
	ECHOCTL = 0x00200
	ECHOPRT = 0x00400
	ECHOKE  = 0x00800
	FLUSHO  = 0x01000
	PENDIN  = 0x04000
	IEXTEN  = 0x08000
	EXTPROC = 0x10000
)

// tcsetattr's optional actions, TCFLSH's queue selectors and TCXONC's
// actions (termbits.h, termbits-common.h).
const (
	TCSANOW   = 0
	TCSADRAIN = 1
	TCSAFLUSH = 2

	TCIFLUSH  = 0
	TCOFLUSH  = 1
	TCIOFLUSH = 2

	TCOOFF = 0
	TCOON  = 1
	TCIOFF = 2
	TCION  = 3
)
