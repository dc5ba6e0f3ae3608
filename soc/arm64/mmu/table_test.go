package mmu

import (
	"errors"
	"testing"
)

const (
	kib = 1 << 10
	mib = 1 << 20
	gib = 1 << 30
)

var (
	kernRW = Attr{Kind: Normal, Kernel: Perm{Read: true, Write: true}, Global: true}
	kernRO = Attr{Kind: Normal, Kernel: Perm{Read: true}, Global: true}
	userRW = Attr{Kind: Normal, Kernel: Perm{Read: true, Write: true}, User: Perm{Read: true, Write: true}}
	userRX = Attr{Kind: Normal, Kernel: Perm{Read: true}, User: Perm{Read: true, Exec: true}}
)

func newTable(t testing.TB) (*Table, *FakeMemory) {
	t.Helper()
	m := NewFakeMemory()
	tb, err := New(m)
	if err != nil {
		t.Fatal(err)
	}
	return tb, m
}

func mustMap(t testing.TB, tb *Table, va, pa, size uint64, a Attr) {
	t.Helper()
	if err := tb.Map(va, pa, size, a); err != nil {
		t.Fatalf("Map(%#x, %#x, %#x): %v", va, pa, size, err)
	}
}

// expect checks that va translates to pa with a at level.
func expect(t *testing.T, tb *Table, va, pa uint64, a Attr, level int) {
	t.Helper()
	gpa, ga, gl, ok := tb.Lookup(va)
	if !ok || gpa != pa || ga != a || gl != level {
		t.Errorf("Lookup(%#x) = %#x, %+v, L%d, %v; want %#x, %+v, L%d", va, gpa, ga, gl, ok, pa, a, level)
	}
}

func expectUnmapped(t *testing.T, tb *Table, va uint64) {
	t.Helper()
	if pa, _, _, ok := tb.Lookup(va); ok {
		t.Errorf("Lookup(%#x) = %#x, want unmapped", va, pa)
	}
}

func TestMapBlockSizes(t *testing.T) {
	tb, _ := newTable(t)
	va, pa := uint64(4*gib), uint64(0x1_4000_0000)
	mustMap(t, tb, va, pa, gib+2*mib+8*kib, userRW)
	expect(t, tb, va, pa, userRW, 1)
	expect(t, tb, va+0x12_3456, pa+0x12_3456, userRW, 1) // offset within the block
	expect(t, tb, va+gib, pa+gib, userRW, 2)
	expect(t, tb, va+gib+2*mib, pa+gib+2*mib, userRW, 3)
	expect(t, tb, va+gib+2*mib+4*kib, pa+gib+2*mib+4*kib, userRW, 3)
	expectUnmapped(t, tb, va+gib+2*mib+8*kib)
	expectUnmapped(t, tb, va-4*kib)

	// PA alignment counts too: VA 2 MiB aligned, PA not, gives pages.
	mustMap(t, tb, 2*mib, 2*mib+4*kib, 4*mib, userRX)
	expect(t, tb, 2*mib, 2*mib+4*kib, userRX, 3)
	expect(t, tb, 6*mib-4*kib, 6*mib, userRX, 3)

	// No 1 GiB blocks in the kernel window, even where aligned.
	mustMap(t, tb, WindowBase, 0, gib, kernRW)
	expect(t, tb, WindowBase, 0, kernRW, 2)
	expect(t, tb, LinearBase-4*kib, gib-4*kib, kernRW, 2)

	// Top of the 48-bit space.
	mustMap(t, tb, 1<<48-4*kib, 0x5000, 4*kib, userRW)
	expect(t, tb, 1<<48-4*kib, 0x5000, userRW, 3)
	expectUnmapped(t, tb, 1<<48)
}

func TestMapErrors(t *testing.T) {
	tb, m := newTable(t)
	for _, c := range []struct {
		va, pa, size uint64
		a            Attr
		want         error
	}{
		{0x1800, 0, 4 * kib, kernRW, ErrAlign},
		{0, 0x800, 4 * kib, kernRW, ErrAlign},
		{0, 0, 100, kernRW, ErrAlign},
		{1 << 48, 0, 4 * kib, kernRW, ErrRange},
		{1<<48 - 4*kib, 0, 8 * kib, kernRW, ErrRange},
		{0, 1<<48 - 4*kib, 8 * kib, kernRW, ErrRange},
		{0xffff_ffff_ffff_f000, 0, 8 * kib, kernRW, ErrRange}, // wraps around
		{0, 0, 4 * kib, Attr{Kind: Normal}, ErrAttr},
	} {
		if err := tb.Map(c.va, c.pa, c.size, c.a); !errors.Is(err, c.want) {
			t.Errorf("Map(%#x, %#x, %#x) = %v, want %v", c.va, c.pa, c.size, err, c.want)
		}
	}
	if err := tb.Map(0x1000, 0x1000, 0, kernRW); err != nil {
		t.Errorf("empty Map: %v", err)
	}
	if m.InUse() != 1 {
		t.Errorf("%d frames after failed Maps, want 1", m.InUse())
	}
}

