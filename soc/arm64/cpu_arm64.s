//go:build tamago

// System register accessors (Arm ARM D19.2).

#include "textflag.h"

// func MIDR() uint64
TEXT ·MIDR(SB),NOSPLIT,$0-8
	MRS	MIDR_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func MPIDR() uint64
TEXT ·MPIDR(SB),NOSPLIT,$0-8
	MRS	MPIDR_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func CurrentEL() uint64
TEXT ·CurrentEL(SB),NOSPLIT,$0-8
	MRS	CurrentEL, R0
	MOVD	R0, ret+0(FP)
	RET

// func CNTFRQ() uint64
TEXT ·CNTFRQ(SB),NOSPLIT,$0-8
	MRS	CNTFRQ_EL0, R0
	MOVD	R0, ret+0(FP)
	RET

// func IDAA64PFR0() uint64
TEXT ·IDAA64PFR0(SB),NOSPLIT,$0-8
	MRS	ID_AA64PFR0_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func IDAA64ISAR0() uint64
TEXT ·IDAA64ISAR0(SB),NOSPLIT,$0-8
	MRS	ID_AA64ISAR0_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func IDAA64PFR1() uint64
TEXT ·IDAA64PFR1(SB),NOSPLIT,$0-8
	MRS	ID_AA64PFR1_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func IDAA64ISAR1() uint64
TEXT ·IDAA64ISAR1(SB),NOSPLIT,$0-8
	MRS	ID_AA64ISAR1_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func IDAA64MMFR1() uint64
TEXT ·IDAA64MMFR1(SB),NOSPLIT,$0-8
	MRS	ID_AA64MMFR1_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func IDAA64MMFR2() uint64
TEXT ·IDAA64MMFR2(SB),NOSPLIT,$0-8
	MRS	ID_AA64MMFR2_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func IDAA64DFR0() uint64
TEXT ·IDAA64DFR0(SB),NOSPLIT,$0-8
	MRS	ID_AA64DFR0_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func IDAA64MMFR0() uint64
TEXT ·IDAA64MMFR0(SB),NOSPLIT,$0-8
	MRS	ID_AA64MMFR0_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func TTBR0() uint64
TEXT ·TTBR0(SB),NOSPLIT,$0-8
	MRS	TTBR0_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func DAIF() uint64
TEXT ·DAIF(SB),NOSPLIT,$0-8
	MRS	DAIF, R0
	MOVD	R0, ret+0(FP)
	RET

// func CNTPCT() uint64: the physical count, which runs from reset.
TEXT ·CNTPCT(SB),NOSPLIT,$0-8
	ISB	$15
	MRS	CNTPCT_EL0, R0
	MOVD	R0, ret+0(FP)
	RET

// func CNTVCT() uint64
TEXT ·CNTVCT(SB),NOSPLIT,$0-8
	ISB	$15
	MRS	CNTVCT_EL0, R0
	MOVD	R0, ret+0(FP)
	RET

// func setCNTVCVAL(v uint64)
TEXT ·setCNTVCVAL(SB),NOSPLIT,$0-8
	MOVD	v+0(FP), R0
	MSR	R0, CNTV_CVAL_EL0
	ISB	$15
	RET

// func setCNTVCTL(v uint64)
TEXT ·setCNTVCTL(SB),NOSPLIT,$0-8
	MOVD	v+0(FP), R0
	MSR	R0, CNTV_CTL_EL0
	ISB	$15
	RET

// func EnableIRQ()
TEXT ·EnableIRQ(SB),NOSPLIT,$0
	MSR	$2, DAIFClr
	RET

// func DisableIRQ()
TEXT ·DisableIRQ(SB),NOSPLIT,$0
	MSR	$2, DAIFSet
	RET

// func WFI()
TEXT ·WFI(SB),NOSPLIT,$0
	DSB	$0xf
	WFI
	RET

// func hvc(fn, a1, a2, a3 uint64) uint64 (SMC Calling Convention, ARM DEN 0028)
TEXT ·hvc(SB),NOSPLIT,$0-40
	MOVD	fn+0(FP), R0
	MOVD	a1+8(FP), R1
	MOVD	a2+16(FP), R2
	MOVD	a3+24(FP), R3
	WORD	$0xd4000002 // hvc #0
	MOVD	R0, ret+32(FP)
	RET

// func smc(fn, a1, a2, a3 uint64) uint64
TEXT ·smc(SB),NOSPLIT,$0-40
	MOVD	fn+0(FP), R0
	MOVD	a1+8(FP), R1
	MOVD	a2+16(FP), R2
	MOVD	a3+24(FP), R3
	WORD	$0xd4000003 // smc #0
	MOVD	R0, ret+32(FP)
	RET

// Symbols bounding the kernel image (cmd/link's layout).
DATA ·imageSymbols+0(SB)/8, $runtime·text(SB)
DATA ·imageSymbols+8(SB)/8, $runtime·etext(SB)
DATA ·imageSymbols+16(SB)/8, $runtime·noptrdata(SB)
DATA ·imageSymbols+24(SB)/8, $runtime·end(SB)
GLOBL ·imageSymbols(SB), RODATA, $32

