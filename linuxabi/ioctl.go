package linuxabi

// tty and generic file ioctl numbers (include/uapi/asm-generic/ioctls.h,
// which arm64 uses unchanged).
const (
	TCGETS     = 0x5401
	TCSETS     = 0x5402
	TCSETSW    = 0x5403
	TCSETSF    = 0x5404
	TCSBRK     = 0x5409
	TCXONC     = 0x540a
	TCFLSH     = 0x540b
	TIOCEXCL   = 0x540c
	TIOCNXCL   = 0x540d
	TIOCSCTTY  = 0x540e
	TIOCGPGRP  = 0x540f
	TIOCSPGRP  = 0x5410
	TIOCOUTQ   = 0x5411
	TIOCSTI    = 0x5412
	TIOCGWINSZ = 0x5413
	TIOCSWINSZ = 0x5414
	FIONREAD   = 0x541b
	TIOCINQ    = FIONREAD
	TIOCNOTTY  = 0x5422
	TIOCSETD   = 0x5423
	TIOCGETD   = 0x5424
	TIOCGPTN   = 0x80045430
	TIOCSPTLCK = 0x40045431
	TIOCGSID   = 0x5429
	FIONBIO    = 0x5421
	FIONCLEX   = 0x5450
	FIOCLEX    = 0x5451
	FIOASYNC   = 0x5452
)

// Pseudo-terminal master ioctls (include/uapi/asm-generic/ioctls.h).
const (
	TIOCPKT     = 0x5420
	TIOCGPTLCK  = 0x80045439
	TIOCGPTPEER = 0x5441
)
