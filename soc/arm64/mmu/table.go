package mmu

import (
	"errors"
	"fmt"
)

// Memory gives access to translation-table frames by physical address.
//
// Store must write the entry with one 64-bit single-copy-atomic store: the
// table walker may read a live table at any time.
type Memory interface {
	Alloc() (pa uint64, err error) // a zeroed, 4 KiB-aligned frame
	Free(pa uint64)
	Load(pa uint64, i int) uint64 // entry i (0..511) of the table at pa
	Store(pa uint64, i int, v uint64)
}

// Errors returned by Table methods, possibly wrapped with detail.
var (
	ErrAlign     = errors.New("mmu: misaligned address or size")
	ErrRange     = errors.New("mmu: address beyond 48 bits")
	ErrMapped    = errors.New("mmu: already mapped")
	ErrNotMapped = errors.New("mmu: not mapped")
	ErrShared    = errors.New("mmu: range in an L1 slot borrowed from another table")
)

const (
	addrLimit = 1 << 48 // VA and PA limit (T0SZ=16, 48-bit OA)
	pageSize  = 1 << 12
	entries   = 512

	// WindowBase and WindowEnd bound the kernel window, which Map never
	// maps with 1 GiB blocks (see the package doc). MMIO is mapped from
	// WindowBase, the RAM linear map from LinearBase.
	WindowBase = 0x8000_0000
	LinearBase = 0xC000_0000
	WindowEnd  = 0x1_0000_0000
)

// levelShift is log2 of the size an entry at level maps: 512 GiB at L0,
// 1 GiB at L1, 2 MiB at L2, 4 KiB at L3.
func levelShift(level int) uint { return uint(39 - 9*level) }

func levelSize(level int) uint64 { return 1 << levelShift(level) }

func index(va uint64, level int) int { return int(va >> levelShift(level) % entries) }

func isTable(d uint64, level int) bool { return level < 3 && d&3 == descValid|descTable }

// isLeaf reports a block (L1, L2) or page (L3) descriptor. L0 blocks do not
// exist with a 4 KiB granule and 48-bit OA; 0b01 at L0 or L3 is reserved
// and, like an invalid entry, translates nothing.
func isLeaf(d uint64, level int) bool {
	if level == 3 {
		return d&3 == descValid|descTable
	}
	return level > 0 && d&3 == descValid
}

// Table is one stage 1 translation table tree, for TTBR0_EL1.
type Table struct {
	Mem  Memory
	Root uint64 // PA of the L0 table

	// Bit i is L1 entry i under L0[0] (VA [i GiB, i+1 GiB)).
	pinned   [entries / 64]uint64 // its L2 table is shared: never freed
	borrowed [entries / 64]uint64 // its L2 table belongs to another Table
}

// New returns an empty Table with a fresh L0 table from m.
func New(m Memory) (*Table, error) {
	root, err := m.Alloc()
	if err != nil {
		return nil, err
	}
	return &Table{Mem: m, Root: root}, nil
}

func (t *Table) pin(slot int) { t.pinned[slot/64] |= 1 << (slot % 64) }

// pinnedAt reports whether entry i of a table at level, whose first entry
// maps base, is a pinned L1 slot.
func (t *Table) pinnedAt(level int, base uint64, i int) bool {
	return level == 1 && base == 0 && t.pinned[i/64]&(1<<(i%64)) != 0
}

// checkRange validates a 4 KiB-aligned range in the 48-bit VA space that
// touches no borrowed L1 slot.
func (t *Table) checkRange(va, size uint64) error {
	if (va|size)&(pageSize-1) != 0 {
		return fmt.Errorf("%w: VA %#x size %#x", ErrAlign, va, size)
	}
	if va > addrLimit || size > addrLimit-va {
		return fmt.Errorf("%w: VA %#x size %#x", ErrRange, va, size)
	}
	for s := va >> 30; s < (va+size+1<<30-1)>>30 && s < entries; s++ {
		if t.borrowed[s/64]&(1<<(s%64)) != 0 {
			return fmt.Errorf("%w: VA %#x", ErrShared, s<<30)
		}
	}
	return nil
}

