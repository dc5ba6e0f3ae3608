package vfs

// The constants below are the Linux arm64 values of the flags the VFS
// interprets. They mirror the ones linuxabi carries (or will carry) under
// the same names; they are repeated here so that the VFS keeps no
// dependency beyond linuxabi's Errno.

// File types and permission bits of st_mode (include/uapi/linux/stat.h).
const (
	S_IFMT   = 0o170000
	S_IFSOCK = 0o140000
	S_IFLNK  = 0o120000
	S_IFREG  = 0o100000
	S_IFBLK  = 0o060000
	S_IFDIR  = 0o040000
	S_IFCHR  = 0o020000
	S_IFIFO  = 0o010000

	S_ISUID = 0o4000
	S_ISGID = 0o2000
	S_ISVTX = 0o1000

	S_IRWXUGO = 0o777  // all read, write and execute bits
	S_IALLUGO = 0o7777 // S_IRWXUGO plus set-user-ID, set-group-ID and sticky
	S_IXGRP   = 0o010
)

// open(2) flags (include/uapi/asm-generic/fcntl.h, with the arm64
// values of O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE from
// arch/arm64/include/uapi/asm/fcntl.h).
const (
	O_ACCMODE   = 0o3
	O_RDONLY    = 0o0
	O_WRONLY    = 0o1
	O_RDWR      = 0o2
	O_CREAT     = 0o100
	O_EXCL      = 0o200
	O_NOCTTY    = 0o400
	O_TRUNC     = 0o1000
	O_APPEND    = 0o2000
	O_NONBLOCK  = 0o4000
	O_ASYNC     = 0o20000 // FASYNC
	O_DIRECT    = 0o200000
	O_DIRECTORY = 0o40000
	O_NOFOLLOW  = 0o100000
	O_LARGEFILE = 0o400000
	O_NOATIME   = 0o1000000
	O_CLOEXEC   = 0o2000000
	O_PATH      = 0o10000000
	O_TMPFILE   = 0o20000000 | O_DIRECTORY
)

// *at(2) flags (include/uapi/linux/fcntl.h).
const (
	AT_SYMLINK_NOFOLLOW = 0x100
	AT_SYMLINK_FOLLOW   = 0x400
)

// renameat2(2) flags (include/uapi/linux/fs.h).
const (
	RENAME_NOREPLACE = 1 << 0
	RENAME_EXCHANGE  = 1 << 1
	RENAME_WHITEOUT  = 1 << 2
)

// lseek(2) whence values (include/uapi/linux/fs.h).
const (
	SEEK_SET  = 0
	SEEK_CUR  = 1
	SEEK_END  = 2
	SEEK_DATA = 3
	SEEK_HOLE = 4
)

// Directory entry types of dirent64's d_type (include/linux/fs_types.h):
// the file type bits of st_mode shifted right by 12.
const (
	DT_UNKNOWN = 0
	DT_FIFO    = 1
	DT_CHR     = 2
	DT_DIR     = 4
	DT_BLK     = 6
	DT_REG     = 8
	DT_LNK     = 10
	DT_SOCK    = 12
)

// poll(2) events (include/uapi/asm-generic/poll.h).
const (
	POLLIN     = 0x0001
	POLLOUT    = 0x0004
	POLLNVAL   = 0x0020
	POLLRDNORM = 0x0040
	POLLWRNORM = 0x0100
)

// Limits (include/uapi/linux/limits.h, include/linux/namei.h,
// include/linux/fs.h).
const (
	PathMax     = 4096      // PATH_MAX, counting the terminating NUL
	NameMax     = 255       // NAME_MAX
	MaxSymlinks = 40        // MAXSYMLINKS: links followed in one lookup
	MaxFileSize = 1<<63 - 1 // MAX_LFS_FILESIZE on 64-bit
	BlockSize   = 4096      // st_blksize: PAGE_SIZE
)

// NoID leaves the owner or group unchanged in Inode.Chown: (uid_t)-1.
const NoID = ^uint32(0)

// TimeNow and TimeOmit are the Inode.SetTimes arguments that stand for
// utimensat(2)'s UTIME_NOW and UTIME_OMIT. Real times are nanoseconds
// since the epoch, which these two values, the smallest int64s, are not.
const (
	TimeNow  int64 = -1 << 63
	TimeOmit int64 = -1<<63 + 1
)
