package elf

import (
	"errors"
	"io"
	"reflect"
	"testing"
)

func TestParseExec(t *testing.T) {
	b := mustParse(t, exe())
	want := &Binary{
		Type: TypeExec, Entry: 0x400100, Phoff: ehdrSize, Phnum: 3,
		Loads: []Segment{
			{Vaddr: 0x400000, Offset: 0, Filesz: 0x1234, Memsz: 0x1234, Prot: ProtRead | ProtExec},
			{Vaddr: 0x412e10, Offset: 0x2e10, Filesz: 0x300, Memsz: 0x2000, Prot: ProtRead | ProtWrite},
		},
		Align: 0x10000,
	}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", b, want)
	}
}

func TestParsePIE(t *testing.T) {
	b := mustParse(t, pie())
	if b.Type != TypeDyn || b.Interp != "/lib/ld-linux-aarch64.so.1" || b.ExecStack || b.TLS {
		t.Errorf("Parse = %+v", b)
	}
}

// mutate returns exe() changed by f.
func mutate(f func(*testELF)) testELF {
	e := exe()
	f(&e)
	return e
}

func withPhdr(p phdr) testELF {
	return mutate(func(e *testELF) { e.phdrs = append(e.phdrs, p) })
}

func TestParseErrors(t *testing.T) {
	interp := func(off, filesz uint64, path string) testELF {
		e := withPhdr(phdr{typ: ptInterp, off: off, filesz: filesz})
		if path != "" {
			e.patch = map[uint64][]byte{off: []byte(path)}
		}
		return e
	}
	load := func(p phdr) testELF {
		p.typ = ptLoad
		return withPhdr(p)
	}
	for _, tc := range []struct {
		name string
		e    testELF
		want error
	}{
		{"short", mutate(func(e *testELF) { e.size = ehdrSize - 1 }), errShort},
		{"magic", mutate(func(e *testELF) { e.patch = map[uint64][]byte{1: []byte("ELG")} }), errMagic},
		{"class32", mutate(func(e *testELF) { e.class = 1 }), errClass},
		{"bigendian", mutate(func(e *testELF) { e.data = 2 }), errData},
		{"ET_REL", mutate(func(e *testELF) { e.typ = 1 }), errType},
		{"ET_CORE", mutate(func(e *testELF) { e.typ = 4 }), errType},
		{"x86-64", mutate(func(e *testELF) { e.machine = 62 }), errMachine},
		{"phentsize", mutate(func(e *testELF) { e.phent = 32 }), errPhentsize},
		{"no phdrs", mutate(func(e *testELF) { e.phnum = 0 }), errPhnum},
		{"74 phdrs", mutate(func(e *testELF) { e.phnum = 74; e.size = 0x2000 }), errPhnum},
		{"0xffff phdrs", mutate(func(e *testELF) { e.phnum = 0xffff }), errPhnum},
		{"phdrs past EOF", mutate(func(e *testELF) { e.phoff = 0x3110 - 2*phdrSize }), errPhdrRange},
		{"phoff past EOF", mutate(func(e *testELF) { e.phoff = 0x10000 }), errPhdrRange},
		{"phoff wraps", mutate(func(e *testELF) { e.phoff = ^uint64(0) - 8 }), errPhdrRange},
		{"interp 1 byte", interp(0x1000, 1, "\x00"), errInterpSize},
		{"interp > PATH_MAX", interp(0x1000, pathMax+1, ""), errInterpSize},
		{"interp past EOF", interp(0x3100, 0x20, ""), errInterpRange},
		{"interp offset wraps", interp(^uint64(0)-0x10, 0x20, ""), errInterpRange},
		{"interp unterminated", interp(0x1000, 4, "/abc"), errInterpPath},
		{"interp empty", interp(0x1000, 4, "\x00abc"), errInterpPath},
		{"filesz > memsz", load(phdr{off: 0x3000, vaddr: 0x500000, filesz: 0x10, memsz: 0xf}), errFilesz},
		{"vaddr at TASK_SIZE", load(phdr{vaddr: taskSize}), errLoadAddr},
		{"end past TASK_SIZE", load(phdr{vaddr: taskSize - 0x1000, memsz: 0x1001}), errLoadAddr},
		{"end wraps", load(phdr{vaddr: 0x500000, memsz: ^uint64(0) - 0x1000}), errLoadAddr},
		{"not congruent", load(phdr{off: 0x3000, vaddr: 0x500010, filesz: 0x10, memsz: 0x10}), errLoadAlign},
		{"file bytes past EOF", load(phdr{off: 0x3000, vaddr: 0x500000, filesz: 0x111, memsz: 0x111}), errLoadRange},
		{"offset past EOF", load(phdr{off: 0x10000, vaddr: 0x510000, filesz: 1, memsz: 1}), errLoadRange},
		{"offset wraps", load(phdr{off: ^uint64(0) &^ 0xfff, vaddr: 0x500000, filesz: 0x2000, memsz: 0x2000}), errLoadRange},
		{"descending", load(phdr{vaddr: 0x300000, memsz: 0x10}), errLoadOrder},
		{"shares a page", load(phdr{vaddr: 0x414f00, memsz: 0x10}), errLoadOrder},
		{"overlaps", load(phdr{vaddr: 0x413000, memsz: 0x10}), errLoadOrder},
		{"no PT_LOAD", mutate(func(e *testELF) { e.phdrs = e.phdrs[2:] }), errNoLoad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.e.parse()
			if err != tc.want {
				t.Fatalf("Parse = %+v, %v; want %v", b, err, tc.want)
			}
			var kind error = ErrNoExec
			if errors.Is(tc.want, ErrInvalid) {
				kind = ErrInvalid
			}
			if !errors.Is(err, kind) || errors.Is(err, ErrNoExec) == errors.Is(err, ErrInvalid) {
				t.Errorf("%v wraps neither or both of ErrNoExec and ErrInvalid", err)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    testELF
	}{
		// 73 * 56 = 4088 bytes, the most in a page; the extra entries
		// are PT_NULL (the pattern under them is overwritten with a
		// zeroed table here).
		{"73 phdrs", mutate(func(e *testELF) {
			e.phnum = 73
			e.size = 0x3110
			e.patch = map[uint64][]byte{ehdrSize + 3*phdrSize: make([]byte, 70*phdrSize)}
		})},
		{"next page", withPhdr(phdr{typ: ptLoad, vaddr: 0x415000, memsz: 1})},
		// p_offset does not matter without file bytes.
		{"bss-only segment, any offset", withPhdr(phdr{typ: ptLoad, off: 0x123, vaddr: 0x500000, memsz: 0x10})},
		{"end at TASK_SIZE", withPhdr(phdr{typ: ptLoad, vaddr: taskSize - 0x1000, memsz: 0x1000})},
		{"file bytes up to EOF", withPhdr(phdr{typ: ptLoad, off: 0x3000, vaddr: 0x500000, filesz: 0x110, memsz: 0x110})},
		{"unknown types", withPhdr(phdr{typ: 0x70000000, off: ^uint64(0), filesz: ^uint64(0)})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.e.parse(); err != nil {
				t.Errorf("Parse: %v", err)
			}
		})
	}
}

func TestParseInterp(t *testing.T) {
	e := withPhdr(phdr{typ: ptInterp, off: 0x1000, filesz: 14})
	// Only the first PT_INTERP counts: the second, broken, is ignored.
	e.phdrs = append(e.phdrs, phdr{typ: ptInterp, off: 0x1000, filesz: 1})
	e.patch = map[uint64][]byte{0x1000: []byte("/lib/ld\x00\x00junk\x00")}
	if b := mustParse(t, e); b.Interp != "/lib/ld" {
		t.Errorf("Interp = %q", b.Interp)
	}
	e = withPhdr(phdr{typ: ptInterp, off: 0x1000, filesz: 2})
	e.patch = map[uint64][]byte{0x1000: []byte("/\x00")}
	if b := mustParse(t, e); b.Interp != "/" {
		t.Errorf("Interp = %q", b.Interp)
	}
}

func TestParseGNUStack(t *testing.T) {
	noStack := mutate(func(e *testELF) { e.phdrs = e.phdrs[:2] })
	if mustParse(t, noStack).ExecStack {
		t.Error("no PT_GNU_STACK: executable stack")
	}
	if mustParse(t, exe()).ExecStack {
		t.Error("PT_GNU_STACK RW: executable stack")
	}
	if !mustParse(t, withPhdr(phdr{typ: ptGNUStack, flags: pfR | pfW | pfX})).ExecStack {
		t.Error("last PT_GNU_STACK RWX: stack not executable")
	}
}

func TestParseTLS(t *testing.T) {
	if !mustParse(t, withPhdr(phdr{typ: ptTLS, off: 0x2e10, vaddr: 0x412e10, filesz: 8, memsz: 16})).TLS {
		t.Error("PT_TLS not seen")
	}
}

func TestParseAlign(t *testing.T) {
	for _, tc := range []struct {
		aligns []uint64
		want   uint64
	}{
		{[]uint64{0, 0}, pageSize},
		{[]uint64{1, 8}, pageSize},
		{[]uint64{0x10000, 0x1000}, 0x10000},
		{[]uint64{0x200000, 0x30000}, 0x200000}, // 0x30000 is not a power of two
		{[]uint64{0x30000, 0x1000}, pageSize},
	} {
		e := exe()
		e.phdrs[0].align, e.phdrs[1].align = tc.aligns[0], tc.aligns[1]
		if got := mustParse(t, e).Align; got != tc.want {
			t.Errorf("p_align %#x: Align = %#x, want %#x", tc.aligns, got, tc.want)
		}
	}
}

// failReader fails every read at or past off.
type failReader struct {
	data []byte
	off  int64
}

var errRead = errors.New("read failed")

func (r failReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > r.off {
		return 0, errRead
	}
	return copy(p, r.data[off:]), nil
}

func TestParseReadErrors(t *testing.T) {
	e := withPhdr(phdr{typ: ptInterp, off: 0x1000, filesz: 3})
	e.patch = map[uint64][]byte{0x1000: []byte("/a\x00")}
	data := e.build()
	for _, off := range []int64{0, ehdrSize + 1, 0x1001} {
		if _, err := Parse(failReader{data, off}, int64(len(data))); !errors.Is(err, errRead) {
			t.Errorf("read failing at %#x: %v", off, err)
		}
	}
	// A short read with a nil error is reported as unexpected EOF.
	short := shortReader{data}
	if _, err := Parse(short, int64(len(data))); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("short read: %v", err)
	}
}

// shortReader returns one byte less than asked, without an error.
type shortReader struct{ data []byte }

func (r shortReader) ReadAt(p []byte, off int64) (int, error) {
	return copy(p[:len(p)-1], r.data[off:]), nil
}