// func FlushTLB(): invalidate all EL1 TLB entries and walk caches
// (Arm ARM D8.13, TLBI VMALLE1).
TEXT ·FlushTLB(SB),NOSPLIT,$0
	DSB	$0xf
	TLBI	VMALLE1
	DSB	$0xf
	ISB	$15
	RET

// func setCNTKCTL(v uint64)
TEXT ·setCNTKCTL(SB),NOSPLIT,$0-8
	MOVD	v+0(FP), R0
	MSR	R0, CNTKCTL_EL1
	ISB	$15
	RET

// func setTTBR0(ttbr uint64): switch between tables that share the
// kernel window (no break-before-make needed: the window's entries are
// the same in both).
TEXT ·setTTBR0(SB),NOSPLIT,$0-8
	MOVD	ttbr+0(FP), R0
	DSB	$0xa
	MSR	R0, TTBR0_EL1
	ISB	$15
	RET

// func FlushTLBPage(asid uint16, va uint64): invalidate one user page's
// entries, walk caches included, for the ASID (Arm ARM D8.13, TLBI VAE1IS
// with ASID in [63:48] and VA[55:12] in [43:0]).
TEXT ·FlushTLBPage(SB),NOSPLIT,$0-16
	MOVHU	asid+0(FP), R0
	MOVD	va+8(FP), R1
	LSR	$12, R1, R1
	AND	$0xfffffffffff, R1, R1
	ORR	R0<<48, R1, R1
	DSB	$0xa // ISHST: the descriptor change first
	WORD	$0xd5088321 // tlbi vae1is, x1
	DSB	$0xb
	ISB	$15
	RET

// func FlushTLBASID(asid uint16): invalidate every entry of the ASID
// (TLBI ASIDE1IS).
TEXT ·FlushTLBASID(SB),NOSPLIT,$0-8
	MOVHU	asid+0(FP), R0
	LSL	$48, R0, R0
	DSB	$0xa
	WORD	$0xd5088340 // tlbi aside1is, x0
	DSB	$0xb
	ISB	$15
	RET

// func switchTTBR0(ttbr, offset uint64) installs new translation tables
// while executing from the identity map, so no TLB holds entries from
// both the old and the new kernel window at once (break-before-make, Arm
// ARM D8.14.1). offset = VA - PA of the kernel image; both tables must
// identity-map the image.
TEXT ·switchTTBR0(SB),NOSPLIT|NOFRAME,$0-16
	MOVD	ttbr+0(FP), R0
	MOVD	offset+8(FP), R1
	MOVD	$·switchIdentity(SB), R2
	SUB	R1, R2, R2
	B	(R2)

TEXT ·switchIdentity(SB),NOSPLIT|NOFRAME,$0
	DSB	$0xf
	MSR	R0, TTBR0_EL1
	ISB	$15
	TLBI	VMALLE1
	DSB	$0xf
	ISB	$15
	MOVD	$·switchReturn(SB), R2
	ADD	R1, R2, R2
	B	(R2)

TEXT ·switchReturn(SB),NOSPLIT|NOFRAME,$0
	RET

// func SyncICache(va, size uint64) makes instructions written through the
// data side at [va, va+size) visible to instruction fetch (Arm ARM
// D7.5.2: DC CVAU to the point of unification, then IC IALLU).
TEXT ·SyncICache(SB),NOSPLIT,$0-16
	MOVD	va+0(FP), R0
	MOVD	size+8(FP), R1
	ADD	R0, R1, R1
	AND	$~63, R0, R0
clean:
	CMP	R1, R0
	BHS	cleaned
	WORD	$0xd50b7b20 // dc cvau, x0
	ADD	$64, R0
	B	clean
cleaned:
	DSB	$0xb
	WORD	$0xd508751f // ic iallu
	DSB	$0xb
	ISB	$15
	RET

// func parkCPU(): where secondary CPUs released from a spin table go
// (Documentation/arch/arm64/booting.rst, "enable-method spin-table"):
// with interrupts masked and nothing routed to them, WFI sleeps for good,
// where the firmware's WFE loop would spin. Position-independent: it
// runs at its physical address with the MMU off.
TEXT ·parkCPU(SB),NOSPLIT|NOFRAME,$0
	MSR	$0xf, DAIFSet
park:
	WFI
	B	park

// func parkCPUAddr() uint64
TEXT ·parkCPUAddr(SB),NOSPLIT,$0-8
	MOVD	$·parkCPU(SB), R0
	MOVD	R0, ret+0(FP)
	RET

// func cleanDcacheLine(va uint64): clean and invalidate the line to the
// point of coherency (DC CIVAC), for a CPU reading memory with its MMU
// and caches off.
TEXT ·cleanDcacheLine(SB),NOSPLIT,$0-8
	MOVD	va+0(FP), R0
	WORD	$0xd50b7e20 // dc civac, x0
	DSB	$0xf
	RET

// func sev()
TEXT ·sev(SB),NOSPLIT,$0
	WORD	$0xd503209f // sev
	RET
