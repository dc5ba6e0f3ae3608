package linuxabi

import "encoding/binary"

var le = binary.LittleEndian

// Stat is struct stat for arm64 (include/uapi/asm-generic/stat.h), what
// fstat(2), newfstatat(2) write.
type Stat struct {
	Dev     uint64
	Ino     uint64
	Mode    uint32
	Nlink   uint32
	Uid     uint32
	Gid     uint32
	Rdev    uint64
	_       uint64 // __pad1
	Size    int64
	Blksize int32
	_       int32 // __pad2
	Blocks  int64
	Atime   Timespec
	Mtime   Timespec
	Ctime   Timespec
	_       [2]uint32 // __unused4, __unused5
}

// StatSize is sizeof(struct stat) on arm64.
const StatSize = 128

// Marshal writes s to b[:StatSize].
func (s *Stat) Marshal(b []byte) {
	_ = b[StatSize-1]
	le.PutUint64(b[0:], s.Dev)
	le.PutUint64(b[8:], s.Ino)
	le.PutUint32(b[16:], s.Mode)
	le.PutUint32(b[20:], s.Nlink)
	le.PutUint32(b[24:], s.Uid)
	le.PutUint32(b[28:], s.Gid)
	le.PutUint64(b[32:], s.Rdev)
	le.PutUint64(b[40:], 0)
	le.PutUint64(b[48:], uint64(s.Size))
	le.PutUint32(b[56:], uint32(s.Blksize))
	le.PutUint32(b[60:], 0)
	le.PutUint64(b[64:], uint64(s.Blocks))
	s.Atime.Marshal(b[72:])
	s.Mtime.Marshal(b[88:])
	s.Ctime.Marshal(b[104:])
	le.PutUint64(b[120:], 0)
}

// Unmarshal reads s from b[:StatSize].
func (s *Stat) Unmarshal(b []byte) {
	_ = b[StatSize-1]
	s.Dev = le.Uint64(b[0:])
	s.Ino = le.Uint64(b[8:])
	s.Mode = le.Uint32(b[16:])
	s.Nlink = le.Uint32(b[20:])
	s.Uid = le.Uint32(b[24:])
	s.Gid = le.Uint32(b[28:])
	s.Rdev = le.Uint64(b[32:])
	s.Size = int64(le.Uint64(b[48:]))
	s.Blksize = int32(le.Uint32(b[56:]))
	s.Blocks = int64(le.Uint64(b[64:]))
	s.Atime.Unmarshal(b[72:])
	s.Mtime.Unmarshal(b[88:])
	s.Ctime.Unmarshal(b[104:])
}

// File type bits of Stat.Mode (include/uapi/linux/stat.h).
const (
	S_IFMT   = 0o170000
	S_IFSOCK = 0o140000
	S_IFLNK  = 0o120000
	S_IFREG  = 0o100000
	S_IFBLK  = 0o060000
	S_IFDIR  = 0o040000
	S_IFCHR  = 0o020000
	S_IFIFO  = 0o010000
	S_ISUID  = 0o4000
	S_ISGID  = 0o2000
	S_ISVTX  = 0o1000
)
