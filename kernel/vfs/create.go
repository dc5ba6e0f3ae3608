package vfs

import "github.com/tamix/tamix/linuxabi"

// createAt resolves the parent of path and locks it, for creating path's
// last component (filename_create() in fs/namei.c). The last component
// must be a name (EEXIST for "." or ".." or "/") that is not taken
// (EEXIST); a trailing slash is only allowed when making a directory
// (ENOENT), and nothing can be made in a removed directory (ENOENT, as
// may_create() answers). The caller unlocks nd.dir.mu.
func createAt(c Caller, dir *Inode, path string, wantDir bool) (*nameidata, error) {
	nd, err := parentAt(c, dir, path)
	if err != nil {
		return nil, err
	}
	if nd.lastType != lastNorm {
		return nil, linuxabi.EEXIST
	}
	if len(nd.last) > NameMax {
		return nil, linuxabi.ENAMETOOLONG
	}
	p := nd.dir
	p.mu.Lock()
	switch {
	case p.dir.Lookup(nd.last) != nil:
		err = linuxabi.EEXIST
	case nd.slash && !wantDir, p.dead:
		err = linuxabi.ENOENT
	case p.fs.synthetic: // no ->mkdir, ->mknod, ->symlink or ->link
		err = linuxabi.EPERM
	case p.fs.readOnly():
		err = linuxabi.EROFS
	default:
		if err = p.mayCreate(c); err == nil {
			return nd, nil
		}
	}
	p.mu.Unlock()
	return nil, err
}

// create makes an inode at path (the common part of mkdir(2),
// mknod(2) and symlink(2)).
func create(c Caller, dir *Inode, path string, mode uint32, rdev uint64, target string) error {
	nd, err := createAt(c, dir, path, mode&linuxabi.S_IFMT == linuxabi.S_IFDIR)
	if err != nil {
		return err
	}
	p := nd.dir
	defer p.mu.Unlock()
	i := p.fs.newInode(mode, rdev, c, p)
	i.target = target
	p.enter(nd.last, i, p.fs.clock())
	return nil
}

// Mkdir makes a directory (mkdir(2), do_mkdirat() and vfs_mkdir()) with
// the permission and sticky bits of mode, less the caller's umask.
func Mkdir(c Caller, dir *Inode, path string, mode uint32) error {
	return create(c, dir, path, linuxabi.S_IFDIR|mode&(S_IRWXUGO|linuxabi.S_ISVTX)&^c.Umask, 0, "")
}

// Mknod makes a regular file, device node, FIFO or socket, as mode's
// type says (mknod(2), do_mknodat()); type 0 is a regular file. A
// directory is EPERM, another type EINVAL. Dev, a device number made by
// Mkdev, is kept for character and block devices only.
func Mknod(c Caller, dir *Inode, path string, mode uint32, dev uint64) error {
	switch mode & linuxabi.S_IFMT {
	case 0:
		mode |= linuxabi.S_IFREG
		fallthrough
	case linuxabi.S_IFREG, linuxabi.S_IFIFO, linuxabi.S_IFSOCK:
		dev = 0
	case linuxabi.S_IFCHR, linuxabi.S_IFBLK:
	case linuxabi.S_IFDIR:
		return linuxabi.EPERM
	default:
		return linuxabi.EINVAL
	}
	return create(c, dir, path, mode&(linuxabi.S_IFMT|S_IALLUGO)&^c.Umask, dev, "")
}

// Symlink makes a symbolic link holding target (symlink(2),
// do_symlinkat()). An empty target is ENOENT and one of PathMax bytes or
// more ENAMETOOLONG, as getname() answers.
func Symlink(c Caller, target string, dir *Inode, path string) error {
	switch {
	case target == "":
		return linuxabi.ENOENT
	case len(target) >= PathMax:
		return linuxabi.ENAMETOOLONG
	}
	return create(c, dir, path, linuxabi.S_IFLNK|S_IRWXUGO, 0, target)
}

// Link makes path a new name for old (link(2), do_linkat() and
// vfs_link()). The caller resolves old, following a final symbolic link
// only for AT_SYMLINK_FOLLOW, or takes a file's inode for AT_EMPTY_PATH.
// Old must be on the same filesystem (EXDEV), not a directory (EPERM)
// and not already removed (ENOENT).
func Link(c Caller, old *Inode, dir *Inode, path string) error {
	nd, err := createAt(c, dir, path, false)
	if err != nil {
		return err
	}
	p := nd.dir
	defer p.mu.Unlock()
	switch {
	case old.fs != p.fs:
		return linuxabi.EXDEV
	case old.isDir():
		return linuxabi.EPERM
	}
	now := p.fs.clock()
	old.attrMu.Lock()
	if old.nlink == 0 {
		old.attrMu.Unlock()
		return linuxabi.ENOENT
	}
	old.nlink++
	old.ctime = now
	old.attrMu.Unlock()
	p.enter(nd.last, old, now)
	return nil
}

// enter adds the entry name for i to the directory p, whose lock is held:
// a directory gets p for its parent and adds a link to p (its ".."). It
// is the part of simple_link() and shmem_mknod() that updates p.
func (p *Inode) enter(name string, i *Inode, now int64) {
	p.dir.Add(name, i)
	if i.isDir() {
		i.name.Store(&name)
		i.parent.Store(p)
		p.addNlink(1)
	}
	p.modified(now)
}