func TestMapRefusesOverlap(t *testing.T) {
	tb, m := newTable(t)
	mustMap(t, tb, 4*mib, 0x4000_0000, 2*mib, userRW)
	frames := m.InUse()
	for _, r := range [][2]uint64{
		{4*mib + 8*kib, 4 * kib}, // inside the block
		{2 * mib, 2*mib + 4*kib}, // ends in it
		{6*mib - 4*kib, 8 * kib}, // starts in it
		{0, 8 * mib},             // covers it
	} {
		if err := tb.Map(r[0], 0x8000_0000, r[1], userRW); !errors.Is(err, ErrMapped) {
			t.Errorf("Map(%#x, size %#x) = %v, want ErrMapped", r[0], r[1], err)
		}
	}
	expectUnmapped(t, tb, 2*mib) // nothing half-done
	expect(t, tb, 4*mib, 0x4000_0000, userRW, 2)
	if m.InUse() != frames {
		t.Errorf("%d frames, want %d", m.InUse(), frames)
	}
	mustMap(t, tb, 6*mib, 0x8000_0000, 4*kib, userRW) // adjacent is fine
}

func TestMapRollback(t *testing.T) {
	tb, m := newTable(t)
	mustMap(t, tb, 0, 0, 4*kib, userRW)
	m.Limit = m.InUse()
	// [2 MiB - 4 KiB, 2 MiB) goes into the existing L3 table, the next page
	// needs a new one.
	if err := tb.Map(2*mib-4*kib, 0x10_0000, 8*kib, userRW); err == nil {
		t.Fatal("Map succeeded without memory")
	}
	expectUnmapped(t, tb, 2*mib-4*kib)
	expect(t, tb, 0, 0, userRW, 3)
	if m.InUse() != 4 {
		t.Errorf("%d frames after rollback, want 4", m.InUse())
	}
	// A failure in a fresh subtree frees the tables it allocated.
	m.Limit = m.InUse() + 2
	if err := tb.Map(1<<40, 0, 4*kib, userRW); err == nil {
		t.Fatal("Map succeeded without memory")
	}
	if m.InUse() != 4 {
		t.Errorf("%d frames after rollback, want 4", m.InUse())
	}
}

func TestUnmapSplitsBlock(t *testing.T) {
	tb, m := newTable(t)
	mustMap(t, tb, 2*mib, 0x4020_0000, 2*mib, userRW)
	if err := tb.Unmap(2*mib+4*kib, 4*kib); err != nil {
		t.Fatal(err)
	}
	expect(t, tb, 2*mib, 0x4020_0000, userRW, 3)
	expectUnmapped(t, tb, 2*mib+4*kib)
	expect(t, tb, 2*mib+8*kib, 0x4020_2000, userRW, 3)
	expect(t, tb, 4*mib-4*kib, 0x403f_f000, userRW, 3)
	n := 0
	tb.Walk(func(_, _, size uint64, a Attr) error {
		if size != 4*kib || a != userRW {
			t.Errorf("leaf size %#x attr %+v", size, a)
		}
		n++
		return nil
	})
	if n != 511 {
		t.Errorf("%d pages left, want 511", n)
	}
	// Unmapping the rest frees the L3, L2 and L1 tables.
	if err := tb.Unmap(0, 8*mib); err != nil {
		t.Fatal(err)
	}
	if m.InUse() != 1 {
		t.Errorf("%d frames after unmapping all, want 1", m.InUse())
	}
}

func TestUnmapSplitsGigaBlock(t *testing.T) {
	tb, _ := newTable(t)
	mustMap(t, tb, gib, 0x8000_0000, gib, userRW)
	if err := tb.Unmap(gib+2*mib+4*kib, 2*mib); err != nil { // cuts two L2 blocks
		t.Fatal(err)
	}
	expect(t, tb, gib, 0x8000_0000, userRW, 2)
	expect(t, tb, gib+2*mib, 0x8020_0000, userRW, 3)
	expectUnmapped(t, tb, gib+2*mib+4*kib)
	expectUnmapped(t, tb, gib+4*mib)
	expect(t, tb, gib+4*mib+4*kib, 0x8040_1000, userRW, 3)
	expect(t, tb, gib+6*mib, 0x8060_0000, userRW, 2)
	expect(t, tb, 2*gib-4*kib, 0xbfff_f000, userRW, 2)
}

