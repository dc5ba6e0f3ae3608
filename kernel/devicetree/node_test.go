package devicetree

import (
	"slices"
	"testing"
)

func pathTree() *tnode {
	return node("",
		prop("compatible", "vendor,board"),
		node("aliases",
			prop("serial0", "/soc/serial@1000"),
			prop("gpio", "/soc/gpio@3000"),
			prop("relative", "soc/serial@1000"),
			prop("dangling", "/nowhere")),
		node("memory@0"),
		node("soc",
			prop("compatible", "simple-bus"),
			node("serial@1000", prop("compatible", "arm,pl011", "arm,primecell"), prop("phandle", 7)),
			node("serial@2000", prop("compatible", "brcm,bcm2835-aux-uart"), prop("linux,phandle", 8)),
			node("gpio@3000", prop("compatible", "brcm,bcm2835-gpio"),
				node("pins", prop("compatible", "arm,pl011"))),
			node("serial", prop("note", "no unit address"))),
	)
}

func TestPath(t *testing.T) {
	tr := mustParse(t, dtb(pathTree()))
	soc := tr.Root.Children[2]
	for _, tc := range []struct {
		path string
		want *Node
	}{
		{"/", tr.Root},
		{"/soc", soc},
		{"/soc/", soc},
		{"/soc/serial@1000", soc.Children[0]},
		{"/soc/serial@2000", soc.Children[1]},
		{"/soc/serial", soc.Children[3]}, // exact name wins
		{"/soc/gpio", soc.Children[2]},   // unique without unit address
		{"/soc/gpio/pins", soc.Children[2].Children[0]},
		{"/memory", tr.Root.Children[1]},
		{"/soc/serial@1000:115200n8", soc.Children[0]},
		{"serial0", soc.Children[0]},
		{"serial0:115200n8", soc.Children[0]},
		{"gpio/pins", soc.Children[2].Children[0]},
		{"/soc/serial@3000", nil},
		{"/soc/gpio@", nil},
		{"/nope", nil},
		{"nope", nil},
		{"relative", nil}, // alias values must be full paths
		{"dangling", nil},
		{"", nil},
	} {
		if got := tr.Path(tc.path); got != tc.want {
			t.Errorf("Path(%q) = %v; want %v", tc.path, got, tc.want)
		}
	}

	// Without the exact match, two unit addresses make "serial" ambiguous.
	pt := pathTree()
	pt.kids[2].kids = pt.kids[2].kids[:3]
	if n := mustParse(t, dtb(pt)).Path("/soc/serial"); n != nil {
		t.Errorf("ambiguous /soc/serial = %s", n.path())
	}
}

func TestAliasAndPhandle(t *testing.T) {
	tr := mustParse(t, dtb(pathTree()))
	if n := tr.Alias("serial0"); n == nil || n.Name != "serial@1000" {
		t.Errorf("Alias(serial0) = %v", n)
	}
	if n := tr.Alias("serial1"); n != nil {
		t.Errorf("Alias(serial1) = %v", n)
	}
	if n := tr.ByPhandle(7); n == nil || n.Name != "serial@1000" {
		t.Errorf("ByPhandle(7) = %v", n)
	}
	if n := tr.ByPhandle(8); n == nil || n.Name != "serial@2000" {
		t.Errorf("ByPhandle(8) (linux,phandle) = %v", n)
	}
	for _, ph := range []uint32{0, 9, 0xffffffff} {
		if n := tr.ByPhandle(ph); n != nil {
			t.Errorf("ByPhandle(%#x) = %v", ph, n)
		}
	}
	if n := mustParse(t, dtb(node(""))).Alias("serial0"); n != nil {
		t.Errorf("Alias without /aliases = %v", n)
	}
}

func TestFindCompatible(t *testing.T) {
	tr := mustParse(t, dtb(pathTree()))
	var names []string
	for _, n := range tr.FindCompatible("arm,pl011", "brcm,bcm2835-aux-uart") {
		names = append(names, n.path())
	}
	want := []string{"/soc/serial@1000", "/soc/serial@2000", "/soc/gpio@3000/pins"}
	if !slices.Equal(names, want) {
		t.Errorf("FindCompatible = %q; want %q", names, want)
	}
	if ns := tr.FindCompatible("arm,primecell"); len(ns) != 1 {
		t.Errorf("FindCompatible(arm,primecell) = %v", ns)
	}
	if ns := tr.FindCompatible(); ns != nil {
		t.Errorf("FindCompatible() = %v", ns)
	}
}

func TestProperties(t *testing.T) {
	n := &Node{Props: []Property{
		{"s", []byte("hello\x00")},
		{"list", []byte("a\x00\x00bc\x00tail")},
		{"raw", []byte("abc")},
		{"u32", []byte{0x12, 0x34, 0x56, 0x78}},
		{"u64", []byte{0, 0, 0, 1, 0, 0, 0, 0xd8}},
		{"compatible", []byte("arm,pl011\x00arm,primecell\x00")},
		{"empty", []byte{}},
	}}
	if s, ok := n.String("s"); !ok || s != "hello" {
		t.Errorf("String(s) = %q, %v", s, ok)
	}
	if s, ok := n.String("list"); !ok || s != "a" {
		t.Errorf("String(list) = %q, %v", s, ok)
	}
	for _, name := range []string{"raw", "empty", "missing"} {
		if s, ok := n.String(name); ok {
			t.Errorf("String(%s) = %q", name, s)
		}
	}
	if ss := n.Strings("list"); !slices.Equal(ss, []string{"a", "", "bc"}) {
		t.Errorf("Strings(list) = %q", ss)
	}
	if ss := n.Strings("missing"); ss != nil {
		t.Errorf("Strings(missing) = %q", ss)
	}
	if v, ok := n.U32("u32"); !ok || v != 0x12345678 {
		t.Errorf("U32 = %#x, %v", v, ok)
	}
	if _, ok := n.U32("u64"); ok {
		t.Error("U32 of 8 bytes succeeded")
	}
	if v, ok := n.U64("u64"); !ok || v != 0x1_0000_00d8 {
		t.Errorf("U64 = %#x, %v", v, ok)
	}
	if _, ok := n.U64("u32"); ok {
		t.Error("U64 of 4 bytes succeeded")
	}
	if !n.Compatible("arm,primecell") || n.Compatible("arm,pl01") || n.Compatible("") {
		t.Error("Compatible")
	}
	if v, ok := n.Prop("empty"); !ok || len(v) != 0 {
		t.Errorf("Prop(empty) = %v, %v", v, ok)
	}
}
