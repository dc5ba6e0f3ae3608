// Package tmpfs is tamix's in-memory filesystem, the counterpart of
// Linux's tmpfs (mm/shmem.c): a vfs.Store whose directories are maps and
// whose files are 4 KiB pages kept only where something was written, so
// sparse files take no room for their holes. A size= limit makes writes
// past it ENOSPC; the inode limit is only reported (statfs(2),
// /proc/mounts).
//
// The VFS locks each directory and file around the calls it makes to
// the store, so the store itself has no locks.
package tmpfs

import (
	"sync/atomic"

	"github.com/tamix/tamix/kernel/vfs"
)

// New makes an empty tmpfs with the default options; clock gives the
// time in nanoseconds since the epoch (see vfs.NewFS).
func New(clock func() int64) *vfs.FS {
	return vfs.NewFS(&store{}, clock)
}

// store is tmpfs's vfs.Store: its mount options and what is in use.
type store struct {
	opts   options
	pages  atomic.Int64 // file pages in use
	inodes atomic.Int64 // directories and files made
}

func (s *store) NewDir() vfs.DirStore {
	s.inodes.Add(1)
	return &dir{names: map[string]*entry{}, next: firstPos}
}

func (s *store) NewFile() vfs.FileStore {
	s.inodes.Add(1)
	return newFile(memory, &s.pages, s.opts.blocks)
}