// Map maps [va, va+size) to [pa, pa+size) with a, using the largest
// descriptors alignment allows: 1 GiB blocks at L1 (never in the kernel
// window or a pinned slot), 2 MiB blocks at L2, else 4 KiB pages. va, pa
// and size must be 4 KiB aligned. It fails with ErrMapped, changing
// nothing, if any part of the range is already mapped; on other errors it
// undoes its work.
func (t *Table) Map(va, pa, size uint64, a Attr) error {
	if err := t.checkRange(va, size); err != nil {
		return err
	}
	if pa&(pageSize-1) != 0 {
		return fmt.Errorf("%w: PA %#x", ErrAlign, pa)
	}
	if pa > addrLimit || size > addrLimit-pa {
		return fmt.Errorf("%w: PA %#x size %#x", ErrRange, pa, size)
	}
	bits, err := a.bits()
	if err != nil || size == 0 {
		return err
	}
	end := va + size
	err = t.visit(t.Root, 0, 0, va, end, func(_ uint64, _, _ int, v, _ uint64) error {
		return fmt.Errorf("%w: VA %#x", ErrMapped, max(v, va))
	})
	if err != nil {
		return err
	}
	for off := uint64(0); off < size; {
		level := t.blockLevel(va+off, pa+off, size-off)
		tbl, err := t.tableAt(va+off, level)
		if err != nil {
			t.clear(t.Root, 0, 0, va, end) // frees what was built
			return err
		}
		for i := index(va+off, level); i < entries && off < size &&
			t.blockLevel(va+off, pa+off, size-off) == level; i++ {
			t.Mem.Store(tbl, i, leafDesc(pa+off, level, bits))
			off += levelSize(level)
		}
	}
	return nil
}

// blockLevel picks the level of the largest descriptor that can map n
// bytes from va to pa. L1 blocks are not used in the kernel window nor in
// pinned slots, which must keep their L2 tables.
func (t *Table) blockLevel(va, pa, n uint64) int {
	for level := 1; level < 3; level++ {
		s := levelSize(level)
		if level == 1 && (va >= WindowBase && va < WindowEnd ||
			t.pinnedAt(1, va&^(levelSize(0)-1), index(va, 1))) {
			continue
		}
		if (va|pa)&(s-1) == 0 && n >= s {
			return level
		}
	}
	return 3
}

// tableAt returns the table at level that translates va, allocating the
// missing tables on the way. No block may map va above level.
func (t *Table) tableAt(va uint64, level int) (uint64, error) {
	tbl := t.Root
	for l := 0; l < level; l++ {
		i := index(va, l)
		d := t.Mem.Load(tbl, i)
		if !isTable(d, l) {
			n, err := t.Mem.Alloc()
			if err != nil {
				return 0, err
			}
			d = n | descValid | descTable
			t.Mem.Store(tbl, i, d)
		}
		tbl = d & oaMask
	}
	return tbl, nil
}

// Unmap removes every mapping in [va, va+size); holes are fine. A block
// only partly in the range is first split into next-level entries with
// the same attributes; if allocating for that fails, Unmap returns the
// error with no mapping removed. Tables left empty are freed (pinned L1
// slots excepted), so before those frames are reused the caller must
// invalidate the TLB with a form that also drops walk-cache entries
// (TLBI VAE1IS, VAAE1IS or ASIDE1IS; not the last-level VALE1IS forms). Splitting a live block needs
// break-before-make, which is the caller's job (see the package doc).
func (t *Table) Unmap(va, size uint64) error {
	if err := t.checkRange(va, size); err != nil {
		return err
	}
	if size == 0 {
		return nil
	}
	if err := t.isolate(va); err != nil {
		return err
	}
	if err := t.isolate(va + size); err != nil {
		return err
	}
	t.clear(t.Root, 0, 0, va, va+size)
	return nil
}

// Protect sets the attributes of every mapping in [va, va+size), keeping
// its output address, splitting blocks only partly in the range as Unmap
// does. It fails with ErrNotMapped, changing nothing, if part of the range
// is unmapped. Changing permissions of a live mapping needs no
// break-before-make; changing its Kind, or splitting a live block, does.
func (t *Table) Protect(va, size uint64, a Attr) error {
	if err := t.checkRange(va, size); err != nil {
		return err
	}
	bits, err := a.bits()
	if err != nil || size == 0 {
		return err
	}
	end := va + size
	covered := uint64(0)
	t.visit(t.Root, 0, 0, va, end, func(_ uint64, _, level int, v, _ uint64) error {
		covered += min(v+levelSize(level), end) - max(v, va)
		return nil
	})
	if covered != size {
		return fmt.Errorf("%w: part of VA %#x size %#x", ErrNotMapped, va, size)
	}
	if err := t.isolate(va); err != nil {
		return err
	}
	if err := t.isolate(end); err != nil {
		return err
	}
	return t.visit(t.Root, 0, 0, va, end, func(tbl uint64, i, level int, _, d uint64) error {
		t.Mem.Store(tbl, i, leafDesc(leafPA(d, level), level, bits))
		return nil
	})
}

