package elf

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// phdr is an Elf64_Phdr for the test writer.
type phdr struct {
	typ, flags                       uint32
	off, vaddr, filesz, memsz, align uint64
}

// testELF describes a handcrafted ELF file. build lays it out: a byte
// pattern over the whole file (so that loaded contents can be checked
// against it), then the ELF header and program headers over it.
type testELF struct {
	class, data         byte
	typ, machine, phent uint16
	phnum               int // -1: len(phdrs)
	entry, phoff        uint64
	phdrs               []phdr
	size                int               // file size
	patch               map[uint64][]byte // bytes written last, at offsets
}

const ptPhdr = 6 // PT_PHDR, which Parse ignores as Linux does

// exe is a typical static ET_EXEC: text with the headers in it, data whose
// bss crosses two page boundaries, and PT_GNU_STACK RW.
//
//	text: file [0, 0x1234)        -> [0x400000, 0x401234), R X
//	data: file [0x2e10, 0x3110)   -> [0x412e10, 0x413110), bss to 0x414e10, RW
func exe() testELF {
	return testELF{
		class: elfClass64, data: elfData2LSB, typ: uint16(TypeExec), machine: emAArch64,
		phent: phdrSize, phnum: -1, entry: 0x400100, phoff: ehdrSize,
		phdrs: []phdr{
			{typ: ptLoad, flags: pfR | pfX, off: 0, vaddr: 0x400000, filesz: 0x1234, memsz: 0x1234, align: 0x10000},
			{typ: ptLoad, flags: pfR | pfW, off: 0x2e10, vaddr: 0x412e10, filesz: 0x300, memsz: 0x2000, align: 0x10000},
			{typ: ptGNUStack, flags: pfR | pfW},
		},
		size: 0x3110,
	}
}

// pie is a position-independent program, linked at 0, with an interpreter.
func pie() testELF {
	e := exe()
	e.typ = uint16(TypeDyn)
	e.entry = 0x100
	e.phdrs = []phdr{
		{typ: ptPhdr, flags: pfR, off: ehdrSize, vaddr: ehdrSize, filesz: 4 * phdrSize, memsz: 4 * phdrSize, align: 8},
		{typ: ptInterp, flags: pfR, off: 0x200, vaddr: 0x200, filesz: 27, memsz: 27, align: 1},
		{typ: ptLoad, flags: pfR | pfX, off: 0, vaddr: 0, filesz: 0x1234, memsz: 0x1234, align: 0x10000},
		{typ: ptLoad, flags: pfR | pfW, off: 0x2e10, vaddr: 0x12e10, filesz: 0x300, memsz: 0x2000, align: 0x10000},
	}
	e.patch = map[uint64][]byte{0x200: []byte("/lib/ld-linux-aarch64.so.1\x00")}
	return e
}

func (e testELF) build() []byte {
	n := e.size
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + 3)
	}
	le := binary.LittleEndian
	var h [ehdrSize]byte
	copy(h[:], "\x7fELF")
	h[4], h[5], h[6] = e.class, e.data, 1
	le.PutUint16(h[16:], e.typ)
	le.PutUint16(h[18:], e.machine)
	le.PutUint32(h[20:], 1)
	le.PutUint64(h[24:], e.entry)
	le.PutUint64(h[32:], e.phoff)
	le.PutUint16(h[52:], ehdrSize)
	le.PutUint16(h[54:], e.phent)
	phnum := e.phnum
	if phnum < 0 {
		phnum = len(e.phdrs)
	}
	le.PutUint16(h[56:], uint16(phnum))
	copy(b, h[:])
	for i, p := range e.phdrs {
		var r [phdrSize]byte
		le.PutUint32(r[0:], p.typ)
		le.PutUint32(r[4:], p.flags)
		le.PutUint64(r[8:], p.off)
		le.PutUint64(r[16:], p.vaddr)
		le.PutUint64(r[24:], p.vaddr)
		le.PutUint64(r[32:], p.filesz)
		le.PutUint64(r[40:], p.memsz)
		le.PutUint64(r[48:], p.align)
		if o := e.phoff + uint64(i*phdrSize); o >= e.phoff && o < uint64(n) {
			copy(b[o:], r[:])
		}
	}
	for off, p := range e.patch {
		copy(b[off:], p)
	}
	return b
}

func (e testELF) parse() (*Binary, error) {
	b := e.build()
	return Parse(bytes.NewReader(b), int64(len(b)))
}

func mustParse(t *testing.T, e testELF) *Binary {
	t.Helper()
	b, err := e.parse()
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return b
}

func mustPlan(t *testing.T, b *Binary, bias uint64) LoadPlan {
	t.Helper()
	p, err := b.Plan(bias)
	if err != nil {
		t.Fatalf("Plan(%#x): %v", bias, err)
	}
	return p
}

// load follows a plan's contract into a sparse memory of pages: file bytes
// for [VA, VA+FileSize), zero elsewhere (so the unspecified tail of a last
// file page without bss reads as zero too), [ZeroFrom, ZeroTo) zero.
func load(t *testing.T, p LoadPlan, file []byte) map[uint64][]byte {
	t.Helper()
	checkPlan(t, p, len(file))
	mem := map[uint64][]byte{}
	for _, m := range p.Mappings {
		for va := m.VA; va < m.VA+m.Size; va += pageSize {
			mem[va] = make([]byte, pageSize)
		}
		for i := uint64(0); i < m.FileSize; i++ {
			va := m.VA + i
			mem[pageStart(va)][va%pageSize] = file[m.FileOffset+i]
		}
	}
	return mem
}

// checkPlan checks that a plan's mappings are whole pages, ascending and
// disjoint, that their file parts lie in a size-byte file and their zero
// ranges after the file part.
func checkPlan(t *testing.T, p LoadPlan, size int) {
	t.Helper()
	var next uint64
	for _, m := range p.Mappings {
		if m.VA%pageSize != 0 || m.Size%pageSize != 0 || m.Size == 0 || m.FileOffset%pageSize != 0 {
			t.Fatalf("mapping not in whole pages: %+v", m)
		}
		if m.VA < next || m.VA+m.Size > taskSize {
			t.Fatalf("mapping %+v overlaps the one before or leaves the address space", m)
		}
		next = m.VA + m.Size
		if m.FileSize > m.Size || m.FileOffset+m.FileSize > uint64(size) || m.FileOffset+m.FileSize < m.FileOffset {
			t.Fatalf("mapping file part out of range: %+v", m)
		}
		if m.ZeroFrom > m.ZeroTo || m.ZeroFrom < m.VA+m.FileSize || m.ZeroTo > m.VA+m.Size {
			t.Fatalf("mapping zero range out of place: %+v", m)
		}
	}
}

// checkLoaded checks that memory holds each segment as the ELF spec says:
// p_filesz bytes from p_offset, then zeros up to p_memsz.
func checkLoaded(t *testing.T, b *Binary, bias uint64, mem map[uint64][]byte, file []byte) {
	t.Helper()
	for _, s := range b.Loads {
		for i := uint64(0); i < s.Memsz; i++ {
			va := bias + s.Vaddr + i
			pg := mem[pageStart(va)]
			if pg == nil {
				t.Fatalf("segment byte %#x not mapped", va)
			}
			want := byte(0)
			if i < s.Filesz {
				want = file[s.Offset+i]
			}
			if pg[va%pageSize] != want {
				t.Fatalf("byte at %#x = %#x, want %#x", va, pg[va%pageSize], want)
			}
		}
	}
}
