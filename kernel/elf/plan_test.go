package elf

import (
	"reflect"
	"testing"
)

func TestDefaultPIEBase(t *testing.T) {
	// 2 * (1 << 48) / 3 = 0xaaaaaaaaaaaa, rounded down to a page.
	if DefaultPIEBase != 0xaaaa_aaaa_a000 {
		t.Errorf("DefaultPIEBase = %#x", uint64(DefaultPIEBase))
	}
}

func TestPlanExec(t *testing.T) {
	b := mustParse(t, exe())
	if bias := b.LoadBias(DefaultPIEBase); bias != 0 {
		t.Errorf("ET_EXEC LoadBias = %#x", bias)
	}
	if bias := b.InterpBias(0x7f00_0000_0000); bias != 0 {
		t.Errorf("ET_EXEC InterpBias = %#x", bias)
	}
	if n := b.MapSize(); n != 0x15000 {
		t.Errorf("MapSize = %#x", n)
	}
	got := mustPlan(t, b, 0)
	want := LoadPlan{
		Mappings: []Mapping{
			// Text: no bss, so nothing to zero; the last page's tail
			// past FileSize is the file's.
			{VA: 0x400000, Size: 0x2000, FileOffset: 0, FileSize: 0x1234,
				Prot: ProtRead | ProtExec, ZeroFrom: 0x402000, ZeroTo: 0x402000},
			// Data: the file page holding 0x2e10 maps at 0x412000;
			// bss from 0x413110 through the end of that page (padzero)
			// and an anonymous page up to 0x415000 (vm_brk_flags).
			{VA: 0x412000, Size: 0x3000, FileOffset: 0x2000, FileSize: 0x1110,
				Prot: ProtRead | ProtWrite, ZeroFrom: 0x413110, ZeroTo: 0x415000},
		},
		Entry: 0x400100, PhdrVA: 0x400040, Phnum: 3, Phent: 56, Brk: 0x415000,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Plan =\n%+v\nwant\n%+v", got, want)
	}
	e := exe()
	checkLoaded(t, b, 0, load(t, got, e.build()), e.build())
}

func TestPlanPIE(t *testing.T) {
	b := mustParse(t, pie())
	bias := b.LoadBias(DefaultPIEBase)
	// Rounded down to the 64 KiB p_align, as arm64 Linux puts PIEs
	// without ASLR at 0xaaaaaaaa0000.
	if bias != 0xaaaa_aaaa_0000 {
		t.Fatalf("LoadBias = %#x", bias)
	}
	got := mustPlan(t, b, bias)
	want := LoadPlan{
		Mappings: []Mapping{
			{VA: bias, Size: 0x2000, FileSize: 0x1234, Prot: ProtRead | ProtExec,
				ZeroFrom: bias + 0x2000, ZeroTo: bias + 0x2000},
			{VA: bias + 0x12000, Size: 0x3000, FileOffset: 0x2000, FileSize: 0x1110,
				Prot: ProtRead | ProtWrite, ZeroFrom: bias + 0x13110, ZeroTo: bias + 0x15000},
		},
		Entry: bias + 0x100, PhdrVA: bias + 0x40, Phnum: 4, Phent: 56, Brk: bias + 0x15000,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Plan =\n%+v\nwant\n%+v", got, want)
	}
	e := pie()
	checkLoaded(t, b, bias, load(t, got, e.build()), e.build())

	// With page alignment only, the base is used as it is.
	e.phdrs[2].align, e.phdrs[3].align = 0x1000, 0x1000
	if bias := mustParse(t, e).LoadBias(DefaultPIEBase); bias != DefaultPIEBase {
		t.Errorf("4 KiB-aligned LoadBias = %#x", bias)
	}
}

func TestBiasUnalignedFirstVaddr(t *testing.T) {
	e := pie()
	e.phdrs = []phdr{{typ: ptLoad, flags: pfR | pfX, off: 0x100, vaddr: 0x100, filesz: 0x100, memsz: 0x100, align: 0x1000}}
	b := mustParse(t, e)
	// load_elf_binary: ELF_PAGESTART(base - p_vaddr), a page lower.
	if bias := b.LoadBias(DefaultPIEBase); bias != DefaultPIEBase-0x1000 {
		t.Errorf("LoadBias = %#x", bias)
	}
	// load_elf_interp: addr - ELF_PAGESTART(p_vaddr).
	if bias := b.InterpBias(0x7f00_0000_0000); bias != 0x7f00_0000_0000 {
		t.Errorf("InterpBias = %#x", bias)
	}
	e.phdrs[0].vaddr, e.phdrs[0].off = 0x2100, 0x100
	b = mustParse(t, e)
	if bias := b.InterpBias(0x7f00_0000_0000); bias != 0x7eff_ffff_e000 {
		t.Errorf("InterpBias = %#x", bias)
	}
	if p := mustPlan(t, b, b.InterpBias(0x7f00_0000_0000)); p.Mappings[0].VA != 0x7f00_0000_0000 {
		t.Errorf("interpreter at %#x", p.Mappings[0].VA)
	}
	if n := b.MapSize(); n != 0x1000 {
		t.Errorf("MapSize = %#x", n)
	}
}

