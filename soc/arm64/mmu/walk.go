package mmu

// span returns the first and last entry of a table at level, whose entry 0
// maps base, that intersect [lo, hi) (hi > lo, and the range meets the
// table).
func span(level int, base, lo, hi uint64) (first, last int) {
	shift := levelShift(level)
	top := base + entries<<shift - 1 // last VA of the table
	return int((max(lo, base) - base) >> shift), int((min(hi-1, top) - base) >> shift)
}

// visit calls fn, in VA order, for each leaf of the table tbl at level
// (whose entry 0 maps base) that intersects [lo, hi); fn gets the table
// and index holding the leaf, its level, the VA it starts at and the
// descriptor. visit stops at fn's first error and returns it.
func (t *Table) visit(tbl uint64, level int, base, lo, hi uint64,
	fn func(tbl uint64, i, level int, va, d uint64) error) error {
	first, last := span(level, base, lo, hi)
	for i := first; i <= last; i++ {
		d := t.Mem.Load(tbl, i)
		va := base + uint64(i)<<levelShift(level)
		var err error
		switch {
		case isTable(d, level):
			err = t.visit(d&oaMask, level+1, va, lo, hi, fn)
		case isLeaf(d, level):
			err = fn(tbl, i, level, va, d)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Lookup translates va by a software walk (Arm ARM D8.2). It returns the
// PA, the leaf's attributes, the level of the leaf (1, 2 or 3) and whether
// va is mapped at all.
func (t *Table) Lookup(va uint64) (pa uint64, a Attr, level int, ok bool) {
	if va >= addrLimit {
		return 0, Attr{}, 0, false
	}
	tbl := t.Root
	for l := 0; l <= 3; l++ {
		d := t.Mem.Load(tbl, index(va, l))
		if isLeaf(d, l) {
			return leafPA(d, l) | va&(levelSize(l)-1), DecodeAttr(d), l, true
		}
		if !isTable(d, l) {
			break
		}
		tbl = d & oaMask
	}
	return 0, Attr{}, 0, false
}

// Walk calls fn for every leaf mapping, in VA order, with the VA, PA and
// size of its block or page, including those reached through shared L1
// slots. It stops at fn's first error and returns it.
func (t *Table) Walk(fn func(va, pa, size uint64, a Attr) error) error {
	return t.visit(t.Root, 0, 0, 0, addrLimit, func(_ uint64, _, level int, va, d uint64) error {
		return fn(va, leafPA(d, level), levelSize(level), DecodeAttr(d))
	})
}
