package vfs

import (
	"sync"
	"sync/atomic"

	"github.com/tamix/tamix/linuxabi"
)

// Inode is a file of any type: Linux's struct inode. The VFS keeps its
// attributes; its filesystem's Store keeps the entries of a directory and
// the bytes of a regular file.
//
// An Inode stays usable as long as something refers to it: an unlinked
// file that is still open keeps its data until the last File goes away,
// as Linux keeps it until the last iput().
type Inode struct {
	fs     *FS
	ino    uint64
	typ    uint32 // S_IFMT bits; fixed
	rdev   uint64 // device number of a device node; fixed
	target string // a symbolic link's contents; fixed
	dir    DirStore
	file   FileStore
	gen    Generator   // a generated file's contents (synthetic.go); fixed
	link   DynamicLink // a computed symbolic link (synthetic.go); fixed

	// mounted is the filesystem mounted on this directory, if any.
	mounted atomic.Pointer[FS]
	// name is a directory's name in its parent, which changes under
	// the parent's lock; "" for a root.
	name atomic.Pointer[string]

	// mu is the inode's i_rwsem. For a directory it guards the entries
	// and dead; for a regular file, the data and size.
	mu   sync.RWMutex
	dead bool // removed directory (S_DEAD): nothing can be created in it

	// parent is the directory that holds a directory, nil for the root
	// of the filesystem. It changes under FS.renameMu and the locks of
	// both directories involved; ".." reads it without locks.
	parent atomic.Pointer[Inode]

	// attrMu guards the attributes below; no other lock is taken while
	// it is held.
	attrMu sync.Mutex
	mode   uint32 // permission bits, S_IALLUGO
	uid    uint32
	gid    uint32
	nlink  uint32
	atime  int64
	mtime  int64
	ctime  int64
	btime  int64
}

// Stat is what stat(2) and statx(2) report about an inode.
type Stat struct {
	Dev     uint64 // the filesystem's device number (Mkdev)
	Ino     uint64
	Mode    uint32 // file type (S_IFMT) and permission bits
	Nlink   uint32
	UID     uint32
	GID     uint32
	Rdev    uint64 // a device node's device number (Mkdev)
	Size    int64
	Blksize int64 // BlockSize
	Blocks  int64 // storage used, in 512-byte units
	Atime   int64 // nanoseconds since the epoch
	Mtime   int64
	Ctime   int64
	Btime   int64 // creation time (statx's stx_btime)
}

// newInode makes an inode of the type and permissions in mode, owned by
// c, to be entered in parent (nil for a root). It is inode_init_owner():
// in a set-group-ID directory the inode takes the directory's group, and
// a directory also the set-group-ID bit.
func (fs *FS) newInode(mode uint32, rdev uint64, c Caller, parent *Inode) *Inode {
	now := fs.clock()
	i := &Inode{
		fs: fs, ino: fs.lastIno.Add(1), typ: mode & linuxabi.S_IFMT, rdev: rdev,
		mode: mode & S_IALLUGO, uid: c.UID, gid: c.GID, nlink: 1,
		atime: now, mtime: now, ctime: now, btime: now,
	}
	if parent != nil {
		parent.attrMu.Lock()
		if parent.mode&linuxabi.S_ISGID != 0 {
			i.gid = parent.gid
			if i.typ == linuxabi.S_IFDIR {
				i.mode |= linuxabi.S_ISGID
			}
		}
		parent.attrMu.Unlock()
	}
	switch i.typ {
	case linuxabi.S_IFDIR:
		i.dir = fs.store.NewDir()
		i.nlink = 2
	case linuxabi.S_IFREG:
		i.file = fs.store.NewFile()
	}
	return i
}

func (i *Inode) isDir() bool { return i.typ == linuxabi.S_IFDIR }

// Ino is the inode number.
func (i *Inode) Ino() uint64 { return i.ino }

// Mode is the file type and permission bits.
func (i *Inode) Mode() uint32 {
	i.attrMu.Lock()
	defer i.attrMu.Unlock()
	return i.typ | i.mode
}

// Stat reports the inode's attributes (vfs_getattr() and
// generic_fillattr() in fs/stat.c).
func (i *Inode) Stat() Stat {
	st := Stat{Dev: i.fs.dev, Ino: i.ino, Rdev: i.rdev, Blksize: BlockSize}
	switch i.typ {
	case linuxabi.S_IFREG:
		if i.file != nil {
			i.mu.RLock()
			st.Size, st.Blocks = i.file.Size(), i.file.Blocks()
			i.mu.RUnlock()
		}
	case linuxabi.S_IFDIR:
		i.mu.RLock()
		st.Size = i.dir.Size()
		i.mu.RUnlock()
	case linuxabi.S_IFLNK:
		st.Size = int64(len(i.target))
	}
	i.attrMu.Lock()
	defer i.attrMu.Unlock()
	st.Mode, st.Nlink, st.UID, st.GID = i.typ|i.mode, i.nlink, i.uid, i.gid
	st.Atime, st.Mtime, st.Ctime, st.Btime = i.atime, i.mtime, i.ctime, i.btime
	return st
}

