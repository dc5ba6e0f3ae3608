package vfs

import (
	"github.com/tamix/tamix/linuxabi"
	"sync"
	"sync/atomic"
)

// Store is what a filesystem type gives the VFS: the storage behind new
// directories and regular files. The VFS keeps everything else about an
// inode (type, owner, mode, link count, times) itself, in Inode, and does
// the namespace semantics of fs/namei.c; a store only keeps entries and
// bytes. It is the part of Linux's super_operations and inode_operations
// (alloc_inode, create, mkdir) that is the filesystem's own.
type Store interface {
	NewDir() DirStore
	NewFile() FileStore
}

// DirStore holds a directory's entries. The VFS calls it with the
// directory's lock held: shared for Lookup, Len, Size and ReadDir,
// exclusive for Add and Remove, so it needs no locking of its own.
type DirStore interface {
	// Lookup returns the inode name refers to, or nil.
	Lookup(name string) *Inode
	// Add enters name, which is not in the directory, for child.
	Add(name string, child *Inode)
	// Remove removes name, which is in the directory.
	Remove(name string)
	// Len is the number of entries.
	Len() int
	// Size is the directory's st_size.
	Size() int64
	// ReadDir calls emit for the entries at positions from on, in
	// order, until emit returns false. Positions are at least 2 (0
	// and 1 are "." and ".."); next is the position after the entry,
	// which getdents64(2) hands out as d_off and lseek(2) can return
	// to. An entry keeps its position while it stays in the directory.
	ReadDir(from int64, emit func(name string, child *Inode, next int64) bool)
}

// FileStore holds a regular file's bytes. The VFS calls it with the
// file's lock held: shared for Size, Blocks, ReadAt, SeekData and
// SeekHole, exclusive for WriteAt and Truncate. Offsets and sizes passed
// to it are at least 0 and, with the length of the data, at most
// MaxFileSize.
type FileStore interface {
	// Size is the file size.
	Size() int64
	// Blocks is the storage used, in 512-byte units (st_blocks).
	Blocks() int64
	// ReadAt copies the bytes at off into p, up to the end of the file,
	// and returns how many it copied. Holes read as zeros.
	ReadAt(p []byte, off int64) int
	// WriteAt writes p at off, growing the file if it ends beyond it;
	// bytes between the old end and off read as zeros. It returns how
	// much it wrote, and why not all (out of room).
	WriteAt(p []byte, off int64) (int, error)
	// Truncate makes the file size bytes long; bytes past the old end
	// read as zeros.
	Truncate(size int64)
	// SeekData is where the data at or after off, which is below the
	// file size, starts; false if only a hole follows (lseek(2)
	// SEEK_DATA).
	SeekData(off int64) (int64, bool)
	// SeekHole is where the hole at or after off, which is below the
	// file size, starts: the end of the file if no hole comes earlier
	// (lseek(2) SEEK_HOLE).
	SeekHole(off int64) int64
}

// FS is one filesystem: Linux's super_block and vfsmount rolled into
// one, since tamix mounts a filesystem in at most one place (mount.go).
type FS struct {
	store Store
	clock func() int64
	dev   uint64
	root  *Inode
	// synthetic is set for a filesystem whose maker makes its inodes
	// (synthetic.go): its namespace cannot be changed.
	synthetic bool

	// mountpoint is the directory the filesystem is mounted on, nil
	// for the namespace's root and for one not mounted; mnt the rest
	// of its mount, guarded by mounts.mu.
	mountpoint atomic.Pointer[Inode]
	mnt        mount
	// ro, nodev and noexec mirror mnt.flags for the checks that make
	// writes EROFS (mnt_want_write()), device opens and exec EACCES.
	ro, nodev, noexec atomic.Bool

	// renameMu is s_vfs_rename_mutex: renames between two directories
	// hold it, so the tree's shape (which directory is inside which)
	// does not change while they check and change it.
	renameMu sync.Mutex
	lastIno  atomic.Uint64
}

// anonMinor numbers the filesystems without a device, as get_anon_bdev()
// in fs/super.c does: their st_dev is 0:n.
var anonMinor atomic.Uint32

// NewFS makes a filesystem whose directories and files are kept by store.
// Clock returns the time in nanoseconds since the epoch (CLOCK_REALTIME);
// every timestamp the filesystem sets is read from it. The root directory
// has mode 0777|S_ISVTX and owner 0:0, which is tmpfs's default; callers
// change them with Chmod and Chown.
func NewFS(store Store, clock func() int64) *FS {
	fs := &FS{store: store, clock: clock, dev: Mkdev(0, anonMinor.Add(1))}
	fs.root = fs.newInode(linuxabi.S_IFDIR|S_IRWXUGO|linuxabi.S_ISVTX, 0, Caller{}, nil)
	return fs
}

// Root is the filesystem's root directory.
func (fs *FS) Root() *Inode { return fs.root }
