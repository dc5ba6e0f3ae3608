package vfs

import "github.com/tamix/tamix/linuxabi"

// Pager is a FileStore whose pages are frames of physical memory, which
// MAP_SHARED mappings map as they are (tmpfs).
type Pager interface {
	// Page returns the frame of page pg, below the size, allocating a
	// zeroed one for a hole, with a reference for the caller's mapping.
	Page(pg int64) (pa uint64, err error)
}

// Mappable reports whether the regular file's pages can be mapped
// shared (Page works).
func (i *Inode) Mappable() bool {
	_, ok := i.file.(Pager)
	return ok && i.gen == nil
}

// Page returns the frame holding the bytes at off, a multiple of the
// page size, of a Mappable file, with a reference for the caller
// (shmem_fault): ENXIO at or past the end, ENODEV if the file is not
// Mappable, ENOMEM when no frame is left for a hole.
func (i *Inode) Page(off int64) (uint64, error) {
	p, ok := i.file.(Pager)
	if !ok || i.gen != nil {
		return 0, linuxabi.ENODEV
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if off < 0 || off >= i.file.Size() {
		return 0, linuxabi.ENXIO
	}
	return p.Page(off / pageSize)
}

// pageSize is the unit Page works in.
const pageSize = 4096

// TruncateHook, when set, is called after a regular file shrank
// (truncate(2), ftruncate(2), O_TRUNC), without the inode's lock, so
// that shared mappings drop their pages past the new end
// (truncate_pagecache's unmap_mapping_range).
var TruncateHook func(i *Inode, size int64)
