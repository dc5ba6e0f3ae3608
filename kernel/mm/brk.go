package mm

// SetBrk sets the heap start (the end of the ELF image's bss, from the
// loader); the brk region starts empty.
func (s *Space) SetBrk(start uint64) {
	s.mu.Lock()
	s.brkStart, s.brk = start, start
	s.mu.Unlock()
}

// Brk implements brk(2) as the kernel does (mm/mmap.c SYSCALL_DEFINE1(brk)):
// it moves the break to newBrk and returns it, or returns the current
// break unchanged when newBrk is below the heap start, would collide with
// another mapping (keeping a guard page) or the kernel window, or memory
// runs out. Shrinking frees the pages above the new break.
func (s *Space) Brk(newBrk uint64) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if newBrk < s.brkStart || newBrk > TaskSize-PageSize {
		return s.brk
	}
	oldEnd, newEnd := pageUp(s.brk), pageUp(newBrk)
	switch {
	case newEnd == oldEnd:
	case newEnd < oldEnd:
		s.unmap(newEnd, oldEnd)
	case !s.free(oldEnd, newEnd+PageSize) || len(s.vmas) >= maxMapCount:
		return s.brk
	default:
		s.insert(&vma{start: oldEnd, end: newEnd, prot: PROT_READ | PROT_WRITE})
	}
	s.brk = newBrk
	return s.brk
}
