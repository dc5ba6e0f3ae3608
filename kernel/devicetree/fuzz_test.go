package devicetree

import (
	"os"
	"testing"
)

// exercise calls every query on every node of tr, to show that none of them
// panics on a tree parsed from arbitrary input.
func exercise(tr *Tree) {
	tr.Memory()
	tr.Bootargs()
	tr.Initrd()
	tr.StdoutPath()
	tr.Model()
	tr.Alias("serial0")
	tr.FindCompatible("arm,pl011", "simple-bus")
	tr.ByPhandle(1)
	tr.Root.walk(func(n *Node) bool {
		n.Reg()
		n.InterruptParent()
		n.Interrupts()
		n.Strings("compatible")
		n.String("status")
		n.U32("phandle")
		n.U64("cpu-release-addr")
		tr.Path(n.path())
		for _, p := range n.Props {
			tr.Path(string(p.Value))
		}
		return true
	})
}

func FuzzParse(f *testing.F) {
	f.Add(dtb(sample()))
	f.Add(writer{version: 16, nops: true, rsv: []Region{{1, 2}}}.build(sample()))
	f.Add(dtb(regTree()))
	f.Add(dtb(irqTree()))
	if b, err := os.ReadFile("testdata/bcm2837-rpi-3-b.dtb"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := Parse(b)
		if err != nil {
			return
		}
		if tr.Root == nil {
			t.Fatal("nil root without error")
		}
		exercise(tr)
	})
}
