package task

import "github.com/tamix/tamix/linuxabi"

func init() {
	register(linuxabi.SYS_FADVISE64, sysFadvise64, Full, "advice checked; nothing to read ahead or drop: files live in memory")
	register(linuxabi.SYS_CLOSE_RANGE, sysCloseRange, Full, "")
	register(linuxabi.SYS_COPY_FILE_RANGE, sysCopyFileRange, Full, "")
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

// sysCopyFileRange implements Linux system call copy_file_range(2)
// (fs/read_write.c, generic_copy_file_checks): between regular files
// (EISDIR for a directory, EINVAL otherwise), in readable and out
// writable without O_APPEND (EBADF), flags 0, no overlap within one
// file (EINVAL). Each offset is the pointed-to value, updated, or with
// a NULL pointer the file position, moved. It stops at in's end.
func sysCopyFileRange(t *Task, a args) (uint64, error) {
	if a[5] != 0 {
		return 0, linuxabi.EINVAL
	}
	in, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer in.put()
	out, err := t.file(int(a[2]))
	if err != nil {
		return 0, err
	}
	defer out.put()
	ii, oi := in.Inode(), out.Inode()
	switch {
	case in.Flags()&linuxabi.O_ACCMODE == linuxabi.O_WRONLY || out.Flags()&linuxabi.O_ACCMODE == linuxabi.O_RDONLY,
		out.Flags()&linuxabi.O_APPEND != 0:
		return 0, linuxabi.EBADF
	case ii == nil || oi == nil:
		return 0, linuxabi.EINVAL
	case ii.Mode()&linuxabi.S_IFMT == linuxabi.S_IFDIR || oi.Mode()&linuxabi.S_IFMT == linuxabi.S_IFDIR:
		return 0, linuxabi.EISDIR
	case ii.Mode()&linuxabi.S_IFMT != linuxabi.S_IFREG || oi.Mode()&linuxabi.S_IFMT != linuxabi.S_IFREG:
		return 0, linuxabi.EINVAL
	}
	offset := func(va uint64, f *openFile) (int64, error) {
		if va == 0 {
			return f.Seek(0, linuxabi.SEEK_CUR)
		}
		v, err := t.readU64(va)
		if err == nil && int64(v) < 0 {
			err = linuxabi.EINVAL
		}
		return int64(v), err
	}
	inOff, err := offset(a[1], in)
	if err != nil {
		return 0, err
	}
	outOff, err := offset(a[3], out)
	if err != nil {
		return 0, err
	}
	count := min(a[4], maxRW)
	if size := ii.Stat().Size; inOff >= size {
		count = 0
	} else {
		count = min(count, uint64(size-inOff))
	}
	if ii == oi && inOff < outOff+int64(count) && outOff < inOff+int64(count) {
		return 0, linuxabi.EINVAL
	}
	buf := make([]byte, min(count, ioChunk))
	var total uint64
	for total < count {
		chunk := buf[:min(count-total, uint64(len(buf)))]
		n, _ := in.Pread(chunk, inOff+int64(total))
		if n == 0 {
			break
		}
		w, werr := out.Pwrite(chunk[:n], outOff+int64(total))
		total += uint64(w)
		if werr != nil {
			if total == 0 {
				return 0, werr
			}
			break
		}
		if w < n {
			break
		}
	}
	for _, p := range []struct {
		va  uint64
		f   *openFile
		off int64
	}{{a[1], in, inOff}, {a[3], out, outOff}} {
		if p.va != 0 {
			if err := t.writeU64(p.va, uint64(p.off)+total); err != nil {
				return 0, err
			}
		} else if _, err := p.f.Seek(p.off+int64(total), linuxabi.SEEK_SET); err != nil {
			return 0, err
		}
	}
	return total, nil
}
