package task

import (
	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_MOUNT, sysMount, Partial, "new mounts of registered types, MS_REMOUNT of the mount flags (not of a filesystem's own options), MS_MOVE, MS_PRIVATE (every mount is private); MS_BIND, MS_SHARED/MS_SLAVE/MS_UNBINDABLE, MS_SYNCHRONOUS, MS_DIRSYNC, MS_MANDLOCK and MS_NOSYMFOLLOW are EINVAL")
	register(linuxabi.SYS_UMOUNT2, sysUmount2, Partial, "MNT_EXPIRE is EINVAL")
	register(linuxabi.SYS_STATFS, sysStatfs, Full, "")
	register(linuxabi.SYS_FSTATFS, sysFstatfs, Full, "")
}

// copyMountString reads one of mount(2)'s strings, nil meaning ""
// (copy_mount_string()).
func (t *Task) copyMountString(va uint64, max int) (string, error) {
	if va == 0 {
		return "", nil
	}
	return t.space.CopyInString(va, max)
}

// sysMount implements Linux system call mount(2) (path_mount() in
// fs/namespace.c).
func sysMount(t *Task, a args) (uint64, error) {
	source, err := t.copyMountString(a[0], vfs.PathMax)
	if err != nil {
		return 0, err
	}
	fstype, err := t.copyMountString(a[2], vfs.PathMax)
	if err != nil {
		return 0, err
	}
	data, err := t.copyMountString(a[4], 4096) // one page: copy_mount_options()
	if err != nil {
		return 0, err
	}
	flags := uint32(a[3])
	if flags&linuxabi.MS_MGC_MSK == linuxabi.MS_MGC_VAL {
		flags &^= linuxabi.MS_MGC_MSK
	}
	if t.creds().euid != 0 {
		return 0, linuxabi.EPERM
	}
	dir, err := t.lookupAt(linuxabi.AT_FDCWD, a[1], 0)
	if err != nil {
		return 0, err
	}
	const unsupported = linuxabi.MS_BIND | linuxabi.MS_SHARED | linuxabi.MS_SLAVE |
		linuxabi.MS_UNBINDABLE | linuxabi.MS_SYNCHRONOUS | linuxabi.MS_DIRSYNC | linuxabi.MS_MANDLOCK | linuxabi.MS_NOSYMFOLLOW
	switch {
	case flags&linuxabi.MS_REMOUNT != 0:
		if !dir.IsMountRoot() {
			return 0, linuxabi.EINVAL
		}
		return 0, vfs.Remount(dir.FS(), mountFlags(flags))
	case flags&linuxabi.MS_MOVE != 0:
		from, err := t.lookupAt(linuxabi.AT_FDCWD, a[0], 0)
		if err != nil {
			return 0, err
		}
		if !from.IsMountRoot() {
			return 0, linuxabi.EINVAL
		}
		return 0, vfs.Move(from.FS(), dir)
	case flags&linuxabi.MS_PRIVATE != 0:
		// Every tamix mount is private already (change_mnt_propagation()).
		if !dir.IsMountRoot() {
			return 0, linuxabi.EINVAL
		}
		return 0, nil
	case flags&unsupported != 0:
		return 0, linuxabi.EINVAL
	}
	if a[2] == 0 {
		return 0, linuxabi.EINVAL
	}
	ft := vfs.FilesystemByName(fstype)
	if ft == nil || ft.Mount == nil {
		return 0, linuxabi.ENODEV
	}
	fs, err := ft.Mount(source, data)
	if err != nil {
		return 0, err
	}
	if source == "" {
		source = "none" // show_vfsmnt()'s name for a mount without one
	}
	return 0, vfs.Mount(fs, dir, source, fstype, mountFlags(flags))
}

// mountFlags are the per-mount flags mount(2)'s flags ask for: relatime
// unless noatime or strictatime (path_mount()).
func mountFlags(flags uint32) uint32 {
	f := flags & (vfs.MountReadOnly | vfs.MountNoSUID | vfs.MountNoDev | vfs.MountNoExec | vfs.MountNoAtime | vfs.MountNoDiratime)
	if flags&(linuxabi.MS_NOATIME|linuxabi.MS_STRICTATIME) == 0 {
		f |= vfs.MountRelatime
	}
	return f
}

