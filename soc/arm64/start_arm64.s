//go:build tamago

// EL1 start code: from the Image entry point to the Go runtime.
//
// Entered at the physical load address with the MMU off, at EL3, EL2 or
// EL1, x0 = physical address of the device tree (Linux
// Documentation/arch/arm64/booting.rst §4). Everything before the jump to
// startVA is position independent: MOVD $sym(SB) assembles to ADRP+ADD.
//
// The board's cpuinit passes R20 = MMIO physical base and R21 = MMIO size
// (both 2 MiB aligned) and branches here.

#include "textflag.h"

// Boot translation tables (4 KiB granule, Arm ARM D8.2): L0, L1, an L2 for
// the RAM window at 3 GiB and an L2 for MMIO at 2 GiB, plus one page of
// alignment slack. Replaced by tables built in Go (see mmu_unsafe.go).
#define TABLES_SIZE (5*4096)
GLOBL ·bootTables(SB), NOPTR, $TABLES_SIZE

// Exception stack, selected by SPSel=1 on every exception (the kernel runs
// on SP_EL0).
#define EXC_STACK_SIZE (16*1024)
GLOBL ·excStack(SB), NOPTR, $EXC_STACK_SIZE

// Absolute (link-time) address of the text start, to learn VA-PA.
DATA ·textVA+0(SB)/8, $runtime·text(SB)
GLOBL ·textVA(SB), RODATA, $8

// Block descriptor attributes (Arm ARM D8.3.2, D8.5): AttrIndx, SH, AF, PXN,
// UXN. MAIR index 0 = Device-nGnRE, 1 = Normal WB (mmu.MAIR).
#define NORMAL_BLOCK 0x0040000000000705 // AttrIndx=1, SH=inner, AF, UXN, EL1 RWX
#define DEVICE_BLOCK 0x0060000000000401 // AttrIndx=0, AF, PXN, UXN, EL1 RW

#define SCTLR_EL1_MMU_OFF 0x30d00800 // RES1 bits
// M, C, SA, SA0, I, DZE, UCT, nTWE, UCI (Arm ARM D19.2.118, as Linux's
// INIT_SCTLR_EL1_MMU_ON).
#define SCTLR_EL1_MMU_ON 0x34d4d81d
#define MAIR_VALUE 0x44ff04
// T0SZ=16, IRGN0=ORGN0=WB-WA, SH0=inner, TG0=4K, T1SZ=16, EPD1, TG1=4K,
// AS=16-bit (mmu.TCR).
#define TCR_VALUE 0x1080903510

// Encodings of EL2/EL3 system register moves the Go assembler does not name
// (MSR <reg>, x0; Arm ARM C5.2).
#define MSR_HCR_EL2_X0     WORD $0xd51c1100
#define MSR_SCTLR_EL2_X0   WORD $0xd51c1000
#define MSR_CPTR_EL2_X0    WORD $0xd51c1140
#define MSR_HSTR_EL2_X0    WORD $0xd51c1160
#define MSR_CNTHCTL_EL2_X0 WORD $0xd51ce100
#define MSR_CNTVOFF_EL2_X0 WORD $0xd51ce060
#define MSR_VPIDR_EL2_X0   WORD $0xd51c0000
#define MSR_VMPIDR_EL2_X0  WORD $0xd51c00a0
#define MSR_SPSR_EL2_X0    WORD $0xd51c4000
#define MSR_ELR_EL2_X0     WORD $0xd51c4020
#define MSR_ICC_SRE_EL2_X0 WORD $0xd51cc9a0
#define MSR_ICH_HCR_EL2_X0 WORD $0xd51ccb00
#define MSR_SCR_EL3_X0     WORD $0xd51e1100
#define MSR_SPSR_EL3_X0    WORD $0xd51e4000
#define MSR_ELR_EL3_X0     WORD $0xd51e4020

// tamix_arm64_start is the common entry; a global name so the boards'
// cpuinit can branch to it from assembly.
TEXT tamix_arm64_start(SB),NOSPLIT|NOFRAME,$0
	MOVD	R0, R19 // DTB physical address

	// Only the boot CPU (affinity 0) goes on; the others wait for an
	// event forever (SMP bring-up is not used by tamix yet).
	MRS	MPIDR_EL1, R1
	AND	$0xff00ffffff, R1, R1
	CBZ	R1, primary
