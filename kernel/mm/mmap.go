package mm

import (
	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/mmu"
)

// Mmap implements mmap(2) (mm/mmap.c do_mmap) for anonymous mappings,
// private or shared, and file mappings of b from byte offset off: private
// ones copy the file's pages on fault, shared ones (b a SharedBacking,
// else ENODEV) map the file's own pages.
// Without MAP_FIXED a free, page-rounded hint is honoured, else the
// highest free range below MmapTop is used; MAP_FIXED replaces what is
// there and MAP_FIXED_NOREPLACE fails with EEXIST instead. MAP_HUGETLB
// fails with ENOMEM (no huge pages are reserved). MAP_POPULATE and MAP_LOCKED fault the pages in
// and fail with ENOMEM, the mapping undone, when memory runs out.
func (s *Space) Mmap(addr, length uint64, prot Prot, flags int, b Backing, off uint64) (uint64, error) {
	if off&pageMask != 0 || prot&^protMask != 0 {
		return 0, linuxabi.EINVAL
	}
	switch flags & linuxabi.MAP_TYPE {
	case linuxabi.MAP_SHARED, linuxabi.MAP_PRIVATE:
	case linuxabi.MAP_SHARED_VALIDATE:
		if flags&^(linuxabi.MAP_TYPE|mapValidate) != 0 {
			return 0, linuxabi.EOPNOTSUPP
		}
	default:
		return 0, linuxabi.EINVAL
	}
	shared := flags&linuxabi.MAP_TYPE != linuxabi.MAP_PRIVATE
	anon := flags&linuxabi.MAP_ANONYMOUS != 0
	switch {
	case length == 0:
		return 0, linuxabi.EINVAL
	case !anon && b == nil:
		return 0, linuxabi.EBADF
	case !anon && shared && !isShared(b):
		return 0, linuxabi.ENODEV
	case flags&linuxabi.MAP_HUGETLB != 0:
		return 0, linuxabi.ENOMEM
	}
	length = pageUp(length)
	if length == 0 || length > TaskSize {
		return 0, linuxabi.ENOMEM
	}
	if !anon && off+length < off {
		return 0, linuxabi.EOVERFLOW
	}
	fixed := flags&(linuxabi.MAP_FIXED|linuxabi.MAP_FIXED_NOREPLACE) != 0
	if fixed {
		switch {
		case addr&pageMask != 0:
			return 0, linuxabi.EINVAL
		case addr > TaskSize-length || inWindow(addr, addr+length):
			return 0, linuxabi.ENOMEM
		case addr < MinAddr:
			return 0, linuxabi.EPERM
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.vmas) >= maxMapCount {
		return 0, linuxabi.ENOMEM
	}
	switch {
	case fixed && flags&linuxabi.MAP_FIXED_NOREPLACE != 0:
		if i := s.find(addr); i < len(s.vmas) && s.vmas[i].start < addr+length {
			return 0, linuxabi.EEXIST
		}
	case fixed:
		s.unmap(addr, addr+length)
	default:
		hint := pageUp(addr)
		if addr == 0 || hint > TaskSize-length || !s.free(hint, hint+length) {
			var ok bool
			if hint, ok = s.topDown(length); !ok {
				return 0, linuxabi.ENOMEM
			}
		}
		addr = hint
	}
	v := &vma{start: addr, end: addr + length, prot: prot, shared: shared,
		growsDown: flags&linuxabi.MAP_GROWSDOWN != 0}
	switch {
	case !anon:
		v.file, v.off = b, off
		if k := v.fileKey(); k != nil {
			addMapper(k, s)
		}
	case shared:
		v.shm = newShm(s.frames)
	}
	s.insert(v)
	if flags&(linuxabi.MAP_POPULATE|linuxabi.MAP_LOCKED) != 0 && s.populate(addr, addr+length) != nil {
		s.unmap(addr, addr+length)
		return 0, linuxabi.ENOMEM
	}
	return addr, nil
}

// populate faults in [start, end) as mm/gup.c populate_vma_page_range does:
// writing private writable pages (breaking copy-on-write), reading the
// rest, skipping inaccessible VMAs and stopping quietly at a file's end.
// Only running out of memory is an error.
func (s *Space) populate(start, end uint64) *Fault {
	for va := start; va < end; va += PageSize {
		v := s.lookup(va)
		if v == nil || v.prot == PROT_NONE {
			continue
		}
		f := s.fault(va, v.prot&PROT_WRITE != 0 && !v.shared, false)
		switch {
		case f == nil:
		case f.Signo == SIGKILL:
			return f
		default:
			return nil
		}
	}
	return nil
}

// Munmap implements munmap(2): it removes every mapping in [addr,
// addr+length), splitting VMAs at the ends; holes are fine.
func (s *Space) Munmap(addr, length uint64) error {
	end := pageUp(addr + length)
	if addr&pageMask != 0 || length == 0 || addr > TaskSize || length > TaskSize-addr || end == 0 {
		return linuxabi.EINVAL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unmap(addr, end)
	return nil
}

// unmap removes the VMAs and pages of [start, end).
func (s *Space) unmap(start, end uint64) {
	lo, hi := s.isolate(start, end)
	for _, v := range s.vmas[lo:hi] {
		s.zap(v.start, v.end)
	}
	s.remove(lo, hi)
}

// Mprotect implements mprotect(2) (mm/mprotect.c): it sets prot on
// [addr, addr+length), splitting and merging VMAs. Like Linux it fails with
// ENOMEM at the first unmapped page, having changed the VMAs before it.
func (s *Space) Mprotect(addr, length uint64, prot Prot) error {
	if addr&pageMask != 0 || prot&^protMask != 0 {
		return linuxabi.EINVAL
	}
	if length == 0 {
		return nil
	}
	end := pageUp(addr + length)
	if end <= addr || end > TaskSize {
		return linuxabi.ENOMEM
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if v := s.lookup(addr); v == nil {
		return linuxabi.ENOMEM
	}
	lo, hi := s.isolate(addr, end)
	next := addr
	for _, v := range s.vmas[lo:hi] {
		if v.start != next {
			err = linuxabi.ENOMEM
			break
		}
		s.reprotect(v, prot)
		next = v.end
	}
	if err == nil && next < end {
		err = linuxabi.ENOMEM
	}
	for i := min(hi, len(s.vmas)-1); i >= lo && i >= 0; i-- {
		s.mergeAt(i)
	}
	return err
}

// reprotect sets v's protection and its pages' attributes; private pages
// shared copy-on-write stay read-only.
func (s *Space) reprotect(v *vma, prot Prot) {
	wasExec := v.prot&PROT_EXEC != 0
	v.prot = prot
	a := attrFor(prot)
	var live []uint64
	s.resident(v.start, v.end, func(va, pa uint64, _ mmu.Attr) {
		na := a
		if !v.shared && s.frames.Refs(pa) > 1 {
			na = readOnly(a)
		}
		if !wasExec && prot&PROT_EXEC != 0 && s.cfg.SyncICache != nil {
			s.cfg.SyncICache(pa)
		}
		s.table.Protect(va, PageSize, na)
		live = append(live, va)
	})
	s.flush(live, false)
}

func isShared(b Backing) bool {
	_, ok := b.(SharedBacking)
	return ok
}
