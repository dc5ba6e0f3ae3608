package task

import (
	"github.com/tamix/tamix/kernel/tty"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// ttyFile is an open terminal: /dev/console, /dev/ttyAMA0, /dev/tty.
type ttyFile struct {
	vfsFile
	tty *tty.TTY
}

// Terminal device numbers (Documentation/admin-guide/devices.txt).
const (
	ttyMajor     = 5   // 5,0 /dev/tty; 5,1 /dev/console
	amaMajor     = 204 // 204,64 /dev/ttyAMA0
	amaMinorBase = 64
)

// consoleDevice is the terminal as the VFS sees its device nodes; opens
// through the system calls get a ttyFile instead, whose reads can be
// interrupted by signals.
type consoleDevice struct{ tty *tty.TTY }

func (d consoleDevice) Read(f *vfs.File, p []byte, _ int64) (int, error) {
	return d.tty.Read(p, f.Flags()&linuxabi.O_NONBLOCK != 0, nil)
}

func (d consoleDevice) Write(f *vfs.File, p []byte, _ int64) (int, error) {
	return d.tty.Write(p, f.Flags()&linuxabi.O_NONBLOCK != 0, nil)
}

func (d consoleDevice) Ioctl(*vfs.File, uint32, uint64) (uint64, error) { return 0, linuxabi.ENOTTY }
func (d consoleDevice) Poll(*vfs.File) uint32                           { return d.tty.Poll() }

// registerConsole makes /dev/tty, /dev/console and /dev/ttyAMA0 open the
// console terminal.
func registerConsole(t *tty.TTY) error {
	for _, n := range [][2]uint32{{ttyMajor, 0}, {ttyMajor, 1}, {amaMajor, amaMinorBase}} {
		if err := vfs.RegisterCharDevice(n[0], n[1], consoleDevice{t}); err != nil {
			return err
		}
	}
	return nil
}

// ttyFileFor returns the terminal file for f if it is open on one of
// the console's device nodes.
func (k *Kernel) ttyFileFor(t *Task, f *vfs.File) File {
	st := f.Inode().Stat()
	if st.Mode&linuxabi.S_IFMT != linuxabi.S_IFCHR || k.console == nil {
		return nil
	}
	maj, min := vfs.Major(st.Rdev), vfs.Minor(st.Rdev)
	if maj == ttyMajor && (min == 0 || min == 1) || maj == amaMajor && min == amaMinorBase {
		return &ttyFile{vfsFile{f}, k.console}
	}
	return nil
}

func (f *ttyFile) Read(t *Task, p []byte) (int, error) {
	if err := t.ttyCheck(f.tty, linuxabi.SIGTTIN); err != nil { // n_tty_read's job_control
		return 0, err
	}
	return f.tty.Read(p, nonblock(f), t.interrupt())
}

func (f *ttyFile) Write(t *Task, p []byte) (int, error) {
	if tm := f.tty.Termios(); tm.Lflag&linuxabi.TOSTOP != 0 { // n_tty_write
		if err := t.ttyCheck(f.tty, linuxabi.SIGTTOU); err != nil {
			return 0, err
		}
	}
	return f.tty.Write(p, nonblock(f), t.interrupt())
}

func (f *ttyFile) Pread([]byte, int64) (int, error)  { return 0, linuxabi.ESPIPE }
func (f *ttyFile) Pwrite([]byte, int64) (int, error) { return 0, linuxabi.ESPIPE }
func (f *ttyFile) Seek(int64, int) (int64, error)    { return 0, linuxabi.ESPIPE }

func (f *ttyFile) Poll() uint32 { return f.tty.Poll() }

func (f *ttyFile) Changed() <-chan struct{} { return f.tty.Changed() }

// Ioctl implements the terminal ioctls (tty_ioctl(4), drivers/tty/tty_io.c
// and tty_ioctl.c).
func (f *ttyFile) Ioctl(t *Task, cmd uint32, arg uint64) (uint64, error) {
	tt := f.tty
	switch cmd {
	case linuxabi.TCSETS, linuxabi.TCSETSW, linuxabi.TCSETSF, linuxabi.TCFLSH, linuxabi.TCXONC, linuxabi.TCSBRK:
		// Changing the terminal from the background (tty_check_change).
		if err := t.ttyCheck(tt, linuxabi.SIGTTOU); err != nil {
			return 0, err
		}
	case linuxabi.TIOCSPGRP:
		switch err := t.ttyCheck(tt, linuxabi.SIGTTOU); err {
		case nil:
		case linuxabi.EIO:
			return 0, linuxabi.ENOTTY // tiocspgrp
		default:
			return 0, err
		}
	}
	switch cmd {
	case linuxabi.TCGETS:
		tm := tt.Termios()
		return 0, t.copyOut(arg, tm.Marshal())
	case linuxabi.TCSETS, linuxabi.TCSETSW, linuxabi.TCSETSF:
		var b [linuxabi.SizeofTermios]byte
		if err := t.copyIn(arg, b[:]); err != nil {
			return 0, err
		}
		var tm linuxabi.Termios
		if err := tm.Unmarshal(b[:]); err != nil {
			return 0, err
		}
		return 0, interrupted(tt.SetTermios(&tm, int(cmd-linuxabi.TCSETS), t.interrupt()))
	case linuxabi.TIOCGWINSZ:
		ws := tt.Winsize()
		return 0, t.copyOut(arg, ws.Marshal())
	case linuxabi.TIOCSWINSZ:
		var b [linuxabi.SizeofWinsize]byte
		if err := t.copyIn(arg, b[:]); err != nil {
			return 0, err
		}
		var ws linuxabi.Winsize
		if err := ws.Unmarshal(b[:]); err != nil {
			return 0, err
		}
		tt.SetWinsize(ws)
		return 0, nil
	case linuxabi.TIOCGPGRP:
		return 0, t.writeU32(arg, uint32(tt.Pgrp()))
	case linuxabi.TIOCSPGRP:
		pgrp, err := t.readU32(arg)
		if err != nil {
			return 0, err
		}
		if int32(pgrp) < 0 {
			return 0, linuxabi.EINVAL
		}
		if !t.k.pgrpInSession(int(pgrp), t.p) {
			return 0, linuxabi.EPERM
		}
		tt.SetPgrp(int(pgrp))
		return 0, nil
	case linuxabi.TIOCGSID:
		return 0, t.writeU32(arg, uint32(tt.Session()))
	case linuxabi.TIOCSCTTY:
		return 0, t.tiocsctty(tt, f.Flags(), arg == 1)
	case linuxabi.TIOCNOTTY:
		return 0, t.tiocnotty(tt)
	case linuxabi.FIONREAD:
		return 0, t.writeU32(arg, uint32(tt.InputAvailable()))
	case linuxabi.TCFLSH:
		return 0, tt.Flush(int(arg))
	case linuxabi.TCXONC:
		return 0, tt.Flow(int(arg))
	case linuxabi.TCSBRK:
		return 0, interrupted(tt.Drain(t.interrupt()))
	}
	return 0, linuxabi.ENOTTY
}

// pgrpInSession reports whether process group pgrp exists in p's
// session; zombies count until reaped, as their pid stays attached to the
// group in Linux.
func (k *Kernel) pgrpInSession(pgrp int, p *Process) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, q := range k.procs {
		if q.pgid == pgrp && q.sid == p.sid {
			return true
		}
	}
	return false
}

// SignalGroup sends signo to every process of group pgrp: the
// terminal's ^C, ^Z and ^\ (isig), and SIGWINCH.
func (k *Kernel) SignalGroup(pgrp int, signo linuxabi.Signal) {
	k.mu.Lock()
	var ps []*Process
	for _, p := range k.procs {
		if p.pgid == pgrp && !p.zombie {
			ps = append(ps, p)
		}
	}
	k.mu.Unlock()
	for _, p := range ps {
		k.sendProcess(p, sigInfo{signo: signo, code: linuxabi.SI_KERNEL})
	}
}
