package mmu

import (
	"errors"
	"testing"
)

var (
	textAttr = Attr{Kind: Normal, Kernel: Perm{Read: true, Exec: true}, Global: true}
	devAttr  = Attr{Kind: Device, Kernel: Perm{Read: true, Write: true}, Global: true}
)

func image(text, rodata, data, end uint64) []Segment {
	seg := func(pa, size uint64, a Attr) Segment {
		return Segment{VA: LinearBase + pa, PA: pa, Size: size, Attr: a}
	}
	// Deliberately unsorted.
	return []Segment{seg(data, end-data, kernRW), seg(text, rodata-text, textAttr), seg(rodata, data-rodata, kernRO)}
}

// checkWindow checks what holds for every kernel window.
func checkWindow(t *testing.T, k *Table) {
	t.Helper()
	for _, l := range leaves(t, k) {
		if l.va < WindowBase || l.va+l.size > WindowEnd {
			t.Errorf("leaf at %#x outside the window", l.va)
		}
		if l.a.User != (Perm{}) || !l.a.Global || l.a.Kernel.Write && l.a.Kernel.Exec {
			t.Errorf("leaf at %#x: %+v", l.va, l.a)
		}
		if l.a.Kind == Device && l.a.Kernel.Exec {
			t.Errorf("executable device leaf at %#x", l.va)
		}
	}
}

func TestKernelWindowRaspberryPi3(t *testing.T) {
	m := NewFakeMemory()
	// RAM 0..948 MiB, image at 0x80000; the data segment crosses 2 MiB.
	img := image(0x8_0000, 0x18_0000, 0x1c_0000, 0x24_0000)
	k, err := KernelWindow(m, 0, 0x3b40_0000, img, 0x3f00_0000, 0x0120_0000)
	if err != nil {
		t.Fatal(err)
	}
	checkWindow(t, k)
	rodata := kernRO
	expect(t, k, LinearBase, 0, kernRW, 3) // below the image, same 2 MiB
	expect(t, k, LinearBase+0x8_0000, 0x8_0000, textAttr, 3)
	expect(t, k, LinearBase+0x17_f000, 0x17_f000, textAttr, 3)
	expect(t, k, LinearBase+0x18_0000, 0x18_0000, rodata, 3)
	expect(t, k, LinearBase+0x1f_f000, 0x1f_f000, kernRW, 3)
	expect(t, k, LinearBase+0x20_0000, 0x20_0000, kernRW, 3)
	expect(t, k, LinearBase+0x24_0000, 0x24_0000, kernRW, 3)
	expect(t, k, LinearBase+0x40_0000, 0x40_0000, kernRW, 2)
	expect(t, k, LinearBase+0x3b3f_f000, 0x3b3f_f000, kernRW, 2)
	expectUnmapped(t, k, LinearBase+0x3b40_0000)
	expectUnmapped(t, k, WindowEnd-4*kib)

	expect(t, k, WindowBase, 0x3f00_0000, devAttr, 2)
	expect(t, k, WindowBase+0x0100_0000, 0x4000_0000, devAttr, 2) // local interrupt controller
	expect(t, k, WindowBase+0x011f_f000, 0x401f_f000, devAttr, 2)
	expectUnmapped(t, k, WindowBase+0x0120_0000)
	expectUnmapped(t, k, 0xbfff_f000)
	expectUnmapped(t, k, WindowBase-4*kib)

	// root, L1, two L2, two L3 around the image.
	if m.InUse() != 6 {
		t.Errorf("%d table frames, want 6", m.InUse())
	}
	// The raw device descriptor is PXN|UXN, AttrIndx 0.
	l1 := m.Load(k.Root, 0) & oaMask
	l2 := m.Load(l1, 2) & oaMask
	if d := m.Load(l2, 0); d != 0x0060_0000_3f00_0401 {
		t.Errorf("MMIO descriptor %#x", d)
	}
}