park:
	WFE
	B	park

primary:
	MRS	CurrentEL, R1
	LSR	$2, R1, R1
	AND	$3, R1, R1
	MOVD	R1, R22 // entry exception level, kept across the drops
	CMP	$3, R1
	BEQ	fromEL3
	CMP	$2, R1
	BNE	2(PC)
	B	fromEL2(SB)
	B	atEL1(SB)

fromEL3:
	// EL2 implemented? ID_AA64PFR0_EL1.EL2, bits [11:8].
	MRS	ID_AA64PFR0_EL1, R1
	UBFX	$8, R1, $4, R1
	// SCR_EL3: NS, RES1 [5:4], HCE, RW (Arm ARM D19.2.116).
	MOVD	$(1<<10 | 1<<8 | 3<<4 | 1), R0
	MSR_SCR_EL3_X0
	CBZ	R1, el3ToEL1
	MOVD	$0x3c9, R0 // EL2h, DAIF masked
	MSR_SPSR_EL3_X0
	MOVD	$fromEL2(SB), R0
	MSR_ELR_EL3_X0
	ERET

el3ToEL1:
	MOVD	$0x3c5, R0 // EL1h, DAIF masked
	MSR_SPSR_EL3_X0
	MOVD	$atEL1(SB), R0
	MSR_ELR_EL3_X0
	ERET

// EL2 → EL1 (Linux arch/arm64/kernel/head.S init_el2 and el2_setup.h).
TEXT fromEL2(SB),NOSPLIT|NOFRAME,$0
	MOVD	$(1<<31), R0 // HCR_EL2.RW: EL1 is AArch64, nothing trapped
	MSR_HCR_EL2_X0
	MOVD	$SCTLR_EL1_MMU_OFF, R0
	MSR_SCTLR_EL2_X0
	MOVD	$0x33ff, R0 // CPTR_EL2: no FP/SIMD traps
	MSR_CPTR_EL2_X0
	MOVD	$0, R0
	MSR_HSTR_EL2_X0
	MSR_CNTVOFF_EL2_X0
	MOVD	$3, R0 // CNTHCTL_EL2: EL1PCTEN, EL1PCEN
	MSR_CNTHCTL_EL2_X0
	MRS	MIDR_EL1, R0
	MSR_VPIDR_EL2_X0
	MRS	MPIDR_EL1, R0
	MSR_VMPIDR_EL2_X0
	// GICv3 system registers: let EL1 use them (ICC_SRE_EL2.Enable|SRE),
	// no virtual interrupts (ID_AA64PFR0_EL1.GIC, bits [27:24]).
	MRS	ID_AA64PFR0_EL1, R1
	UBFX	$24, R1, $4, R1
	CBZ	R1, nogicv3
	MOVD	$0xf, R0
	MSR_ICC_SRE_EL2_X0
	ISB	$15
	MOVD	$0, R0
	MSR_ICH_HCR_EL2_X0
nogicv3:
	MOVD	$0x3c5, R0 // EL1h, DAIF masked
	MSR_SPSR_EL2_X0
	MOVD	$atEL1(SB), R0
	MSR_ELR_EL2_X0
	ERET

TEXT atEL1(SB),NOSPLIT|NOFRAME,$0
	MOVD	$SCTLR_EL1_MMU_OFF, R0
	MSR	R0, SCTLR_EL1
	MOVD	$(3<<20), R0 // CPACR_EL1.FPEN: no FP/SIMD traps
	MSR	R0, CPACR_EL1
	ISB	$15

	// Zero BSS (runtime·bss up to runtime·end, noptrbss included).
	MOVD	$runtime·bss(SB), R0
	MOVD	$runtime·end(SB), R1
zero:
	CMP	R1, R0
	BHS	zeroed
	MOVD.P	ZR, 8(R0)
	B	zero
