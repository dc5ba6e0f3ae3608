package mm

import (
	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/mmu"
)

// Mremap implements mremap(2) (mm/mremap.c): it shrinks [old, old+oldLen)
// in place, grows it in place if the pages above are free, or, with
// MREMAP_MAYMOVE, moves it (pages and all) to a free range or, with
// MREMAP_FIXED, to newAddr, replacing what is there. The range must lie in
// one VMA (EFAULT otherwise). MREMAP_DONTUNMAP and oldLen 0 (duplicating a
// shared mapping) are not supported and fail with EINVAL.
func (s *Space) Mremap(old, oldLen, newLen uint64, flags int, newAddr uint64) (uint64, error) {
	switch {
	case flags&^(linuxabi.MREMAP_MAYMOVE|linuxabi.MREMAP_FIXED|linuxabi.MREMAP_DONTUNMAP) != 0,
		flags&linuxabi.MREMAP_FIXED != 0 && flags&linuxabi.MREMAP_MAYMOVE == 0,
		flags&linuxabi.MREMAP_DONTUNMAP != 0,
		old&pageMask != 0:
		return 0, linuxabi.EINVAL
	}
	oldLen, newLen = pageUp(oldLen), pageUp(newLen)
	if newLen == 0 || oldLen == 0 {
		return 0, linuxabi.EINVAL
	}
	fixed := flags&linuxabi.MREMAP_FIXED != 0
	if fixed {
		switch {
		case newAddr&pageMask != 0, newLen > TaskSize, newAddr > TaskSize-newLen,
			newAddr < old+oldLen && old < newAddr+newLen:
			return 0, linuxabi.EINVAL
		case inWindow(newAddr, newAddr+newLen):
			return 0, linuxabi.ENOMEM
		case newAddr < MinAddr:
			return 0, linuxabi.EPERM
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.lookup(old)
	if v == nil || old+oldLen > v.end || old+oldLen < old {
		return 0, linuxabi.EFAULT
	}
	if fixed {
		if len(s.vmas)+2 > maxMapCount {
			return 0, linuxabi.ENOMEM
		}
		s.unmap(newAddr, newAddr+newLen)
		if oldLen > newLen {
			s.unmap(old+newLen, old+oldLen)
			oldLen = newLen
		}
		return newAddr, s.move(old, oldLen, newAddr, newLen)
	}
	if newLen <= oldLen {
		s.unmap(old+newLen, old+oldLen)
		return old, nil
	}
	if old+oldLen == v.end && s.free(v.end, old+newLen) {
		v.end = old + newLen
		s.mergeAt(s.find(old))
		return old, nil
	}
	if flags&linuxabi.MREMAP_MAYMOVE == 0 {
		return 0, linuxabi.ENOMEM
	}
	dst, ok := s.topDown(newLen)
	if !ok {
		return 0, linuxabi.ENOMEM
	}
	return dst, s.move(old, oldLen, dst, newLen)
}

// move moves the VMA part [old, old+oldLen) with its pages to [dst,
// dst+newLen), which is free and at least as long. The new entries are made
// before the old ones are removed, so running out of table frames leaves
// the old mapping intact (ENOMEM).
func (s *Space) move(old, oldLen, dst, newLen uint64) error {
	type page struct {
		va, pa uint64
		a      mmu.Attr
	}
	var pages []page
	s.resident(old, old+oldLen, func(va, pa uint64, a mmu.Attr) {
		pages = append(pages, page{va, pa, a})
	})
	for i, p := range pages {
		if err := s.table.Map(dst+p.va-old, p.pa, PageSize, p.a); err != nil {
			for _, q := range pages[:i] {
				s.table.Unmap(dst+q.va-old, PageSize)
			}
			return linuxabi.ENOMEM
		}
	}
	lo, hi := s.isolate(old, old+oldLen)
	nv := *s.vmas[lo]
	nv.start, nv.end = dst, dst+newLen
	nv.ref(s)
	live := make([]uint64, len(pages))
	for i, p := range pages {
		live[i] = p.va
	}
	s.unmapLive(old, old+oldLen, live)
	s.rss += len(pages) // moved, not dropped
	s.remove(lo, hi)
	s.insert(&nv)
	return nil
}
