package vfs

import "github.com/tamix/tamix/linuxabi"

// Synthetic filesystems (procfs, sysfs) make their inodes themselves and
// compute what is in them: directories whose DirStore works its entries
// out at each Lookup and ReadDir, files whose bytes are generated when
// they are opened and read, and symbolic links whose target depends on
// who follows them. Their namespace is fixed: making, removing or
// renaming a name is EPERM (the inode_operations they lack), creating a
// file with open(2) EACCES.

// Generator makes a generated file's contents for the caller that
// opened it: the show() of a seq_file (fs/seq_file.c).
type Generator func(c Caller) ([]byte, error)

// DynamicLink is a symbolic link whose target is computed for each
// caller, as procfs's proc_get_link() and get_link() do.
type DynamicLink interface {
	// Readlink is the link's contents as readlink(2) shows them to c.
	Readlink(c Caller) (string, error)
	// Follow is where following the link takes c. A Dentry with an
	// inode makes the walk jump there, without walking any text, as
	// nd_jump_link() does for procfs's "magic" links (fd/N, cwd, exe);
	// a zero Dentry makes it walk Readlink's text, as for /proc/self.
	Follow(c Caller) (Dentry, error)
}

// NewSyntheticFS makes a filesystem of inodes its maker creates, with
// NewDir, NewGenerated, NewSymlink and NewDynamicLink, and a root
// directory of the given permissions whose entries root gives; root is
// called with the filesystem and its root inode. The store, which may
// implement StatFSer and OptionShower, is never asked for new
// directories or files.
func NewSyntheticFS(store Store, clock func() int64, mode uint32, root func(fs *FS, root *Inode) DirStore) *FS {
	fs := &FS{store: store, clock: clock, dev: Mkdev(0, anonMinor.Add(1)), synthetic: true}
	fs.root = fs.synthInode(linuxabi.S_IFDIR|mode&S_IALLUGO, nil, "")
	fs.root.dir = root(fs, fs.root)
	return fs
}

// synthInode makes an inode of a synthetic filesystem, in parent under
// name (nil and "" for the root).
func (fs *FS) synthInode(mode uint32, parent *Inode, name string) *Inode {
	now := fs.clock()
	i := &Inode{
		fs: fs, ino: fs.lastIno.Add(1), typ: mode & linuxabi.S_IFMT, mode: mode & S_IALLUGO,
		nlink: 1, atime: now, mtime: now, ctime: now, btime: now,
	}
	if i.typ == linuxabi.S_IFDIR {
		i.nlink = 2
		i.parent.Store(parent)
		i.name.Store(&name)
	}
	return i
}

// NewDir makes a directory called name in parent, whose entries d gives.
func (fs *FS) NewDir(parent *Inode, name string, mode uint32, d DirStore) *Inode {
	i := fs.synthInode(linuxabi.S_IFDIR|mode, parent, name)
	i.dir = d
	return i
}

// NewGenerated makes a regular file whose contents g generates. Its
// size is 0, as procfs's files report; reads see the snapshot made by
// the first read, or by a read at offset 0 (seq_read()).
func (fs *FS) NewGenerated(mode uint32, g Generator) *Inode {
	i := fs.synthInode(linuxabi.S_IFREG|mode, nil, "")
	i.gen = g
	return i
}

// NewSymlink makes a symbolic link holding target.
func (fs *FS) NewSymlink(target string) *Inode {
	i := fs.synthInode(linuxabi.S_IFLNK|S_IRWXUGO, nil, "")
	i.target = target
	return i
}

// NewDynamicLink makes a symbolic link whose target l computes.
func (fs *FS) NewDynamicLink(mode uint32, l DynamicLink) *Inode {
	i := fs.synthInode(linuxabi.S_IFLNK|mode, nil, "")
	i.link = l
	return i
}

// NewDevice makes a character or block device node of device number
// rdev (Mkdev), as devpts makes its slaves (devpts_pty_new()).
func (fs *FS) NewDevice(mode uint32, rdev uint64) *Inode {
	i := fs.synthInode(mode, nil, "")
	i.rdev = rdev
	return i
}

// SetOwner sets a synthetic inode's owner and group, as procfs gives a
// process's files its effective IDs (task_dump_owner()).
func (i *Inode) SetOwner(uid, gid uint32) {
	i.attrMu.Lock()
	i.uid, i.gid = uid, gid
	i.attrMu.Unlock()
}

// generate makes a generated file's snapshot, at the first read or a
// read at offset 0; f.mu is held.
func (f *File) generate(off int64) error {
	if f.snap != nil && off != 0 {
		return nil
	}
	b, err := f.inode.gen(f.opener)
	if err != nil {
		return err
	}
	if b == nil {
		b = []byte{}
	}
	f.snap = b
	return nil
}

// readGenerated reads a generated file at off.
func (f *File) readGenerated(p []byte, off int64) (int, error) {
	if err := f.generate(off); err != nil {
		return 0, err
	}
	if off >= int64(len(f.snap)) {
		return 0, nil
	}
	return copy(p, f.snap[off:]), nil
}

// FixedDir is a DirStore for a synthetic directory whose entries are
// made once, when the filesystem is built (sysfs's directories).
type FixedDir struct {
	names  []string
	inodes map[string]*Inode
}

// NewFixedDir makes an empty FixedDir; Put fills it before the
// filesystem is used.
func NewFixedDir() *FixedDir { return &FixedDir{inodes: map[string]*Inode{}} }

// Put enters name for i.
func (d *FixedDir) Put(name string, i *Inode) {
	d.names = append(d.names, name)
	d.inodes[name] = i
}

func (d *FixedDir) Lookup(name string) *Inode { return d.inodes[name] }
func (d *FixedDir) Len() int                  { return len(d.names) }
func (d *FixedDir) Size() int64               { return 0 }

// ReadDir gives entry k the position k+2.
func (d *FixedDir) ReadDir(from int64, emit func(name string, child *Inode, next int64) bool) {
	for k := from - 2; k >= 0 && k < int64(len(d.names)); k++ {
		if !emit(d.names[k], d.inodes[d.names[k]], k+3) {
			return
		}
	}
}

// Add and Remove are never called: a synthetic namespace is fixed.
func (d *FixedDir) Add(string, *Inode) { panic("vfs: fixed directory") }
func (d *FixedDir) Remove(string)      { panic("vfs: fixed directory") }
