package task

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_OPENAT, sysOpenat, Partial, "no O_TMPFILE")
	register(linuxabi.SYS_NEWFSTATAT, sysNewfstatat, Full, "")
	register(linuxabi.SYS_STATX, sysStatx, Full, "")
	register(linuxabi.SYS_READLINKAT, sysReadlinkat, Full, "")
	register(linuxabi.SYS_FACCESSAT, sysFaccessat, Full, "")
	register(linuxabi.SYS_FACCESSAT2, sysFaccessat2, Full, "")
	register(linuxabi.SYS_MKDIRAT, sysMkdirat, Full, "")
	register(linuxabi.SYS_MKNODAT, sysMknodat, Full, "")
	register(linuxabi.SYS_UNLINKAT, sysUnlinkat, Full, "")
	register(linuxabi.SYS_RENAMEAT, sysRenameat, Full, "")
	register(linuxabi.SYS_RENAMEAT2, sysRenameat2, Full, "")
	register(linuxabi.SYS_SYMLINKAT, sysSymlinkat, Full, "")
	register(linuxabi.SYS_LINKAT, sysLinkat, Full, "")
	register(linuxabi.SYS_FCHMOD, sysFchmod, Full, "")
	register(linuxabi.SYS_FCHMODAT, sysFchmodat, Full, "")
	register(linuxabi.SYS_FCHOWN, sysFchown, Full, "")
	register(linuxabi.SYS_FCHOWNAT, sysFchownat, Full, "")
	register(linuxabi.SYS_UTIMENSAT, sysUtimensat, Full, "")
	register(linuxabi.SYS_TRUNCATE, sysTruncate, Full, "")
	register(linuxabi.SYS_GETCWD, sysGetcwd, Full, "")
	register(linuxabi.SYS_CHDIR, sysChdir, Full, "")
	register(linuxabi.SYS_FCHDIR, sysFchdir, Full, "")
	register(linuxabi.SYS_CHROOT, sysChroot, Full, "")
}

// dirInode is the directory a relative path of an *at call starts from.
func (t *Task) dirInode(dirfd int, path string) (*vfs.Inode, error) {
	if strings.HasPrefix(path, "/") || dirfd == linuxabi.AT_FDCWD {
		fs := t.p.fs
		fs.mu.Lock()
		defer fs.mu.Unlock()
		return fs.cwd, nil
	}
	f, err := t.file(dirfd)
	if err != nil {
		return nil, err
	}
	defer f.put()
	i := f.Inode()
	if i == nil || i.Mode()&linuxabi.S_IFMT != linuxabi.S_IFDIR {
		return nil, linuxabi.ENOTDIR
	}
	return i, nil
}

// openFile opens path as openat does and wraps the result in its File:
// terminals get the line discipline, other files the VFS.
func (t *Task) openFile(dirfd int, path string, flags int, mode uint32) (File, error) {
	dir, err := t.dirInode(dirfd, path)
	if err != nil {
		return nil, err
	}
	f, err := vfs.Open(t.caller(), dir, path, flags, mode)
	if err != nil {
		return nil, err
	}
	if pf, ok, err := t.ptyFileFor(f, dir, path, flags); ok {
		return pf, err
	}
	if tf := t.k.ttyFileFor(t, f); tf != nil {
		return tf, nil
	}
	if f.Inode().Mode()&linuxabi.S_IFMT == linuxabi.S_IFIFO && f.Flags()&linuxabi.O_PATH == 0 {
		return t.k.openFIFO(t, f)
	}
	return vfsFile{f}, nil
}

// sysOpenat implements Linux system call openat(2).
func sysOpenat(t *Task, a args) (uint64, error) {
	path, err := t.readPath(a[1])
	if err != nil {
		return 0, err
	}
	flags := int(a[2])
	if flags&linuxabi.O_TMPFILE == linuxabi.O_TMPFILE {
		return 0, linuxabi.EOPNOTSUPP
	}
	f, err := t.openFile(int(int32(a[0])), path, flags, uint32(a[3]))
	if err != nil {
		return 0, err
	}
	fd, err := t.p.files.install(newOpenFile(f), 0, flags&linuxabi.O_CLOEXEC != 0, t.nofile())
	return uint64(fd), err
}

