package linuximage

import (
	"cmp"
	"debug/elf"
	"fmt"
	"io"
	"slices"
)

const (
	// pageSize is the Image's alignment unit: the header page size and the
	// granule image_size is rounded to.
	pageSize = 0x1000
	// maxImageSize bounds image_size as a sanity check; it also keeps the
	// entry point within code0's ±128 MiB branch range.
	maxImageSize = 64 << 20
)

// Layout describes where the Image sits in the kernel's address space.
type Layout struct {
	// Base is the virtual address of Image byte 0, the header page.
	Base uint64
	// TextOffset is the header's text_offset: the boot loader places the
	// Image this far above a 2 MiB aligned RAM base (booting.rst §4).
	TextOffset uint64
}

// FromELF converts a statically linked AArch64 ELF executable into an
// Image laid out per booting.rst §4.
//
// Image byte 0 corresponds to l.Base. The first page holds the header,
// whose code0 branches to the ELF entry point; loadable segments follow at
// (vaddr - l.Base), with gaps zero-filled. Trailing bss is not stored but
// is counted in image_size, which booting.rst requires to cover it.
//
// A segment may reach into the header page only if it maps the ELF file's
// own first page there (vaddr - offset == l.Base), as the Go linker does:
// those bytes are the ELF and program headers, which the Image header
// replaces.
func FromELF(r io.ReaderAt, l Layout) (image []byte, h Header, err error) {
	if l.Base%pageSize != 0 {
		return nil, Header{}, fmt.Errorf("linuximage: base %#x not page aligned", l.Base)
	}
	f, err := elf.NewFile(r)
	if err != nil {
		return nil, Header{}, fmt.Errorf("linuximage: %w", err)
	}
	if f.Class != elf.ELFCLASS64 || f.Data != elf.ELFDATA2LSB || f.Machine != elf.EM_AARCH64 {
		return nil, Header{}, fmt.Errorf("linuximage: want little-endian ELF64 AArch64, got %v %v %v", f.Class, f.Data, f.Machine)
	}
	segs, err := loadSegments(f, l.Base)
	if err != nil {
		return nil, Header{}, err
	}
	var fileEnd, memEnd uint64 // Image offsets
	for _, p := range segs {
		fileEnd = max(fileEnd, p.Vaddr-l.Base+p.Filesz)
		memEnd = max(memEnd, p.Vaddr-l.Base+p.Memsz)
	}
	size := (memEnd + pageSize - 1) &^ (pageSize - 1)
	if size > maxImageSize {
		return nil, Header{}, fmt.Errorf("linuximage: image_size %#x exceeds %#x", size, maxImageSize)
	}
	entry, err := entryOffset(f.Entry, segs, l.Base)
	if err != nil {
		return nil, Header{}, err
	}

	image = make([]byte, fileEnd) // > pageSize: the entry is file-backed past it
	for _, p := range segs {
		dst := image[p.Vaddr-l.Base : p.Vaddr-l.Base+p.Filesz]
		if _, err := p.ReadAt(dst, 0); err != nil {
			return nil, Header{}, fmt.Errorf("linuximage: reading segment at %#x: %w", p.Vaddr, err)
		}
	}
	clear(image[:pageSize]) // drop ELF headers mapped into the header page
	h = Header{
		Code0:      encodeB(entry),
		Code1:      insnNOP,
		TextOffset: l.TextOffset,
		ImageSize:  size,
		Flags:      FlagPage4K, // little endian, 4K pages, near the start of DRAM
		Magic:      Magic,
	}
	copy(image, h.Marshal())
	return image, h, nil
}

// loadSegments returns f's non-empty PT_LOAD segments sorted by address,
// checking they are well formed, do not overlap, and lie above base
// (apart from the ELF headers, see FromELF).
func loadSegments(f *elf.File, base uint64) ([]*elf.Prog, error) {
	var segs []*elf.Prog
	for _, p := range f.Progs {
		if p.Type != elf.PT_LOAD || p.Memsz == 0 {
			continue
		}
		switch {
		case p.Filesz > p.Memsz:
			return nil, fmt.Errorf("linuximage: segment at %#x: filesz %#x > memsz %#x", p.Vaddr, p.Filesz, p.Memsz)
		case p.Vaddr < base || p.Vaddr-base > maxImageSize || p.Memsz > maxImageSize:
			return nil, fmt.Errorf("linuximage: segment %#x+%#x outside image at %#x", p.Vaddr, p.Memsz, base)
		case p.Vaddr < base+pageSize && p.Vaddr-p.Off != base:
			return nil, fmt.Errorf("linuximage: segment at %#x overlaps the header page", p.Vaddr)
		}
		segs = append(segs, p)
	}
	if len(segs) == 0 {
		return nil, fmt.Errorf("linuximage: no loadable segments")
	}
	slices.SortFunc(segs, func(a, b *elf.Prog) int { return cmp.Compare(a.Vaddr, b.Vaddr) })
	for i := 1; i < len(segs); i++ {
		if prev := segs[i-1]; segs[i].Vaddr < prev.Vaddr+prev.Memsz {
			return nil, fmt.Errorf("linuximage: segments at %#x and %#x overlap", prev.Vaddr, segs[i].Vaddr)
		}
	}
	return segs, nil
}

// entryOffset returns the Image offset of the entry point, which must be
// an aligned instruction in the file-backed part of an executable segment,
// above the header page.
func entryOffset(entry uint64, segs []*elf.Prog, base uint64) (uint64, error) {
	if entry%4 == 0 && entry >= base+pageSize {
		for _, p := range segs {
			if p.Flags&elf.PF_X != 0 && entry >= p.Vaddr && entry < p.Vaddr+p.Filesz {
				return entry - base, nil
			}
		}
	}
	return 0, fmt.Errorf("linuximage: entry %#x not in executable image code", entry)
}
