//go:build tamago

// The switch to EL0 and back (Arm ARM D1.10: exception entry and return).
// enterUser ERETs into the task; the lower-EL vectors save the task's
// state into the same uctx.Context and return from enterUser to its Go
// caller, on the kernel stack it was called on.

#include "uctx.h"
#include "textflag.h"

// func enterUser(ctx *uctx.Context, ttbr uint64) Trap
TEXT ·enterUser(SB),NOSPLIT|NOFRAME,$0-24
	MOVD	ctx+0(FP), R0
	MOVD	ttbr+8(FP), R1
	MRS	DAIF, R2
	MOVD	R2, ·savedDAIF(SB)
	MSR	$2, DAIFSet
	MOVD	R0, ·userCtx(SB)
	MOVD	RSP, R2
	MOVD	R2, ·kernelSP(SB)
	MOVD	g, ·kernelG(SB)
	MOVD	R29, ·kernelFP(SB)
	MOVD	R30, ·kernelLR(SB)

	// Page-table stores made since the last switch (demand paging, CoW)
	// must reach the walker before EL0 runs (Arm ARM D8.2.6).
	DSB	$0xa // ISHST
	MSR	R1, TTBR0_EL1
	ISB	$15

	// SP_EL0 becomes the task's: run on SP_EL1 (the idle exception stack).
	MSR	$1, SPSel
	MOVD	UCTX_SP(R0), R2
	MSR	R2, SP_EL0
	MOVD	UCTX_PC(R0), R2
	MSR	R2, ELR_EL1
	MOVD	UCTX_PSTATE(R0), R2
	MSR	R2, SPSR_EL1
	MOVD	UCTX_TPIDR(R0), R2
	MSR	R2, TPIDR_EL0
	MOVD	UCTX_FPSR(R0), R2
	MSR	R2, FPSR
	MOVD	UCTX_FPCR(R0), R2
	MSR	R2, FPCR

	ADD	$UCTX_V, R0, R1
	FLDPQ	(0*32)(R1), (F0, F1)
	FLDPQ	(1*32)(R1), (F2, F3)
	FLDPQ	(2*32)(R1), (F4, F5)
	FLDPQ	(3*32)(R1), (F6, F7)
	FLDPQ	(4*32)(R1), (F8, F9)
	FLDPQ	(5*32)(R1), (F10, F11)
	FLDPQ	(6*32)(R1), (F12, F13)
	FLDPQ	(7*32)(R1), (F14, F15)
	FLDPQ	(8*32)(R1), (F16, F17)
	FLDPQ	(9*32)(R1), (F18, F19)
	FLDPQ	(10*32)(R1), (F20, F21)
	FLDPQ	(11*32)(R1), (F22, F23)
	FLDPQ	(12*32)(R1), (F24, F25)
	FLDPQ	(13*32)(R1), (F26, F27)
	FLDPQ	(14*32)(R1), (F28, F29)
	FLDPQ	(15*32)(R1), (F30, F31)

	LDP	16(R0), (R2, R3)
	LDP	32(R0), (R4, R5)
	LDP	48(R0), (R6, R7)
	LDP	64(R0), (R8, R9)
	LDP	80(R0), (R10, R11)
	LDP	96(R0), (R12, R13)
	LDP	112(R0), (R14, R15)
	LDP	128(R0), (R16, R17)
	LDP	144(R0), (R18_PLATFORM, R19)
	LDP	160(R0), (R20, R21)
	LDP	176(R0), (R22, R23)
	LDP	192(R0), (R24, R25)
	LDP	208(R0), (R26, R27)
	LDP	224(R0), (g, R29)
	MOVD	240(R0), R30
	LDP	0(R0), (R0, R1)
	ERET

