package vfs

import "github.com/tamix/tamix/linuxabi"

// removeAt resolves the parent of path, checks the last component names
// an entry and locks the parent: the common part of do_unlinkat() and
// do_rmdir() after their checks of "." and "..". It returns the entry's
// inode; the caller unlocks nd.dir.mu.
func removeAt(nd *nameidata) (*Inode, error) {
	if len(nd.last) > NameMax {
		return nil, linuxabi.ENAMETOOLONG
	}
	p := nd.dir
	p.mu.Lock()
	child := p.dir.Lookup(nd.last)
	var err error
	switch {
	case child == nil:
		err = linuxabi.ENOENT
	case p.fs.synthetic: // no ->unlink or ->rmdir
		err = linuxabi.EPERM
	case p.fs.readOnly():
		err = linuxabi.EROFS
	default:
		if err = p.mayDelete(nd.c, child); err == nil {
			return child, nil
		}
	}
	p.mu.Unlock()
	return nil, err
}

// Unlink removes a name of a file that is not a directory (unlink(2),
// do_unlinkat() and vfs_unlink()): EISDIR for a directory or "." or "..",
// ENOTDIR if slashes follow the name of a non-directory. A symbolic link
// is removed, not followed. The file lives on while it is open.
func Unlink(c Caller, dir *Inode, path string) error {
	nd, err := parentAt(c, dir, path)
	if err != nil {
		return err
	}
	if nd.lastType != lastNorm {
		return linuxabi.EISDIR
	}
	child, err := removeAt(nd)
	if err != nil {
		return err
	}
	p := nd.dir
	defer p.mu.Unlock()
	switch {
	case child.isDir():
		return linuxabi.EISDIR
	case nd.slash:
		return linuxabi.ENOTDIR
	}
	p.remove(nd.last, child, p.fs.clock())
	return nil
}

// Rmdir removes an empty directory (rmdir(2), do_rmdir() and
// vfs_rmdir()): ENOTEMPTY if it has entries or the path ends in "..",
// EINVAL if it ends in ".", EBUSY for "/", ENOTDIR for other types
// (symbolic links included).
func Rmdir(c Caller, dir *Inode, path string) error {
	nd, err := parentAt(c, dir, path)
	if err != nil {
		return err
	}
	switch nd.lastType {
	case lastDotDot:
		return linuxabi.ENOTEMPTY
	case lastDot:
		return linuxabi.EINVAL
	case lastRoot:
		return linuxabi.EBUSY
	}
	child, err := removeAt(nd)
	if err != nil {
		return err
	}
	p := nd.dir
	defer p.mu.Unlock()
	switch {
	case !child.isDir():
		return linuxabi.ENOTDIR
	case child.isMountpoint():
		return linuxabi.EBUSY
	}
	if err := child.kill(); err != nil {
		return err
	}
	p.remove(nd.last, child, p.fs.clock())
	return nil
}

// kill marks an empty directory that is about to lose its name removed
// (S_DEAD), so nothing is created in it any more: ENOTEMPTY if it has
// entries (simple_empty()). Its parent's lock is held.
func (d *Inode) kill() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.dir.Len() != 0 {
		return linuxabi.ENOTEMPTY
	}
	d.dead = true
	return nil
}

// remove takes the entry name for i out of the directory p, whose lock is
// held, and drops the link it stood for (simple_unlink() and
// simple_rmdir()): a removed directory loses both of its links and p the
// link of its "..".
func (p *Inode) remove(name string, i *Inode, now int64) {
	p.dir.Remove(name)
	if i.isDir() {
		p.addNlink(-1)
		i.addNlink(-2)
	} else {
		i.addNlink(-1)
	}
	i.changed(now)
	p.modified(now)
}
