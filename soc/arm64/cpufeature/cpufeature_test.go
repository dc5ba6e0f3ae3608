package cpufeature

import "testing"

// QEMU's cortex-a53 ID registers (target/arm/cpu64.c, aarch64_a53_initfn).
var a53 = Regs{
	MIDR:  0x410fd034,
	PFR0:  0x00002222,
	ISAR0: 0x00011120,
	MMFR0: 0x00001122,
	DFR0:  0x10305106,
}

func TestHWCapCortexA53(t *testing.T) {
	hw, hw2 := a53.HWCap()
	// What Linux reports on a Cortex-A53 with the crypto extension
	// (/proc/cpuinfo: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid;
	// 0x8ff, which Debian's kernel gives in QEMU).
	want := uint64(HWCAP_FP | HWCAP_ASIMD | HWCAP_EVTSTRM | HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2 | HWCAP_CRC32 | HWCAP_CPUID)
	if hw != want || hw2 != 0 {
		t.Errorf("HWCap = %#x, %#x; want %#x, 0", hw, hw2, want)
	}
}

func TestHWCapNoFP(t *testing.T) {
	r := Regs{PFR0: 0xff0000} // FP and AdvSIMD not implemented (0xf)
	if hw, _ := r.HWCap(); hw != HWCAP_CPUID|HWCAP_EVTSTRM {
		t.Errorf("HWCap = %#x, want only CPUID and EVTSTRM", hw)
	}
}

func TestUserRegister(t *testing.T) {
	r := a53
	r.ISAR1 = 0x0000_0000_0110_0011 // GPA, API, APA set: hidden
	cases := []struct {
		crm, op2 uint32
		want     uint64
		ok       bool
	}{
		{0, 0, 0x410fd034, true},    // MIDR_EL1
		{0, 5, 1 << 31, true},       // MPIDR_EL1
		{0, 6, 0, true},             // REVIDR_EL1
		{4, 0, 0x11, true},          // PFR0: FP=0 AdvSIMD=0 visible, EL0/EL1 as AArch64 only
		{6, 0, 0x00011120, true},    // ISAR0 as is
		{6, 1, 0x0010_0001, true},   // LRCPC and DPB kept, GPA and APA dropped
		{7, 0, 0x111ff000000, true}, // MMFR0: safe values, as Debian's kernel shows in QEMU
		{5, 0, 0x6, true},           // DFR0: DebugVer 6
		{5, 3, 0, true},             // unallocated: RAZ
		{1, 0, 0, false},
		{8, 0, 0, false},
	}
	for _, c := range cases {
		got, ok := r.UserRegister(c.crm, c.op2)
		if got != c.want || ok != c.ok {
			t.Errorf("UserRegister(%d, %d) = %#x, %v; want %#x, %v", c.crm, c.op2, got, ok, c.want, c.ok)
		}
	}
}
