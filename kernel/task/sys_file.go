package task

import (
	"encoding/binary"
	"github.com/tamix/tamix/kernel/pipe"
	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_READ, sysRead, Full, "")
	register(linuxabi.SYS_WRITE, sysWrite, Full, "")
	register(linuxabi.SYS_READV, sysReadv, Full, "")
	register(linuxabi.SYS_WRITEV, sysWritev, Full, "")
	register(linuxabi.SYS_PREAD64, sysPread64, Full, "")
	register(linuxabi.SYS_PWRITE64, sysPwrite64, Full, "")
	register(linuxabi.SYS_LSEEK, sysLseek, Full, "")
	register(linuxabi.SYS_CLOSE, sysClose, Full, "")
	register(linuxabi.SYS_DUP, sysDup, Full, "")
	register(linuxabi.SYS_DUP3, sysDup3, Full, "")
	register(linuxabi.SYS_FCNTL, sysFcntl, Partial, "F_DUPFD(_CLOEXEC), F_GETFD/SETFD, F_GETFL/SETFL, F_GETPIPE_SZ/SETPIPE_SZ, POSIX and OFD record locks (no EDEADLK detection); no leases, notify, seals, F_SETOWN")
	register(linuxabi.SYS_IOCTL, sysIoctl, Partial, "terminals (TCGETS…, TIOC*), pty masters (TIOCGPTN, TIOCSPTLCK/TIOCGPTLCK, TIOCGPTPEER; not TIOCPKT), FIONREAD, FIONBIO, FIOCLEX/FIONCLEX")
	register(linuxabi.SYS_PIPE2, sysPipe2, Full, "")
	register(linuxabi.SYS_GETDENTS64, sysGetdents64, Full, "")
	register(linuxabi.SYS_FSTAT, sysFstat, Full, "")
	register(linuxabi.SYS_FSYNC, sysFsync, Full, "tmpfs: nothing to write back")
	register(linuxabi.SYS_FDATASYNC, sysFsync, Full, "tmpfs: nothing to write back")
	register(linuxabi.SYS_FTRUNCATE, sysFtruncate, Full, "")
	register(linuxabi.SYS_SENDFILE, sysSendfile, Full, "")
}

// maxRW is MAX_RW_COUNT: the most one read or write transfers.
const maxRW = 0x7ffff000

// ioChunk bounds the kernel buffer one read or write goes through.
const ioChunk = 256 << 10

func (t *Task) file(fd int) (*openFile, error) {
	return t.p.files.get(int(int32(fd)))
}

// sysRead implements Linux system call read(2).
func sysRead(t *Task, a args) (uint64, error) { return t.transfer(a, false, -1) }

// transfer is read(2), write(2), pread64(2) and pwrite64(2): fd, buffer
// and count in a[0:3], at off or (off < 0) the file position.
func (t *Task) transfer(a args, write bool, off int64) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer f.put()
	var n int
	if write {
		n, err = t.writeFrom(f, a[1], a[2], off)
	} else {
		n, err = t.readTo(f, a[1], a[2], off)
	}
	return uint64(n), err
}

// readTo reads up to count bytes of f into user memory at va, at off
// (pread) or the file position (off < 0).
func (t *Task) readTo(f *openFile, va, count uint64, off int64) (int, error) {
	if count > maxRW {
		count = maxRW
	}
	buf := make([]byte, min(count, ioChunk))
	var n int
	var err error
	if off >= 0 {
		n, err = f.Pread(buf, off)
	} else {
		n, err = f.Read(t, buf)
	}
	if n > 0 {
		if cerr := t.copyOut(va, buf[:n]); cerr != nil {
			return 0, cerr
		}
		return n, nil
	}
	return 0, interrupted(err)
}

// sysWrite implements Linux system call write(2).
func sysWrite(t *Task, a args) (uint64, error) { return t.transfer(a, true, -1) }

