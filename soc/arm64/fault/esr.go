// Package fault decodes AArch64 exception syndromes and formats Linux-style
// oops reports for the kernel's exception handlers. It is pure data
// formatting: the exception entry code saves a Frame and reads the
// instruction bytes, this package only turns them into text.
//
// Register layouts follow the Arm Architecture Reference Manual (DDI 0487,
// D19.2 "ESR_EL1" and C5.2, "SPSR_EL1"); the report text follows upstream
// Linux arch/arm64 of about v6.15 (kernel/traps.c, kernel/process.c,
// mm/fault.c) as built with CONFIG_SMP=y, CONFIG_PREEMPT=n and
// CONFIG_KALLSYMS=n, so tools that parse Linux arm64 oopses can read tamix's.
package fault

// ESR is an ESR_EL1 value (Arm ARM D19.2 "ESR_EL1, Exception Syndrome
// Register (EL1)"): EC in bits [31:26], IL in bit 25, ISS in bits [24:0]
// and ISS2 in bits [55:32].
type ESR uint64

// Exception classes (ESR_EL1.EC) an EL1 handler can see from AArch64 code,
// named after the Arm ARM's descriptions; Linux's ESR_ELx_EC_* in
// arch/arm64/include/asm/esr.h in brackets.
const (
	ECUnknown         = 0x00 // unknown reason, e.g. an undefined instruction [UNKNOWN]
	ECWFx             = 0x01 // trapped WFI/WFE [WFx]
	ECFPAccess        = 0x07 // SVE/SIMD/FP access trapped by CPACR_EL1.FPEN [FP_ASIMD]
	ECBTI             = 0x0D // Branch Target Identification [BTI]
	ECIllegalState    = 0x0E // illegal execution state, PSTATE.IL [ILL]
	ECSVC64           = 0x15 // SVC in AArch64 state [SVC64]
	ECSysReg          = 0x18 // trapped MSR/MRS/system instruction [SYS64]
	ECSVE             = 0x19 // SVE access trapped by CPACR_EL1.ZEN [SVE]
	ECFPAC            = 0x1C // pointer authentication failure [FPAC]
	ECSME             = 0x1D // SME access trapped by CPACR_EL1.SMEN [SME]
	ECInstAbortLower  = 0x20 // instruction abort from a lower EL [IABT_LOW]
	ECInstAbortSame   = 0x21 // instruction abort without a change of EL [IABT_CUR]
	ECPCAlign         = 0x22 // PC alignment fault [PC_ALIGN]
	ECDataAbortLower  = 0x24 // data abort from a lower EL [DABT_LOW]
	ECDataAbortSame   = 0x25 // data abort without a change of EL [DABT_CUR]
	ECSPAlign         = 0x26 // SP alignment fault [SP_ALIGN]
	ECMOPS            = 0x27 // memory copy/set (FEAT_MOPS) exception [MOPS]
	ECFPExc64         = 0x2C // trapped floating-point exception, AArch64 [FP_EXC64]
	ECGCS             = 0x2D // Guarded Control Stack exception [GCS]
	ECSError          = 0x2F // SError interrupt [SERROR]
	ECBreakpointLower = 0x30 // hardware breakpoint from a lower EL [BREAKPT_LOW]
	ECBreakpointSame  = 0x31 // hardware breakpoint without a change of EL [BREAKPT_CUR]
	ECSoftStepLower   = 0x32 // software step from a lower EL [SOFTSTP_LOW]
	ECSoftStepSame    = 0x33 // software step without a change of EL [SOFTSTP_CUR]
	ECWatchpointLower = 0x34 // watchpoint from a lower EL [WATCHPT_LOW]
	ECWatchpointSame  = 0x35 // watchpoint without a change of EL [WATCHPT_CUR]
	ECBRK64           = 0x3C // BRK in AArch64 state [BRK64]
)

// EC returns the exception class, ESR_EL1[31:26].
func (e ESR) EC() uint32 { return uint32(e>>26) & 0x3f }

// IL reports the instruction length bit, ESR_EL1[25]: true for a trapped
// 32-bit instruction (and for exceptions without an instruction, such as
// SError and instruction aborts), false for a 16-bit T32 one.
func (e ESR) IL() bool { return e&(1<<25) != 0 }

// ISS returns the instruction specific syndrome, ESR_EL1[24:0].
func (e ESR) ISS() uint32 { return uint32(e) & 0x1ffffff }

// ISS2 returns the second syndrome field, ESR_EL1[55:32] (FEAT_LS64,
// FEAT_MTE, FEAT_THE, FEAT_GCS... data abort details).
func (e ESR) ISS2() uint32 { return uint32(e>>32) & 0xffffff }

// ClassString names the exception class as Linux's esr_class_str[] does
// (arch/arm64/kernel/traps.c, esr_get_class_string), "UNRECOGNIZED EC" for
// classes it does not list.
func (e ESR) ClassString() string {
	if s := classNames[e.EC()]; s != "" {
		return s
	}
	return "UNRECOGNIZED EC"
}

// classNames is Linux's esr_class_str[]; the classes not named by a
// constant above are AArch32 or EL2/EL3 ones.
var classNames = [64]string{
	ECUnknown:         "Unknown/Uncategorized",
	ECWFx:             "WFI/WFE",
	0x03:              "CP15 MCR/MRC",
	0x04:              "CP15 MCRR/MRRC",
	0x05:              "CP14 MCR/MRC",
	0x06:              "CP14 LDC/STC",
	ECFPAccess:        "ASIMD",
	0x08:              "CP10 MRC/VMRS",
	0x09:              "PAC",
	0x0C:              "CP14 MCRR/MRRC",
	ECBTI:             "BTI",
	ECIllegalState:    "PSTATE.IL",
	0x11:              "SVC (AArch32)",
	0x12:              "HVC (AArch32)",
	0x13:              "SMC (AArch32)",
	ECSVC64:           "SVC (AArch64)",
	0x16:              "HVC (AArch64)",
	0x17:              "SMC (AArch64)",
	ECSysReg:          "MSR/MRS (AArch64)",
	ECSVE:             "SVE",
	0x1A:              "ERET/ERETAA/ERETAB",
	ECFPAC:            "FPAC",
	ECSME:             "SME",
	0x1F:              "EL3 IMP DEF",
	ECInstAbortLower:  "IABT (lower EL)",
	ECInstAbortSame:   "IABT (current EL)",
	ECPCAlign:         "PC Alignment",
	ECDataAbortLower:  "DABT (lower EL)",
	ECDataAbortSame:   "DABT (current EL)",
	ECSPAlign:         "SP Alignment",
	ECMOPS:            "MOPS",
	0x28:              "FP (AArch32)",
	ECFPExc64:         "FP (AArch64)",
	ECGCS:             "Guarded Control Stack",
	ECSError:          "SError",
	ECBreakpointLower: "Breakpoint (lower EL)",
	ECBreakpointSame:  "Breakpoint (current EL)",
	ECSoftStepLower:   "Software Step (lower EL)",
	ECSoftStepSame:    "Software Step (current EL)",
	ECWatchpointLower: "Watchpoint (lower EL)",
	ECWatchpointSame:  "Watchpoint (current EL)",
	0x38:              "BKPT (AArch32)",
	0x3A:              "Vector catch (AArch32)",
	ECBRK64:           "BRK (AArch64)",
}
