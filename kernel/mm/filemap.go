package mm

import (
	"sync"

	"github.com/tamix/tamix/linuxabi"
)

// SharedBacking is a file that can be mapped MAP_SHARED: its pages are
// frames (tmpfs keeps file data in them), so a shared mapping maps the
// file's own pages and stores through it, read(2) and write(2) all see
// the same bytes with nothing to copy or write back (Linux's page cache
// of a shmem file, mm/shmem.c shmem_fault).
type SharedBacking interface {
	Backing
	// Page returns the frame holding the file's page at off (page
	// aligned, below Size), a zeroed one allocated for a hole, with a
	// reference on FramesFor(Phys) for the caller's page-table entry.
	Page(off uint64) (pa uint64, err error)
	// Key identifies the file: all Backings of one file have the same
	// key, the one passed to Truncated.
	Key() any
}

// framesByPhys holds the one Frames per Phys that every Space and file
// store share, so a frame mapped by several fork families and kept by a
// file is counted in one place.
var framesByPhys sync.Map // Phys → *Frames

// FramesFor returns the reference counter of p's frames.
func FramesFor(p Phys) *Frames {
	if f, ok := framesByPhys.Load(p); ok {
		return f.(*Frames)
	}
	f, _ := framesByPhys.LoadOrStore(p, NewFrames(p))
	return f.(*Frames)
}

// fileMappers records, per file key, the Spaces that have VMAs of the
// file and how many, for Truncated (the address_space's i_mmap tree in
// Linux).
var fileMappers = struct {
	mu sync.Mutex
	m  map[any]map[*Space]int
}{m: map[any]map[*Space]int{}}

func addMapper(key any, s *Space) {
	fileMappers.mu.Lock()
	defer fileMappers.mu.Unlock()
	if fileMappers.m[key] == nil {
		fileMappers.m[key] = map[*Space]int{}
	}
	fileMappers.m[key][s]++
}

func dropMapper(key any, s *Space) {
	fileMappers.mu.Lock()
	defer fileMappers.mu.Unlock()
	ss := fileMappers.m[key]
	if ss[s]--; ss[s] <= 0 {
		delete(ss, s)
	}
	if len(ss) == 0 {
		delete(fileMappers.m, key)
	}
}

// Truncated is called after the file key shrank to size: every Space
// mapping it drops the pages wholly past the new end, private copies
// too, so touching them again raises SIGBUS (mm/truncate.c
// truncate_pagecache, unmap_mapping_range with even_cows). The page
// holding the last byte stays mapped; in a shared mapping its tail reads
// as the zeros the file store put there. It must be called without the
// file's lock, which faults take inside a Space's.
func Truncated(key any, size uint64) {
	fileMappers.mu.Lock()
	var spaces []*Space
	for s := range fileMappers.m[key] {
		spaces = append(spaces, s)
	}
	fileMappers.mu.Unlock()
	for _, s := range spaces {
		s.unmapFilePast(key, pageUp(size))
	}
}

// unmapFilePast zaps the pages at file offsets from from on of the VMAs
// of the file key.
func (s *Space) unmapFilePast(key any, from uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.vmas {
		if v.fileKey() != key || v.offsetAt(v.end) <= from {
			continue
		}
		start := v.start
		if v.off < from {
			start += from - v.off
		}
		s.zap(start, v.end)
	}
}

// fileKey returns the key of a file VMA's file if it keeps its pages in
// frames (which the VMA may map), else nil.
func (v *vma) fileKey() any {
	if sb, ok := v.file.(SharedBacking); ok {
		return sb.Key()
	}
	return nil
}

// ref records one more VMA using v's shared object, in s: a split,
// fork or move made a copy of v.
func (v *vma) ref(s *Space) {
	if v.shm != nil {
		v.shm.ref()
	}
	if k := v.fileKey(); k != nil {
		addMapper(k, s)
	}
}

// unref undoes ref when v goes from s.
func (v *vma) unref(s *Space) {
	if v.shm != nil {
		v.shm.unref()
	}
	if k := v.fileKey(); k != nil {
		dropMapper(k, s)
	}
}

// Msync implements msync(2) (mm/msync.c): the flags are checked and the
// range must be mapped (ENOMEM at a hole, after the mapped part).
// Shared file mappings map the file's own pages, so there is nothing to
// write back: MS_SYNC and MS_ASYNC have already happened, and
// MS_INVALIDATE has nothing stale to drop.
func (s *Space) Msync(addr, length uint64, flags int) error {
	const all = linuxabi.MS_ASYNC | linuxabi.MS_INVALIDATE | linuxabi.MS_SYNC
	switch {
	case flags&^all != 0, addr&pageMask != 0,
		flags&linuxabi.MS_ASYNC != 0 && flags&linuxabi.MS_SYNC != 0:
		return linuxabi.EINVAL
	}
	end := addr + pageUp(length)
	if end < addr {
		return linuxabi.ENOMEM
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for va := addr; va < end; {
		v := s.lookup(va)
		if v == nil {
			return linuxabi.ENOMEM
		}
		va = v.end
	}
	return nil
}