zeroed:
	// R3 = PA of text, R2 = its VA, R4 = VA-PA, R5 = PA of RAM base
	// (the PA mapped at runtime/goos.RamStart).
	MOVD	$runtime·text(SB), R3
	MOVD	·textVA(SB), R2
	SUB	R3, R2, R4
	MOVD	runtime∕goos·RamStart(SB), R5
	SUB	R4, R5, R5
	MOVD	R5, ·ramBasePA(SB)
	MOVD	R19, ·dtbPA(SB)
	MOVD	R22, ·bootEL(SB)

	// Tables, 4 KiB aligned: R6 = L0, R7 = L1, R8 = L2 RAM, R9 = L2 MMIO.
	MOVD	$·bootTables(SB), R6
	ADD	$4095, R6, R6
	AND	$~4095, R6, R6
	ADD	$4096, R6, R7
	ADD	$4096, R7, R8
	ADD	$4096, R8, R9

	ORR	$3, R7, R0 // L0[0] → L1
	MOVD	R0, (R6)

	// L1[2] → L2 MMIO, L1[3] → L2 RAM.
	ORR	$3, R9, R0
	MOVD	R0, 16(R7)
	ORR	$3, R8, R0
	MOVD	R0, 24(R7)

	// Identity map of the 1 GiB holding the kernel, for the MMU switch.
	LSR	$30, R3, R0
	LSL	$30, R0, R1
	MOVD	$NORMAL_BLOCK, R10
	ORR	R10, R1, R1
	MOVD	R1, (R7)(R0<<3)

	// RAM: 2 MiB blocks from the RAM base, stopping at the MMIO base
	// when that lies above it (the Pi's peripherals follow its RAM).
	MOVD	R5, R1
	ADD	$(1<<30), R5, R11
	CMP	R5, R20
	BLS	ramloop
	CMP	R11, R20
	BHS	ramloop
	MOVD	R20, R11
ramloop:
	CMP	R11, R1
	BHS	mmio
	SUB	R5, R1, R0
	LSR	$21, R0, R0
	ORR	R10, R1, R12
	MOVD	R12, (R8)(R0<<3)
	ADD	$(1<<21), R1, R1
	B	ramloop

mmio:
	MOVD	$DEVICE_BLOCK, R10
	MOVD	$0, R0
mmioloop:
	CMP	R21, R0
	BHS	mmuOn
	ADD	R20, R0, R1
	ORR	R10, R1, R1
	LSR	$21, R0, R12
	MOVD	R1, (R9)(R12<<3)
	ADD	$(1<<21), R0, R0
	B	mmioloop

mmuOn:
	DSB	$0xf
	MOVD	$MAIR_VALUE, R0
	MSR	R0, MAIR_EL1
	// IPS from ID_AA64MMFR0_EL1.PARange, at most 48 bits (5).
	MRS	ID_AA64MMFR0_EL1, R1
	AND	$7, R1, R1
	CMP	$5, R1
	BLS	ipsok
	MOVD	$5, R1
ipsok:
	MOVD	$TCR_VALUE, R0
	ORR	R1<<32, R0, R0
	MSR	R0, TCR_EL1
	MSR	R6, TTBR0_EL1
	ISB	$15
	TLBI	VMALLE1
	DSB	$0xf
	ISB	$15
	MOVD	$SCTLR_EL1_MMU_ON, R0
	MSR	R0, SCTLR_EL1
	ISB	$15

	// Continue at the link address.
	MOVD	$startVA(SB), R0
	ADD	R4, R0, R0
	B	(R0)

TEXT startVA(SB),NOSPLIT|NOFRAME,$0
	// Exception stack on SP_EL1, kernel stack on SP_EL0 (EL1t).
	MOVD	$·excStack(SB), R0
	ADD	$EXC_STACK_SIZE, R0, R0
	MOVD	R0, RSP
	MSR	$0, SPSel

	MOVD	runtime∕goos·RamStart(SB), R0
	MOVD	runtime∕goos·RamSize(SB), R1
	MOVD	runtime∕goos·RamStackOffset(SB), R2
	ADD	R1, R0, R0
	SUB	R2, R0, R0
	MOVD	R0, RSP

	MOVD	$·vectors(SB), R0
	MSR	R0, VBAR_EL1
	ISB	$15

	B	_rt0_tamago_start(SB)