// lookupAt resolves an *at call's path, honouring AT_EMPTY_PATH (the
// dirfd's own inode) and AT_SYMLINK_NOFOLLOW.
func (t *Task) lookupAt(dirfd int, pathVA uint64, flags int) (*vfs.Inode, error) {
	return t.lookupAs(t.caller(), dirfd, pathVA, flags)
}

// lookupAs is lookupAt with the permissions of c.
func (t *Task) lookupAs(c vfs.Caller, dirfd int, pathVA uint64, flags int) (*vfs.Inode, error) {
	path, err := t.space.CopyInString(pathVA, vfs.PathMax)
	if err != nil {
		return nil, err
	}
	if path == "" {
		if flags&linuxabi.AT_EMPTY_PATH == 0 {
			return nil, linuxabi.ENOENT
		}
		if dirfd == linuxabi.AT_FDCWD {
			return t.dirInode(dirfd, ".")
		}
		f, err := t.file(dirfd)
		if err != nil {
			return nil, err
		}
		defer f.put()
		if i := f.Inode(); i != nil {
			return i, nil
		}
		return nil, linuxabi.EBADF
	}
	dir, err := t.dirInode(dirfd, path)
	if err != nil {
		return nil, err
	}
	lf := 0
	if flags&linuxabi.AT_SYMLINK_NOFOLLOW != 0 {
		lf = linuxabi.AT_SYMLINK_NOFOLLOW
	}
	return vfs.Lookup(c, dir, path, lf)
}

// statAt returns what the *stat calls report, including for
// AT_EMPTY_PATH on an anonymous file (a pipe).
func (t *Task) statAt(dirfd int, pathVA uint64, flags int) (vfs.Stat, error) {
	if flags&linuxabi.AT_EMPTY_PATH != 0 && dirfd != linuxabi.AT_FDCWD {
		if s, err := t.space.CopyInString(pathVA, 1); err == nil && s == "" {
			f, err := t.file(dirfd)
			if err != nil {
				return vfs.Stat{}, err
			}
			defer f.put()
			return f.Stat(), nil
		}
	}
	i, err := t.lookupAt(dirfd, pathVA, flags)
	if err != nil {
		return vfs.Stat{}, err
	}
	return i.Stat(), nil
}

// sysNewfstatat implements Linux system call newfstatat(2).
func sysNewfstatat(t *Task, a args) (uint64, error) {
	flags := int(a[3])
	if flags&^(linuxabi.AT_SYMLINK_NOFOLLOW|linuxabi.AT_EMPTY_PATH|linuxabi.AT_NO_AUTOMOUNT) != 0 {
		return 0, linuxabi.EINVAL
	}
	st, err := t.statAt(int(int32(a[0])), a[1], flags)
	if err != nil {
		return 0, err
	}
	return 0, t.writeStat(a[2], st)
}

// sysStatx implements Linux system call statx(2).
func sysStatx(t *Task, a args) (uint64, error) {
	flags := int(a[2])
	const known = linuxabi.AT_SYMLINK_NOFOLLOW | linuxabi.AT_EMPTY_PATH | linuxabi.AT_NO_AUTOMOUNT | linuxabi.AT_STATX_SYNC_TYPE
	if flags&^known != 0 || flags&linuxabi.AT_STATX_SYNC_TYPE == linuxabi.AT_STATX_SYNC_TYPE {
		return 0, linuxabi.EINVAL
	}
	if uint32(a[3])&0x8000_0000 != 0 { // STATX__RESERVED
		return 0, linuxabi.EINVAL
	}
	st, err := t.statAt(int(int32(a[0])), a[1], flags)
	if err != nil {
		return 0, err
	}
	var b [linuxabi.StatxSize]byte
	statxOf(st).Marshal(b[:])
	return 0, t.copyOut(a[4], b[:])
}

func (t *Task) writeStat(va uint64, st vfs.Stat) error {
	var b [linuxabi.StatSize]byte
	statOf(st).Marshal(b[:])
	return t.copyOut(va, b[:])
}

// sysReadlinkat implements Linux system call readlinkat(2).
func sysReadlinkat(t *Task, a args) (uint64, error) {
	if int64(a[3]) <= 0 {
		return 0, linuxabi.EINVAL
	}
	i, err := t.lookupAt(int(int32(a[0])), a[1], linuxabi.AT_SYMLINK_NOFOLLOW|linuxabi.AT_EMPTY_PATH)
	if err != nil {
		return 0, err
	}
	s, err := i.Readlink(t.caller())
	if err != nil {
		return 0, err
	}
	n := min(uint64(len(s)), a[3])
	return n, t.copyOut(a[2], []byte(s[:n]))
}

