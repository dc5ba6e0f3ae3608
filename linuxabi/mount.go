package linuxabi

// mount(2) flags (include/uapi/linux/mount.h).
const (
	MS_RDONLY      = 1
	MS_NOSUID      = 2
	MS_NODEV       = 4
	MS_NOEXEC      = 8
	MS_SYNCHRONOUS = 16
	MS_REMOUNT     = 32
	MS_MANDLOCK    = 64
	MS_DIRSYNC     = 128
	MS_NOSYMFOLLOW = 256
	MS_NOATIME     = 1024
	MS_NODIRATIME  = 2048
	MS_BIND        = 4096
	MS_MOVE        = 8192
	MS_REC         = 16384
	MS_SILENT      = 32768
	MS_UNBINDABLE  = 1 << 17
	MS_PRIVATE     = 1 << 18
	MS_SLAVE       = 1 << 19
	MS_SHARED      = 1 << 20
	MS_RELATIME    = 1 << 21
	MS_STRICTATIME = 1 << 24
	MS_LAZYTIME    = 1 << 25
	MS_MGC_VAL     = 0xc0ed0000
	MS_MGC_MSK     = 0xffff0000
)

// umount2(2) flags (include/linux/fs.h).
const (
	MNT_FORCE       = 1
	MNT_DETACH      = 2
	MNT_EXPIRE      = 4
	UMOUNT_NOFOLLOW = 8
)

// Filesystem magic numbers statfs(2) reports in f_type
// (include/uapi/linux/magic.h).
const (
	TMPFS_MAGIC        = 0x01021994
	PROC_SUPER_MAGIC   = 0x9fa0
	SYSFS_MAGIC        = 0x62656572
	DEVPTS_SUPER_MAGIC = 0x1cd1
)

// statfs(2) f_flags (include/linux/statfs.h).
const (
	ST_RDONLY      = 0x0001
	ST_NOSUID      = 0x0002
	ST_NODEV       = 0x0004
	ST_NOEXEC      = 0x0008
	ST_SYNCHRONOUS = 0x0010
	ST_MANDLOCK    = 0x0040
	ST_NOATIME     = 0x0400
	ST_NODIRATIME  = 0x0800
	ST_RELATIME    = 0x1000
)

// Statfs is struct statfs (include/uapi/asm-generic/statfs.h, with
// 64-bit words on arm64), what statfs(2) and fstatfs(2) write.
type Statfs struct {
	Type    int64
	Bsize   int64
	Blocks  uint64
	Bfree   uint64
	Bavail  uint64
	Files   uint64
	Ffree   uint64
	Fsid    [2]int32
	Namelen int64
	Frsize  int64
	Flags   int64
	Spare   [4]int64
}

// StatfsSize is sizeof(struct statfs) on arm64.
const StatfsSize = 120

// Marshal writes s to b[:StatfsSize].
func (s *Statfs) Marshal(b []byte) {
	_ = b[StatfsSize-1]
	clear(b[:StatfsSize])
	le.PutUint64(b[0:], uint64(s.Type))
	le.PutUint64(b[8:], uint64(s.Bsize))
	le.PutUint64(b[16:], s.Blocks)
	le.PutUint64(b[24:], s.Bfree)
	le.PutUint64(b[32:], s.Bavail)
	le.PutUint64(b[40:], s.Files)
	le.PutUint64(b[48:], s.Ffree)
	le.PutUint32(b[56:], uint32(s.Fsid[0]))
	le.PutUint32(b[60:], uint32(s.Fsid[1]))
	le.PutUint64(b[64:], uint64(s.Namelen))
	le.PutUint64(b[72:], uint64(s.Frsize))
	le.PutUint64(b[80:], uint64(s.Flags))
	for i, v := range s.Spare {
		le.PutUint64(b[88+8*i:], uint64(v))
	}
}

// Unmarshal reads s from b[:StatfsSize].
func (s *Statfs) Unmarshal(b []byte) {
	_ = b[StatfsSize-1]
	s.Type = int64(le.Uint64(b[0:]))
	s.Bsize = int64(le.Uint64(b[8:]))
	s.Blocks = le.Uint64(b[16:])
	s.Bfree = le.Uint64(b[24:])
	s.Bavail = le.Uint64(b[32:])
	s.Files = le.Uint64(b[40:])
	s.Ffree = le.Uint64(b[48:])
	s.Fsid = [2]int32{int32(le.Uint32(b[56:])), int32(le.Uint32(b[60:]))}
	s.Namelen = int64(le.Uint64(b[64:]))
	s.Frsize = int64(le.Uint64(b[72:]))
	s.Flags = int64(le.Uint64(b[80:]))
	for i := range s.Spare {
		s.Spare[i] = int64(le.Uint64(b[88+8*i:]))
	}
}

// The magic numbers of the kernel-internal filesystems anonymous files
// live on (include/uapi/linux/magic.h), for fstatfs(2) of a pipe or an
// eventfd.
const (
	PIPEFS_MAGIC        = 0x50495045
	ANON_INODE_FS_MAGIC = 0x09041934
)
