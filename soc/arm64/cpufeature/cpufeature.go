// Package cpufeature is what Linux tells user space about the CPU: the
// ID registers as an EL0 MRS reads them under emulation, and the
// AT_HWCAP/AT_HWCAP2 bits (arch/arm64/kernel/cpufeature.c,
// Documentation/arch/arm64/cpu-feature-registers.rst and elf_hwcaps.rst).
// It computes from register values and builds on the host.
package cpufeature

// Regs are the ID registers the kernel read at boot.
type Regs struct {
	MIDR                uint64
	PFR0, PFR1          uint64
	ISAR0, ISAR1        uint64
	MMFR0, MMFR1, MMFR2 uint64
	DFR0                uint64
}

// field returns the 4-bit field of r at shift.
func field(r uint64, shift uint) uint64 { return r >> shift & 0xf }

// Visible fields of each register (the FTR_VISIBLE entries of the
// ftr_id_aa64* tables); hidden fields read as their safe value, which is
// 0 except for PFR0's EL0 and EL1 fields (1: AArch64 only).
const (
	isar0Visible = 0xf0ff_ffff_f0ff_fff0 // RNDR TS FHM DP SM4 SM3 SHA3 RDM ATOMIC CRC32 SHA2 SHA1 AES
	isar1Visible = 0x00ff_fff0_00ff_f00f // I8MM DGH BF16 SPECRES SB FRINTTS LRCPC FCMA JSCVT DPB; pointer authentication (GPI GPA API APA) hidden: tamix does not manage its keys
	pfr0Visible  = 0x000f_000f_00ff_0000 // DIT SVE AdvSIMD FP
	pfr0Safe     = 0x11                  // EL1 and EL0: AArch64 only
	pfr1Visible  = 0x0000_0000_0000_00f0 // SSBS
	mmfr2Visible = 0x0000_000f_0000_0000 // AT (USCAT)
	// MMFR0 and DFR0 have no visible fields: they read as their safe
	// values whatever the CPU — TGran4_2, TGran64_2, TGran16_2 1, TGran4
	// and TGran64 0xf (ftr_id_aa64mmfr0), DebugVer 6 (ftr_id_aa64dfr0).
	mmfr0Safe = 0x0000_0111_ff00_0000
	dfr0Safe  = 0x6
)

// UserRegister returns what an EL0 MRS of the ID register (op0 3, op1 0,
// CRn 0, crm, op2) reads under Linux's emulation, and whether the
// encoding is one Linux emulates: MIDR_EL1, MPIDR_EL1 and REVIDR_EL1,
// and the whole ID space CRm 4 to 7, whose unallocated registers read 0.
func (r *Regs) UserRegister(crm, op2 uint32) (uint64, bool) {
	switch {
	case crm == 0 && op2 == 0:
		return r.MIDR, true
	case crm == 0 && op2 == 5:
		return 1 << 31, true // MPIDR_EL1 as emulated: RES1 bit 31 only
	case crm == 0 && op2 == 6:
		return 0, true // REVIDR_EL1
	case crm < 4 || crm > 7:
		return 0, false
	}
	switch crm<<3 | op2 {
	case 4<<3 | 0:
		return r.PFR0&pfr0Visible | pfr0Safe, true
	case 4<<3 | 1:
		return r.PFR1 & pfr1Visible, true
	case 6<<3 | 0:
		return r.ISAR0 & isar0Visible, true
	case 6<<3 | 1:
		return r.ISAR1 & isar1Visible, true
	case 7<<3 | 2:
		return r.MMFR2 & mmfr2Visible, true
	case 7<<3 | 0:
		return mmfr0Safe, true
	case 5<<3 | 0:
		return dfr0Safe, true
	}
	return 0, true
}

