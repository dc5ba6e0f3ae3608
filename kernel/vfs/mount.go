package vfs

import (
	"sync"

	"github.com/tamix/tamix/linuxabi"
)

// FilesystemType is a kind of filesystem mount(2) can make by name:
// Linux's struct file_system_type.
type FilesystemType struct {
	Name string
	// RequiresDev is FS_REQUIRES_DEV: the type mounts a block device.
	// /proc/filesystems marks the others "nodev".
	RequiresDev bool
	// Mount makes the filesystem mount(2) attaches, from its source
	// and data arguments (the fs_context's get_tree()). Data is the
	// comma-separated options the type understands; an unknown one is
	// EINVAL.
	Mount func(source, data string) (*FS, error)
}

// filesystems is the list register_filesystem() keeps (fs/filesystems.c),
// in registration order.
var filesystems struct {
	sync.Mutex
	list []*FilesystemType
}

// RegisterFilesystem makes t known to mount(2) and /proc/filesystems
// (register_filesystem()): EBUSY if a type of that name is registered.
func RegisterFilesystem(t *FilesystemType) error {
	filesystems.Lock()
	defer filesystems.Unlock()
	for _, o := range filesystems.list {
		if o.Name == t.Name {
			return linuxabi.EBUSY
		}
	}
	filesystems.list = append(filesystems.list, t)
	return nil
}

