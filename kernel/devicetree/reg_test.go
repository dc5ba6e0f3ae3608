package devicetree

import (
	"slices"
	"strings"
	"testing"
)

func regTree() *tnode {
	return node("",
		prop("#address-cells", 2),
		prop("#size-cells", 2),
		node("memory@40000000", prop("device_type", "memory"),
			prop("reg", 0, 0x40000000, 0, 0x20000000, 1, 0, 0, 0x1000)),
		node("memory@0", prop("device_type", "memory"), prop("status", "disabled"), prop("reg", 0, 0, 0, 0x1000)),
		node("memory@80000000", prop("device_type", "memory"), prop("status", "okay"),
			prop("reg", 0, 0x80000000, 0, 0)),
		node("soc",
			prop("#address-cells", 1), prop("#size-cells", 1),
			// Like the Raspberry Pi 3: bus 0x7e000000 is CPU 0x3f000000.
			prop("ranges", 0x7e000000, 0, 0x3f000000, 0x1000000, 0x40000000, 0, 0x40000000, 0x1000),
			node("serial@7e201000", prop("reg", 0x7e201000, 0x200, 0x7e202000, 0x10)),
			node("intc@40000000", prop("reg", 0x40000000, 0x100)),
			node("outside@7f000000", prop("reg", 0x7f000000, 4)),
			node("bridge@7e300000",
				prop("#address-cells", 1), prop("#size-cells", 1),
				prop("ranges", 0, 0x7e300000, 0x1000),
				node("dev@10", prop("reg", 0x10, 4))),
			node("identity",
				prop("#address-cells", 1), prop("#size-cells", 1), prop("ranges"),
				node("dev@7e000100", prop("reg", 0x7e000100, 4))),
			node("i2c@7e804000",
				prop("#address-cells", 1), prop("#size-cells", 0),
				prop("reg", 0x7e804000, 0x1000),
				node("eeprom@50", prop("reg", 0x50)))),
		node("defaults", prop("ranges"),
			node("dev@1234", prop("reg", 0, 0x1234, 0x10))),
		node("pci@10000000",
			prop("device_type", "pci"),
			prop("#address-cells", 3), prop("#size-cells", 2),
			prop("ranges", 0x02000000, 0, 0x10000000, 0, 0x10000000, 0, 0x10000000),
			node("dev@0", prop("reg", 0x02000000, 0, 0x10001000, 0, 0x100)),
			node("cfg@1,0", prop("reg", 0x0800, 0, 0, 0, 0))),
		node("high",
			prop("#address-cells", 1), prop("#size-cells", 1),
			prop("ranges", 0, 1, 0, 0x1000),
			node("dev@10", prop("reg", 0x10, 4))),
		node("wide", prop("#address-cells", 3), prop("#size-cells", 1), prop("ranges"),
			node("dev@5000", prop("reg", 0, 0, 0x5000, 4)),
			node("high", prop("reg", 1, 0, 0x5000, 4))),
		node("pcimem", prop("#address-cells", 3), prop("#size-cells", 1),
			prop("ranges", 0x02000000, 0, 0, 0, 0x10000000, 0x1000),
			node("narrow", prop("#address-cells", 1), prop("#size-cells", 1), prop("ranges"),
				node("dev@10", prop("reg", 0x10, 4)))),
		node("cpus", prop("#address-cells", 1), prop("#size-cells", 0),
			node("cpu@0", prop("reg", 0))),
		node("badcells", prop("#address-cells", 5), prop("ranges"),
			node("dev", prop("reg", 1, 2, 3, 4, 5, 6))),
		node("badranges", prop("#address-cells", 1), prop("#size-cells", 1), prop("ranges", 1, 2, 3),
			node("dev", prop("reg", 1, 2))),
		node("bigsize", prop("#address-cells", 1), prop("#size-cells", 3), prop("ranges"),
			node("dev", prop("reg", 0, 1, 0, 0))),
		node("badreg", prop("reg", 1, 2, 3)),
		node("noreg"),
	)
}

