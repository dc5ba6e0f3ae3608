package task

import "github.com/tamix/tamix/linuxabi"

func init() {
	register(linuxabi.SYS_FADVISE64, sysFadvise64, Full, "advice checked; nothing to read ahead or drop: files live in memory")
	register(linuxabi.SYS_CLOSE_RANGE, sysCloseRange, Full, "")
	register(linuxabi.SYS_SYNC, sysSync, Full, "every filesystem is in memory: nothing to write back")
	register(linuxabi.SYS_SYNCFS, sysFsync, Full, "every filesystem is in memory: nothing to write back")
}

// sysFadvise64 implements Linux system call fadvise64(2)
// (mm/fadvise.c generic_fadvise): ESPIPE on a pipe, EINVAL for a
// negative length or unknown advice. tmpfs has no backing device, so
// as on Linux every valid advice is a no-op.
func sysFadvise64(t *Task, a args) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer f.put()
	switch {
	case f.Stat().Mode&linuxabi.S_IFMT == linuxabi.S_IFIFO:
		return 0, linuxabi.ESPIPE
	case int64(a[2]) < 0 || a[3] > linuxabi.FADV_NOREUSE:
		return 0, linuxabi.EINVAL
	}
	return 0, nil
}

// sysCloseRange implements Linux system call close_range(2)
// (fs/file.c): it closes, or with CLOSE_RANGE_CLOEXEC marks
// close-on-exec, every open descriptor in [first, last]; with
// CLOSE_RANGE_UNSHARE the process first gets its own copy of a shared
// table.
func sysCloseRange(t *Task, a args) (uint64, error) {
	first, last, flags := uint32(a[0]), uint32(a[1]), a[2]
	if flags&^uint64(linuxabi.CLOSE_RANGE_UNSHARE|linuxabi.CLOSE_RANGE_CLOEXEC) != 0 || first > last {
		return 0, linuxabi.EINVAL
	}
	p := t.p
	if flags&linuxabi.CLOSE_RANGE_UNSHARE != 0 {
		p.mu.Lock()
		old := p.files
		if old.users.Load() > 1 {
			p.files = old.fork()
		} else {
			old = nil
		}
		p.mu.Unlock()
		if old != nil {
			old.release()
		}
	}
	p.mu.Lock()
	files := p.files
	p.mu.Unlock()
	files.mu.Lock()
	n := uint32(len(files.fds))
	files.mu.Unlock()
	for fd := first; fd <= min(last, n-1) && n > 0; fd++ {
		if flags&linuxabi.CLOSE_RANGE_CLOEXEC != 0 {
			files.setCloexec(int(fd), true)
			continue
		}
		if o, err := files.close(int(fd)); err == nil && o.Inode() != nil {
			fileLocks.release(p, o.Inode())
		}
	}
	return 0, nil
}

// sysSync implements Linux system call sync(2).
func sysSync(t *Task, a args) (uint64, error) { return 0, nil }
