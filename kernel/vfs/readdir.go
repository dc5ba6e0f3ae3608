package vfs

import (
	"encoding/binary"

	"github.com/tamix/tamix/linuxabi"
)

// direntName is the offset of d_name in struct linux_dirent64
// (include/linux/dirent.h): after d_ino (8 bytes), d_off (8), d_reclen
// (2) and d_type (1).
const direntName = 19

// ReadDir reads directory entries at the file position into buf as
// getdents64(2) does: linux_dirent64 records, little-endian, each with
// the inode number, the position of the next entry (d_off, which
// lseek(2) takes), its own length rounded up to 8 bytes (d_reclen), the
// DT_* type and the NUL-terminated name. The first two are "." and "..".
// It returns how many bytes it filled, 0 at the end of the directory;
// EINVAL if buf cannot hold the next record, ENOTDIR for another type,
// ENOENT once the directory is removed (iterate_dir() and
// dcache_readdir() in fs/libfs.c).
func (f *File) ReadDir(buf []byte) (int, error) {
	i := f.inode
	switch {
	case f.Flags()&linuxabi.O_PATH != 0:
		return 0, linuxabi.EBADF
	case !i.isDir():
		return 0, linuxabi.ENOTDIR
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	i.mu.RLock()
	if i.dead {
		i.mu.RUnlock()
		return 0, linuxabi.ENOENT
	}
	w := direntWriter{buf: buf}
	pos := f.pos.Load()
	if pos == 0 && w.put(i.ino, ".", linuxabi.DT_DIR, 1) {
		pos = 1
	}
	if pos == 1 {
		parent := i
		if p := i.parent.Load(); p != nil {
			parent = p
		}
		if w.put(parent.ino, "..", linuxabi.DT_DIR, 2) {
			pos = 2
		}
	}
	if pos >= 2 {
		i.dir.ReadDir(pos, func(name string, child *Inode, next int64) bool {
			if !w.put(child.ino, name, uint8(child.typ>>12), next) {
				return false
			}
			pos = next
			return true
		})
	}
	i.mu.RUnlock()
	f.pos.Store(pos)
	if f.Flags()&linuxabi.O_NOATIME == 0 {
		i.touchAtime()
	}
	if w.n == 0 && w.full {
		return 0, linuxabi.EINVAL
	}
	return w.n, nil
}

// direntWriter fills a buffer with linux_dirent64 records (filldir64()
// in fs/readdir.c).
type direntWriter struct {
	buf  []byte
	n    int  // bytes filled
	full bool // a record did not fit
}

// put appends a record, or reports that it does not fit. The type is
// the file type bits shifted right by 12, which is what the DT_* values
// are (fs_umode_to_dtype()).
func (w *direntWriter) put(ino uint64, name string, typ uint8, next int64) bool {
	reclen := (direntName + len(name) + 1 + 7) &^ 7
	if len(w.buf)-w.n < reclen {
		w.full = true
		return false
	}
	b := w.buf[w.n : w.n+reclen]
	binary.LittleEndian.PutUint64(b[0:], ino)
	binary.LittleEndian.PutUint64(b[8:], uint64(next))
	binary.LittleEndian.PutUint16(b[16:], uint16(reclen))
	b[18] = typ
	clear(b[direntName+copy(b[direntName:], name):])
	w.n += reclen
	return true
}
