package vfs

import "github.com/tamix/tamix/linuxabi"

// Rename renames oldpath to newpath (renameat2(2), do_renameat2() and
// vfs_rename() in fs/namei.c). Neither path may end in "." or ".." or be
// "/" (EBUSY; EEXIST for newpath with RENAME_NOREPLACE), and both must be
// on one filesystem (EXDEV). Without flags an existing newpath is
// replaced: a file by a file, a directory by a directory only if it is
// empty (ENOTEMPTY), otherwise EISDIR or ENOTDIR. A directory cannot move
// into itself or below (EINVAL), nor replace a directory above oldpath
// (ENOTEMPTY). Two names of one inode make a rename that does nothing.
//
// RENAME_NOREPLACE fails with EEXIST if newpath exists; RENAME_EXCHANGE
// swaps two existing names (ENOENT if newpath does not exist). Both
// together, or any other flag, are EINVAL; RENAME_WHITEOUT is overlayfs's
// and not supported.
func Rename(c Caller, olddir *Inode, oldpath string, newdir *Inode, newpath string, flags uint32) error {
	const both = linuxabi.RENAME_NOREPLACE | linuxabi.RENAME_EXCHANGE
	if flags&^both != 0 || flags&both == both {
		return linuxabi.EINVAL
	}
	exchange := flags&linuxabi.RENAME_EXCHANGE != 0
	from, err := parentAt(c, olddir, oldpath)
	if err != nil {
		return err
	}
	to, err := parentAt(c, newdir, newpath)
	if err != nil {
		return err
	}
	p1, p2 := from.dir, to.dir
	switch {
	case p1.fs != p2.fs:
		return linuxabi.EXDEV
	case from.lastType != lastNorm:
		return linuxabi.EBUSY
	case to.lastType != lastNorm && flags&linuxabi.RENAME_NOREPLACE != 0:
		return linuxabi.EEXIST
	case to.lastType != lastNorm:
		return linuxabi.EBUSY
	case len(from.last) > NameMax || len(to.last) > NameMax:
		return linuxabi.ENAMETOOLONG
	}

	unlock := lockRename(p1, p2)
	defer unlock()
	old := p1.dir.Lookup(from.last)
	if old == nil {
		return linuxabi.ENOENT
	}
	target := p2.dir.Lookup(to.last)
	switch {
	case p1.fs.synthetic: // no ->rename
		return linuxabi.EPERM
	case p1.fs.readOnly():
		return linuxabi.EROFS
	case old.isMountpoint() || target != nil && target.isMountpoint():
		return linuxabi.EBUSY
	case target != nil && flags&linuxabi.RENAME_NOREPLACE != 0:
		return linuxabi.EEXIST
	case target == nil && exchange:
		return linuxabi.ENOENT
	case exchange && !target.isDir() && to.slash:
		return linuxabi.ENOTDIR
	case !old.isDir() && (from.slash || !exchange && to.slash):
		return linuxabi.ENOTDIR
	}
	// The "trap" checks of do_renameat2(): only directories in different
	// places can be each other's ancestors.
	if p1 != p2 {
		if old.isAncestorOf(p2) {
			return linuxabi.EINVAL
		}
		if target != nil && target.isAncestorOf(p1) {
			if exchange {
				return linuxabi.EINVAL
			}
			return linuxabi.ENOTEMPTY
		}
	}
	if old == target {
		return nil
	}
	switch {
	case target == nil && p2.dead:
		return linuxabi.ENOENT
	case target == nil || exchange:
	case old.isDir() && !target.isDir():
		return linuxabi.ENOTDIR
	case !old.isDir() && target.isDir():
		return linuxabi.EISDIR
	}
	if err := renamePermission(c, p1, old, p2, target, exchange); err != nil {
		return err
	}

	now := p1.fs.clock()
	if exchange {
		exchangeEntries(p1, from.last, old, p2, to.last, target)
		target.changed(now)
	} else {
		if target != nil {
			if target.isDir() {
				if err := target.kill(); err != nil {
					return err
				}
			}
			p2.remove(to.last, target, now)
		}
		p1.dir.Remove(from.last)
		p2.dir.Add(to.last, old)
		if old.isDir() {
			old.name.Store(&to.last)
		}
		if old.isDir() && p1 != p2 {
			old.parent.Store(p2)
			p1.addNlink(-1)
			p2.addNlink(1)
		}
	}
	old.changed(now)
	p1.modified(now)
	p2.modified(now)
	return nil
}

// exchangeEntries swaps the inodes of two entries for RENAME_EXCHANGE
// (simple_rename_exchange() in fs/libfs.c): a directory that changes
// parent moves its ".." link along.
func exchangeEntries(p1 *Inode, name1 string, i1 *Inode, p2 *Inode, name2 string, i2 *Inode) {
	p1.dir.Remove(name1)
	p2.dir.Remove(name2)
	p1.dir.Add(name1, i2)
	p2.dir.Add(name2, i1)
	if i1.isDir() {
		i1.name.Store(&name2)
	}
	if i2.isDir() {
		i2.name.Store(&name1)
	}
	if p1 == p2 {
		return
	}
	if i1.isDir() {
		i1.parent.Store(p2)
		p1.addNlink(-1)
		p2.addNlink(1)
	}
	if i2.isDir() {
		i2.parent.Store(p1)
		p2.addNlink(-1)
		p1.addNlink(1)
	}
}

// lockRename locks the directories of a rename (lock_rename()): one
// directory by itself; two under the filesystem's rename mutex, an
// ancestor before its descendant and unrelated ones in inode-number
// order. It returns the function that unlocks them.
func lockRename(p1, p2 *Inode) (unlock func()) {
	if p1 == p2 {
		p1.mu.Lock()
		return p1.mu.Unlock
	}
	fs := p1.fs
	fs.renameMu.Lock()
	first, second := p1, p2
	if p2.isAncestorOf(p1) || !p1.isAncestorOf(p2) && p2.ino < p1.ino {
		first, second = p2, p1
	}
	first.mu.Lock()
	second.mu.Lock()
	return func() {
		second.mu.Unlock()
		first.mu.Unlock()
		fs.renameMu.Unlock()
	}
}

// isAncestorOf reports whether d is a or inside a (is_subdir()). The tree
// must not change meanwhile: the caller holds the rename mutex.
func (a *Inode) isAncestorOf(d *Inode) bool {
	for ; d != nil; d = d.parent.Load() {
		if d == a {
			return true
		}
	}
	return false
}

// renamePermission is vfs_rename's permission checks: removing old from
// p1, making or replacing the entry in p2 (for an exchange, removing
// target from p2), and writing a directory that moves to another parent,
// whose ".." changes.
func renamePermission(c Caller, p1, old, p2, target *Inode, exchange bool) error {
	if err := p1.mayDelete(c, old); err != nil {
		return err
	}
	var err error
	if target == nil {
		err = p2.mayCreate(c)
	} else {
		err = p2.mayDelete(c, target)
	}
	if err != nil {
		return err
	}
	if p1 != p2 {
		if old.isDir() {
			if err := old.Permission(c, MayWrite); err != nil {
				return err
			}
		}
		if exchange && target.isDir() {
			return target.Permission(c, MayWrite)
		}
	}
	return nil
}
