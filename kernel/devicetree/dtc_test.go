package devicetree

import (
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const dtcSource = `/dts-v1/;
/memreserve/ 0x10000000 0x4000;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	model = "dtc board";
	interrupt-parent = <&gic>;

	aliases { serial0 = &uart; };
	chosen {
		bootargs = "root=/dev/vda";
		stdout-path = "serial0:115200n8";
		linux,initrd-start = /bits/ 64 <0x2000000>;
		linux,initrd-end = /bits/ 64 <0x2100000>;
	};
	memory@80000000 { device_type = "memory"; reg = <0x80000000 0x8000000>; };

	gic: interrupt-controller@1000 {
		compatible = "arm,gic-400";
		interrupt-controller;
		#interrupt-cells = <3>;
		reg = <0x1000 0x1000>;
	};
	soc {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0x0 0x20000000 0x100000>;
		uart: serial@3000 {
			compatible = "ns16550a";
			reg = <0x3000 0x100>;
			interrupts-extended = <&gic 0 33 4>, <&msi 7>;
		};
		msi: msi@4000 { reg = <0x4000 0x10>; #interrupt-cells = <1>; };
	};
};
`

// TestDTC checks a blob compiled by dtc, when dtc is installed.
func TestDTC(t *testing.T) {
	if _, err := exec.LookPath("dtc"); err != nil {
		t.Skip("dtc not installed")
	}
	cmd := exec.Command("dtc", "-I", "dts", "-O", "dtb", "-q")
	cmd.Stdin = strings.NewReader(dtcSource)
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("dtc: %v", err)
	}
	tr := mustParse(t, b)
	if !slices.Equal(tr.Reserved, []Region{{0x10000000, 0x4000}}) || tr.Model() != "dtc board" {
		t.Errorf("Reserved %x, Model %q", tr.Reserved, tr.Model())
	}
	uart := tr.Alias("serial0")
	if n, opts := tr.StdoutPath(); n == nil || n != uart || opts != "115200n8" {
		t.Fatalf("StdoutPath = %v, %q", n, opts)
	}
	checkReg(t, uart, Region{0x20003000, 0x100})
	gic, msi := tr.Path("/interrupt-controller"), tr.Path("/soc/msi")
	is, err := uart.InterruptSpecs()
	want := []Interrupt{{gic, []uint32{0, 33, 4}}, {msi, []uint32{7}}}
	if err != nil || !reflect.DeepEqual(is, want) {
		t.Errorf("InterruptSpecs = %v, %v", is, err)
	}
	if r, ok, err := tr.Initrd(); r != (Region{0x2000000, 0x100000}) || !ok || err != nil {
		t.Errorf("Initrd = %x, %v, %v", r, ok, err)
	}
	if m, err := tr.Memory(); err != nil || !slices.Equal(m, []Region{{0x80000000, 0x8000000}}) {
		t.Errorf("Memory = %x, %v", m, err)
	}
	if tr.Bootargs() != "root=/dev/vda" {
		t.Errorf("Bootargs = %q", tr.Bootargs())
	}
}