// writeFrom writes count bytes from user memory at va to f, in chunks,
// stopping at the first short or failed write; bytes written before a
// failure are reported, as Linux does.
func (t *Task) writeFrom(f *openFile, va, count uint64, off int64) (int, error) {
	if count > maxRW {
		count = maxRW
	}
	buf := make([]byte, min(count, ioChunk))
	total := 0
	for count > 0 {
		chunk := buf[:min(count, uint64(len(buf)))]
		if err := t.copyIn(va, chunk); err != nil {
			if total > 0 {
				return total, nil
			}
			return 0, err
		}
		var n int
		var err error
		if off >= 0 {
			n, err = f.Pwrite(chunk, off+int64(total))
		} else {
			n, err = f.Write(t, chunk)
		}
		total += n
		if err != nil {
			if err == linuxabi.EPIPE { // pipe_write: SIGPIPE whenever the readers are gone
				t.k.sendTask(t, sigInfo{signo: linuxabi.SIGPIPE, code: linuxabi.SI_USER, pid: t.p.pid})
			}
			if total > 0 {
				return total, nil
			}
			return 0, interrupted(err)
		}
		if n < len(chunk) {
			break
		}
		va += uint64(n)
		count -= uint64(n)
	}
	return total, nil
}

// iovecs reads an iovec array (import_iovec): EINVAL past UIO_MAXIOV or
// for a total beyond what a ssize_t holds.
func (t *Task) iovecs(va, n uint64) ([][2]uint64, error) {
	const uioMaxIOV = 1024
	if n > uioMaxIOV {
		return nil, linuxabi.EINVAL
	}
	b := make([]byte, 16*n)
	if err := t.copyIn(va, b); err != nil {
		return nil, err
	}
	iov := make([][2]uint64, n)
	var total uint64
	for i := range iov {
		iov[i] = [2]uint64{binary.LittleEndian.Uint64(b[16*i:]), binary.LittleEndian.Uint64(b[16*i+8:])}
		if int64(iov[i][1]) < 0 {
			return nil, linuxabi.EINVAL
		}
		total += iov[i][1]
		if int64(total) < 0 {
			return nil, linuxabi.EINVAL
		}
	}
	return iov, nil
}

func sysReadv(t *Task, a args) (uint64, error)  { return t.vectored(a, false, -1) }
func sysWritev(t *Task, a args) (uint64, error) { return t.vectored(a, true, -1) }

// vectored implements readv(2) and writev(2) as a sequence of reads or
// writes that stops at the first short one.
func (t *Task) vectored(a args, write bool, off int64) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer f.put()
	iov, err := t.iovecs(a[1], a[2])
	if err != nil {
		return 0, err
	}
	var total uint64
	for _, v := range iov {
		if v[1] == 0 {
			continue
		}
		var n int
		o := off
		if off >= 0 {
			o = off + int64(total)
		}
		if write {
			n, err = t.writeFrom(f, v[0], v[1], o)
		} else {
			n, err = t.readTo(f, v[0], v[1], o)
		}
		total += uint64(n)
		if err != nil {
			if total > 0 {
				return total, nil
			}
			return 0, err
		}
		if uint64(n) < v[1] {
			break
		}
	}
	return total, nil
}

// sysPread64 implements Linux system call pread64(2).
func sysPread64(t *Task, a args) (uint64, error) {
	if int64(a[3]) < 0 {
		return 0, linuxabi.EINVAL
	}
	return t.transfer(a, false, int64(a[3]))
}

// sysPwrite64 implements Linux system call pwrite64(2).
func sysPwrite64(t *Task, a args) (uint64, error) {
	if int64(a[3]) < 0 {
		return 0, linuxabi.EINVAL
	}
	return t.transfer(a, true, int64(a[3]))
}

// sysLseek implements Linux system call lseek(2).
func sysLseek(t *Task, a args) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer f.put()
	if a[2] > linuxabi.SEEK_HOLE {
		return 0, linuxabi.EINVAL
	}
	off, err := f.Seek(int64(a[1]), int(a[2]))
	return uint64(off), err
}

// sysClose implements Linux system call close(2).
func sysClose(t *Task, a args) (uint64, error) {
	o, err := t.p.files.close(int(int32(a[0])))
	if err == nil && o.Inode() != nil {
		fileLocks.release(t.p, o.Inode()) // closing any descriptor drops the process's locks on the file
	}
	return 0, err
}