// Chmod sets the permission bits (chmod(2), chmod_common() in
// fs/open.c). Symbolic links have no mode of their own: EOPNOTSUPP, as
// notify_change() answers.
func (i *Inode) Chmod(mode uint32) error {
	if i.typ == linuxabi.S_IFLNK {
		return linuxabi.EOPNOTSUPP
	}
	now := i.fs.clock()
	i.attrMu.Lock()
	defer i.attrMu.Unlock()
	i.mode = mode & S_IALLUGO
	i.ctime = now
	return nil
}

// Chown sets the owner and group; NoID leaves either as it is (chown(2),
// chown_common() in fs/open.c). As in Linux, changing anything about a
// file other than a directory clears its set-user-ID bit, and its
// set-group-ID bit if it is group-executable, even when the caller is
// privileged.
func (i *Inode) Chown(uid, gid uint32) {
	now := i.fs.clock()
	i.attrMu.Lock()
	defer i.attrMu.Unlock()
	if uid != NoID {
		i.uid = uid
	}
	if gid != NoID {
		i.gid = gid
	}
	if i.typ != linuxabi.S_IFDIR {
		i.mode &^= linuxabi.S_ISUID
		if i.mode&S_IXGRP != 0 {
			i.mode &^= linuxabi.S_ISGID
		}
	}
	i.ctime = now
}

// SetTimes sets the access and modification times, in nanoseconds since
// the epoch, or TimeNow or TimeOmit (utimensat(2), vfs_utimes() in
// fs/utimes.c). Setting either also sets the change time; TimeOmit for
// both changes nothing.
func (i *Inode) SetTimes(atime, mtime int64) {
	if atime == TimeOmit && mtime == TimeOmit {
		return
	}
	now := i.fs.clock()
	i.attrMu.Lock()
	defer i.attrMu.Unlock()
	setTime(&i.atime, atime, now)
	setTime(&i.mtime, mtime, now)
	i.ctime = now
}

// setTime stores one SetTimes argument.
func setTime(t *int64, v, now int64) {
	switch v {
	case TimeOmit:
	case TimeNow:
		*t = now
	default:
		*t = v
	}
}

// Truncate sets the size of a regular file (truncate(2), vfs_truncate()
// in fs/open.c): EISDIR for a directory, EINVAL for other types or a
// negative size.
func (i *Inode) Truncate(size int64) error {
	switch {
	case size < 0:
		return linuxabi.EINVAL
	case i.typ == linuxabi.S_IFDIR:
		return linuxabi.EISDIR
	case i.typ != linuxabi.S_IFREG:
		return linuxabi.EINVAL
	case i.gen != nil:
		return linuxabi.EPERM
	}
	i.truncate(size)
	return nil
}

// truncate sets a regular file's size; like shmem_setattr() it leaves
// the times alone when the size does not change.
func (i *Inode) truncate(size int64) {
	if i.gen != nil {
		return // procfs ignores O_TRUNC
	}
	i.mu.Lock()
	old := i.file.Size()
	if old == size {
		i.mu.Unlock()
		return
	}
	i.file.Truncate(size)
	i.modified(i.fs.clock())
	i.mu.Unlock()
	if size < old && TruncateHook != nil {
		TruncateHook(i, size)
	}
}

// Readlink returns a symbolic link's contents as c sees them
// (readlink(2), vfs_readlink()): EINVAL if the inode is not a symbolic
// link.
func (i *Inode) Readlink(c Caller) (string, error) {
	switch {
	case i.typ != linuxabi.S_IFLNK:
		return "", linuxabi.EINVAL
	case i.link != nil:
		return i.link.Readlink(c)
	}
	i.touchAtime()
	return i.target, nil
}

// modified records a change of contents: mtime and ctime.
func (i *Inode) modified(now int64) {
	i.attrMu.Lock()
	i.mtime, i.ctime = now, now
	i.attrMu.Unlock()
}

// changed records a change of attributes (link count, name): ctime.
func (i *Inode) changed(now int64) {
	i.attrMu.Lock()
	i.ctime = now
	i.attrMu.Unlock()
}

// addNlink adds n to the link count.
func (i *Inode) addNlink(n int) {
	i.attrMu.Lock()
	i.nlink = uint32(int64(i.nlink) + int64(n))
	i.attrMu.Unlock()
}

// relatime is the age past which an access always updates atime.
const relatime = 24 * 60 * 60 * 1e9

// touchAtime records an access, with the relatime rule Linux mounts use
// by default (relatime_need_update() in fs/inode.c): only when atime is
// not later than mtime or ctime, or is a day old.
func (i *Inode) touchAtime() {
	now := i.fs.clock()
	i.attrMu.Lock()
	defer i.attrMu.Unlock()
	if i.mtime < i.atime && i.ctime < i.atime && now-i.atime < relatime {
		return
	}
	i.atime = now
}