func TestKernelWindowQEMUVirt(t *testing.T) {
	m := NewFakeMemory()
	// 2 GiB of RAM at 1 GiB (only 1 GiB is mapped); 2 MiB-aligned text.
	img := image(0x4020_0000, 0x4040_0000, 0x4048_0000, 0x4049_0000)
	for i := range img {
		img[i].VA -= 0x4000_0000
	}
	k, err := KernelWindow(m, 0x4000_0000, 2*gib, img, 0, gib)
	if err != nil {
		t.Fatal(err)
	}
	checkWindow(t, k)
	expect(t, k, LinearBase, 0x4000_0000, kernRW, 2)
	expect(t, k, LinearBase+0x20_0000, 0x4020_0000, textAttr, 2)
	expect(t, k, LinearBase+0x40_0000, 0x4040_0000, kernRO, 3)
	expect(t, k, LinearBase+0x48_0000, 0x4048_0000, kernRW, 3)
	expect(t, k, LinearBase+0x49_0000, 0x4049_0000, kernRW, 3)
	expect(t, k, LinearBase+0x60_0000, 0x4060_0000, kernRW, 2)
	expect(t, k, WindowEnd-4*kib, 0x7fff_f000, kernRW, 2)
	expect(t, k, WindowBase, 0, devAttr, 2)
	expect(t, k, WindowBase+0x0800_0000, 0x0800_0000, devAttr, 2) // GIC
	expect(t, k, 0xbfff_f000, 0x3fff_f000, devAttr, 2)
	expectUnmapped(t, k, WindowBase-4*kib)
	expectUnmapped(t, k, WindowEnd)

	// An address space shares both window slots.
	u, _ := New(m)
	for _, i := range []int{2, 3} {
		if err := u.ShareL1(k, i); err != nil {
			t.Fatal(err)
		}
	}
	mustMap(t, u, 0, 0x5000_0000, 4*kib, userRW)
	mustMap(t, u, 4*gib, 0x8000_0000, gib, userRW)
	expect(t, u, LinearBase+0x20_0000, 0x4020_0000, textAttr, 2)
	expect(t, u, 0xbfff_f000, 0x3fff_f000, devAttr, 2)
	expect(t, u, 4*gib, 0x8000_0000, userRW, 1)
	if err := u.Map(WindowBase-4*kib, 0, 8*kib, userRW); !errors.Is(err, ErrShared) {
		t.Errorf("user Map into the window = %v", err)
	}
}

func TestKernelWindowNoMMIO(t *testing.T) {
	m := NewFakeMemory()
	k, err := KernelWindow(m, 0, 64*mib, nil, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	expectUnmapped(t, k, WindowBase)
	expect(t, k, LinearBase+62*mib, 62*mib, kernRW, 2)
	// The empty MMIO slot still has its L2 table, for sharing and later use.
	u, _ := New(m)
	if err := u.ShareL1(k, 2); err != nil {
		t.Fatal(err)
	}
	mustMap(t, k, WindowBase, 0x0900_0000, 4*kib, devAttr)
	expect(t, u, WindowBase, 0x0900_0000, devAttr, 3)
}

func TestKernelWindowErrors(t *testing.T) {
	ok := image(0x8_0000, 0x18_0000, 0x1c_0000, 0x24_0000)
	with := func(i int, f func(*Segment)) []Segment {
		s := append([]Segment(nil), ok...)
		f(&s[i])
		return s
	}
	for _, c := range []struct {
		name     string
		img      []Segment
		mmioSize uint64
		limit    int
		want     error
	}{
		{"user segment", with(1, func(s *Segment) { s.Attr = userRX }), gib, 0, ErrAttr},
		{"non-global segment", with(0, func(s *Segment) { s.Attr.Global = false }), gib, 0, ErrAttr},
		{"segment past RAM", with(0, func(s *Segment) { s.Size = gib }), gib, 0, ErrRange},
		{"segment not at its linear VA", with(0, func(s *Segment) { s.VA += 4 * kib }), gib, 0, nil},
		{"misaligned segment", with(2, func(s *Segment) { s.Size -= 0x800 }), gib, 0, ErrAlign},
		{"overlapping segments", with(2, func(s *Segment) { s.Size += 4 * kib }), gib, 0, ErrMapped},
		{"MMIO over 1 GiB", ok, gib + 2*mib, 0, ErrRange},
		{"out of frames", ok, gib, 5, nil},
	} {
		m := NewFakeMemory()
		m.Limit = c.limit
		_, err := KernelWindow(m, 0, 512*mib, c.img, 0x3f00_0000, c.mmioSize)
		if err == nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if m.InUse() != 0 {
			t.Errorf("%s: %d frames left", c.name, m.InUse())
		}
	}
}
