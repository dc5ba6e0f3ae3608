package devicetree

import "testing"

func TestInitrd(t *testing.T) {
	for _, tc := range []struct {
		name       string
		start, end tprop
		want       Region
		ok, err    bool
	}{
		{"32-bit", prop("linux,initrd-start", 0x48000000), prop("linux,initrd-end", 0x48003039), Region{0x48000000, 0x3039}, true, false},
		{"64-bit", prop("linux,initrd-start", 1, 0), prop("linux,initrd-end", 1, 0x1000), Region{0x1_0000_0000, 0x1000}, true, false},
		{"mixed", prop("linux,initrd-start", 0x1000), prop("linux,initrd-end", 0, 0x3000), Region{0x1000, 0x2000}, true, false},
		{"absent", prop("x"), prop("y"), Region{}, false, false},
		{"no end", prop("linux,initrd-start", 0x1000), prop("y"), Region{}, false, true},
		{"3 cells", prop("linux,initrd-start", 0, 0, 0x1000), prop("linux,initrd-end", 0x2000), Region{}, false, true},
		{"backwards", prop("linux,initrd-start", 0x2000), prop("linux,initrd-end", 0x1000), Region{}, false, true},
	} {
		tr := mustParse(t, dtb(node("", node("chosen", tc.start, tc.end))))
		r, ok, err := tr.Initrd()
		if r != tc.want || ok != tc.ok || (err != nil) != tc.err {
			t.Errorf("%s: Initrd = %x, %v, %v", tc.name, r, ok, err)
		}
	}
	if _, ok, err := mustParse(t, dtb(node(""))).Initrd(); ok || err != nil {
		t.Errorf("Initrd without /chosen = %v, %v", ok, err)
	}
}

func TestChosen(t *testing.T) {
	tr := mustParse(t, dtb(node("",
		prop("model", "board"),
		node("aliases", prop("serial1", "/soc/serial@2000")),
		node("chosen", prop("bootargs", "console=ttyS0 quiet"), prop("stdout-path", "serial1:115200n8")),
		node("soc", node("serial@1000"), node("serial@2000")))))
	if s := tr.Bootargs(); s != "console=ttyS0 quiet" {
		t.Errorf("Bootargs = %q", s)
	}
	if s := tr.Model(); s != "board" {
		t.Errorf("Model = %q", s)
	}
	if n, opts := tr.StdoutPath(); n != tr.Path("/soc/serial@2000") || opts != "115200n8" {
		t.Errorf("StdoutPath = %v, %q", n, opts)
	}

	for _, tc := range []struct {
		prop  tprop
		want  string
		wopts string
	}{
		{prop("stdout-path", "/soc/serial@1000"), "/soc/serial@1000", ""},
		{prop("stdout-path", "/soc/serial@1000:9600"), "/soc/serial@1000", "9600"},
		{prop("linux,stdout-path", "/soc/serial@2000"), "/soc/serial@2000", ""},
		{prop("stdout-path", "/soc/serial@3000:9600"), "", "9600"},
		{prop("other", "x"), "", ""},
	} {
		tr := mustParse(t, dtb(node("", node("chosen", tc.prop), node("soc", node("serial@1000"), node("serial@2000")))))
		n, opts := tr.StdoutPath()
		if got := ""; n != nil {
			got = n.path()
			if got != tc.want {
				t.Errorf("%s=%q: StdoutPath node %s; want %q", tc.prop.name, tc.prop.val, got, tc.want)
			}
		} else if tc.want != "" {
			t.Errorf("%s=%q: StdoutPath node nil; want %s", tc.prop.name, tc.prop.val, tc.want)
		}
		if opts != tc.wopts {
			t.Errorf("%s=%q: options %q; want %q", tc.prop.name, tc.prop.val, opts, tc.wopts)
		}
	}

	empty := mustParse(t, dtb(node("")))
	if empty.Bootargs() != "" || empty.Model() != "" {
		t.Error("empty tree has bootargs or model")
	}
	if n, opts := empty.StdoutPath(); n != nil || opts != "" {
		t.Errorf("empty tree StdoutPath = %v, %q", n, opts)
	}
}