// Lower-EL vectors branch here with x0, x1 stored just below SP_EL1 and
// R0 = Trap; SP itself is not moved (see vectors_arm64.s).
TEXT ·userTrap(SB),NOSPLIT|NOFRAME,$0
	// Loading a symbol goes through the assembler's temporary, R27:
	// keep the task's x27 below x0 and x1 first.
	MOVD	R27, -24(RSP)
	MOVD	·userCtx(SB), R1
	STP	(R2, R3), 16(R1)
	STP	(R4, R5), 32(R1)
	STP	(R6, R7), 48(R1)
	STP	(R8, R9), 64(R1)
	STP	(R10, R11), 80(R1)
	STP	(R12, R13), 96(R1)
	STP	(R14, R15), 112(R1)
	STP	(R16, R17), 128(R1)
	STP	(R18_PLATFORM, R19), 144(R1)
	STP	(R20, R21), 160(R1)
	STP	(R22, R23), 176(R1)
	STP	(R24, R25), 192(R1)
	STP	(R26, R27), 208(R1)
	STP	(g, R29), 224(R1)
	MOVD	R30, 240(R1)
	MOVD	-16(RSP), R2
	MOVD	-8(RSP), R3
	STP	(R2, R3), 0(R1)
	MOVD	-24(RSP), R2
	MOVD	R2, 216(R1) // x27

	MRS	SP_EL0, R2
	MOVD	R2, UCTX_SP(R1)
	MRS	ELR_EL1, R2
	MOVD	R2, UCTX_PC(R1)
	MRS	SPSR_EL1, R2
	MOVD	R2, UCTX_PSTATE(R1)
	MRS	TPIDR_EL0, R2
	MOVD	R2, UCTX_TPIDR(R1)
	MRS	FPSR, R2
	MOVD	R2, UCTX_FPSR(R1)
	MRS	FPCR, R2
	MOVD	R2, UCTX_FPCR(R1)
	MRS	ESR_EL1, R2
	MOVD	R2, UCTX_ESR(R1)
	MRS	FAR_EL1, R2
	MOVD	R2, UCTX_FAR(R1)

	ADD	$UCTX_V, R1, R2
	FSTPQ	(F0, F1), (0*32)(R2)
	FSTPQ	(F2, F3), (1*32)(R2)
	FSTPQ	(F4, F5), (2*32)(R2)
	FSTPQ	(F6, F7), (3*32)(R2)
	FSTPQ	(F8, F9), (4*32)(R2)
	FSTPQ	(F10, F11), (5*32)(R2)
	FSTPQ	(F12, F13), (6*32)(R2)
	FSTPQ	(F14, F15), (7*32)(R2)
	FSTPQ	(F16, F17), (8*32)(R2)
	FSTPQ	(F18, F19), (9*32)(R2)
	FSTPQ	(F20, F21), (10*32)(R2)
	FSTPQ	(F22, F23), (11*32)(R2)
	FSTPQ	(F24, F25), (12*32)(R2)
	FSTPQ	(F26, F27), (13*32)(R2)
	FSTPQ	(F28, F29), (14*32)(R2)
	FSTPQ	(F30, F31), (15*32)(R2)

	MOVD	R0, R4 // Trap
	MOVD	·savedDAIF(SB), R5
	CMP	$1, R4
	BNE	kernel
	// An IRQ: wake the servicer; the kernel continues with IRQs masked.
	MOVD	·irqCount(SB), R0
	ADD	$1, R0
	MOVD	R0, ·irqCount(SB)
	ORR	$0x80, R5
	MOVD	·irqG(SB), R0
	CBZ	R0, kernel
	BL	runtime·WakeG(SB)
kernel:
	MOVD	·kernelSP(SB), R2
	MSR	R2, SP_EL0
	MOVD	·kernelG(SB), g
	MOVD	·kernelFP(SB), R29
	MOVD	·kernelLR(SB), R30
	MSR	$0, SPSel
	MSR	R5, DAIF
	MOVD	R4, 24(RSP) // enterUser's result (its frame is the caller's SP)
	RET