func (t *Task) nofile() int {
	t.p.mu.Lock()
	defer t.p.mu.Unlock()
	return int(min(t.p.rlimits[rlimitNofile].cur, nrOpen))
}

// sysDup implements Linux system call dup(2).
func sysDup(t *Task, a args) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	fd, err := t.p.files.install(f, 0, false, t.nofile())
	return uint64(fd), err
}

// sysDup3 implements Linux system call dup3(2).
func sysDup3(t *Task, a args) (uint64, error) {
	oldfd, newfd := int(int32(a[0])), int(int32(a[1]))
	if a[2]&^linuxabi.O_CLOEXEC != 0 || oldfd == newfd {
		return 0, linuxabi.EINVAL
	}
	f, err := t.file(oldfd)
	if err != nil {
		return 0, err
	}
	return uint64(newfd), t.p.files.installAt(f, newfd, a[2]&linuxabi.O_CLOEXEC != 0, t.nofile())
}

// sysFcntl implements Linux system call fcntl(2).
func sysFcntl(t *Task, a args) (uint64, error) {
	fd := int(int32(a[0]))
	f, err := t.file(fd)
	if err != nil {
		return 0, err
	}
	defer f.put()
	switch a[1] {
	case linuxabi.F_DUPFD, linuxabi.F_DUPFD_CLOEXEC:
		n, err := t.p.files.install(f.get(), int(int32(a[2])), a[1] == linuxabi.F_DUPFD_CLOEXEC, t.nofile())
		return uint64(n), err
	case linuxabi.F_GETFD:
		c, err := t.p.files.cloexec(fd)
		if c {
			return linuxabi.FD_CLOEXEC, err
		}
		return 0, err
	case linuxabi.F_SETFD:
		return 0, t.p.files.setCloexec(fd, a[2]&linuxabi.FD_CLOEXEC != 0)
	case linuxabi.F_GETFL:
		return uint64(f.Flags()), nil
	case linuxabi.F_SETFL:
		f.SetFlags(int(a[2]))
		return 0, nil
	case linuxabi.F_GETPIPE_SZ, linuxabi.F_SETPIPE_SZ:
		pf, ok := f.File.(*pipeFile)
		if !ok {
			return 0, linuxabi.EBADF
		}
		if a[1] == linuxabi.F_GETPIPE_SZ {
			return uint64(pf.pipe.Size()), nil
		}
		n, err := pf.pipe.SetSize(uint32(a[2]), t.creds().euid == 0)
		return uint64(n), err
	case linuxabi.F_GETLK, linuxabi.F_SETLK, linuxabi.F_SETLKW,
		linuxabi.F_OFD_GETLK, linuxabi.F_OFD_SETLK, linuxabi.F_OFD_SETLKW:
		return 0, t.recordLock(f, a[1], a[2])
	}
	return 0, linuxabi.EINVAL
}

// sysIoctl implements Linux system call ioctl(2).
func sysIoctl(t *Task, a args) (uint64, error) {
	fd := int(int32(a[0]))
	f, err := t.file(fd)
	if err != nil {
		return 0, err
	}
	defer f.put()
	cmd := uint32(a[1])
	switch cmd { // the generic ones (do_vfs_ioctl)
	case linuxabi.FIOCLEX:
		return 0, t.p.files.setCloexec(fd, true)
	case linuxabi.FIONCLEX:
		return 0, t.p.files.setCloexec(fd, false)
	case linuxabi.FIONBIO:
		v, err := t.readU32(a[2])
		if err != nil {
			return 0, err
		}
		fl := f.Flags() &^ linuxabi.O_NONBLOCK
		if v != 0 {
			fl |= linuxabi.O_NONBLOCK
		}
		f.SetFlags(fl)
		return 0, nil
	}
	return f.Ioctl(t, cmd, a[2])
}

