package linuxabi

// Extended attribute limits and setxattr(2) flags (include/uapi/linux/xattr.h,
// include/uapi/linux/limits.h).
const (
	XATTR_CREATE   = 0x1
	XATTR_REPLACE  = 0x2
	XATTR_NAME_MAX = 255
	XATTR_SIZE_MAX = 65536
)
