package mmu

import "testing"

func TestMAIR(t *testing.T) {
	// Attr0 [7:0] = 0x04 Device-nGnRE, Attr1 [15:8] = 0xff Normal WB RA/WA,
	// Attr2 [23:16] = 0x44 Normal Non-cacheable.
	if MAIR != 0x44ff04 {
		t.Errorf("MAIR = %#x", MAIR)
	}
}

func TestTCR(t *testing.T) {
	// T0SZ=16             0x0000_0010  [5:0]
	// IRGN0=0b01          0x0000_0100  [9:8]
	// ORGN0=0b01          0x0000_0400  [11:10]
	// SH0=0b11            0x0000_3000  [13:12]
	// TG0=0b00 (4 KiB)    0            [15:14]
	// T1SZ=16             0x0010_0000  [21:16]
	// A1=0                0            [22]
	// EPD1=1              0x0080_0000  [23]
	// TG1=0b10 (4 KiB)    0x8000_0000  [31:30]
	// IPS                 [34:32]
	// AS=1 (16-bit ASID)  0x10_0000_0000 [36]
	const want = 0x10_8090_3510
	if TCR != want {
		t.Errorf("TCR = %#x, want %#x", uint64(TCR), uint64(want))
	}
	for _, c := range []struct{ parange, want uint64 }{
		{0, want},                     // 32 bits
		{2, 0x12_8090_3510},           // 40 bits (Cortex-A53)
		{5, 0x15_8090_3510},           // 48 bits
		{6, 0x15_8090_3510},           // 52 bits: capped at 48
		{0xf, 0x15_8090_3510},         // reserved
		{0x0010_1122, 0x12_8090_3510}, // whole ID_AA64MMFR0_EL1
	} {
		if got := TCRFor(c.parange); got != c.want {
			t.Errorf("TCRFor(%#x) = %#x, want %#x", c.parange, got, c.want)
		}
	}
}

func TestTTBR(t *testing.T) {
	for _, c := range []struct {
		root uint64
		asid uint16
		want uint64
	}{
		{0x4008_0000, 0, 0x4008_0000},
		{0x4008_0000, 0x1234, 0x1234_0000_4008_0000}, // ASID [63:48]
		{0x7f00_0000_1000, 0xffff, 0xffff_7f00_0000_1000},
		{0x4008_0abc, 1, 0x0001_0000_4008_0000}, // low bits (CnP) dropped
	} {
		if got := TTBR(c.root, c.asid); got != c.want {
			t.Errorf("TTBR(%#x, %#x) = %#x, want %#x", c.root, c.asid, got, c.want)
		}
	}
}
