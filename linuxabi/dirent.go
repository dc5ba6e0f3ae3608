package linuxabi

// struct linux_dirent64 (getdents64(2)): d_ino u64, d_off s64,
// d_reclen u16, d_type u8, d_name[] NUL-terminated, the record padded to
// a multiple of 8 (fs/readdir.c).
const (
	direntNameOff = 19
	direntAlign   = 8
)

// Dirent64Reclen returns the record length of a linux_dirent64 for a
// name of n bytes.
func Dirent64Reclen(n int) int {
	return (direntNameOff + n + 1 + direntAlign - 1) &^ (direntAlign - 1)
}

// AppendDirent64 appends one linux_dirent64 record to buf if it fits in
// cap(buf), and reports whether it did; getdents64 stops at the first
// entry that does not fit. The padding is zero.
func AppendDirent64(buf []byte, ino uint64, off int64, typ uint8, name string) ([]byte, bool) {
	n := Dirent64Reclen(len(name))
	if n > 0xffff || cap(buf)-len(buf) < n {
		return buf, false
	}
	start := len(buf)
	buf = buf[:start+n]
	r := buf[start:]
	le.PutUint64(r[0:], ino)
	le.PutUint64(r[8:], uint64(off))
	le.PutUint16(r[16:], uint16(n))
	r[18] = typ
	copy(r[direntNameOff:], name)
	clear(r[direntNameOff+len(name):])
	return buf, true
}

// Directory entry types (d_type, include/linux/fs_types.h).
const (
	DT_UNKNOWN = 0
	DT_FIFO    = 1
	DT_CHR     = 2
	DT_DIR     = 4
	DT_BLK     = 6
	DT_REG     = 8
	DT_LNK     = 10
	DT_SOCK    = 12
	DT_WHT     = 14
)
