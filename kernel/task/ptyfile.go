package task

import (
	"strings"

	"github.com/tamix/tamix/kernel/fs/devpts"
	"github.com/tamix/tamix/kernel/pty"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// Pseudo-terminal files (pty(7), drivers/tty/pty.c): /dev/ptmx and
// /dev/pts/ptmx open a new master, /dev/pts/N its slave, /dev/tty the
// slave that is the caller's controlling terminal. The terminals, their
// numbering and their nodes are packages pty and devpts; this file is
// the ioctls, the controlling terminal and the hangup signals.

// ptyFileFor makes the file for f if it is open on a pseudo-terminal
// node; ok is false if it is not one. dir and path are how f was
// opened: /dev/ptmx opens a pair of the devpts instance mounted at "pts"
// next to it (devpts_acquire), ENODEV if there is none.
func (t *Task) ptyFileFor(f *vfs.File, dir *vfs.Inode, path string, flags int) (file File, ok bool, err error) {
	st := f.Inode().Stat()
	if st.Mode&linuxabi.S_IFMT != linuxabi.S_IFCHR || f.Flags()&linuxabi.O_PATH != 0 {
		return nil, false, nil
	}
	maj, min := vfs.Major(st.Rdev), vfs.Minor(st.Rdev)
	switch {
	case maj == pty.PtmxMajor && min == pty.PtmxMinor:
		in := devpts.PtmxOf(f.Inode())
		if in == nil {
			in, err = t.ptsInstance(dir, path)
			if err != nil {
				return nil, true, err
			}
		}
		c := t.p.caller()
		p, err := in.Open(c.UID, c.GID)
		if err != nil {
			return nil, true, err
		}
		return &ptmxFile{vfsFile: vfsFile{f}, k: t.k, in: in, pair: p}, true, nil
	case maj == pty.SlaveMajor:
		p := devpts.SlaveOf(f.Inode())
		if p == nil {
			return nil, true, linuxabi.EIO // a node whose master has closed
		}
		file, err := t.openSlave(f, p, flags)
		return file, true, err
	case maj == ttyMajor && min == 0:
		// /dev/tty is the controlling terminal: ENXIO without one
		// (tty_open_current_tty).
		t.k.mu.Lock()
		sid := t.p.sid
		t.k.mu.Unlock()
		if p := t.k.ptyOfSession(sid); p != nil {
			file, err := t.openSlave(f, p, flags|linuxabi.O_NOCTTY)
			return file, true, err
		}
		if !t.k.sessionHasTTY(sid) {
			return nil, true, linuxabi.ENXIO
		}
	}
	return nil, false, nil
}

// ptsInstance is the devpts instance mounted at "pts" in the directory
// of path (devpts_ptmx_path).
func (t *Task) ptsInstance(dir *vfs.Inode, path string) (*devpts.Instance, error) {
	pts := "pts"
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		pts = path[:i+1] + pts
	}
	d, err := vfs.Lookup(t.p.caller(), dir, pts, 0)
	if err != nil {
		return nil, err
	}
	in := devpts.InstanceAt(d)
	if in == nil {
		return nil, linuxabi.ENODEV
	}
	return in, nil
}

// openSlave opens p's slave on f (pty_open, then tty_open_proc_set_tty):
// EIO while it is locked. Without O_NOCTTY, a session leader without a
// controlling terminal that opens it for reading makes it its own, if it
// is no session's yet.
func (t *Task) openSlave(f *vfs.File, p *pty.Pair, flags int) (File, error) {
	if err := p.OpenSlave(); err != nil {
		return nil, err
	}
	if flags&linuxabi.O_NOCTTY == 0 && flags&linuxabi.O_ACCMODE != linuxabi.O_WRONLY {
		t.k.mu.Lock()
		sid, pgid, leader := t.p.sid, t.p.pgid, t.p.sid == t.p.pid
		t.k.mu.Unlock()
		if leader && !t.k.sessionHasTTY(sid) && p.Slave().Session() == 0 {
			p.Slave().SetSession(sid)
			p.Slave().SetPgrp(pgid)
		}
	}
	return &ptsFile{ttyFile: ttyFile{vfsFile: vfsFile{f}, tty: p.Slave()}, pair: p}, nil
}

// ptmxFile is an open pseudo-terminal master.
type ptmxFile struct {
	vfsFile
	k    *Kernel
	in   *devpts.Instance
	pair *pty.Pair
}

func (f *ptmxFile) Read(t *Task, p []byte) (int, error) {
	n, err := f.pair.ReadMaster(p, nonblock(f), t.interrupt())
	return n, interrupted(err)
}

func (f *ptmxFile) Write(t *Task, p []byte) (int, error) {
	n, err := f.pair.WriteMaster(p, nonblock(f), t.interrupt())
	return n, interrupted(err)
}

func (f *ptmxFile) Pread([]byte, int64) (int, error)  { return 0, linuxabi.ESPIPE }
func (f *ptmxFile) Pwrite([]byte, int64) (int, error) { return 0, linuxabi.ESPIPE }
func (f *ptmxFile) Seek(int64, int) (int64, error)    { return 0, linuxabi.ESPIPE }
func (f *ptmxFile) Poll() uint32                      { return f.pair.PollMaster() }
func (f *ptmxFile) Changed() <-chan struct{}          { return f.pair.Master().Changed() }

