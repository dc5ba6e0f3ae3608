// Package tmpfs is tamix's in-memory filesystem, the counterpart of
// Linux's tmpfs (mm/shmem.c): a vfs.Store whose directories are maps and
// whose files are 4 KiB pages kept only where something was written, so
// sparse files take no room for their holes. It has no size limit yet.
//
// The VFS locks each directory and file around the calls it makes to
// the store, so the store itself has no locks.
package tmpfs

import "github.com/tamix/tamix/kernel/vfs"

// New makes an empty tmpfs; clock gives the time in nanoseconds since the
// epoch (see vfs.NewFS).
func New(clock func() int64) *vfs.FS {
	return vfs.NewFS(store{}, clock)
}

// store is tmpfs's vfs.Store.
type store struct{}

func (store) NewDir() vfs.DirStore { return &dir{names: map[string]*entry{}, next: firstPos} }

func (store) NewFile() vfs.FileStore { return &file{pages: map[int64]*page{}} }