func TestReg(t *testing.T) {
	tr := mustParse(t, dtb(regTree()))
	for _, tc := range []struct {
		path string
		want []Region
	}{
		{"/memory@40000000", []Region{{0x40000000, 0x20000000}, {0x1_0000_0000, 0x1000}}},
		{"/soc/serial@7e201000", []Region{{0x3f201000, 0x200}, {0x3f202000, 0x10}}},
		{"/soc/intc@40000000", []Region{{0x40000000, 0x100}}},
		{"/soc/bridge@7e300000/dev@10", []Region{{0x3f300010, 4}}},
		{"/soc/identity/dev@7e000100", []Region{{0x3f000100, 4}}},
		{"/soc/i2c@7e804000", []Region{{0x3f804000, 0x1000}}},
		{"/defaults/dev@1234", []Region{{0x1234, 0x10}}},
		{"/pci@10000000/dev@0", []Region{{0x10001000, 0x100}}},
		{"/high/dev@10", []Region{{0x1_0000_0010, 4}}},
		{"/wide/dev@5000", []Region{{0x5000, 4}}},
	} {
		got, err := tr.Path(tc.path).Reg()
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: Reg = %x, %v; want %x", tc.path, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ path, want string }{
		{"/", "root"},
		{"/soc/outside@7f000000", "outside the ranges of /soc"},
		{"/soc/i2c@7e804000/eeprom@50", "/soc/i2c@7e804000 has no ranges"},
		{"/pci@10000000/cfg@1,0", "outside the ranges"},
		{"/cpus/cpu@0", "/cpus has no ranges"},
		{"/wide/high", "does not fit the address space of /"},
		// An identity-mapped bus adds no PCI space code.
		{"/pcimem/narrow/dev@10", "outside the ranges of /pcimem"},
		{"/badcells/dev", "bad #address-cells"},
		{"/badranges/dev", "ranges is not a list"},
		{"/bigsize/dev", "exceeds 64 bits"},
		{"/badreg", "reg is not a list"},
		{"/noreg", "no reg"},
	} {
		_, err := tr.Path(tc.path).Reg()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Reg error %v; want %q", tc.path, err, tc.want)
		}
	}
}

func TestRegNarrowRoot(t *testing.T) {
	// A 64-bit bus address does not fit a root with one address cell.
	tr := mustParse(t, dtb(node("",
		prop("#address-cells", 1), prop("#size-cells", 1),
		node("bus", prop("ranges"),
			node("lo", prop("reg", 0, 0x1000, 4)),
			node("hi", prop("reg", 1, 0x1000, 4))),
		node("map", prop("#address-cells", 1), prop("#size-cells", 1),
			prop("ranges", 0, 0xffffff00, 0x1000),
			node("dev", prop("reg", 0x100, 4))))))
	if r, err := tr.Path("/bus/lo").Reg(); err != nil || !slices.Equal(r, []Region{{0x1000, 4}}) {
		t.Errorf("/bus/lo: %v, %v", r, err)
	}
	for _, p := range []string{"/bus/hi", "/map/dev"} {
		if r, err := tr.Path(p).Reg(); err == nil {
			t.Errorf("%s: Reg = %x; want error", p, r)
		}
	}
}

func TestMemory(t *testing.T) {
	tr := mustParse(t, dtb(regTree()))
	got, err := tr.Memory()
	want := []Region{{0x40000000, 0x20000000}, {0x1_0000_0000, 0x1000}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("Memory = %x, %v; want %x", got, err, want)
	}
	bad := mustParse(t, dtb(node("", node("memory", prop("device_type", "memory"), prop("reg", 1)))))
	if _, err := bad.Memory(); err == nil {
		t.Error("Memory with bad reg: no error")
	}
}
