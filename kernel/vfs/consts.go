package vfs

// The st_mode, open(2), *at(2), renameat2(2), lseek(2), d_type and poll
// values the VFS interprets are linuxabi's; these are the VFS's own.

// Permission-bit groups of include/linux/stat.h (kernel-internal names).
const (
	S_IRWXUGO = 0o777  // all read, write and execute bits
	S_IALLUGO = 0o7777 // S_IRWXUGO plus set-user-ID, set-group-ID and sticky
	S_IXGRP   = 0o010
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
