package mmu

import (
	"errors"
	"slices"
	"testing"
)

type leaf struct {
	va, pa, size uint64
	a            Attr
}

func leaves(t *testing.T, tb *Table) []leaf {
	t.Helper()
	var ls []leaf
	if err := tb.Walk(func(va, pa, size uint64, a Attr) error {
		ls = append(ls, leaf{va, pa, size, a})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ls
}

func TestWalk(t *testing.T) {
	tb, _ := newTable(t)
	// Mapped out of order, reported in VA order.
	mustMap(t, tb, 1<<47, 0x9000, 4*kib, userRX)
	mustMap(t, tb, 4*gib-2*mib-4*kib, 0x2000_0000-4*kib, 2*mib+4*kib, kernRW)
	mustMap(t, tb, 0x1000, 0x5000, 8*kib, userRW)
	mustMap(t, tb, 5*gib, 0x1_0000_0000, gib, userRW)
	want := []leaf{
		{0x1000, 0x5000, 4 * kib, userRW},
		{0x2000, 0x6000, 4 * kib, userRW},
		{4*gib - 2*mib - 4*kib, 0x2000_0000 - 4*kib, 4 * kib, kernRW},
		{4*gib - 2*mib, 0x2000_0000, 2 * mib, kernRW},
		{5 * gib, 0x1_0000_0000, gib, userRW},
		{1 << 47, 0x9000, 4 * kib, userRX},
	}
	if got := leaves(t, tb); !slices.Equal(got, want) {
		t.Errorf("Walk:\n got %+v\nwant %+v", got, want)
	}

	stop := errors.New("stop")
	n := 0
	err := tb.Walk(func(_, _, _ uint64, _ Attr) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("Walk stopped with %v after %d leaves", err, n)
	}
}

func TestShareL1(t *testing.T) {
	m := NewFakeMemory()
	k, _ := New(m)
	mustMap(t, k, LinearBase, 0x4000_0000, 4*mib, kernRW)
	u, _ := New(m)
	mustMap(t, u, 0x40_0000, 0x5000_0000, 4*kib, userRW)
	k2, _ := New(m)
	if err := u.ShareL1(k2, 3); !errors.Is(err, ErrNotMapped) {
		t.Errorf("ShareL1 from a table without L1 = %v", err)
	}
	// Slot 2 is empty in k: nothing to share.
	if err := u.ShareL1(k, 2); !errors.Is(err, ErrNotMapped) {
		t.Errorf("ShareL1 of an empty slot = %v", err)
	}
	if err := u.ShareL1(k, 3); err != nil {
		t.Fatal(err)
	}
	expect(t, u, LinearBase+4*kib, 0x4000_1000, kernRW, 2)
	expect(t, u, 0x40_0000, 0x5000_0000, userRW, 3)

	// Later kernel mappings show through; the borrower cannot change them.
	mustMap(t, k, LinearBase+gib-4*kib, 0x7fff_f000, 4*kib, kernRO)
	expect(t, u, LinearBase+gib-4*kib, 0x7fff_f000, kernRO, 3)
	if err := u.Map(LinearBase+8*mib, 0, 4*kib, kernRW); !errors.Is(err, ErrShared) {
		t.Errorf("borrower Map = %v", err)
	}
	if err := u.Unmap(0, 4*gib); !errors.Is(err, ErrShared) {
		t.Errorf("borrower Unmap = %v", err)
	}
	if err := u.Protect(LinearBase, 4*kib, kernRO); !errors.Is(err, ErrShared) {
		t.Errorf("borrower Protect = %v", err)
	}
	if err := u.ShareL1(k, 3); !errors.Is(err, ErrMapped) {
		t.Errorf("second ShareL1 = %v", err)
	}

	// A pinned L2 table survives the owner unmapping everything in it.
	if err := k.Unmap(LinearBase, gib); err != nil {
		t.Fatal(err)
	}
	expectUnmapped(t, u, LinearBase)
	mustMap(t, k, LinearBase+2*mib, 0x4000_0000, 2*mib, kernRW)
	expect(t, u, LinearBase+2*mib, 0x4000_0000, kernRW, 2)

	// Pinned slots outside the window get no 1 GiB blocks either.
	mustMap(t, k, 5*gib, 0, 4*kib, kernRW)
	if err := u.ShareL1(k, 5); err != nil {
		t.Fatal(err)
	}
	if err := k.Unmap(5*gib, 4*kib); err != nil {
		t.Fatal(err)
	}
	mustMap(t, k, 5*gib, 0, gib, kernRW)
	expect(t, u, 6*gib-4*kib, gib-4*kib, kernRW, 2)

	// A 1 GiB block cannot be shared.
	mustMap(t, k, 7*gib, 0, gib, kernRW)
	if err := u.ShareL1(k, 7); err == nil {
		t.Error("ShareL1 of a block succeeded")
	}
	if err := u.ShareL1(k, 512); err == nil {
		t.Error("ShareL1 of index 512 succeeded")
	}

	// Releasing the borrower leaves the lender intact.
	before := m.InUse()
	u.Release()
	if got := before - m.InUse(); got != 4 { // root, L1, L2, L3 of 0x40_0000
		t.Errorf("Release freed %d frames, want 4", got)
	}
	expect(t, k, LinearBase+2*mib, 0x4000_0000, kernRW, 2)
	expect(t, k, 5*gib, 0, kernRW, 2)
}