func sysFaccessat(t *Task, a args) (uint64, error) { return faccess(t, a[0], a[1], a[2], 0) }
func sysFaccessat2(t *Task, a args) (uint64, error) {
	return faccess(t, a[0], a[1], a[2], a[3])
}

// faccess implements faccessat(2) (do_faccessat): the permission check
// with the real uid and gid instead of the filesystem ones, unless
// AT_EACCESS; F_OK only needs the path to resolve.
func faccess(t *Task, dirfd, pathVA, mode, flags uint64) (uint64, error) {
	if mode&^7 != 0 || flags&^(linuxabi.AT_EACCESS|linuxabi.AT_SYMLINK_NOFOLLOW|linuxabi.AT_EMPTY_PATH) != 0 {
		return 0, linuxabi.EINVAL
	}
	c := t.caller()
	if flags&linuxabi.AT_EACCESS == 0 {
		cr := t.creds()
		c.UID, c.GID = cr.uid, cr.gid
	}
	i, err := t.lookupAs(c, int(int32(dirfd)), pathVA, int(flags))
	if err != nil {
		return 0, err
	}
	if mode == 0 {
		return 0, nil
	}
	return 0, i.Permission(c, int(mode))
}

// pathArgs reads an *at call's (dirfd, path) pair into the directory and
// path vfs takes.
func (t *Task) pathArgs(dirfd, pathVA uint64) (*vfs.Inode, string, error) {
	path, err := t.readPath(pathVA)
	if err != nil {
		return nil, "", err
	}
	dir, err := t.dirInode(int(int32(dirfd)), path)
	return dir, path, err
}

// sysMkdirat implements Linux system call mkdirat(2).
func sysMkdirat(t *Task, a args) (uint64, error) {
	dir, path, err := t.pathArgs(a[0], a[1])
	if err != nil {
		return 0, err
	}
	return 0, vfs.Mkdir(t.p.caller(), dir, path, uint32(a[2]))
}

// sysMknodat implements Linux system call mknodat(2).
func sysMknodat(t *Task, a args) (uint64, error) {
	dir, path, err := t.pathArgs(a[0], a[1])
	if err != nil {
		return 0, err
	}
	dev := a[3]
	return 0, vfs.Mknod(t.p.caller(), dir, path, uint32(a[2]), vfs.Mkdev(uint32(dev>>8)&0xfff|uint32(dev>>32)&^0xfff, uint32(dev&0xff)|uint32(dev>>12)&^0xff))
}

// sysUnlinkat implements Linux system call unlinkat(2).
func sysUnlinkat(t *Task, a args) (uint64, error) {
	if a[2]&^linuxabi.AT_REMOVEDIR != 0 {
		return 0, linuxabi.EINVAL
	}
	dir, path, err := t.pathArgs(a[0], a[1])
	if err != nil {
		return 0, err
	}
	if a[2]&linuxabi.AT_REMOVEDIR != 0 {
		return 0, vfs.Rmdir(t.p.caller(), dir, path)
	}
	return 0, vfs.Unlink(t.p.caller(), dir, path)
}

func sysRenameat(t *Task, a args) (uint64, error) {
	return sysRenameat2(t, args{a[0], a[1], a[2], a[3], 0})
}

// sysRenameat2 implements Linux system call renameat2(2).
func sysRenameat2(t *Task, a args) (uint64, error) {
	odir, opath, err := t.pathArgs(a[0], a[1])
	if err != nil {
		return 0, err
	}
	ndir, npath, err := t.pathArgs(a[2], a[3])
	if err != nil {
		return 0, err
	}
	return 0, vfs.Rename(t.p.caller(), odir, opath, ndir, npath, uint32(a[4]))
}

// sysSymlinkat implements Linux system call symlinkat(2).
func sysSymlinkat(t *Task, a args) (uint64, error) {
	target, err := t.readPath(a[0])
	if err != nil {
		return 0, err
	}
	dir, path, err := t.pathArgs(a[1], a[2])
	if err != nil {
		return 0, err
	}
	return 0, vfs.Symlink(t.p.caller(), target, dir, path)
}

