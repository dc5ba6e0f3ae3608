package devicetree

import (
	"reflect"
	"strings"
	"testing"
)

func irqTree() *tnode {
	return node("",
		prop("interrupt-parent", 1),
		node("gic", prop("phandle", 1), prop("interrupt-controller"), prop("#interrupt-cells", 3)),
		node("local", prop("phandle", 2), prop("interrupt-controller"), prop("#interrupt-cells", 2)),
		node("dev1", prop("interrupts", 0, 1, 4, 0, 2, 4)),
		node("bus", prop("interrupt-parent", 2),
			node("dev2", prop("interrupts", 5, 6))),
		node("dev3", prop("interrupts-extended", 1, 0, 3, 4, 2, 7, 8), prop("interrupts", 9, 9, 9)),
		node("old", prop("linux,phandle", 7), prop("#interrupt-cells", 1)),
		node("dev4", prop("interrupt-parent", 7), prop("interrupts", 3, 4)),
		node("none"),
		node("bad1", prop("interrupts", 1, 2)),
		node("bad2", prop("interrupt-parent", 99), prop("interrupts", 1)),
		node("bad3", prop("interrupts-extended", 2, 1)),
		node("bad4", prop("interrupts-extended", 77, 1)),
		node("a", prop("phandle", 5), prop("interrupt-parent", 6), prop("interrupts", 1)),
		node("b", prop("phandle", 6), prop("interrupt-parent", 5)),
		node("zero", prop("phandle", 8), prop("#interrupt-cells", 0)),
		node("bad5", prop("interrupt-parent", 8), prop("interrupts", 1)),
	)
}

func TestInterrupts(t *testing.T) {
	tr := mustParse(t, dtb(irqTree()))
	gic, local, old := tr.Path("/gic"), tr.Path("/local"), tr.Path("/old")
	for _, tc := range []struct {
		path   string
		parent *Node
		want   []Interrupt
	}{
		{"/dev1", gic, []Interrupt{{gic, []uint32{0, 1, 4}}, {gic, []uint32{0, 2, 4}}}},
		{"/bus/dev2", local, []Interrupt{{local, []uint32{5, 6}}}},
		{"/dev3", gic, []Interrupt{{gic, []uint32{0, 3, 4}}, {local, []uint32{7, 8}}}},
		{"/dev4", old, []Interrupt{{old, []uint32{3}}, {old, []uint32{4}}}},
		{"/none", gic, nil},
		{"/gic", gic, nil},
	} {
		n := tr.Path(tc.path)
		if p := n.InterruptParent(); p != tc.parent {
			t.Errorf("%s: InterruptParent = %v; want %s", tc.path, p, tc.parent.path())
		}
		got, err := n.InterruptSpecs()
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: InterruptSpecs = %v, %v; want %v", tc.path, got, err, tc.want)
		}
		cells, err := n.Interrupts()
		if err != nil || len(cells) != len(tc.want) {
			t.Fatalf("%s: Interrupts = %v, %v", tc.path, cells, err)
		}
		for i, c := range cells {
			if !reflect.DeepEqual(c, tc.want[i].Cells) {
				t.Errorf("%s: Interrupts[%d] = %v; want %v", tc.path, i, c, tc.want[i].Cells)
			}
		}
	}
	for _, tc := range []struct{ path, want string }{
		{"/bad1", "not a list of 3-cell"},
		{"/bad2", "no interrupt parent"},
		{"/bad3", "truncated"},
		{"/bad4", "no node with phandle 0x4d"},
		{"/a", "no interrupt parent"},
		{"/bad5", "bad #interrupt-cells"},
	} {
		_, err := tr.Path(tc.path).Interrupts()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v; want %q", tc.path, err, tc.want)
		}
	}
	if p := mustParse(t, dtb(node("", node("x")))).Path("/x").InterruptParent(); p != nil {
		t.Errorf("InterruptParent without controllers = %v", p)
	}
}