func TestUnmapErrors(t *testing.T) {
	tb, m := newTable(t)
	mustMap(t, tb, 2*mib, 0, 2*mib, userRW)
	if err := tb.Unmap(100, 4*kib); !errors.Is(err, ErrAlign) {
		t.Errorf("Unmap misaligned = %v", err)
	}
	if err := tb.Unmap(1<<48, 4*kib); !errors.Is(err, ErrRange) {
		t.Errorf("Unmap beyond 48 bits = %v", err)
	}
	if err := tb.Unmap(1<<30, 1<<40); err != nil { // holes only
		t.Errorf("Unmap of a hole = %v", err)
	}
	m.Limit = m.InUse() // the split cannot allocate
	if err := tb.Unmap(3*mib, 4*kib); err == nil {
		t.Error("Unmap split without memory succeeded")
	}
	expect(t, tb, 3*mib, mib, userRW, 2) // untouched
	m.Limit = m.InUse() + 1              // the split at the start works, the one at the end not
	mustMap(t, tb, 6*mib, 0, 2*mib, userRW)
	if err := tb.Unmap(3*mib, 4*mib); err == nil {
		t.Error("Unmap split without memory succeeded")
	}
	expect(t, tb, 3*mib, mib, userRW, 3)
	expect(t, tb, 7*mib, mib, userRW, 2)
	if err := tb.Unmap(3*mib, 0); err != nil {
		t.Errorf("empty Unmap = %v", err)
	}
	expect(t, tb, 3*mib, mib, userRW, 3)
}

func TestProtectSplitsBlock(t *testing.T) {
	tb, m := newTable(t)
	mustMap(t, tb, 2*mib, 0x4020_0000, 2*mib, userRW)
	if err := tb.Protect(2*mib+4*kib, 4*kib, userRX); err != nil {
		t.Fatal(err)
	}
	expect(t, tb, 2*mib, 0x4020_0000, userRW, 3)
	expect(t, tb, 2*mib+4*kib, 0x4020_1000, userRX, 3)
	expect(t, tb, 2*mib+8*kib, 0x4020_2000, userRW, 3)

	// Whole blocks keep their size.
	mustMap(t, tb, 4*mib, 0x4040_0000, 2*mib, userRW)
	if err := tb.Protect(4*mib, 2*mib, userRX); err != nil {
		t.Fatal(err)
	}
	expect(t, tb, 4*mib, 0x4040_0000, userRX, 2)

	// A hole anywhere: ErrNotMapped, nothing changed, nothing split.
	mustMap(t, tb, 8*mib, 0x4080_0000, 2*mib, userRW)
	if err := tb.Protect(8*mib+4*kib, 2*mib, userRX); !errors.Is(err, ErrNotMapped) {
		t.Errorf("Protect over a hole = %v", err)
	}
	expect(t, tb, 8*mib+4*kib, 0x4080_1000, userRW, 2)
	if err := tb.Protect(8*mib, 4*kib, Attr{}); !errors.Is(err, ErrAttr) {
		t.Errorf("Protect with bad attr = %v", err)
	}
	if err := tb.Protect(0x1000, 0, userRX); err != nil {
		t.Errorf("empty Protect = %v", err)
	}
	m.Limit = m.InUse()
	if err := tb.Protect(8*mib+4*kib, 4*kib, userRX); err == nil {
		t.Error("Protect split without memory succeeded")
	}
	expect(t, tb, 8*mib+4*kib, 0x4080_1000, userRW, 2)
	mustMap(t, tb, 10*mib, 0x40a0_0000, 2*mib, userRW)
	m.Limit = m.InUse() + 1 // the split at the start works, the one at the end not
	if err := tb.Protect(9*mib, 2*mib, userRX); err == nil {
		t.Error("Protect split without memory succeeded")
	}
	expect(t, tb, 9*mib, 0x4090_0000, userRW, 3)
	expect(t, tb, 10*mib, 0x40a0_0000, userRW, 2)
}

func TestRelease(t *testing.T) {
	tb, m := newTable(t)
	mustMap(t, tb, 0, 0, 8*gib+3*mib+4*kib, userRW)
	mustMap(t, tb, 1<<47, 0, 4*kib, userRW)
	tb.Release()
	if m.InUse() != 0 {
		t.Errorf("%d frames after Release", m.InUse())
	}
}

func BenchmarkMap1MiB4K(b *testing.B) {
	tb, _ := newTable(b)
	for b.Loop() {
		if err := tb.Map(0x10_0000, 0x4010_0000, mib, userRW); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		tb.Unmap(0x10_0000, mib)
		b.StartTimer()
	}
}