// AT_HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h).
const (
	HWCAP_FP       = 1 << 0
	HWCAP_ASIMD    = 1 << 1
	HWCAP_EVTSTRM  = 1 << 2
	HWCAP_AES      = 1 << 3
	HWCAP_PMULL    = 1 << 4
	HWCAP_SHA1     = 1 << 5
	HWCAP_SHA2     = 1 << 6
	HWCAP_CRC32    = 1 << 7
	HWCAP_ATOMICS  = 1 << 8
	HWCAP_FPHP     = 1 << 9
	HWCAP_ASIMDHP  = 1 << 10
	HWCAP_CPUID    = 1 << 11
	HWCAP_ASIMDRDM = 1 << 12
	HWCAP_JSCVT    = 1 << 13
	HWCAP_FCMA     = 1 << 14
	HWCAP_LRCPC    = 1 << 15
	HWCAP_DCPOP    = 1 << 16
	HWCAP_SHA3     = 1 << 17
	HWCAP_SM3      = 1 << 18
	HWCAP_SM4      = 1 << 19
	HWCAP_ASIMDDP  = 1 << 20
	HWCAP_SHA512   = 1 << 21
	HWCAP_ASIMDFHM = 1 << 23
	HWCAP_DIT      = 1 << 24
	HWCAP_USCAT    = 1 << 25
	HWCAP_ILRCPC   = 1 << 26
	HWCAP_FLAGM    = 1 << 27
	HWCAP_SSBS     = 1 << 28
	HWCAP_SB       = 1 << 29

	HWCAP2_DCPODP = 1 << 0
	HWCAP2_FLAGM2 = 1 << 7
	HWCAP2_FRINT  = 1 << 8
	HWCAP2_RNG    = 1 << 16
)

// HWCap derives AT_HWCAP and AT_HWCAP2 as arm64_elf_hwcaps does, with
// HWCAP_EVTSTRM: the kernel runs the generic timer's event stream, as
// Linux's arch timer driver does (soc/arm64 InitTimer).
func (r *Regs) HWCap() (hwcap, hwcap2 uint64) {
	type cap struct {
		reg    uint64
		shift  uint
		min    uint64
		signed bool
		bit    uint64
		second bool
	}
	caps := []cap{
		{r.PFR0, 16, 0, true, HWCAP_FP, false},
		{r.PFR0, 16, 1, true, HWCAP_FPHP, false},
		{r.PFR0, 20, 0, true, HWCAP_ASIMD, false},
		{r.PFR0, 20, 1, true, HWCAP_ASIMDHP, false},
		{r.PFR0, 48, 1, false, HWCAP_DIT, false},
		{r.ISAR0, 4, 1, false, HWCAP_AES, false},
		{r.ISAR0, 4, 2, false, HWCAP_PMULL, false},
		{r.ISAR0, 8, 1, false, HWCAP_SHA1, false},
		{r.ISAR0, 12, 1, false, HWCAP_SHA2, false},
		{r.ISAR0, 12, 2, false, HWCAP_SHA512, false},
		{r.ISAR0, 16, 1, false, HWCAP_CRC32, false},
		{r.ISAR0, 20, 2, false, HWCAP_ATOMICS, false},
		{r.ISAR0, 28, 1, false, HWCAP_ASIMDRDM, false},
		{r.ISAR0, 32, 1, false, HWCAP_SHA3, false},
		{r.ISAR0, 36, 1, false, HWCAP_SM3, false},
		{r.ISAR0, 40, 1, false, HWCAP_SM4, false},
		{r.ISAR0, 44, 1, false, HWCAP_ASIMDDP, false},
		{r.ISAR0, 48, 1, false, HWCAP_ASIMDFHM, false},
		{r.ISAR0, 52, 1, false, HWCAP_FLAGM, false},
		{r.ISAR0, 52, 2, false, HWCAP2_FLAGM2, true},
		{r.ISAR0, 60, 1, false, HWCAP2_RNG, true},
		{r.ISAR1, 0, 1, false, HWCAP_DCPOP, false},
		{r.ISAR1, 0, 2, false, HWCAP2_DCPODP, true},
		{r.ISAR1, 12, 1, false, HWCAP_JSCVT, false},
		{r.ISAR1, 16, 1, false, HWCAP_FCMA, false},
		{r.ISAR1, 20, 1, false, HWCAP_LRCPC, false},
		{r.ISAR1, 20, 2, false, HWCAP_ILRCPC, false},
		{r.ISAR1, 32, 1, false, HWCAP2_FRINT, true},
		{r.ISAR1, 36, 1, false, HWCAP_SB, false},
		{r.PFR1, 4, 1, false, HWCAP_SSBS, false},
		{r.MMFR2, 32, 1, false, HWCAP_USCAT, false},
	}
	for _, c := range caps {
		v := field(c.reg, c.shift)
		ok := v >= c.min
		if c.signed { // 0xf: not implemented
			ok = v != 0xf && v >= c.min
		}
		if !ok {
			continue
		}
		if c.second {
			hwcap2 |= c.bit
		} else {
			hwcap |= c.bit
		}
	}
	return hwcap | HWCAP_CPUID | HWCAP_EVTSTRM, hwcap2
}
