package linuximage

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"strings"
	"testing"
)

const testBase = 0xC0080000

var testLayout = Layout{Base: testBase, TextOffset: 0x80000}

// seg is a PT_LOAD segment for mkELF; its file data is data, placed at
// file offset off.
type seg struct {
	vaddr, off, memsz uint64
	flags             elf.ProgFlag
	data              []byte
}

// mkELF writes a minimal ELF64 little-endian executable (no sections). A
// segment's data overlapping the ELF headers is ignored: it maps them.
func mkELF(machine elf.Machine, entry uint64, segs ...seg) []byte {
	le := binary.LittleEndian
	var b []byte
	b = append(b, elf.ELFMAG...)
	b = append(b, byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT))
	b = append(b, make([]byte, 16-len(b))...)
	b = le.AppendUint16(b, uint16(elf.ET_EXEC))
	b = le.AppendUint16(b, uint16(machine))
	b = le.AppendUint32(b, uint32(elf.EV_CURRENT))
	b = le.AppendUint64(b, entry)
	b = le.AppendUint64(b, 64) // phoff
	b = le.AppendUint64(b, 0)  // shoff
	b = le.AppendUint32(b, 0)  // flags
	b = le.AppendUint16(b, 64) // ehsize
	b = le.AppendUint16(b, 56) // phentsize
	b = le.AppendUint16(b, uint16(len(segs)))
	b = append(b, make([]byte, 6)...) // shentsize, shnum, shstrndx
	for _, s := range segs {
		b = le.AppendUint32(b, uint32(elf.PT_LOAD))
		b = le.AppendUint32(b, uint32(s.flags))
		for _, v := range [...]uint64{s.off, s.vaddr, s.vaddr, uint64(len(s.data)), s.memsz, pageSize} {
			b = le.AppendUint64(b, v)
		}
	}
	hdrEnd := uint64(len(b))
	for _, s := range segs {
		if end := s.off + uint64(len(s.data)); uint64(len(b)) < end {
			b = append(b, make([]byte, end-uint64(len(b)))...)
		}
		skip := min(uint64(len(s.data)), max(hdrEnd, s.off)-s.off) // headers win where mapped
		copy(b[s.off+skip:], s.data[skip:])
	}
	return b
}

var (
	text = bytes.Repeat([]byte{0xaa}, 0x20)
	data = bytes.Repeat([]byte{0xdd}, 0x10)
)

// twoSegs is text at base+0x1000 (entry at +0x1010) and data at base+0x3000
// with 0x2ff0 bytes of bss.
func twoSegs() []seg {
	return []seg{
		{vaddr: testBase + 0x1000, off: 0x1000, memsz: 0x20, flags: elf.PF_R | elf.PF_X, data: text},
		{vaddr: testBase + 0x3000, off: 0x2000, memsz: 0x3000, flags: elf.PF_R | elf.PF_W, data: data},
	}
}

func TestFromELF(t *testing.T) {
	img, h, err := FromELF(bytes.NewReader(mkELF(elf.EM_AARCH64, testBase+0x1010, twoSegs()...)), testLayout)
	if err != nil {
		t.Fatal(err)
	}
	want := Header{Code0: 0x14000404, Code1: insnNOP, TextOffset: 0x80000, ImageSize: 0x6000, Flags: 2, Magic: Magic}
	if h != want {
		t.Errorf("header %+v, want %+v", h, want)
	}
	if parsed, err := ParseHeader(img); err != nil || parsed != h {
		t.Errorf("Image header %+v, %v; want %+v", parsed, err, h)
	}
	if off, err := h.BranchTarget(); off != 0x1010 || err != nil {
		t.Errorf("code0 branches to %#x, %v; want 0x1010", off, err)
	}
	if len(img) != 0x3010 {
		t.Errorf("Image is %#x bytes, want 0x3010 (bss not stored)", len(img))
	}
	for _, c := range []struct {
		name     string
		from, to int
		want     []byte
	}{
		{"header page", HeaderSize, 0x1000, make([]byte, 0x1000-HeaderSize)},
		{"text", 0x1000, 0x1020, text},
		{"gap", 0x1020, 0x3000, make([]byte, 0x3000-0x1020)},
		{"data", 0x3000, 0x3010, data},
	} {
		if !bytes.Equal(img[c.from:c.to], c.want) {
			t.Errorf("%s [%#x,%#x) wrong", c.name, c.from, c.to)
		}
	}
}

// TestGoLinkerHeaders checks the Go linker's layout: with -T base+0x1000 its
// text segment starts at base, file offset 0, mapping the ELF headers into
// the header page, where they must be replaced by the Image header.
func TestGoLinkerHeaders(t *testing.T) {
	segs := twoSegs()
	segs[0].vaddr, segs[0].off = testBase, 0
	segs[0].data = append(make([]byte, 0x1000), text...)
	segs[0].memsz = uint64(len(segs[0].data))
	elfData := mkELF(elf.EM_AARCH64, testBase+0x1010, segs...)
	img, h, err := FromELF(bytes.NewReader(elfData), testLayout)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(img[:HeaderSize], h.Marshal()) || !bytes.Equal(img[HeaderSize:0x1000], make([]byte, 0x1000-HeaderSize)) {
		t.Error("header page not replaced by the Image header")
	}
	if !bytes.Equal(img[0x1000:0x1020], text) {
		t.Error("text misplaced")
	}
}

func TestFromELFErrors(t *testing.T) {
	entry := uint64(testBase + 0x1010)
	mod := func(f func(s []seg)) []seg { s := twoSegs(); f(s); return s }
	for _, c := range []struct {
		name    string
		machine elf.Machine
		entry   uint64
		segs    []seg
		want    string
	}{
		{"machine", elf.EM_X86_64, entry, twoSegs(), "AArch64"},
		{"below base", elf.EM_AARCH64, entry, mod(func(s []seg) { s[1].vaddr = testBase - 0x1000 }), "outside image"},
		{"header page", elf.EM_AARCH64, entry, mod(func(s []seg) { s[1].vaddr = testBase + 0x800 }), "header page"},
		{"overlap", elf.EM_AARCH64, entry, mod(func(s []seg) { s[1].vaddr = testBase + 0x1010 }), "overlap"},
		{"too large", elf.EM_AARCH64, entry, mod(func(s []seg) { s[1].memsz = maxImageSize }), "exceeds"},
		{"entry in bss", elf.EM_AARCH64, testBase + 0x4000, twoSegs(), "entry"},
		{"entry in data", elf.EM_AARCH64, testBase + 0x3000, twoSegs(), "entry"},
		{"entry in header page", elf.EM_AARCH64, testBase, twoSegs(), "entry"},
		{"entry misaligned", elf.EM_AARCH64, entry + 2, twoSegs(), "entry"},
		{"filesz > memsz", elf.EM_AARCH64, entry, mod(func(s []seg) { s[0].memsz = 4 }), "filesz"},
		{"no segments", elf.EM_AARCH64, entry, nil, "no loadable"},
	} {
		_, _, err := FromELF(bytes.NewReader(mkELF(c.machine, c.entry, c.segs...)), testLayout)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	if _, _, err := FromELF(bytes.NewReader([]byte("not an ELF")), testLayout); err == nil {
		t.Error("garbage accepted")
	}
}
