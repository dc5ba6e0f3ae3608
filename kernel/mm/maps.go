package mm

// Mapping describes one VMA as /proc/<pid>/maps lists it
// (show_map_vma() in fs/proc/task_mmu.c).
type Mapping struct {
	Start, End uint64
	Prot       Prot
	Shared     bool    // MAP_SHARED
	GrowsDown  bool    // a stack
	File       Backing // the mapped file, nil for anonymous memory
	Offset     uint64  // byte offset in the file of Start
}

// Mappings lists the space's VMAs in address order, and the heap's
// start and current break (mm->start_brk and mm->brk).
func (s *Space) Mappings() (maps []Mapping, brkStart, brk uint64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	maps = make([]Mapping, 0, len(s.vmas))
	for _, v := range s.vmas {
		m := Mapping{Start: v.start, End: v.end, Prot: v.prot, Shared: v.shared, GrowsDown: v.growsDown, File: v.file, Offset: v.off}
		maps = append(maps, m)
	}
	return maps, s.brkStart, s.brk
}