// sysPipe2 implements Linux system call pipe2(2).
func sysPipe2(t *Task, a args) (uint64, error) {
	if a[1]&^(linuxabi.O_CLOEXEC|linuxabi.O_NONBLOCK|linuxabi.O_DIRECT) != 0 {
		return 0, linuxabi.EINVAL
	}
	p := pipe.New()
	flags := int(a[1]) & linuxabi.O_NONBLOCK
	r := newOpenFile(t.k.newPipeFile(p, p.OpenRead(), linuxabi.O_RDONLY|flags))
	w := newOpenFile(t.k.newPipeFile(p, p.OpenWrite(), linuxabi.O_WRONLY|flags))
	cloexec := a[1]&linuxabi.O_CLOEXEC != 0
	rfd, err := t.p.files.install(r, 0, cloexec, t.nofile())
	if err != nil {
		w.put()
		return 0, err
	}
	wfd, err := t.p.files.install(w, 0, cloexec, t.nofile())
	if err != nil {
		t.p.files.close(rfd)
		return 0, err
	}
	var b [8]byte
	binary.LittleEndian.PutUint32(b[:], uint32(rfd))
	binary.LittleEndian.PutUint32(b[4:], uint32(wfd))
	if err := t.copyOut(a[0], b[:]); err != nil {
		t.p.files.close(rfd)
		t.p.files.close(wfd)
		return 0, err
	}
	return 0, nil
}

// sysGetdents64 implements Linux system call getdents64(2).
func sysGetdents64(t *Task, a args) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer f.put()
	buf := make([]byte, min(a[2], ioChunk))
	n, err := f.ReadDir(buf)
	if err != nil {
		return 0, err
	}
	return uint64(n), t.copyOut(a[1], buf[:n])
}

// sysFstat implements Linux system call fstat(2).
func sysFstat(t *Task, a args) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer f.put()
	return 0, t.writeStat(a[1], f.Stat())
}

// sysFsync implements Linux system calls fsync(2) and fdatasync(2).
func sysFsync(t *Task, a args) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	f.put()
	return 0, nil
}

// sysFtruncate implements Linux system call ftruncate(2).
func sysFtruncate(t *Task, a args) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer f.put()
	vf, ok := f.File.(vfsFile)
	if !ok {
		return 0, linuxabi.EINVAL
	}
	return 0, vf.Truncate(int64(a[1]))
}

// sysSendfile implements Linux system call sendfile(2): up to count bytes
// from in_fd (at *offset, leaving its position alone, if offset is not
// NULL) to out_fd, through a kernel buffer.
func sysSendfile(t *Task, a args) (uint64, error) {
	out, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer out.put()
	in, err := t.file(int(a[1]))
	if err != nil {
		return 0, err
	}
	defer in.put()
	if in.Flags()&linuxabi.O_ACCMODE == linuxabi.O_WRONLY || out.Flags()&linuxabi.O_ACCMODE == linuxabi.O_RDONLY {
		return 0, linuxabi.EBADF
	}
	off := int64(-1)
	if a[2] != 0 {
		v, err := t.readU64(a[2])
		if err != nil {
			return 0, err
		}
		if off = int64(v); off < 0 {
			return 0, linuxabi.EINVAL
		}
	}
	count := min(a[3], maxRW)
	buf := make([]byte, min(count, ioChunk))
	var total uint64
	for total < count {
		chunk := buf[:min(count-total, uint64(len(buf)))]
		var n int
		if off >= 0 {
			n, err = in.Pread(chunk, off+int64(total))
		} else {
			n, err = in.Read(t, chunk)
		}
		if n == 0 {
			break
		}
		w, werr := out.Write(t, chunk[:n])
		total += uint64(w)
		if werr != nil {
			if werr == linuxabi.EPIPE {
				t.k.sendTask(t, sigInfo{signo: linuxabi.SIGPIPE, code: linuxabi.SI_USER, pid: t.p.pid})
			}
			err = werr
			break
		}
		if w < n || n < len(chunk) {
			// A short read ends the transfer, as in
			// splice_direct_to_actor: a terminal's line, a
			// pipe's contents, a file's end.
			break
		}
	}
	if a[2] != 0 && off >= 0 {
		if werr := t.writeU64(a[2], uint64(off)+total); werr != nil {
			return 0, werr
		}
	}
	if total > 0 {
		return total, nil
	}
	return 0, interrupted(err)
}