// sysLinkat implements Linux system call linkat(2).
func sysLinkat(t *Task, a args) (uint64, error) {
	flags := int(a[4])
	if flags&^(linuxabi.AT_SYMLINK_FOLLOW|linuxabi.AT_EMPTY_PATH) != 0 {
		return 0, linuxabi.EINVAL
	}
	lf := linuxabi.AT_SYMLINK_NOFOLLOW
	if flags&linuxabi.AT_SYMLINK_FOLLOW != 0 {
		lf = 0
	}
	old, err := t.lookupAt(int(int32(a[0])), a[1], lf|flags&linuxabi.AT_EMPTY_PATH)
	if err != nil {
		return 0, err
	}
	dir, path, err := t.pathArgs(a[2], a[3])
	if err != nil {
		return 0, err
	}
	return 0, vfs.Link(t.p.caller(), old, dir, path)
}

// fileInode is the inode the file fd is open on: EBADF for anonymous
// files (pipes, epoll), which have none tamix can change.
func (t *Task) fileInode(fd uint64) (*vfs.Inode, error) {
	f, err := t.file(int(fd))
	if err != nil {
		return nil, err
	}
	defer f.put()
	if f.Inode() == nil {
		return nil, linuxabi.EBADF
	}
	return f.Inode(), nil
}

// sysFchmod implements Linux system call fchmod(2).
func sysFchmod(t *Task, a args) (uint64, error) {
	i, err := t.fileInode(a[0])
	if err != nil {
		return 0, err
	}
	return 0, t.chmod(i, uint32(a[1]))
}

// sysFchmodat implements Linux system call fchmodat(2).
func sysFchmodat(t *Task, a args) (uint64, error) {
	i, err := t.lookupAt(int(int32(a[0])), a[1], 0)
	if err != nil {
		return 0, err
	}
	return 0, t.chmod(i, uint32(a[2]))
}

// chmod is chmod_common: the owner or a privileged caller only (EPERM);
// an unprivileged one cannot set S_ISGID on a file of a group it is not
// in, which is dropped silently (setattr_copy).
func (t *Task) chmod(i *vfs.Inode, mode uint32) error {
	c := t.caller()
	if err := i.OwnerOrPrivileged(c); err != nil {
		return err
	}
	if st := i.Stat(); c.UID != 0 && st.GID != c.GID && !slices.Contains(c.Groups, st.GID) {
		mode &^= linuxabi.S_ISGID
	}
	return i.Chmod(mode)
}

// chown is chown_ok and chgrp_ok (fs/attr.c): a privileged caller may
// give any owner and group; otherwise only the owner may "change" the
// owner, to itself, and the group, to its own or one of its groups.
// -1 leaves an id as it is.
func (t *Task) chown(i *vfs.Inode, uid, gid uint32) error {
	c := t.caller()
	if c.UID != 0 {
		st := i.Stat()
		owner := c.UID == st.UID
		switch {
		case uid != noID && !(owner && uid == st.UID),
			gid != noID && !(owner && (gid == st.GID || gid == c.GID || slices.Contains(c.Groups, gid))):
			return linuxabi.EPERM
		}
	}
	i.Chown(uid, gid)
	return nil
}

// sysFchown implements Linux system call fchown(2).
func sysFchown(t *Task, a args) (uint64, error) {
	i, err := t.fileInode(a[0])
	if err != nil {
		return 0, err
	}
	return 0, t.chown(i, uint32(a[1]), uint32(a[2]))
}

// sysFchownat implements Linux system call fchownat(2).
func sysFchownat(t *Task, a args) (uint64, error) {
	if a[4]&^(linuxabi.AT_SYMLINK_NOFOLLOW|linuxabi.AT_EMPTY_PATH) != 0 {
		return 0, linuxabi.EINVAL
	}
	i, err := t.lookupAt(int(int32(a[0])), a[1], int(a[4]))
	if err != nil {
		return 0, err
	}
	return 0, t.chown(i, uint32(a[2]), uint32(a[3]))
}

