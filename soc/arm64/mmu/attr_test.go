package mmu

import (
	"errors"
	"testing"
)

// allAttrs enumerates every Attr over the three kinds.
func allAttrs() []Attr {
	perms := make([]Perm, 0, 8)
	for b := range 8 {
		perms = append(perms, Perm{Read: b&1 != 0, Write: b&2 != 0, Exec: b&4 != 0})
	}
	var as []Attr
	for _, k := range []MemKind{Device, Normal, NonCacheable} {
		for _, kp := range perms {
			for _, up := range perms {
				for _, g := range []bool{false, true} {
					as = append(as, Attr{Kind: k, Kernel: kp, User: up, Global: g})
				}
			}
		}
	}
	return as
}

func TestDescriptorRoundTrip(t *testing.T) {
	legal := 0
	for _, a := range allAttrs() {
		for level, pa := range map[int]uint64{1: 0x1_4000_0000, 2: 0x3f20_0000, 3: 0xffff_ffff_f000} {
			d, err := a.Descriptor(pa, level)
			if err != nil {
				if !errors.Is(err, ErrAttr) {
					t.Fatalf("%+v: %v, want ErrAttr", a, err)
				}
				continue
			}
			if level == 3 {
				legal++
			}
			if got := DecodeAttr(d); got != a {
				t.Errorf("DecodeAttr(%#x) = %+v, want %+v", d, got, a)
			}
			if leafPA(d, level) != pa || !isLeaf(d, level) || d&accessF == 0 {
				t.Errorf("%+v level %d: bad descriptor %#x", a, level, d)
			}
			if a.Kind == Device && d&(pxn|uxn) != pxn|uxn {
				t.Errorf("%+v: device descriptor %#x not PXN|UXN", a, d)
			}
		}
	}
	// Per Normal kind and Global value, with Kernel.Read forced: EL1 RO
	// (4 user choices each for X and NX), EL1 RW NX (4), EL1 RWX (2: EL0
	// none or exec-only) = 14. Device, no Exec: EL1 RO (EL0 none or RO) and
	// EL1 RW (EL0 none or RW) = 4. (14+14+4) * 2 = 64.
	if legal != 64 {
		t.Errorf("%d legal attributes, want 64", legal)
	}
}

func TestDescriptorValues(t *testing.T) {
	rw := Perm{Read: true, Write: true}
	for _, c := range []struct {
		a     Attr
		pa    uint64
		level int
		want  uint64
	}{
		// page 0b11 | AttrIndx 1 <<2 | AP 0b10 <<6 | SH 0b11 <<8 | AF <<10, UXN bit 54.
		{Attr{Kind: Normal, Kernel: Perm{Read: true, Exec: true}, Global: true}, 0x4008_0000, 3, 0x0040_0000_4008_0787},
		// block 0b01 | AttrIndx 0 | AF, PXN bit 53 | UXN bit 54 (the boot DEVICE_BLOCK).
		{Attr{Kind: Device, Kernel: rw, Global: true}, 0x3f00_0000, 2, 0x0060_0000_3f00_0401},
		// L1 block, Normal EL1 RW, PXN|UXN.
		{Attr{Kind: Normal, Kernel: rw, Global: true}, 0x4000_0000, 1, 0x0060_0000_4000_0705},
		// user data page: AP 0b01, nG bit 11, PXN|UXN.
		{Attr{Kind: Normal, Kernel: rw, User: rw}, 0x1234_5000, 3, 0x0060_0000_1234_5f47},
		// user text page: AP 0b11, nG, PXN only.
		{Attr{Kind: Normal, Kernel: Perm{Read: true}, User: Perm{Read: true, Exec: true}}, 0x1000, 3, 0x0020_0000_0000_1fc7},
		// Normal non-cacheable: AttrIndx 2.
		{Attr{Kind: NonCacheable, Kernel: rw, Global: true}, 0x2000, 3, 0x0060_0000_0000_270b},
	} {
		d, err := c.a.Descriptor(c.pa, c.level)
		if err != nil || d != c.want {
			t.Errorf("%+v.Descriptor(%#x, %d) = %#x, %v; want %#x", c.a, c.pa, c.level, d, err, c.want)
		}
	}
}

func TestDescriptorErrors(t *testing.T) {
	ok := Attr{Kind: Normal, Kernel: Perm{Read: true}}
	rw := Perm{Read: true, Write: true}
	for _, c := range []struct {
		a     Attr
		pa    uint64
		level int
		want  error
	}{
		{ok, 0, 0, nil}, // no L0 blocks
		{ok, 0, 4, nil},
		{ok, 0x1000, 2, ErrAlign},
		{ok, 0x20_0000, 1, ErrAlign},
		{ok, 1 << 48, 3, ErrRange},
		{Attr{Kind: 3, Kernel: rw}, 0, 3, ErrAttr},
		{Attr{Kind: Normal}, 0, 3, ErrAttr},                           // EL1 no access
		{Attr{Kind: Normal, Kernel: Perm{Exec: true}}, 0, 3, ErrAttr}, // EL1 execute-only
		{Attr{Kind: Normal, Kernel: rw, User: Perm{Write: true}}, 0, 3, ErrAttr},                         // EL0 write-only
		{Attr{Kind: Normal, Kernel: Perm{Read: true}, User: rw}, 0, 3, ErrAttr},                          // EL1 RO, EL0 RW
		{Attr{Kind: Normal, Kernel: rw, User: Perm{Read: true}}, 0, 3, ErrAttr},                          // EL1 RW, EL0 RO
		{Attr{Kind: Normal, Kernel: Perm{Read: true, Write: true, Exec: true}, User: rw}, 0, 3, ErrAttr}, // EL0 W => PXN
		{Attr{Kind: Device, Kernel: Perm{Read: true, Exec: true}}, 0, 3, ErrAttr},                        // device exec
		{Attr{Kind: Device, Kernel: Perm{Read: true}, User: Perm{Exec: true}}, 0, 3, ErrAttr},            // device exec
	} {
		_, err := c.a.Descriptor(c.pa, c.level)
		if err == nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%+v.Descriptor(%#x, %d) = %v, want %v", c.a, c.pa, c.level, err, c.want)
		}
	}
}

func TestDecodeEffectivePXN(t *testing.T) {
	// AP=0b01 (EL0 writable) with PXN clear: still not EL1-executable.
	a := DecodeAttr(0x0040_0000_0000_0747)
	if a.Kernel.Exec || !a.User.Write || !a.Kernel.Write {
		t.Errorf("DecodeAttr = %+v", a)
	}
	// EL0 execute-only: AP[1]=0, UXN=0.
	x := Attr{Kind: Normal, Kernel: Perm{Read: true}, User: Perm{Exec: true}}
	d, err := x.Descriptor(0x1000, 3)
	if err != nil || d&(apUser|uxn) != 0 || DecodeAttr(d) != x {
		t.Errorf("exec-only: %#x, %v", d, err)
	}
}
