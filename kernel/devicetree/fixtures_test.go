package devicetree

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"reflect"
	"slices"
	"testing"
)

// Real-world blobs; testdata/README.md says where they come from.

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := gzip.NewReader(bytes.NewReader(b)); err == nil {
		if b, err = io.ReadAll(r); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// only returns the single node compatible with c.
func only(t *testing.T, tr *Tree, c string) *Node {
	t.Helper()
	ns := tr.FindCompatible(c)
	if len(ns) != 1 {
		t.Fatalf("%d nodes compatible with %s", len(ns), c)
	}
	return ns[0]
}

func checkReg(t *testing.T, n *Node, want ...Region) {
	t.Helper()
	got, err := n.Reg()
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("%s: Reg = %x, %v; want %x", n.path(), got, err, want)
	}
}

func checkInterrupts(t *testing.T, n, parent *Node, want ...[]uint32) {
	t.Helper()
	if p := n.InterruptParent(); p != parent {
		t.Errorf("%s: InterruptParent = %v; want %s", n.path(), p, parent.path())
	}
	got, err := n.Interrupts()
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%s: Interrupts = %x, %v; want %x", n.path(), got, err, want)
	}
}

// TestQEMUVirt checks the blob of qemu-system-aarch64 -M virt -smp 2 -m 2G
// with an initrd and a command line.
func TestQEMUVirt(t *testing.T) {
	b := readFixture(t, "qemu-virt.dtb.gz")
	if n, err := TotalSize(b); err != nil || n != 1<<20 {
		t.Fatalf("TotalSize = %d, %v", n, err)
	}
	tr := mustParse(t, b)
	if tr.Model() != "linux,dummy-virt" || tr.BootCPU != 0 || len(tr.Reserved) != 0 {
		t.Errorf("Model %q BootCPU %d Reserved %v", tr.Model(), tr.BootCPU, tr.Reserved)
	}
	if m, err := tr.Memory(); err != nil || !slices.Equal(m, []Region{{0x40000000, 2 << 30}}) {
		t.Errorf("Memory = %x, %v", m, err)
	}

	gic := only(t, tr, "arm,cortex-a15-gic")
	checkReg(t, gic, Region{0x8000000, 0x10000}, Region{0x8010000, 0x10000})
	if gic != tr.Root.InterruptParent() {
		t.Errorf("root interrupt parent is not the GIC")
	}
	uart := only(t, tr, "arm,pl011")
	if uart.Name != "pl011@9000000" {
		t.Errorf("PL011 node %q", uart.Name)
	}
	checkReg(t, uart, Region{0x9000000, 0x1000})
	checkInterrupts(t, uart, gic, []uint32{0, 1, 4})
	checkInterrupts(t, only(t, tr, "arm,armv8-timer"), gic,
		[]uint32{1, 13, 0x304}, []uint32{1, 14, 0x304}, []uint32{1, 11, 0x304}, []uint32{1, 10, 0x304})
	checkReg(t, only(t, tr, "pci-host-ecam-generic"), Region{0x40_1000_0000, 0x1000_0000})

	virtio := tr.FindCompatible("virtio,mmio")
	if len(virtio) != 32 || virtio[0].Name != "virtio_mmio@a000000" {
		t.Fatalf("%d virtio,mmio nodes", len(virtio))
	}
	checkInterrupts(t, virtio[0], gic, []uint32{0, 0x10, 1})

	cpus := tr.Path("/cpus")
	if len(cpus.Children) != 3 || tr.Path("/cpus/cpu@1") == nil {
		t.Errorf("/cpus children %d", len(cpus.Children))
	}
	if _, err := tr.Path("/cpus/cpu@1").Reg(); err == nil {
		t.Errorf("cpu reg translated")
	}
	if id, ok := tr.Path("/cpus/cpu@1").U32("reg"); !ok || id != 1 {
		t.Errorf("cpu@1 reg = %d, %v", id, ok)
	}

	if s := tr.Bootargs(); s != "console=ttyAMA0 root=/dev/ram0 earlycon" {
		t.Errorf("Bootargs = %q", s)
	}
	if r, ok, err := tr.Initrd(); r != (Region{0x48000000, 0x3039}) || !ok || err != nil {
		t.Errorf("Initrd = %x, %v, %v", r, ok, err)
	}
	if n, opts := tr.StdoutPath(); n != uart || opts != "" {
		t.Errorf("StdoutPath = %v, %q", n, opts)
	}
}

