package task

import (
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func timespec(ns int64) linuxabi.Timespec {
	s, n := ns/1e9, ns%1e9
	if n < 0 {
		s, n = s-1, n+1e9
	}
	return linuxabi.Timespec{Sec: s, Nsec: n}
}

// statOf is struct stat as cp_new_stat fills it.
func statOf(st vfs.Stat) *linuxabi.Stat {
	return &linuxabi.Stat{
		Dev: st.Dev, Ino: st.Ino, Mode: st.Mode, Nlink: st.Nlink, Uid: st.UID, Gid: st.GID,
		Rdev: st.Rdev, Size: st.Size, Blksize: int32(st.Blksize), Blocks: st.Blocks,
		Atime: timespec(st.Atime), Mtime: timespec(st.Mtime), Ctime: timespec(st.Ctime),
	}
}

func statxTime(ns int64) linuxabi.StatxTimestamp {
	t := timespec(ns)
	return linuxabi.StatxTimestamp{Sec: t.Sec, Nsec: uint32(t.Nsec)}
}

// statxOf is struct statx as cp_statx fills it: every basic field and
// the birth time are known.
func statxOf(st vfs.Stat) *linuxabi.Statx {
	return &linuxabi.Statx{
		Mask:    linuxabi.STATX_BASIC_STATS | linuxabi.STATX_BTIME,
		Blksize: uint32(st.Blksize), Nlink: st.Nlink, Uid: st.UID, Gid: st.GID, Mode: uint16(st.Mode),
		Ino: st.Ino, Size: uint64(st.Size), Blocks: uint64(st.Blocks),
		Atime: statxTime(st.Atime), Btime: statxTime(st.Btime), Ctime: statxTime(st.Ctime), Mtime: statxTime(st.Mtime),
		RdevMajor: vfs.Major(st.Rdev), RdevMinor: vfs.Minor(st.Rdev),
		DevMajor: vfs.Major(st.Dev), DevMinor: vfs.Minor(st.Dev),
	}
}

// abi is the siginfo user space sees for i.
func (i sigInfo) abi() linuxabi.Siginfo {
	switch {
	case i.signo == linuxabi.SIGCHLD && i.code > 0:
		return linuxabi.SiginfoChild(int32(i.code), int32(i.pid), uint32(i.uid), int32(i.status), i.utime, i.stime)
	case i.code == linuxabi.SI_USER || i.code == linuxabi.SI_TKILL || i.code == linuxabi.SI_KERNEL && i.addr == 0:
		return linuxabi.SiginfoKill(i.signo, int32(i.code), int32(i.pid), uint32(i.uid))
	case i.code == linuxabi.SI_TIMER:
		return linuxabi.SiginfoTimer(i.signo, int32(i.timerID), int32(min(i.overrun, 1<<31-1)), i.value)
	case i.code < 0: // SI_QUEUE and the other codes rt_sigqueueinfo may pass
		return linuxabi.SiginfoQueue(i.signo, int32(i.code), int32(i.pid), uint32(i.uid), i.value)
	}
	return linuxabi.SiginfoFault(i.signo, int32(i.code), i.addr)
}
