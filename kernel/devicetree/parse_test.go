package devicetree

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"
)

func sample() *tnode {
	return node("",
		prop("#address-cells", 1),
		prop("#size-cells", 1),
		prop("model", "test board"),
		node("chosen", prop("bootargs", "console=ttyAMA0")),
		node("memory@80000000", prop("device_type", "memory"), prop("reg", 0x80000000, 0x10000000)),
		node("uart@1000", prop("compatible", "arm,pl011", "arm,primecell"), prop("reg", 0x1000, 0x100), prop("empty")),
	)
}

func TestParse(t *testing.T) {
	for _, w := range []writer{
		{},
		{nops: true},
		{version: 16},
		{rsv: []Region{{0x1000, 0x2000}, {0x8000_0000_0000, 1}}, bootCPU: 3},
	} {
		b := w.build(sample())
		tr := mustParse(t, b)
		if tr.BootCPU != w.bootCPU || !slices.Equal(tr.Reserved, w.rsv) {
			t.Errorf("%+v: BootCPU %d Reserved %v", w, tr.BootCPU, tr.Reserved)
		}
		r := tr.Root
		if r.Name != "" || r.Parent != nil || len(r.Children) != 3 || len(r.Props) != 3 {
			t.Fatalf("%+v: root %+v", w, r)
		}
		u := r.Children[2]
		if u.Name != "uart@1000" || u.Parent != r || len(u.Props) != 3 {
			t.Fatalf("%+v: uart %+v", w, u)
		}
		if v, ok := u.Prop("empty"); !ok || len(v) != 0 {
			t.Errorf("%+v: empty property = %q, %v", w, v, ok)
		}
		if tr.Model() != "test board" {
			t.Errorf("%+v: Model %q", w, tr.Model())
		}
		// Trailing bytes beyond totalsize are ignored.
		mustParse(t, append(b, 0xff, 0xff, 0xff, 0xff))
	}
}

func TestTotalSize(t *testing.T) {
	b := dtb(sample())
	if n, err := TotalSize(b[:headerSize]); err != nil || n != uint32(len(b)) {
		t.Errorf("TotalSize = %d, %v; want %d", n, err, len(b))
	}
	if _, err := TotalSize(b[:7]); err == nil {
		t.Error("TotalSize of 7 bytes: no error")
	}
	b[0] = 0
	if _, err := TotalSize(b); err == nil {
		t.Error("TotalSize with bad magic: no error")
	}
}

// word returns a blob with the 32-bit word at byte offset off set to v.
func word(b []byte, off int, v uint32) []byte {
	b = slices.Clone(b)
	binary.BigEndian.PutUint32(b[off:], v)
	return b
}

func TestParseErrors(t *testing.T) {
	good := dtb(sample())
	h := func(i int) uint32 { return binary.BigEndian.Uint32(good[4*i:]) }
	offStruct := int(h(2))

	// withStruct replaces the structure block, keeping the strings.
	withStruct := func(toks ...uint32) []byte {
		var s []byte
		for _, tk := range toks {
			s = binary.BigEndian.AppendUint32(s, tk)
		}
		strs := good[h(3):]
		b := slices.Clone(good[:offStruct])
		b = append(append(b, s...), strs...)
		b = word(b, 4, uint32(len(b)))
		b = word(b, 12, uint32(offStruct+len(s)))
		return word(b, 36, uint32(len(s)))
	}
	// A node name "abcd" without its NUL.
	name := uint32(0x61626364)

	deep := []uint32{}
	for range maxDepth + 1 {
		deep = append(deep, tokBeginNode, 0)
	}
	for range maxDepth + 1 {
		deep = append(deep, tokEndNode)
	}
	deep = append(deep, tokEnd)

	for _, tc := range []struct {
		name string
		blob []byte
		want string
	}{
		{"empty", nil, "too short"},
		{"bad magic", word(good, 0, 0xfeedd00d), "magic"},
		{"truncated", good[:len(good)-1], "exceeds blob"},
		{"tiny totalsize", word(good, 4, 8), "too short"},
		{"old version", word(good, 20, 15), "version 15"},
		{"incompatible", word(good, 24, 18), "last compatible version"},
		{"struct offset", word(good, 8, 0x7fffffff), "outside blob"},
		{"struct misaligned", word(good, 8, h(2)+1), "aligned"},
		{"struct size", word(good, 36, 0xfffffff0), "outside blob"},
		{"strings size", word(good, 32, h(8)+1), "outside blob"},
		{"strings offset", word(good, 12, 0xffffffff), "outside blob"},
		{"rsvmap misaligned", word(good, 16, 44), "reservation"},
		{"rsvmap unterminated", word(good, 16, uint32(len(good)-8)&^7), "unterminated"},
		{"no end", withStruct(tokBeginNode, 0, tokEndNode), "without FDT_END"},
		{"end inside root", withStruct(tokBeginNode, 0, tokEnd), "FDT_END"},
		{"end before root", withStruct(tokNop, tokEnd), "FDT_END"},
		{"two roots", withStruct(tokBeginNode, 0, tokEndNode, tokBeginNode, 0, tokEndNode, tokEnd), "second root"},
		{"unbalanced", withStruct(tokBeginNode, 0, tokEndNode, tokEndNode, tokEnd), "unbalanced"},
		{"prop outside", withStruct(tokProp, 0, 0, tokEnd), "outside any node"},
		{"bad token", withStruct(tokBeginNode, 0, 5), "bad token"},
		{"unterminated name", withStruct(tokBeginNode, name), "unterminated node name"},
		{"prop overrun", withStruct(tokBeginNode, 0, tokProp, 100, 0, tokEndNode, tokEnd), "overruns"},
		{"prop header", withStruct(tokBeginNode, 0, tokProp, 0), "truncated"},
		{"bad nameoff", withStruct(tokBeginNode, 0, tokProp, 0, 0xffff, tokEndNode, tokEnd), "name offset"},
		{"too deep", withStruct(deep...), "deeper"},
	} {
		_, err := Parse(tc.blob)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v; want %q", tc.name, err, tc.want)
		}
	}
}

// TestParseMutations corrupts every word of a blob in a few ways: Parse
// must never panic, and a tree it returns must be safe to query.
func TestParseMutations(t *testing.T) {
	good := writer{rsv: []Region{{1, 2}}}.build(sample())
	for off := 0; off+4 <= len(good); off += 4 {
		for _, v := range []uint32{0, 1, 2, 3, 4, 9, 0xffffffff, 0x7fffffff, uint32(len(good))} {
			if tr, err := Parse(word(good, off, v)); err == nil {
				exercise(tr)
			}
		}
	}
	for n := range len(good) {
		if _, err := Parse(good[:n]); err == nil {
			t.Errorf("prefix of %d bytes parsed", n)
		}
	}
}