// TestRaspberryPi3 checks Debian's bcm2837-rpi-3-b.dtb.
func TestRaspberryPi3(t *testing.T) {
	tr := mustParse(t, readFixture(t, "../../../firmware/raspberrypi/bcm2837-rpi-3-b.dtb"))
	if tr.Model() != "Raspberry Pi 3 Model B" || !tr.Root.Compatible("brcm,bcm2837") {
		t.Errorf("Model %q", tr.Model())
	}
	if !slices.Equal(tr.Reserved, []Region{{0, 0x1000}}) {
		t.Errorf("Reserved = %x", tr.Reserved)
	}
	if m, err := tr.Memory(); err != nil || !slices.Equal(m, []Region{{0, 1 << 30}}) {
		t.Errorf("Memory = %x, %v", m, err)
	}
	if tr.Path("/memory") != tr.Path("/memory@0") || tr.Path("/memory") == nil {
		t.Error("/memory does not find memory@0")
	}
	if tr.Path("/soc/serial") != nil {
		t.Error("/soc/serial is ambiguous but found a node")
	}

	armctrl := only(t, tr, "brcm,bcm2836-armctrl-ic")
	l1 := only(t, tr, "brcm,bcm2836-l1-intc")
	checkReg(t, armctrl, Region{0x3f00b200, 0x200})
	checkReg(t, l1, Region{0x40000000, 0x100}) // through the second range
	checkInterrupts(t, armctrl, l1, []uint32{8, 4})
	if tr.Root.InterruptParent() != armctrl {
		t.Error("root interrupt parent is not the ARM control block")
	}

	uart0 := tr.Alias("serial0")
	if uart0 == nil || uart0 != tr.Path("/soc/serial@7e201000") || !uart0.Compatible("arm,pl011") {
		t.Fatalf("serial0 = %v", uart0)
	}
	checkReg(t, uart0, Region{0x3f201000, 0x200})
	checkInterrupts(t, uart0, armctrl, []uint32{2, 25})

	mini, opts := tr.StdoutPath()
	if mini != tr.Path("/soc/serial@7e215040") || opts != "115200n8" {
		t.Fatalf("StdoutPath = %v, %q", mini, opts)
	}
	checkReg(t, mini, Region{0x3f215040, 0x40})

	checkInterrupts(t, only(t, tr, "arm,armv7-timer"), l1,
		[]uint32{0, 4}, []uint32{1, 4}, []uint32{3, 4}, []uint32{2, 4})
	if n := tr.Path("/cpus/cpu@1"); n == nil {
		t.Error("no /cpus/cpu@1")
	} else if a, ok := n.U64("cpu-release-addr"); !ok || a != 0xe0 {
		t.Errorf("cpu@1 cpu-release-addr = %#x, %v", a, ok)
	}
	if ns := tr.FindCompatible("arm,pl011", "brcm,bcm2835-aux-uart"); len(ns) != 2 || ns[0] != uart0 || ns[1] != mini {
		t.Errorf("UARTs = %v", ns)
	}
	if tr.Bootargs() != "" {
		t.Errorf("Bootargs = %q", tr.Bootargs())
	}
	if _, ok, err := tr.Initrd(); ok || err != nil {
		t.Errorf("Initrd = %v, %v", ok, err)
	}
	exercise(tr)
}
