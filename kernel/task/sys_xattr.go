package task

import (
	"strings"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// Extended attributes (fs/xattr.c). tamix's filesystems store none, so
// every inode has an empty list: reads find nothing where Linux 6.1's
// tmpfs would look (security.*, trusted.*, system.posix_acl_*: ENODATA)
// and refuse other namespaces as it does (user.* arrived in 6.6:
// EOPNOTSUPP); setting is EOPNOTSUPP.
func init() {
	const get = "no attributes are stored: ENODATA (security, trusted, POSIX ACL names), EOPNOTSUPP otherwise"
	const list = "no attributes are stored: an empty list"
	const set = "no attributes are stored: EOPNOTSUPP"
	register(linuxabi.SYS_GETXATTR, sysGetxattr, Partial, get)
	register(linuxabi.SYS_LGETXATTR, sysLgetxattr, Partial, get)
	register(linuxabi.SYS_FGETXATTR, sysFgetxattr, Partial, get)
	register(linuxabi.SYS_LISTXATTR, sysListxattr, Partial, list)
	register(linuxabi.SYS_LLISTXATTR, sysLlistxattr, Partial, list)
	register(linuxabi.SYS_FLISTXATTR, sysFlistxattr, Partial, list)
	register(linuxabi.SYS_SETXATTR, sysSetxattr, Partial, set)
	register(linuxabi.SYS_LSETXATTR, sysLsetxattr, Partial, set)
	register(linuxabi.SYS_FSETXATTR, sysFsetxattr, Partial, set)
	register(linuxabi.SYS_REMOVEXATTR, sysRemovexattr, Partial, get)
	register(linuxabi.SYS_LREMOVEXATTR, sysLremovexattr, Partial, get)
	register(linuxabi.SYS_FREMOVEXATTR, sysFremovexattr, Partial, get)
}

// xattrInode resolves the path at a0 (following a final symbolic link
// unless nofollow) or, for the f* calls (byFD), the descriptor a0.
func (t *Task) xattrInode(byFD bool, a0 uint64, nofollow bool) (*vfs.Inode, error) {
	if byFD {
		return t.fileInode(uint64(int32(a0)))
	}
	pathVA := a0
	flags := 0
	if nofollow {
		flags = linuxabi.AT_SYMLINK_NOFOLLOW
	}
	return t.lookupAt(linuxabi.AT_FDCWD, pathVA, flags)
}

// xattrName reads and checks an attribute name (import_xattr_name and
// xattr_resolve_name): ERANGE if empty or longer than XATTR_NAME_MAX,
// then ENODATA for a namespace tmpfs keeps (nothing is in it), else
// EOPNOTSUPP.
func (t *Task) xattrName(va uint64) error {
	name, err := t.space.CopyInString(va, linuxabi.XATTR_NAME_MAX+1)
	switch {
	case err == linuxabi.ENAMETOOLONG || err == nil && name == "":
		return linuxabi.ERANGE
	case err != nil:
		return err
	case strings.HasPrefix(name, "security.") || strings.HasPrefix(name, "trusted.") ||
		name == "system.posix_acl_access" || name == "system.posix_acl_default":
		return linuxabi.ENODATA
	}
	return linuxabi.EOPNOTSUPP
}

func getxattr(t *Task, byFD bool, a args, nofollow bool) (uint64, error) {
	if _, err := t.xattrInode(byFD, a[0], nofollow); err != nil {
		return 0, err
	}
	return 0, t.xattrName(a[1])
}

func listxattr(t *Task, byFD bool, a args, nofollow bool) (uint64, error) {
	_, err := t.xattrInode(byFD, a[0], nofollow)
	return 0, err
}

func setxattr(t *Task, byFD bool, a args, nofollow bool) (uint64, error) {
	if a[4]&^uint64(linuxabi.XATTR_CREATE|linuxabi.XATTR_REPLACE) != 0 {
		return 0, linuxabi.EINVAL
	}
	if a[3] > linuxabi.XATTR_SIZE_MAX {
		return 0, linuxabi.E2BIG
	}
	if _, err := t.xattrInode(byFD, a[0], nofollow); err != nil {
		return 0, err
	}
	if err := t.xattrName(a[1]); err == linuxabi.ERANGE {
		return 0, err
	}
	return 0, linuxabi.EOPNOTSUPP
}

func removexattr(t *Task, byFD bool, a args, nofollow bool) (uint64, error) {
	if _, err := t.xattrInode(byFD, a[0], nofollow); err != nil {
		return 0, err
	}
	return 0, t.xattrName(a[1])
}

// sysGetxattr implements Linux system call getxattr(2).
func sysGetxattr(t *Task, a args) (uint64, error) { return getxattr(t, false, a, false) }

// sysLgetxattr implements Linux system call lgetxattr(2).
func sysLgetxattr(t *Task, a args) (uint64, error) { return getxattr(t, false, a, true) }

// sysFgetxattr implements Linux system call fgetxattr(2).
func sysFgetxattr(t *Task, a args) (uint64, error) { return getxattr(t, true, a, false) }

// sysListxattr implements Linux system call listxattr(2).
func sysListxattr(t *Task, a args) (uint64, error) { return listxattr(t, false, a, false) }

// sysLlistxattr implements Linux system call llistxattr(2).
func sysLlistxattr(t *Task, a args) (uint64, error) { return listxattr(t, false, a, true) }

// sysFlistxattr implements Linux system call flistxattr(2).
func sysFlistxattr(t *Task, a args) (uint64, error) { return listxattr(t, true, a, false) }

// sysSetxattr implements Linux system call setxattr(2).
func sysSetxattr(t *Task, a args) (uint64, error) { return setxattr(t, false, a, false) }

// sysLsetxattr implements Linux system call lsetxattr(2).
func sysLsetxattr(t *Task, a args) (uint64, error) { return setxattr(t, false, a, true) }

// sysFsetxattr implements Linux system call fsetxattr(2).
func sysFsetxattr(t *Task, a args) (uint64, error) { return setxattr(t, true, a, false) }

// sysRemovexattr implements Linux system call removexattr(2).
func sysRemovexattr(t *Task, a args) (uint64, error) { return removexattr(t, false, a, false) }

// sysLremovexattr implements Linux system call lremovexattr(2).
func sysLremovexattr(t *Task, a args) (uint64, error) { return removexattr(t, false, a, true) }

// sysFremovexattr implements Linux system call fremovexattr(2).
func sysFremovexattr(t *Task, a args) (uint64, error) {
	return removexattr(t, true, a, false)
}
