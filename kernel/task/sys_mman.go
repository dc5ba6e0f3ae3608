package task

import (
	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_MSYNC, sysMsync, Full, "shared mappings map the file's own pages: nothing to write back")
	// A file that shrinks loses its pages past the end in every shared
	// mapping (truncate_pagecache).
	vfs.TruncateHook = func(i *vfs.Inode, size int64) { mm.Truncated(i, uint64(size)) }
}

// sysMsync implements Linux system call msync(2).
func sysMsync(t *Task, a args) (uint64, error) {
	return 0, t.space.Msync(a[0], a[1], int(a[2]))
}
