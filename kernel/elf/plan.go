package elf

// Mapping is the memory one PT_LOAD segment occupies once loaded, in whole
// pages, as binfmt_elf.c's elf_load sets it up: elf_map maps the file pages,
// padzero clears the rest of the last one, vm_brk_flags adds anonymous
// pages for the remainder of the bss.
//
// The caller fills [VA, VA+Size) so that:
//   - [VA, VA+FileSize) holds the file's bytes from FileOffset on;
//   - [ZeroFrom, ZeroTo) reads as zero.
//
// ZeroFrom is VA+FileSize when the segment has bss (p_memsz > p_filesz),
// and ZeroTo is then VA+Size; without bss the range is empty, at VA+Size.
// Without bss, the bytes between VA+FileSize and the end of that page are
// not part of the segment: Linux, which maps whole file pages, shows the
// file bytes that follow there, and zero past the end of the file.
type Mapping struct {
	VA         uint64 // page-aligned start
	Size       uint64 // page-rounded length
	FileOffset uint64 // page-aligned file offset of the byte at VA
	FileSize   uint64 // bytes from FileOffset; 0 for an anonymous mapping
	Prot       Prot
	ZeroFrom   uint64
	ZeroTo     uint64
}

// LoadPlan is where a binary's segments go for one load bias, and the
// values its auxiliary vector and mm need.
type LoadPlan struct {
	// Mappings are the segments' mappings, ascending. A PT_LOAD with a
	// zero p_memsz has none.
	Mappings []Mapping

	Entry  uint64 // e_entry plus the bias: AT_ENTRY, and the first PC without an interpreter
	PhdrVA uint64 // AT_PHDR
	Phnum  uint64 // AT_PHNUM
	Phent  uint64 // AT_PHENT: sizeof(Elf64_Phdr)

	// Brk is the start of the heap: the end of the highest segment,
	// page-aligned (mm->start_brk). Linux may move it further: to
	// ELF_ET_DYN_BASE for an ET_DYN without PT_INTERP unless
	// CONFIG_COMPAT_BRK, and randomised with ASLR.
	Brk uint64
}

var (
	errBias  = &loadError{"load bias not page-aligned", ErrInvalid}
	errEntry = &loadError{"entry point beyond the user address space", ErrInvalid}
)

// LoadBias returns the load bias load_elf_binary gives a program: 0 for
// ET_EXEC; for ET_DYN, base rounded down to Align, less the first PT_LOAD's
// p_vaddr, rounded down to a page. Linux's base is DefaultPIEBase (plus
// arch_mmap_rnd with ASLR) for a PIE, and the address mmap picks for
// MapSize bytes for an ET_DYN without PT_INTERP.
func (b *Binary) LoadBias(base uint64) uint64 {
	if b.Type == TypeExec {
		return 0
	}
	return pageStart(base&^(b.Align-1) - b.Loads[0].Vaddr)
}

// InterpBias returns the load bias load_elf_interp gives an interpreter
// whose image mmap placed at the page-aligned addr: 0 for ET_EXEC; for
// ET_DYN, addr less the page of the first PT_LOAD's p_vaddr. Linux picks
// addr top-down from mmap_base, with room for MapSize bytes.
func (b *Binary) InterpBias(addr uint64) uint64 {
	if b.Type == TypeExec {
		return 0
	}
	return addr - pageStart(b.Loads[0].Vaddr)
}

// MapSize is the span of address space the PT_LOAD segments cover, from the
// page of the lowest to the end of the highest, page-aligned: what
// binfmt_elf.c's total_mapping_size computes and elf_map reserves first, so
// that a randomised placement leaves room for the whole image.
func (b *Binary) MapSize() uint64 {
	last := b.Loads[len(b.Loads)-1]
	return pageAlign(last.Vaddr+last.Memsz) - pageStart(b.Loads[0].Vaddr)
}

// Plan lays out the binary at the page-aligned load bias (see LoadBias and
// InterpBias), as load_elf_binary's and load_elf_interp's PT_LOAD loops do.
// It fails with ErrInvalid where Linux's set_brk and BAD_ADDR checks do: a
// segment or the entry point at or beyond TASK_SIZE. (For a program with an
// interpreter Linux checks only the interpreter's entry point.)
//
// AT_PHDR is computed as Linux does since 5.18: e_phoff's address in the
// PT_LOAD whose file bytes contain it (the last such), or the bias itself
// if none does. Linux ignores PT_PHDR, and so does Plan; in a well-formed
// file the two agree.
func (b *Binary) Plan(bias uint64) (LoadPlan, error) {
	if bias%pageSize != 0 {
		return LoadPlan{}, errBias
	}
	p := LoadPlan{
		Entry:  b.Entry + bias,
		PhdrVA: bias,
		Phnum:  uint64(b.Phnum),
		Phent:  phdrSize,
	}
	var end uint64
	for _, s := range b.Loads {
		// Parse saw s.Vaddr+s.Memsz <= taskSize, so this cannot wrap.
		if bias > taskSize-(s.Vaddr+s.Memsz) || bias+s.Vaddr >= taskSize {
			return LoadPlan{}, errLoadAddr
		}
		if s.Offset <= b.Phoff && b.Phoff-s.Offset < s.Filesz {
			p.PhdrVA = b.Phoff - s.Offset + s.Vaddr + bias
		}
		end = max(end, s.Vaddr+s.Memsz+bias)
		if s.Memsz > 0 {
			p.Mappings = append(p.Mappings, mapping(s, bias))
		}
	}
	if p.Entry < b.Entry || p.Entry >= taskSize {
		return LoadPlan{}, errEntry
	}
	p.Brk = pageAlign(end)
	return p, nil
}

// mapping is elf_load for one segment with a non-zero p_memsz.
func mapping(s Segment, bias uint64) Mapping {
	va := s.Vaddr + bias
	m := Mapping{
		VA:   pageStart(va),
		Size: pageAlign(va+s.Memsz) - pageStart(va),
		Prot: s.Prot,
	}
	if s.Filesz > 0 {
		// elf_map: the file from the page holding p_offset, which Parse
		// saw is congruent to p_vaddr.
		m.FileOffset = s.Offset - (va - m.VA)
		m.FileSize = va - m.VA + s.Filesz
	}
	// With bss, padzero clears the last file page from p_filesz on and
	// vm_brk_flags maps zero pages up to p_memsz. Without a file part the
	// whole mapping is anonymous, from the page start.
	m.ZeroFrom, m.ZeroTo = m.VA+m.Size, m.VA+m.Size
	if s.Memsz > s.Filesz {
		m.ZeroFrom = m.VA + m.FileSize
	}
	return m
}
