package mm

import (
	"sort"

	"github.com/tamix/tamix/soc/arm64/mmu"
)

// Backing is a file's bytes for file mappings: private ones copy its
// pages into private frames on fault; shared ones need a SharedBacking.
type Backing interface {
	ReadAt(p []byte, off int64) (int, error)
	Size() int64
}

// vma is one mapping, [start, end), page aligned (include/linux/mm_types.h
// struct vm_area_struct).
type vma struct {
	start, end uint64
	prot       Prot
	shared     bool // MAP_SHARED: backed by shm or the file, never copy-on-write
	growsDown  bool
	file       Backing    // file mapping, nil for anonymous
	shm        *shmObject // shared anonymous memory
	off        uint64     // byte offset in file or shm of start
}

// offsetAt returns the offset in the backing object of va.
func (v *vma) offsetAt(va uint64) uint64 { return v.off + va - v.start }

// allows reports whether the VMA's protection permits the access. On arm64
// any access right implies read (PROT_WRITE and PROT_EXEC mappings are
// readable, arch/arm64/include/asm/pgtable-prot.h protection_map).
func (v *vma) allows(write, exec bool) bool {
	switch {
	case v.prot == PROT_NONE:
		return false
	case write:
		return v.prot&PROT_WRITE != 0
	case exec:
		return v.prot&PROT_EXEC != 0
	}
	return true
}

// gapStart is the lowest address the VMA keeps free below it: a growsdown
// stack keeps stackGuardGap (mm/mmap.c vm_start_gap).
func (v *vma) gapStart() uint64 {
	if v.growsDown {
		if v.start < stackGuardGap {
			return 0
		}
		return v.start - stackGuardGap
	}
	return v.start
}

// attrFor returns the page attributes for prot: EL0 exactly as prot says
// (readable for any right), EL1 always readable, writable iff EL0 is, never
// executable.
func attrFor(p Prot) mmu.Attr {
	a := mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true}}
	if p != PROT_NONE {
		a.User.Read = true
	}
	if p&PROT_WRITE != 0 {
		a.User.Write, a.Kernel.Write = true, true
	}
	if p&PROT_EXEC != 0 {
		a.User.Exec = true
	}
	return a
}

// readOnly returns a without write permission, for copy-on-write pages.
func readOnly(a mmu.Attr) mmu.Attr {
	a.User.Write, a.Kernel.Write = false, false
	return a
}

// find returns the index of the first VMA ending above va.
func (s *Space) find(va uint64) int {
	return sort.Search(len(s.vmas), func(i int) bool { return s.vmas[i].end > va })
}

// lookup returns the VMA containing va, or nil.
func (s *Space) lookup(va uint64) *vma {
	if i := s.find(va); i < len(s.vmas) && s.vmas[i].start <= va {
		return s.vmas[i]
	}
	return nil
}

// split cuts vmas[i] at at, which must lie strictly inside it.
func (s *Space) split(i int, at uint64) {
	v := s.vmas[i]
	hi := *v
	hi.start = at
	hi.off = v.offsetAt(at)
	v.end = at
	hi.ref(s)
	s.vmas = append(s.vmas, nil)
	copy(s.vmas[i+2:], s.vmas[i+1:])
	s.vmas[i+1] = &hi
}

// isolate splits VMAs so that none crosses start or end and returns the
// index range [lo, hi) of those inside [start, end).
func (s *Space) isolate(start, end uint64) (lo, hi int) {
	lo = s.find(start)
	if lo < len(s.vmas) && s.vmas[lo].start < start {
		s.split(lo, start)
		lo++
	}
	hi = lo
	for hi < len(s.vmas) && s.vmas[hi].start < end {
		if s.vmas[hi].end > end {
			s.split(hi, end)
		}
		hi++
	}
	return lo, hi
}

// insert adds v, which overlaps nothing, and merges it with its
// neighbours.
func (s *Space) insert(v *vma) {
	i := s.find(v.start)
	s.vmas = append(s.vmas, nil)
	copy(s.vmas[i+1:], s.vmas[i:])
	s.vmas[i] = v
	s.mergeAt(i)
}

// remove drops vmas[lo:hi], whose pages are already gone.
func (s *Space) remove(lo, hi int) {
	for _, v := range s.vmas[lo:hi] {
		v.unref(s)
	}
	s.vmas = append(s.vmas[:lo], s.vmas[hi:]...)
}

// mergeable reports whether b can be absorbed into a, its lower neighbour
// (mm/vma.c is_mergeable_vma). File VMAs are never merged: Backing values
// need not be comparable.
func mergeable(a, b *vma) bool {
	return a.end == b.start && a.prot == b.prot && a.shared == b.shared &&
		a.growsDown == b.growsDown && a.file == nil && b.file == nil &&
		a.shm == b.shm && (a.shm == nil || a.offsetAt(a.end) == b.off)
}

// mergeAt merges vmas[i] with its neighbours where possible.
func (s *Space) mergeAt(i int) {
	if i+1 < len(s.vmas) && mergeable(s.vmas[i], s.vmas[i+1]) {
		s.vmas[i].end = s.vmas[i+1].end
		s.remove(i+1, i+2)
	}
	if i > 0 && i < len(s.vmas) && mergeable(s.vmas[i-1], s.vmas[i]) {
		s.vmas[i-1].end = s.vmas[i].end
		s.remove(i, i+1)
	}
}

// free reports whether [start, end) can take a new mapping: inside user VA,
// outside the kernel window, and clear of every VMA and stack guard gap.
func (s *Space) free(start, end uint64) bool {
	if start < MinAddr || end > TaskSize || end <= start || inWindow(start, end) {
		return false
	}
	i := s.find(start)
	return i == len(s.vmas) || s.vmas[i].gapStart() >= end
}

// topDown finds the highest free range of length bytes below MmapTop
// (mm/mmap.c unmapped_area_topdown), skipping the kernel window.
func (s *Space) topDown(length uint64) (uint64, bool) {
	i := s.find(MmapTop)
	hi := uint64(MmapTop)
	if i < len(s.vmas) && s.vmas[i].gapStart() < hi {
		hi = s.vmas[i].gapStart()
	}
	for {
		lo := uint64(MinAddr)
		if i > 0 {
			lo = max(lo, s.vmas[i-1].end)
		}
		if a, ok := fit(lo, hi, length); ok {
			return a, true
		}
		if i == 0 {
			return 0, false
		}
		i--
		hi = s.vmas[i].gapStart()
	}
}

// fit returns the highest start of length bytes in [lo, hi) outside the
// kernel window.
func fit(lo, hi, length uint64) (uint64, bool) {
	if hi > mmu.WindowEnd {
		if l := max(lo, mmu.WindowEnd); hi > l && hi-l >= length {
			return hi - length, true
		}
	}
	if h := min(hi, mmu.WindowBase); h > lo && h-lo >= length {
		return h - length, true
	}
	return 0, false
}
