package devicetree

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// A tiny DTB writer (DT spec §5), so that tests need no dtc.

type tnode struct {
	name  string
	props []tprop
	kids  []*tnode
}

type tprop struct {
	name string
	val  []byte
}

// node makes a node from its properties (tprop) and children (*tnode).
func node(name string, items ...any) *tnode {
	n := &tnode{name: name}
	for _, it := range items {
		switch it := it.(type) {
		case tprop:
			n.props = append(n.props, it)
		case *tnode:
			n.kids = append(n.kids, it)
		default:
			panic(fmt.Sprintf("node item %T", it))
		}
	}
	return n
}

// prop makes a property whose value concatenates vs: an int or uint32 is
// one cell, a string is NUL-terminated, a []byte is raw.
func prop(name string, vs ...any) tprop {
	var b []byte
	for _, v := range vs {
		switch v := v.(type) {
		case int:
			b = binary.BigEndian.AppendUint32(b, uint32(v))
		case uint32:
			b = binary.BigEndian.AppendUint32(b, v)
		case string:
			b = append(append(b, v...), 0)
		case []byte:
			b = append(b, v...)
		default:
			panic(fmt.Sprintf("prop value %T", v))
		}
	}
	return tprop{name, b}
}

type writer struct {
	rsv     []Region
	bootCPU uint32
	version uint32 // 17 if zero
	nops    bool   // sprinkle FDT_NOP tokens
}

func (w writer) build(root *tnode) []byte {
	var structs, strs []byte
	nameoff := map[string]uint32{}
	tok := func(t uint32) { structs = binary.BigEndian.AppendUint32(structs, t) }
	pad := func() {
		for len(structs)%4 != 0 {
			structs = append(structs, 0)
		}
	}
	var emit func(n *tnode)
	emit = func(n *tnode) {
		if w.nops {
			tok(tokNop)
		}
		tok(tokBeginNode)
		structs = append(append(structs, n.name...), 0)
		pad()
		for _, p := range n.props {
			off, ok := nameoff[p.name]
			if !ok {
				off = uint32(len(strs))
				nameoff[p.name] = off
				strs = append(append(strs, p.name...), 0)
			}
			tok(tokProp)
			tok(uint32(len(p.val)))
			tok(off)
			structs = append(structs, p.val...)
			pad()
		}
		for _, k := range n.kids {
			emit(k)
		}
		tok(tokEndNode)
	}
	emit(root)
	if w.nops {
		tok(tokNop)
	}
	tok(tokEnd)

	version := w.version
	if version == 0 {
		version = 17
	}
	var rsv []byte
	for _, r := range append(w.rsv, Region{}) {
		rsv = binary.BigEndian.AppendUint64(rsv, r.Base)
		rsv = binary.BigEndian.AppendUint64(rsv, r.Size)
	}
	offRsv := uint32(headerSize)
	offStruct := offRsv + uint32(len(rsv))
	offStrings := offStruct + uint32(len(structs))
	total := offStrings + uint32(len(strs))
	h := []uint32{magic, total, offStruct, offStrings, offRsv, version, 16, w.bootCPU, uint32(len(strs)), uint32(len(structs))}
	var b []byte
	for _, f := range h {
		b = binary.BigEndian.AppendUint32(b, f)
	}
	b = append(b, rsv...)
	b = append(b, structs...)
	return append(b, strs...)
}

// dtb builds a default blob for root.
func dtb(root *tnode) []byte { return writer{}.build(root) }

// mustParse parses b or fails the test.
func mustParse(t testing.TB, b []byte) *Tree {
	t.Helper()
	tr, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return tr
}
