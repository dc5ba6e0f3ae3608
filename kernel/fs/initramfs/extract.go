package initramfs

import "github.com/tamix/tamix/linuxabi"

import "github.com/tamix/tamix/kernel/vfs"

// unpacker is the state of one Unpack.
type unpacker struct {
	c    vfs.Caller
	root *vfs.Inode
	// links maps the files with more than one link seen since the last
	// trailer to their first names (find_link()'s hash).
	links map[linkKey]string
	// dirs are the directories made, for dirTimes.
	dirs []dirTime
}

// linkKey identifies an archived file: its inode number, the device it
// was on and its type.
type linkKey struct {
	ino, major, minor, typ uint32
}

type dirTime struct {
	path  string
	mtime uint32
}

// trailer is the name of the entry that ends an archive.
const trailer = "TRAILER!!!"

// name makes what an entry other than a symbolic link names (do_name()
// and do_copy()): a regular file with its body, a directory, a device
// node, FIFO or socket. Whatever of another type is in the way is
// removed first (clean_path()); a file of the same type is rewritten, an
// existing directory is kept and given the entry's owner and mode.
func (u *unpacker) name(h *header, name, body []byte, csum bool) error {
	if name[len(name)-1] != 0 {
		return errMalformed
	}
	path := cString(name)
	if path == trailer {
		clear(u.links)
		return nil
	}
	u.cleanPath(path, h.mode)
	switch h.mode & linuxabi.S_IFMT {
	case linuxabi.S_IFREG:
		return u.file(h, path, body, csum)
	case linuxabi.S_IFDIR:
		_ = vfs.Mkdir(u.c, u.root, path, h.mode) // an existing directory is kept
		u.setOwnerMode(path, h)
		u.dirs = append(u.dirs, dirTime{path, h.mtime})
	case linuxabi.S_IFCHR, linuxabi.S_IFBLK, linuxabi.S_IFIFO, linuxabi.S_IFSOCK:
		if u.maybeLink(h, path) == 0 {
			if vfs.Mknod(u.c, u.root, path, h.mode, h.rdev) == nil {
				u.setOwnerMode(path, h)
				u.setTime(path, h.mtime)
			}
		}
	}
	return nil
}

// file makes a regular file, or another link to one made before, and
// writes its body. With the crc format, the bytes must add up to the
// header's check field.
func (u *unpacker) file(h *header, path string, body []byte, csum bool) error {
	ml := u.maybeLink(h, path)
	if ml < 0 {
		return nil
	}
	flags := linuxabi.O_WRONLY | linuxabi.O_CREAT | linuxabi.O_LARGEFILE
	if ml != 1 {
		flags |= linuxabi.O_TRUNC
	}
	f, err := vfs.Open(u.c, u.root, path, flags, h.mode)
	if err != nil {
		return nil
	}
	i := f.Inode()
	i.Chown(h.uid, h.gid)
	_ = i.Chmod(h.mode) // a regular file has a mode
	if len(body) > 0 {
		_ = f.Truncate(int64(len(body))) // preallocation, as vfs_truncate() is
	}
	n, err := f.Write(body)
	i.SetTimes(int64(h.mtime)*1e9, int64(h.mtime)*1e9)
	if err != nil || n != len(body) {
		return errWrite
	}
	if csum {
		var sum uint32
		for _, c := range body {
			sum += uint32(c)
		}
		if sum != h.check {
			return errChecksum
		}
	}
	return nil
}

// symlink makes a symbolic link (do_symlink()): the body, up to a NUL,
// is its target.
func (u *unpacker) symlink(h *header, name, body []byte) error {
	if name[len(name)-1] != 0 {
		return errMalformed
	}
	path := cString(name)
	u.cleanPath(path, 0)
	if vfs.Symlink(u.c, cString(body), u.root, path) != nil {
		return nil
	}
	if i, err := vfs.Lookup(u.c, u.root, path, linuxabi.AT_SYMLINK_NOFOLLOW); err == nil {
		i.Chown(h.uid, h.gid)
	}
	u.setTime(path, h.mtime)
	return nil
}

// maybeLink makes path a hard link to the file's first name if the
// header says the file has more links and one of them came before
// (maybe_link()): 1 if it made the link, -1 if that failed, 0 if path is
// the first name, which it remembers.
func (u *unpacker) maybeLink(h *header, path string) int {
	if h.nlink < 2 {
		return 0
	}
	key := linkKey{h.ino, h.major, h.minor, h.mode & linuxabi.S_IFMT}
	old, ok := u.links[key]
	if !ok {
		u.links[key] = path
		return 0
	}
	u.cleanPath(path, 0)
	i, err := vfs.Lookup(u.c, u.root, old, linuxabi.AT_SYMLINK_NOFOLLOW)
	if err != nil || vfs.Link(u.c, i, u.root, path) != nil {
		return -1
	}
	return 1
}

// cleanPath removes what path names if its type is not the one of mode
// (clean_path()).
func (u *unpacker) cleanPath(path string, mode uint32) {
	i, err := vfs.Lookup(u.c, u.root, path, linuxabi.AT_SYMLINK_NOFOLLOW)
	if err != nil || (i.Mode()^mode)&linuxabi.S_IFMT == 0 {
		return
	}
	if i.Mode()&linuxabi.S_IFMT == linuxabi.S_IFDIR {
		_ = vfs.Rmdir(u.c, u.root, path) // fails if not empty, and then so does what follows
	} else {
		_ = vfs.Unlink(u.c, u.root, path)
	}
}

// setOwnerMode is init_chown() and init_chmod() on path, following a
// final symbolic link as they do.
func (u *unpacker) setOwnerMode(path string, h *header) {
	i, err := vfs.Lookup(u.c, u.root, path, 0)
	if err != nil {
		return
	}
	i.Chown(h.uid, h.gid)
	_ = i.Chmod(h.mode) // not a symbolic link: the lookup followed it
}

// setTime is do_utime(): atime and mtime set to the archive's mtime, on
// path itself.
func (u *unpacker) setTime(path string, mtime uint32) {
	if i, err := vfs.Lookup(u.c, u.root, path, linuxabi.AT_SYMLINK_NOFOLLOW); err == nil {
		i.SetTimes(int64(mtime)*1e9, int64(mtime)*1e9)
	}
}

// dirTimes gives the directories their times once nothing more is made
// in them, the last made first (dir_utime()).
func (u *unpacker) dirTimes() {
	for k := len(u.dirs) - 1; k >= 0; k-- {
		u.setTime(u.dirs[k].path, u.dirs[k].mtime)
	}
}