// Release closes the master: the slave hangs up, its node goes, and the
// session it controlled is told (pty_close).
func (f *ptmxFile) Release() {
	if sid := f.in.Close(f.pair); sid != 0 {
		f.k.hangupSession(sid)
	}
}

// Ioctl implements the master's ioctls (pty_unix98_ioctl, tty_ioctl):
// its own, then the terminal ioctls, which Linux applies to the slave
// (real_tty = tty->link) for the termios, window size, process group
// and controlling terminal ioctls, and to the master for the rest. Packet mode (TIOCPKT)
// is not implemented: EINVAL.
func (f *ptmxFile) Ioctl(t *Task, cmd uint32, arg uint64) (uint64, error) {
	defer f.pair.Pump()
	switch cmd {
	case linuxabi.TIOCGPTN:
		return 0, t.writeU32(arg, uint32(f.pair.Index()))
	case linuxabi.TIOCSPTLCK:
		v, err := t.readU32(arg)
		if err != nil {
			return 0, err
		}
		f.pair.SetLocked(v != 0)
		return 0, nil
	case linuxabi.TIOCGPTLCK:
		var v uint32
		if f.pair.Locked() {
			v = 1
		}
		return 0, t.writeU32(arg, v)
	case linuxabi.TIOCGPTPEER:
		return t.openPeer(f, int(arg))
	case linuxabi.TIOCPKT:
		return 0, linuxabi.EINVAL
	case linuxabi.TIOCNOTTY:
		// The master is never a controlling terminal.
		return 0, linuxabi.ENOTTY
	case linuxabi.TIOCSPGRP:
		// Only for the slave's own session (tiocspgrp).
		t.k.mu.Lock()
		sid := t.p.sid
		t.k.mu.Unlock()
		if f.pair.Slave().Session() != sid {
			return 0, linuxabi.ENOTTY
		}
		slave := ttyFile{vfsFile: f.vfsFile, tty: f.pair.Slave()}
		return slave.Ioctl(t, cmd, arg)
	case linuxabi.TCGETS, linuxabi.TCSETS, linuxabi.TCSETSW, linuxabi.TCSETSF,
		linuxabi.TIOCGWINSZ, linuxabi.TIOCSWINSZ, linuxabi.TIOCGPGRP, linuxabi.TIOCGSID,
		linuxabi.TIOCSCTTY:
		slave := ttyFile{vfsFile: f.vfsFile, tty: f.pair.Slave()}
		return slave.Ioctl(t, cmd, arg)
	}
	master := ttyFile{vfsFile: f.vfsFile, tty: f.pair.Master()}
	return master.Ioctl(t, cmd, arg)
}

// openPeer opens the master's slave with flags and installs it as a new
// descriptor (ptm_open_peer), without a path walk to /dev/pts.
func (t *Task) openPeer(f *ptmxFile, flags int) (uint64, error) {
	const allowed = linuxabi.O_ACCMODE | linuxabi.O_NOCTTY | linuxabi.O_NONBLOCK | linuxabi.O_CLOEXEC
	vf, err := f.in.SlaveNode(f.pair, flags&allowed)
	if err != nil {
		return 0, err
	}
	sf, err := t.openSlave(vf, f.pair, flags)
	if err != nil {
		return 0, err
	}
	fd, err := t.p.files.install(newOpenFile(sf), 0, flags&linuxabi.O_CLOEXEC != 0, t.nofile())
	return uint64(fd), err
}

// ptsFile is an open pseudo-terminal slave: a terminal file whose
// operations hand their output to the master (Pump), and which acts as
// hung up (hung_up_tty_fops) once the master has closed.
type ptsFile struct {
	ttyFile
	pair *pty.Pair
}

func (f *ptsFile) Read(t *Task, p []byte) (int, error) {
	if f.pair.HungUp() {
		return 0, nil
	}
	defer f.pair.Pump()
	return f.ttyFile.Read(t, p)
}

func (f *ptsFile) Write(t *Task, p []byte) (int, error) {
	if f.pair.HungUp() {
		return 0, linuxabi.EIO
	}
	return f.pair.WriteChunks(p, nonblock(f), t.interrupt(), f.pair.SlaveRoom,
		func(c []byte) (int, error) { return f.ttyFile.Write(t, c) })
}

func (f *ptsFile) Poll() uint32 { return f.pair.PollSlave() }

func (f *ptsFile) Ioctl(t *Task, cmd uint32, arg uint64) (uint64, error) {
	if f.pair.HungUp() {
		if cmd == linuxabi.TIOCSPGRP {
			return 0, linuxabi.ENOTTY
		}
		return 0, linuxabi.EIO
	}
	defer f.pair.Pump()
	return f.ttyFile.Ioctl(t, cmd, arg)
}

func (f *ptsFile) Release() { f.pair.CloseSlave() }
