package mmu

import (
	"cmp"
	"fmt"
	"slices"
)

// Segment is a piece of the kernel image with its protection.
type Segment struct {
	VA, PA, Size uint64
	Attr         Attr
}

// KernelWindow builds the kernel's Table, the one address spaces share the
// window from (see the package doc). It maps, all global and EL1-only:
//
//   - RAM [ramPA, ramPA+min(ramSize, 1 GiB)) at LinearBase + (PA - ramPA),
//     Normal, read-write, not executable;
//   - the image segments, which must lie in that linear map at their
//     linear-map VA, with their own Attr (text RX, rodata R, data RW);
//   - MMIO [mmioPA, mmioPA+mmioSize), at most 1 GiB, at WindowBase +
//     (PA - mmioPA), Device, read-write, PXN and UXN.
//
// 2 MiB blocks are used wherever alignment allows, so 4 KiB pages appear
// only around image segment boundaries (and unaligned MMIO ends). Both
// window slots get an L2 table, pinned, even if empty, so that ShareL1 and
// later kernel mappings in the window always work.
func KernelWindow(m Memory, ramPA, ramSize uint64, image []Segment, mmioPA, mmioSize uint64) (*Table, error) {
	ramSize = min(ramSize, WindowEnd-LinearBase)
	if mmioSize > LinearBase-WindowBase {
		return nil, fmt.Errorf("%w: MMIO size %#x over 1 GiB", ErrRange, mmioSize)
	}
	segs := slices.Clone(image)
	slices.SortFunc(segs, func(a, b Segment) int { return cmp.Compare(a.PA, b.PA) })
	for _, s := range segs {
		switch {
		case s.PA < ramPA || s.PA-ramPA > ramSize || s.Size > ramSize-(s.PA-ramPA):
			return nil, fmt.Errorf("%w: image segment PA %#x size %#x outside the linear map",
				ErrRange, s.PA, s.Size)
		case s.VA != LinearBase+s.PA-ramPA:
			return nil, fmt.Errorf("mmu: image segment VA %#x is not the linear-map VA of PA %#x",
				s.VA, s.PA)
		case s.Attr.User != Perm{} || !s.Attr.Global:
			return nil, fmt.Errorf("%w: image segment at VA %#x must be EL1-only and global",
				ErrAttr, s.VA)
		}
	}
	t, err := New(m)
	if err != nil {
		return nil, err
	}
	if err := t.mapWindow(ramPA, ramSize, segs, mmioPA, mmioSize); err != nil {
		t.pinned = [entries / 64]uint64{} // nothing borrowed them yet
		t.Release()
		return nil, err
	}
	return t, nil
}

// mapWindow fills a new Table for KernelWindow; segs are sorted by PA.
func (t *Table) mapWindow(ramPA, ramSize uint64, segs []Segment, mmioPA, mmioSize uint64) error {
	for _, va := range []uint64{WindowBase, LinearBase} {
		if _, err := t.tableAt(va, 2); err != nil {
			return err
		}
		t.pin(index(va, 1))
	}
	ram := Attr{Kind: Normal, Kernel: Perm{Read: true, Write: true}, Global: true}
	linear := func(pa, end uint64) error { return t.Map(LinearBase+pa-ramPA, pa, end-pa, ram) }
	pa := ramPA
	for _, s := range segs {
		if s.PA > pa {
			if err := linear(pa, s.PA); err != nil {
				return err
			}
		}
		if err := t.Map(s.VA, s.PA, s.Size, s.Attr); err != nil {
			return err
		}
		pa = max(pa, s.PA+s.Size)
	}
	if err := linear(pa, ramPA+ramSize); err != nil {
		return err
	}
	dev := Attr{Kind: Device, Kernel: Perm{Read: true, Write: true}, Global: true}
	return t.Map(WindowBase, mmioPA, mmioSize, dev)
}