// isolate makes va a leaf boundary: it splits, level by level, each block
// that maps va without starting at it.
func (t *Table) isolate(va uint64) error {
	if va == addrLimit {
		return nil
	}
	tbl := t.Root
	for l := 0; l < 3; l++ {
		i := index(va, l)
		d := t.Mem.Load(tbl, i)
		if isLeaf(d, l) {
			if va&(levelSize(l)-1) == 0 {
				return nil
			}
			n, err := t.split(d, l)
			if err != nil {
				return err
			}
			d = n | descValid | descTable
			t.Mem.Store(tbl, i, d)
		}
		if !isTable(d, l) {
			return nil
		}
		tbl = d & oaMask
	}
	return nil
}

// split returns a new, filled table of the next level that maps what the
// block d at level maps, with the same attributes (Arm ARM D8.3: the
// attribute fields are common to block and page descriptors).
func (t *Table) split(d uint64, level int) (uint64, error) {
	n, err := t.Mem.Alloc()
	if err != nil {
		return 0, err
	}
	pa, size, bits := leafPA(d, level), levelSize(level+1), d&leafMask
	for j := range uint64(entries) {
		t.Mem.Store(n, int(j), leafDesc(pa+j*size, level+1, bits))
	}
	return n, nil
}

// clear invalidates the leaves of the table tbl at level (whose entry 0
// maps base) in [lo, hi), which must cut no leaf, frees the tables below
// that become empty unless pinned, and reports whether tbl is empty.
func (t *Table) clear(tbl uint64, level int, base, lo, hi uint64) bool {
	first, last := span(level, base, lo, hi)
	for i := first; i <= last; i++ {
		d := t.Mem.Load(tbl, i)
		switch {
		case isTable(d, level):
			va := base + uint64(i)<<levelShift(level)
			if t.clear(d&oaMask, level+1, va, lo, hi) && !t.pinnedAt(level, base, i) {
				t.Mem.Store(tbl, i, 0)
				t.Mem.Free(d & oaMask)
			}
		case d&descValid != 0:
			t.Mem.Store(tbl, i, 0)
		}
	}
	for i := range entries {
		if t.Mem.Load(tbl, i)&descValid != 0 {
			return false
		}
	}
	return true
}

// ShareL1 points t's L1 entry index under L0[0] (VA [index GiB, index+1
// GiB)) at the L2 table that from has there, and pins that slot in both
// Tables. Both must use the same Memory. from's entry must be a table
// descriptor, not a block; t's must be empty. Every address space shares
// slots 2 and 3, the kernel window, from the kernel's Table.
func (t *Table) ShareL1(from *Table, index int) error {
	if index < 0 || index >= entries {
		return fmt.Errorf("mmu: L1 index %d out of range", index)
	}
	d0 := from.Mem.Load(from.Root, 0)
	if !isTable(d0, 0) {
		return fmt.Errorf("%w: source has no L1 table", ErrNotMapped)
	}
	d := from.Mem.Load(d0&oaMask, index)
	switch {
	case isLeaf(d, 1):
		return fmt.Errorf("mmu: source L1 entry %d is a 1 GiB block, not a table", index)
	case !isTable(d, 1):
		return fmt.Errorf("%w: source L1 entry %d", ErrNotMapped, index)
	}
	l1, err := t.tableAt(0, 1)
	if err != nil {
		return err
	}
	if t.Mem.Load(l1, index)&descValid != 0 {
		return fmt.Errorf("%w: L1 entry %d", ErrMapped, index)
	}
	t.Mem.Store(l1, index, d)
	t.pin(index)
	t.borrowed[index/64] |= 1 << (index % 64)
	from.pin(index)
	return nil
}

// Release frees all of t's table frames, root included, except the
// subtrees of pinned L1 slots, which other Tables may share. Mapped memory
// is not touched. t must no longer be in use, by software or in TTBR0_EL1.
func (t *Table) Release() {
	t.release(t.Root, 0, 0)
}

func (t *Table) release(tbl uint64, level int, base uint64) {
	for i := range entries {
		if d := t.Mem.Load(tbl, i); isTable(d, level) && !t.pinnedAt(level, base, i) {
			t.release(d&oaMask, level+1, base+uint64(i)<<levelShift(level))
		}
	}
	t.Mem.Free(tbl)
}
