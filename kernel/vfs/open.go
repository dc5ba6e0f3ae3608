package vfs

import "github.com/tamix/tamix/linuxabi"

// oTmpfile is __O_TMPFILE, the bit that with O_DIRECTORY makes O_TMPFILE.
const oTmpfile = 0o20000000

// Open opens path (openat(2), do_filp_open() and path_openat() in
// fs/namei.c) with flags as open(2) takes them. Mode is the permission
// of a file O_CREAT makes, less the caller's umask.
//
// As in Linux: O_PATH keeps only O_DIRECTORY and O_NOFOLLOW and opens
// any type without touching it; O_CREAT|O_DIRECTORY is EINVAL; O_CREAT
// follows a final symbolic link, even a dangling one, unless O_EXCL
// (EEXIST if the name exists at all) or O_NOFOLLOW; O_CREAT on a
// directory or a path ending in a slash is EISDIR; O_NOFOLLOW on a final
// symbolic link is ELOOP; O_DIRECTORY on anything else than a directory
// is ENOTDIR; writing (or O_TRUNC) a directory is EISDIR; O_TRUNC
// empties an existing regular file. A character device opens if a
// driver is registered for it (RegisterCharDevice), otherwise ENXIO;
// FIFOs open here and get their pipe from the caller; block devices and
// sockets are ENXIO until tamix has block devices and sockets. O_TMPFILE is EOPNOTSUPP. O_CLOEXEC is for the
// caller's descriptor table. O_LARGEFILE is always set, as 64-bit Linux's
// force_o_largefile() sets it (build_open_how()), so F_GETFL and fdinfo
// show it.
func Open(c Caller, dir *Inode, path string, flags int, mode uint32) (*File, error) {
	if flags&oTmpfile != 0 {
		return nil, linuxabi.EOPNOTSUPP
	}
	flags |= linuxabi.O_LARGEFILE
	if flags&linuxabi.O_PATH != 0 {
		flags &= linuxabi.O_PATH | linuxabi.O_DIRECTORY | linuxabi.O_NOFOLLOW
	}
	if flags&(linuxabi.O_CREAT|linuxabi.O_DIRECTORY) == linuxabi.O_CREAT|linuxabi.O_DIRECTORY {
		return nil, linuxabi.EINVAL
	}
	nd, err := parentAt(c, dir, path)
	if err != nil {
		return nil, err
	}
	var i *Inode
	created := false
	if flags&linuxabi.O_CREAT == 0 {
		i, err = nd.lookupLast(flags&linuxabi.O_NOFOLLOW == 0, flags&linuxabi.O_DIRECTORY != 0)
	} else {
		i, created, err = nd.openCreate(c, flags, mode)
	}
	if err != nil {
		return nil, err
	}
	// may_open: the type's errors (ELOOP, EISDIR) come before EACCES.
	if dirWrite := i.isDir() && flags&linuxabi.O_ACCMODE != linuxabi.O_RDONLY; !created && !dirWrite && i.typ != linuxabi.S_IFLNK {
		if err := i.mayOpen(c, flags); err != nil {
			return nil, err
		}
	}
	f, err := openInode(i, flags, created)
	if err != nil {
		return nil, err
	}
	f.dentry, f.opener = nd.final(i), c
	return f, nil
}

// openCreate resolves the last component for O_CREAT, making a regular
// file if it does not exist (open_last_lookups() and lookup_open()).
func (nd *nameidata) openCreate(c Caller, flags int, mode uint32) (*Inode, bool, error) {
	for {
		switch {
		case nd.jumped != nil && flags&linuxabi.O_EXCL != 0:
			return nil, false, linuxabi.EEXIST
		case nd.jumped != nil && nd.jumped.Inode.isDir():
			return nil, false, linuxabi.EISDIR
		case nd.jumped != nil:
			return nd.jumped.Inode, false, nil
		case nd.lastType != lastNorm && flags&linuxabi.O_EXCL != 0:
			return nil, false, linuxabi.EEXIST
		case nd.lastType != lastNorm, nd.slash:
			return nil, false, linuxabi.EISDIR
		case len(nd.last) > NameMax:
			return nil, false, linuxabi.ENAMETOOLONG
		}
		p := nd.dir
		p.mu.Lock()
		i := p.dir.Lookup(nd.last)
		if i == nil {
			switch {
			case p.dead:
				p.mu.Unlock()
				return nil, false, linuxabi.ENOENT
			case p.fs.synthetic: // no ->create: lookup_open()
				p.mu.Unlock()
				return nil, false, linuxabi.EACCES
			case p.fs.readOnly():
				p.mu.Unlock()
				return nil, false, linuxabi.EROFS
			}
			if err := p.mayCreate(c); err != nil {
				p.mu.Unlock()
				return nil, false, err
			}
			i = p.fs.newInode(linuxabi.S_IFREG|mode&S_IALLUGO&^c.Umask, 0, c, p)
			p.enter(nd.last, i, p.fs.clock())
			p.mu.Unlock()
			return i, true, nil
		}
		p.mu.Unlock()
		i = i.mountedRoot()
		switch {
		case flags&linuxabi.O_EXCL != 0:
			return nil, false, linuxabi.EEXIST
		case i.typ == linuxabi.S_IFLNK && flags&linuxabi.O_NOFOLLOW == 0:
			if err := nd.enterLink(i); err != nil {
				return nil, false, err
			}
		case i.isDir():
			return nil, false, linuxabi.EISDIR
		default:
			return i, false, nil
		}
	}
}

// openInode makes the open file description for i (do_open(), may_open()
// and vfs_open()).
func openInode(i *Inode, flags int, created bool) (*File, error) {
	f := &File{inode: i}
	f.flags.Store(int64(flags &^ (linuxabi.O_CREAT | linuxabi.O_EXCL | linuxabi.O_NOCTTY | linuxabi.O_TRUNC | linuxabi.O_CLOEXEC)))
	if flags&linuxabi.O_PATH != 0 {
		return f, nil
	}
	// Opening for writing, as may_open() counts it: O_WRONLY, O_RDWR,
	// the access mode 3, or O_TRUNC; not for a file just made.
	write := !created && (flags&linuxabi.O_ACCMODE != linuxabi.O_RDONLY || flags&linuxabi.O_TRUNC != 0)
	switch i.typ {
	case linuxabi.S_IFLNK:
		return nil, linuxabi.ELOOP
	case linuxabi.S_IFDIR:
		if write {
			return nil, linuxabi.EISDIR
		}
	case linuxabi.S_IFCHR:
		if i.fs.nodev.Load() { // may_open_dev()
			return nil, linuxabi.EACCES
		}
		if f.dev = charDevice(i.rdev); f.dev == nil {
			return nil, linuxabi.ENXIO
		}
	case linuxabi.S_IFREG:
		if write && i.fs.readOnly() && i.gen == nil {
			return nil, linuxabi.EROFS
		}
		if flags&linuxabi.O_TRUNC != 0 && !created {
			i.truncate(0)
		}
	case linuxabi.S_IFIFO:
		// The FIFO's pipe is the opener's to attach (the syscall layer's
		// fifo_open); the File only names the inode.
	default:
		return nil, linuxabi.ENXIO
	}
	return f, nil
}