// sysUmount2 implements Linux system call umount2(2) (ksys_umount() and
// do_umount() in fs/namespace.c).
func sysUmount2(t *Task, a args) (uint64, error) {
	flags := int(a[1])
	if flags&^(linuxabi.MNT_FORCE|linuxabi.MNT_DETACH|linuxabi.MNT_EXPIRE|linuxabi.UMOUNT_NOFOLLOW) != 0 {
		return 0, linuxabi.EINVAL
	}
	if flags&linuxabi.MNT_EXPIRE != 0 {
		return 0, linuxabi.EINVAL
	}
	if t.creds().euid != 0 {
		return 0, linuxabi.EPERM
	}
	lf := 0
	if flags&linuxabi.UMOUNT_NOFOLLOW != 0 {
		lf = linuxabi.AT_SYMLINK_NOFOLLOW
	}
	i, err := t.lookupAt(linuxabi.AT_FDCWD, a[0], lf)
	if err != nil {
		return 0, err
	}
	if !i.IsMountRoot() {
		return 0, linuxabi.EINVAL
	}
	// MNT_FORCE asks the filesystem to abort what is in progress
	// (umount_begin); none of tamix's has anything to abort.
	if flags&linuxabi.MNT_DETACH == 0 && t.k.fsInUse(i.FS()) {
		return 0, linuxabi.EBUSY
	}
	return 0, vfs.Unmount(i.FS(), flags)
}

// fsInUse reports whether a process has its working or root directory,
// its executable, a mapped file or an open file in fs: the references
// that make umount2(2) EBUSY (propagate_mount_busy()'s refcount check).
func (k *Kernel) fsInUse(fs *vfs.FS) bool {
	k.mu.Lock()
	procs := make([]*Process, 0, len(k.procs))
	for _, p := range k.procs {
		procs = append(procs, p)
	}
	k.mu.Unlock()
	for _, p := range procs {
		p.fs.mu.Lock()
		in := p.fs.cwd.FS() == fs || p.fs.root.FS() == fs
		p.fs.mu.Unlock()
		if in {
			return true
		}
		p.mu.Lock()
		files, space, exe := p.files, p.space, p.exeFile.Inode
		p.mu.Unlock()
		if exe != nil && exe.FS() == fs || space != nil && mapsFileIn(space, fs) {
			return true
		}
		if files == nil {
			continue
		}
		files.mu.Lock()
		for _, e := range files.fds {
			if e.file != nil && e.file.Inode() != nil && e.file.Inode().FS() == fs {
				in = true
				break
			}
		}
		files.mu.Unlock()
		if in {
			return true
		}
	}
	return false
}

// sysStatfs implements Linux system call statfs(2).
func sysStatfs(t *Task, a args) (uint64, error) {
	i, err := t.lookupAt(linuxabi.AT_FDCWD, a[0], 0)
	if err != nil {
		return 0, err
	}
	return 0, t.writeStatfs(a[1], i.StatFS())
}

// sysFstatfs implements Linux system call fstatfs(2). Pipes are on
// pipefs and the other anonymous files on the anonymous-inode
// filesystem, whose simple_statfs() reports only a magic number, the
// page size and NAME_MAX.
func sysFstatfs(t *Task, a args) (uint64, error) {
	f, err := t.file(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer f.put()
	if i := f.Inode(); i != nil {
		return 0, t.writeStatfs(a[1], i.StatFS())
	}
	st := linuxabi.Statfs{Type: linuxabi.ANON_INODE_FS_MAGIC, Bsize: vfs.BlockSize, Namelen: vfs.NameMax, Frsize: vfs.BlockSize, Flags: 0x20} // ST_VALID
	if f.Stat().Mode&linuxabi.S_IFMT == linuxabi.S_IFIFO {
		st.Type = linuxabi.PIPEFS_MAGIC
	}
	return 0, t.writeStatfs(a[1], st)
}

func (t *Task) writeStatfs(va uint64, st linuxabi.Statfs) error {
	var b [linuxabi.StatfsSize]byte
	st.Marshal(b[:])
	return t.copyOut(va, b[:])
}

// mapsFileIn reports whether space maps a file of fs.
func mapsFileIn(space *mm.Space, fs *vfs.FS) bool {
	maps, _, _ := space.Mappings()
	for _, m := range maps {
		if fb, ok := m.File.(fileBacking); ok && fb.f.Inode().FS() == fs {
			return true
		}
	}
	return false
}