// FilesystemByName is the registered type called name, or nil
// (get_fs_type()).
func FilesystemByName(name string) *FilesystemType {
	filesystems.Lock()
	defer filesystems.Unlock()
	for _, t := range filesystems.list {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Filesystems lists the registered types in registration order, as
// /proc/filesystems does.
func Filesystems() []*FilesystemType {
	filesystems.Lock()
	defer filesystems.Unlock()
	return append([]*FilesystemType(nil), filesystems.list...)
}

// Mount flags: the per-mount MNT_* flags of include/linux/mount.h, given
// by their mount(2) MS_* values. They are what /proc/mounts and
// statfs(2) report; MountReadOnly, MountNoDev and MountNoExec are also
// enforced. MountNoSUID changes nothing: tamix's exec does not honour
// set-user-ID bits.
const (
	MountReadOnly   = linuxabi.MS_RDONLY
	MountNoSUID     = linuxabi.MS_NOSUID
	MountNoDev      = linuxabi.MS_NODEV
	MountNoExec     = linuxabi.MS_NOEXEC
	MountNoAtime    = linuxabi.MS_NOATIME
	MountNoDiratime = linuxabi.MS_NODIRATIME
	MountRelatime   = linuxabi.MS_RELATIME
	// MountFlags are all of them.
	MountFlags = MountReadOnly | MountNoSUID | MountNoDev | MountNoExec | MountNoAtime | MountNoDiratime | MountRelatime
)

// mount is where and how a filesystem is attached: the part of Linux's
// struct mount tamix keeps, one per FS since a filesystem is mounted in
// at most one place. Guarded by mounts.mu, except the FS's mountpoint
// field, which path walks read without locks.
type mount struct {
	id       int
	parent   *FS // the filesystem the mountpoint is in; nil for the root
	source   string
	fstype   string
	flags    uint32
	attached bool
}

// mounts is the mount table of tamix's one mount namespace, in the order
// the mounts were made (the namespace's list).
var mounts struct {
	sync.Mutex
	list   []*FS
	lastID int
}

// MountRoot makes fs the root of the namespace: Linux's rootfs, which
// init_mount_tree() mounts before anything else.
func MountRoot(fs *FS, source, fstype string) {
	mounts.Lock()
	defer mounts.Unlock()
	mounts.lastID++
	fs.mnt = mount{id: mounts.lastID, source: source, fstype: fstype, attached: true}
	mounts.list = append(mounts.list, fs)
}

// Mount attaches fs, a filesystem just made, on the directory dir
// (do_new_mount(), do_add_mount() and graft_tree() in fs/namespace.c),
// with source, type name and Mount* flags as /proc/mounts reports them.
// A directory that already has a filesystem mounted on it gets the new
// one on top, as lock_mount() does. Dir must be a directory (ENOTDIR)
// that has not been removed (ENOENT); fs must not be mounted already
// (EBUSY).
func Mount(fs *FS, dir *Inode, source, fstype string, flags uint32) error {
	if !dir.isDir() {
		return linuxabi.ENOTDIR
	}
	mounts.Lock()
	defer mounts.Unlock()
	if fs.mnt.attached || fs.mnt.id != 0 {
		return linuxabi.EBUSY
	}
	dir = dir.mountedRoot()
	dir.mu.RLock()
	dead := dir.dead
	dir.mu.RUnlock()
	if dead || !dir.fs.mnt.attached {
		return linuxabi.ENOENT
	}
	mounts.lastID++
	fs.mnt = mount{id: mounts.lastID, parent: dir.fs, source: source, fstype: fstype, flags: flags & MountFlags, attached: true}
	fs.setFlags(flags)
	fs.mountpoint.Store(dir)
	dir.mounted.Store(fs)
	mounts.list = append(mounts.list, fs)
	return nil
}

// Move moves the mounted filesystem fs, with what is mounted inside it,
// onto the directory dir (MS_MOVE, do_move_mount()): EINVAL if fs is not
// mounted or is the namespace's root, ENOTDIR if dir is not a directory,
// ELOOP if dir is inside fs.
func Move(fs *FS, dir *Inode) error {
	if !dir.isDir() {
		return linuxabi.ENOTDIR
	}
	mounts.Lock()
	defer mounts.Unlock()
	if !fs.mnt.attached || fs.mnt.parent == nil {
		return linuxabi.EINVAL
	}
	dir = dir.mountedRoot()
	for m := dir.fs; m != nil; m = m.mnt.parent {
		if m == fs {
			return linuxabi.ELOOP
		}
	}
	if !dir.fs.mnt.attached {
		return linuxabi.EINVAL
	}
	fs.mountpoint.Load().mounted.CompareAndSwap(fs, nil)
	fs.mnt.parent = dir.fs
	fs.mountpoint.Store(dir)
	dir.mounted.Store(fs)
	return nil
}

// Remount changes the Mount* flags of fs, which is mounted (the
// MS_REMOUNT of do_remount() and do_reconfigure_mnt()): EINVAL if it is
// not.
func Remount(fs *FS, flags uint32) error {
	mounts.Lock()
	defer mounts.Unlock()
	if !fs.mnt.attached {
		return linuxabi.EINVAL
	}
	fs.mnt.flags = flags & MountFlags
	fs.setFlags(flags)
	return nil
}

// setFlags mirrors the enforced mount flags for the checks that read them
// without mounts.mu.
func (fs *FS) setFlags(flags uint32) {
	fs.ro.Store(flags&MountReadOnly != 0)
	fs.nodev.Store(flags&MountNoDev != 0)
	fs.noexec.Store(flags&MountNoExec != 0)
}

// Unmount detaches fs (umount2(2), do_umount() in fs/namespace.c):
// EINVAL if it is not mounted, EBUSY for the namespace's root and for a
// filesystem with others mounted inside it. With MNT_DETACH it and every
// filesystem inside it are detached at once (umount_tree()): what is
// open in them stays usable, and ".." at their roots goes nowhere.
// Whether files are in use is for the caller to check.
func Unmount(fs *FS, flags int) error {
	mounts.Lock()
	defer mounts.Unlock()
	switch {
	case !fs.mnt.attached:
		return linuxabi.EINVAL
	case fs.mnt.parent == nil:
		return linuxabi.EBUSY
	}
	detach := flags&linuxabi.MNT_DETACH != 0
	var inside []*FS
	for _, m := range mounts.list {
		if m.mnt.parent == fs {
			if !detach {
				return linuxabi.EBUSY
			}
			inside = append(inside, m)
		}
	}
	for _, m := range inside {
		m.detachTreeLocked()
	}
	fs.detachTreeLocked()
	return nil
}

// detachTreeLocked takes fs and what is mounted inside it out of the
// table; mounts.mu is held.
func (fs *FS) detachTreeLocked() {
	for _, m := range mounts.list {
		if m.mnt.parent == fs {
			m.detachTreeLocked()
		}
	}
	if mp := fs.mountpoint.Load(); mp != nil {
		mp.mounted.CompareAndSwap(fs, nil)
	}
	fs.mountpoint.Store(nil)
	fs.mnt.attached = false
	for i, m := range mounts.list {
		if m == fs {
			mounts.list = append(mounts.list[:i], mounts.list[i+1:]...)
			break
		}
	}
}

// IsMountRoot reports whether i is the root of a mounted filesystem, the
// condition umount2(2) puts on its target (EINVAL otherwise).
func (i *Inode) IsMountRoot() bool {
	mounts.Lock()
	defer mounts.Unlock()
	return i == i.fs.root && i.fs.mnt.attached
}

// MountEntry describes one mount as /proc/<pid>/mounts and mountinfo
// list it (show_vfsmnt() and show_mountinfo() in fs/proc_namespace.c).
type MountEntry struct {
	ID, ParentID int
	Dev          uint64 // st_dev of the filesystem's files
	Mountpoint   string // its path from the caller's root
	Source       string
	Type         string
	Flags        uint32 // Mount* flags
	Options      string // the filesystem's own options, each after a comma
}

// Mounts lists the mounts c can see, in the order they were made: those
// whose mountpoint is reachable from c's root, as seq_path_root() skips
// the others. The mount that holds c's root is listed as "/".
func Mounts(c Caller) []MountEntry {
	mounts.Lock()
	list := append([]*FS(nil), mounts.list...)
	ents := make([]MountEntry, 0, len(list))
	for _, fs := range list {
		e := MountEntry{ID: fs.mnt.id, Dev: fs.dev, Source: fs.mnt.source, Type: fs.mnt.fstype, Flags: fs.mnt.flags}
		if fs.mnt.parent != nil {
			e.ParentID = fs.mnt.parent.mnt.id
		} else {
			e.ParentID = fs.mnt.id
		}
		ents = append(ents, e)
	}
	mounts.Unlock()
	out := ents[:0]
	for k, fs := range list {
		p, ok := PathOf(c, fs.root)
		if !ok {
			continue
		}
		ents[k].Mountpoint = p
		if o, ok := fs.store.(OptionShower); ok {
			ents[k].Options = o.ShowOptions()
		}
		out = append(out, ents[k])
	}
	return out
}

// OptionShower is what a Store implements to report the options its
// filesystem was mounted with (super_operations.show_options): each
// option preceded by a comma, as they follow the mount flags in
// /proc/mounts.
type OptionShower interface {
	ShowOptions() string
}

// FSStat is what a filesystem reports to statfs(2) about itself
// (super_operations.statfs): its magic number and sizes, in blocks of
// Bsize bytes and in inodes.
type FSStat struct {
	Type                  int64
	Bsize                 int64
	Blocks, Bfree, Bavail uint64
	Files, Ffree          uint64
	Namelen               int64
	Frsize                int64
}

// StatFSer is what a Store implements to answer statfs(2); a store that
// does not is reported as simple_statfs() reports one: a name length of
// NameMax and no sizes.
type StatFSer interface {
	StatFS() FSStat
}

// StatFS is statfs(2) and fstatfs(2) for the filesystem i is in
// (vfs_statfs()): the filesystem's numbers and the mount's flags
// (calculate_f_flags()).
func (i *Inode) StatFS() linuxabi.Statfs {
	fs := i.fs
	st := FSStat{Bsize: BlockSize, Namelen: NameMax}
	if s, ok := fs.store.(StatFSer); ok {
		st = s.StatFS()
	}
	if st.Frsize == 0 {
		st.Frsize = st.Bsize
	}
	mounts.Lock()
	mf := fs.mnt.flags
	mounts.Unlock()
	return linuxabi.Statfs{
		Type: st.Type, Bsize: st.Bsize, Blocks: st.Blocks, Bfree: st.Bfree, Bavail: st.Bavail,
		Files: st.Files, Ffree: st.Ffree, Namelen: st.Namelen, Frsize: st.Frsize,
		Flags: int64(statfsFlags(mf)),
	}
}

// stValid is ST_VALID (include/linux/statfs.h): f_flags is meaningful.
const stValid = 0x0020

// statfsFlags maps Mount* flags to statfs's ST_* flags
// (flags_by_mnt()).
func statfsFlags(mf uint32) uint32 {
	f := uint32(stValid)
	for _, m := range [...]struct{ mnt, st uint32 }{
		{MountReadOnly, linuxabi.ST_RDONLY}, {MountNoSUID, linuxabi.ST_NOSUID},
		{MountNoDev, linuxabi.ST_NODEV}, {MountNoExec, linuxabi.ST_NOEXEC},
		{MountNoAtime, linuxabi.ST_NOATIME}, {MountNoDiratime, linuxabi.ST_NODIRATIME},
		{MountRelatime, linuxabi.ST_RELATIME},
	} {
		if mf&m.mnt != 0 {
			f |= m.st
		}
	}
	return f
}

// readOnly reports whether the filesystem is mounted read-only: making,
// removing or renaming names and opening files for writing are EROFS.
func (fs *FS) readOnly() bool { return fs.ro.Load() }

// MountID is the filesystem's mount ID (mnt_id), 0 if it was never
// mounted.
func (fs *FS) MountID() int {
	mounts.Lock()
	defer mounts.Unlock()
	return fs.mnt.id
}

// NoExec reports whether the filesystem is mounted noexec: exec(2) of
// its files is EACCES (path_noexec()).
func (fs *FS) NoExec() bool { return fs.noexec.Load() }

// FS is the filesystem i is in.
func (i *Inode) FS() *FS { return i.fs }

// mountedRoot is where a walk that reaches i goes on: the root of the
// filesystem mounted on i, of the one mounted on that, and so on
// (follow_mounts()).
func (i *Inode) mountedRoot() *Inode {
	for {
		m := i.mounted.Load()
		if m == nil {
			return i
		}
		i = m.root
	}
}

// isMountpoint reports whether something is mounted on i (d_mountpoint()).
func (i *Inode) isMountpoint() bool { return i.mounted.Load() != nil }
