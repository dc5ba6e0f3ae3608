package devicetree

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// maxCells bounds #address-cells and #size-cells, as Linux's
// OF_MAX_ADDR_CELLS does.
const maxCells = 4

// cells returns n's #address-cells and #size-cells (DT spec §2.3.5): the
// layout of its children's reg and of its ranges' child side. They are not
// inherited; absent ones default to 2 and 1.
func (n *Node) cells() (na, ns int, err error) {
	na, err = n.cellCount("#address-cells", 2)
	if err == nil {
		ns, err = n.cellCount("#size-cells", 1)
	}
	return na, ns, err
}

func (n *Node) cellCount(name string, def int) (int, error) {
	if _, ok := n.Prop(name); !ok {
		return def, nil
	}
	c, ok := n.U32(name)
	if !ok || c > maxCells {
		return 0, fmt.Errorf("devicetree: %s: bad %s", n.path(), name)
	}
	return int(c), nil
}

// u32s splits a <prop-encoded-array> into its big-endian cells.
func u32s(v []byte) ([]uint32, bool) {
	if len(v)%4 != 0 {
		return nil, false
	}
	cs := make([]uint32, len(v)/4)
	for i := range cs {
		cs[i] = binary.BigEndian.Uint32(v[4*i:])
	}
	return cs, true
}

// address is a bus address: its low 64 bits, and hi, the cells above them,
// most significant first. Those high cells (as in PCI's phys.hi) must match
// a range's exactly for the range to translate the address.
type address struct {
	hi []uint32
	lo uint64
}

func readAddress(cs []uint32) address {
	k := max(len(cs)-2, 0)
	a := address{hi: cs[:k]}
	for _, c := range cs[k:] {
		a.lo = a.lo<<32 | uint64(c)
	}
	return a
}

// readSize reads a size of up to maxCells cells that must fit in 64 bits.
func readSize(cs []uint32) (uint64, bool) {
	a := readAddress(cs)
	return a.lo, !slices.ContainsFunc(a.hi, func(c uint32) bool { return c != 0 })
}

// fit reshapes a to na cells, failing if it does not fit.
func fit(a address, na int) (address, bool) {
	keep := max(na-2, 0)
	for len(a.hi) > keep {
		if a.hi[0] != 0 {
			return a, false
		}
		a.hi = a.hi[1:]
	}
	if len(a.hi) < keep {
		a.hi = append(make([]uint32, keep-len(a.hi)), a.hi...)
	}
	return a, na >= 2 || a.lo>>(32*na) == 0
}

// Reg returns the node's reg regions (DT spec §2.3.6), laid out by the
// parent's #address-cells and #size-cells, with each base translated to the
// CPU's physical address space through the ranges (§2.3.8) of every ancestor
// bus. An ancestor bus without ranges makes the address untranslatable,
// which is an error, as for the reg of CPU nodes or of devices on I2C or USB
// buses.
func (n *Node) Reg() ([]Region, error) {
	bus := n.Parent
	if bus == nil {
		return nil, errors.New("devicetree: the root node has no reg")
	}
	na, ns, err := bus.cells()
	if err != nil {
		return nil, err
	}
	v, ok := n.Prop("reg")
	if !ok {
		return nil, fmt.Errorf("devicetree: %s: no reg", n.path())
	}
	cs, ok := u32s(v)
	if !ok || na == 0 || len(cs)%(na+ns) != 0 {
		return nil, fmt.Errorf("devicetree: %s: reg is not a list of <%d %d>-cell entries", n.path(), na, ns)
	}
	var rs []Region
	for e := cs; len(e) > 0; e = e[na+ns:] {
		size, ok := readSize(e[na : na+ns])
		if !ok {
			return nil, fmt.Errorf("devicetree: %s: reg size exceeds 64 bits", n.path())
		}
		base, err := translate(bus, readAddress(e[:na]))
		if err != nil {
			return nil, fmt.Errorf("devicetree: %s: %w", n.path(), err)
		}
		rs = append(rs, Region{base, size})
	}
	return rs, nil
}

// translate maps a, an address on bus, to the root's address space.
func translate(bus *Node, a address) (uint64, error) {
	for ; bus.Parent != nil; bus = bus.Parent {
		ranges, ok := bus.Prop("ranges")
		if !ok {
			return 0, fmt.Errorf("%s has no ranges, address not translatable", bus.path())
		}
		na, ns, err := bus.cells()
		if err != nil {
			return 0, err
		}
		pna, _, err := bus.Parent.cells()
		if err != nil {
			return 0, err
		}
		if len(ranges) == 0 {
			// Empty ranges: the identity mapping.
			if a, ok = fit(a, pna); !ok {
				return 0, fmt.Errorf("address does not fit the address space of %s", bus.Parent.path())
			}
			continue
		}
		if a, err = mapRanges(bus, ranges, a, na, pna, ns); err != nil {
			return 0, err
		}
	}
	a, ok := fit(a, 2)
	if !ok {
		return 0, errors.New("address exceeds 64 bits")
	}
	return a.lo, nil
}

// mapRanges translates a through the ranges of bus, whose entries are
// (child address: na cells, parent address: pna cells, length: ns cells).
func mapRanges(bus *Node, ranges []byte, a address, na, pna, ns int) (address, error) {
	cs, ok := u32s(ranges)
	w := na + pna + ns
	if !ok || na == 0 || len(cs)%w != 0 {
		return a, fmt.Errorf("%s: ranges is not a list of <%d %d %d>-cell entries", bus.path(), na, pna, ns)
	}
	for e := cs; len(e) > 0; e = e[w:] {
		child := readAddress(e[:na])
		size, ok := readSize(e[na+pna : w])
		if !ok || !slices.Equal(child.hi, a.hi) || a.lo < child.lo || a.lo-child.lo >= size {
			continue
		}
		p := readAddress(e[na : na+pna])
		off := a.lo - child.lo
		if p.lo+off < p.lo {
			break
		}
		p.lo += off
		if p, ok = fit(p, pna); ok {
			return p, nil
		}
		break
	}
	return a, fmt.Errorf("address %#x is outside the ranges of %s", a.lo, bus.path())
}

// Memory returns the reg regions of all available device_type = "memory"
// nodes (DT spec §3.4), in document order, leaving out empty ones.
func (t *Tree) Memory() ([]Region, error) {
	var rs []Region
	var err error
	t.Root.walk(func(n *Node) bool {
		if s, _ := n.String("device_type"); s != "memory" || !n.available() {
			return true
		}
		var reg []Region
		if reg, err = n.Reg(); err != nil {
			return false
		}
		for _, r := range reg {
			if r.Size != 0 {
				rs = append(rs, r)
			}
		}
		return true
	})
	return rs, err
}