func TestPlanBSS(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    phdr
		want Mapping
		brk  uint64
	}{
		{"bss only", phdr{off: 0x123, vaddr: 0x500010, memsz: 0x2000, flags: pfR | pfW},
			Mapping{VA: 0x500000, Size: 0x3000, Prot: ProtRead | ProtWrite, ZeroFrom: 0x500000, ZeroTo: 0x503000}, 0x503000},
		{"file part ends on a page", phdr{off: 0x2e10, vaddr: 0x502e10, filesz: 0x1f0, memsz: 0x2000, flags: pfR},
			Mapping{VA: 0x502000, Size: 0x3000, FileOffset: 0x2000, FileSize: 0x1000, Prot: ProtRead, ZeroFrom: 0x503000, ZeroTo: 0x505000}, 0x505000},
		{"bss within the last file page", phdr{off: 0x2e10, vaddr: 0x502e10, filesz: 0x10, memsz: 0x20, flags: pfR | pfW | pfX},
			Mapping{VA: 0x502000, Size: 0x1000, FileOffset: 0x2000, FileSize: 0xe20, Prot: ProtRead | ProtWrite | ProtExec, ZeroFrom: 0x502e20, ZeroTo: 0x503000}, 0x503000},
		{"no bss, page-aligned end", phdr{off: 0x2000, vaddr: 0x502000, filesz: 0x1000, memsz: 0x1000},
			Mapping{VA: 0x502000, Size: 0x1000, FileOffset: 0x2000, FileSize: 0x1000, ZeroFrom: 0x503000, ZeroTo: 0x503000}, 0x503000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := exe()
			e.phdrs = []phdr{e.phdrs[0], tc.p}
			e.phdrs[1].typ = ptLoad
			b := mustParse(t, e)
			p := mustPlan(t, b, 0)
			if len(p.Mappings) != 2 || p.Mappings[1] != tc.want || p.Brk != tc.brk {
				t.Errorf("Plan = %+v, want mapping %+v, brk %#x", p, tc.want, tc.brk)
			}
			checkLoaded(t, b, 0, load(t, p, e.build()), e.build())
		})
	}
}

func TestPlanEmptySegment(t *testing.T) {
	// A PT_LOAD with no memory maps nothing, but counts for the brk, as
	// in load_elf_binary.
	b := mustParse(t, withPhdr(phdr{typ: ptLoad, vaddr: 0x600000}))
	p := mustPlan(t, b, 0)
	if len(p.Mappings) != 2 || p.Brk != 0x600000 {
		t.Errorf("Plan = %+v", p)
	}
}

func TestPlanPhdr(t *testing.T) {
	// PT_PHDR pointing elsewhere does not matter: Linux ignores it.
	e := pie()
	e.phdrs[0].vaddr = 0x9990
	if p := mustPlan(t, mustParse(t, e), 0x10000); p.PhdrVA != 0x10040 {
		t.Errorf("with a stray PT_PHDR, PhdrVA = %#x", p.PhdrVA)
	}

	// The table in the second segment's file bytes.
	e = exe()
	e.phoff = 0x2e20
	if p := mustPlan(t, mustParse(t, e), 0); p.PhdrVA != 0x412e20 {
		t.Errorf("table in data: PhdrVA = %#x", p.PhdrVA)
	}

	// In no segment's file bytes (here just past the text's): the bias.
	e = exe()
	e.phdrs[0].filesz, e.phdrs[0].memsz = ehdrSize, 0x1000
	for _, bias := range []uint64{0, 0x10000} {
		e.typ = uint16(TypeDyn)
		if p := mustPlan(t, mustParse(t, e), bias); p.PhdrVA != bias {
			t.Errorf("table outside the segments, bias %#x: PhdrVA = %#x", bias, p.PhdrVA)
		}
	}
}

func TestPlanErrors(t *testing.T) {
	b := mustParse(t, pie())
	for _, bias := range []uint64{0x123, DefaultPIEBase + 0x800} {
		if _, err := b.Plan(bias); err != errBias {
			t.Errorf("Plan(%#x) = %v, want %v", bias, err, errBias)
		}
	}
	for _, bias := range []uint64{taskSize - 0x14000, taskSize, ^uint64(0) &^ 0xfff} {
		if _, err := b.Plan(bias); err != errLoadAddr {
			t.Errorf("Plan(%#x) = %v, want %v", bias, err, errLoadAddr)
		}
	}
	if _, err := b.Plan(taskSize - 0x15000); err != nil {
		t.Errorf("image ending at TASK_SIZE: %v", err)
	}
	for _, entry := range []uint64{taskSize, ^uint64(0) - 0x10} {
		e := pie()
		e.entry = entry
		if _, err := mustParse(t, e).Plan(0x10000); err != errEntry {
			t.Errorf("entry %#x: %v, want %v", entry, err, errEntry)
		}
	}
}