// sysUtimensat implements Linux system call utimensat(2).
func sysUtimensat(t *Task, a args) (uint64, error) {
	flags := int(a[3])
	if flags&^(linuxabi.AT_SYMLINK_NOFOLLOW|linuxabi.AT_EMPTY_PATH) != 0 {
		return 0, linuxabi.EINVAL
	}
	at, mt := vfs.TimeNow, vfs.TimeNow
	if a[2] != 0 {
		var b [32]byte
		if err := t.copyIn(a[2], b[:]); err != nil {
			return 0, err
		}
		var err error
		if at, err = utime(b[:16]); err != nil {
			return 0, err
		}
		if mt, err = utime(b[16:]); err != nil {
			return 0, err
		}
	}
	var i *vfs.Inode
	var err error
	if a[1] == 0 { // futimens: the file dirfd refers to
		if i, err = t.fileInode(a[0]); err != nil {
			return 0, err
		}
	} else if i, err = t.lookupAt(int(int32(a[0])), a[1], flags); err != nil {
		return 0, err
	}
	// Setting explicit times takes the owner; setting them to now, the
	// owner or write permission (vfs_utimes and inode_change_ok).
	c := t.caller()
	if at == vfs.TimeNow && mt == vfs.TimeNow {
		if i.OwnerOrPrivileged(c) != nil && i.Permission(c, vfs.MayWrite) != nil {
			return 0, linuxabi.EACCES
		}
	} else if err := i.OwnerOrPrivileged(c); err != nil {
		return 0, err
	}
	i.SetTimes(at, mt)
	return 0, nil
}

// UTIME_NOW and UTIME_OMIT (include/uapi/linux/stat.h).
const (
	utimeNow  = 1<<30 - 1
	utimeOmit = 1<<30 - 2
)

// utime decodes one struct timespec of utimensat, with UTIME_NOW and
// UTIME_OMIT.
func utime(b []byte) (int64, error) {
	sec, nsec := int64(binary.LittleEndian.Uint64(b)), int64(binary.LittleEndian.Uint64(b[8:]))
	switch nsec {
	case utimeNow:
		return vfs.TimeNow, nil
	case utimeOmit:
		return vfs.TimeOmit, nil
	}
	if nsec < 0 || nsec >= 1e9 {
		return 0, linuxabi.EINVAL
	}
	return sec*1e9 + nsec, nil
}

// sysTruncate implements Linux system call truncate(2).
func sysTruncate(t *Task, a args) (uint64, error) {
	i, err := t.lookupAt(linuxabi.AT_FDCWD, a[0], 0)
	if err != nil {
		return 0, err
	}
	return 0, i.Truncate(int64(a[1]))
}

// sysChdir implements Linux system call chdir(2).
func sysChdir(t *Task, a args) (uint64, error) {
	i, err := t.lookupAt(linuxabi.AT_FDCWD, a[0], 0)
	if err != nil {
		return 0, err
	}
	return 0, t.setCwd(i)
}

// sysFchdir implements Linux system call fchdir(2).
func sysFchdir(t *Task, a args) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer f.put()
	if f.Inode() == nil { // a pipe, an epoll instance
		return 0, linuxabi.ENOTDIR
	}
	return 0, t.setCwd(f.Inode())
}

func (t *Task) setCwd(i *vfs.Inode) error {
	if i.Mode()&linuxabi.S_IFMT != linuxabi.S_IFDIR {
		return linuxabi.ENOTDIR
	}
	fs := t.p.fs
	fs.mu.Lock()
	fs.cwd = i
	fs.mu.Unlock()
	return nil
}

// sysChroot implements Linux system call chroot(2).
func sysChroot(t *Task, a args) (uint64, error) {
	i, err := t.lookupAt(linuxabi.AT_FDCWD, a[0], 0)
	if err != nil {
		return 0, err
	}
	if i.Mode()&linuxabi.S_IFMT != linuxabi.S_IFDIR {
		return 0, linuxabi.ENOTDIR
	}
	fs := t.p.fs
	fs.mu.Lock()
	fs.root = i
	fs.mu.Unlock()
	return 0, nil
}

// sysGetcwd implements Linux system call getcwd(2).
func sysGetcwd(t *Task, a args) (uint64, error) {
	fs := t.p.fs
	fs.mu.Lock()
	cwd := fs.cwd
	fs.mu.Unlock()
	path, err := vfs.Getcwd(t.p.caller(), cwd)
	if err != nil {
		return 0, err
	}
	if uint64(len(path)+1) > a[1] {
		return 0, linuxabi.ERANGE
	}
	return uint64(len(path) + 1), t.copyOut(a[0], append([]byte(path), 0))
}
