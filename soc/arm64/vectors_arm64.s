//go:build tamago

// Exception vectors (Arm ARM D1.10.2, Table D1-7): 16 entries of 128
// bytes, the table 2 KiB aligned. The kernel runs at EL1 on SP_EL0, so its
// own exceptions arrive in the "current EL with SP_EL0" group and run on
// the exception stack (SP_EL1).

#include "go_asm.h"
#include "textflag.h"

#define FRAME_SIZE 288 // fault.Frame, 16-byte multiple

// Exception-stack adjustments are encoded by hand so the linker's nosplit
// analysis, which cannot know SP_EL1 is a separate stack, ignores them.
#define SUB_SP_FRAME WORD $0xd10483ff // sub sp, sp, #288
#define ADD_SP_FRAME WORD $0x910483ff // add sp, sp, #288

// Fault kinds, see vectorKind in vectors.go.
#define FAULT(kind) \
	SUB_SP_FRAME; \
	STP	(R0, R1), 0(RSP); \
	MOVD	$kind, R0; \
	B	·faultEntry(SB)

// A trap from EL0: SP_EL1 is the exception stack's top; keep x0, x1 below
// it without moving SP (user_arm64.s).
#define USER(trap) \
	MOVD	R0, -16(RSP); \
	MOVD	R1, -8(RSP); \
	MOVD	$trap, R0; \
	B	·userTrap(SB)

TEXT ·vectors(SB),NOSPLIT|NOFRAME,$0
	PCALIGN	$2048
	// Current EL with SP_EL0: the kernel.
	FAULT(0); PCALIGN $128 // synchronous
	B	·irqEntry(SB); PCALIGN $128
	FAULT(1); PCALIGN $128 // FIQ
	FAULT(2); PCALIGN $128 // SError
	// Current EL with SP_ELx: a fault inside an exception handler.
	FAULT(3); PCALIGN $128
	FAULT(3); PCALIGN $128
	FAULT(3); PCALIGN $128
	FAULT(3); PCALIGN $128
	// Lower EL, AArch64: a task's trap returns from enterUser.
	USER(0); PCALIGN $128 // synchronous
	USER(1); PCALIGN $128 // IRQ
	USER(1); PCALIGN $128 // FIQ (never routed)
	USER(2); PCALIGN $128 // SError
	// Lower EL, AArch32: never entered (tamix runs no AArch32 code).
	FAULT(4); PCALIGN $128
	FAULT(4); PCALIGN $128
	FAULT(4); PCALIGN $128
	FAULT(4); PCALIGN $128

// irqEntry wakes the interrupt-servicing goroutine and returns with IRQs
// masked in the interrupted context; that goroutine acknowledges the
// controller and unmasks IRQs once it sleeps again (see irq.go). It saves
// every general register and ELR/SPSR, so nothing it calls (runtime·WakeG
// takes R0 and uses R0-R3 and the assembler's R27) can disturb the
// interrupted code.
TEXT ·irqEntry(SB),NOSPLIT|NOFRAME,$0
	SUB_SP_FRAME
	STP	(R0, R1), 0(RSP)
	STP	(R2, R3), 16(RSP)
	STP	(R4, R5), 32(RSP)
	STP	(R6, R7), 48(RSP)
	STP	(R8, R9), 64(RSP)
	STP	(R10, R11), 80(RSP)
	STP	(R12, R13), 96(RSP)
	STP	(R14, R15), 112(RSP)
	STP	(R16, R17), 128(RSP)
	STP	(R18_PLATFORM, R19), 144(RSP)
	STP	(R20, R21), 160(RSP)
	STP	(R22, R23), 176(RSP)
	STP	(R24, R25), 192(RSP)
	STP	(R26, R27), 208(RSP)
	STP	(g, R29), 224(RSP)
	MOVD	R30, 240(RSP)
	MRS	ELR_EL1, R0
	MRS	SPSR_EL1, R1
	STP	(R0, R1), 256(RSP)

	MOVD	·irqCount(SB), R0
	ADD	$1, R0
	MOVD	R0, ·irqCount(SB)
	MOVD	·irqG(SB), R0
	CBZ	R0, mask
	BL	runtime·WakeG(SB)
mask:
	LDP	256(RSP), (R0, R1)
	ORR	$0x80, R1 // PSTATE.I
	MSR	R0, ELR_EL1
	MSR	R1, SPSR_EL1
	LDP	16(RSP), (R2, R3)
	LDP	32(RSP), (R4, R5)
	LDP	48(RSP), (R6, R7)
	LDP	64(RSP), (R8, R9)
	LDP	80(RSP), (R10, R11)
	LDP	96(RSP), (R12, R13)
	LDP	112(RSP), (R14, R15)
	LDP	128(RSP), (R16, R17)
	LDP	144(RSP), (R18_PLATFORM, R19)
	LDP	160(RSP), (R20, R21)
	LDP	176(RSP), (R22, R23)
	LDP	192(RSP), (R24, R25)
	LDP	208(RSP), (R26, R27)
	LDP	224(RSP), (g, R29)
	MOVD	240(RSP), R30
	LDP	0(RSP), (R0, R1)
	ADD_SP_FRAME
	ERET

// faultEntry completes the fault.Frame on the exception stack (x0, x1
// already saved, R0 = kind), copies it to faultFrame and makes the
// interrupted code appear to call faultPanic from the faulting PC, much as
// the Go runtime does for signals (runtime/signal_arm64.go preparePanic),
// so the panic's traceback starts at the faulting function.
TEXT ·faultEntry(SB),NOSPLIT|NOFRAME,$0
	STP	(R2, R3), 16(RSP)
	STP	(R4, R5), 32(RSP)
	STP	(R6, R7), 48(RSP)
	STP	(R8, R9), 64(RSP)
	STP	(R10, R11), 80(RSP)
	STP	(R12, R13), 96(RSP)
	STP	(R14, R15), 112(RSP)
	STP	(R16, R17), 128(RSP)
	STP	(R18_PLATFORM, R19), 144(RSP)
	STP	(R20, R21), 160(RSP)
	STP	(R22, R23), 176(RSP)
	STP	(R24, R25), 192(RSP)
	STP	(R26, R27), 208(RSP)
	STP	(g, R29), 224(RSP)
	MRS	SP_EL0, R1
	STP	(R30, R1), 240(RSP)
	MRS	ELR_EL1, R1
	MRS	SPSR_EL1, R2
	STP	(R1, R2), 256(RSP)
	MRS	ESR_EL1, R1
	MRS	FAR_EL1, R2
	STP	(R1, R2), 272(RSP)
	MOVD	R0, ·faultKind(SB)

	// Copy the frame out of the exception stack.
	MOVD	RSP, R1
	MOVD	$·faultFrame(SB), R2
	MOVD	$(FRAME_SIZE/16), R3
copy:
	LDP.P	16(R1), (R4, R5)
	STP.P	(R4, R5), 16(R2)
	SUB	$1, R3
	CBNZ	R3, copy

	// LR = faulting PC, PC = faultPanic, SP unchanged: faultPanic's
	// frame then sits right below the faulting function's, whose own
	// saved LR (Go saves it at 0(RSP) in the prologue) continues the
	// traceback. A fault in a frameless leaf function loses its caller,
	// whose address the oops still prints as lr. (Go's preparePanic also
	// pushes LR, but the unwinder undoes that only for runtime.sigpanic.)
	MRS	ELR_EL1, R2
	MOVD	R2, 240(RSP)
	MOVD	$·faultPanic(SB), R2
	MSR	R2, ELR_EL1

	LDP	16(RSP), (R2, R3)
	LDP	32(RSP), (R4, R5)
	LDP	48(RSP), (R6, R7)
	LDP	64(RSP), (R8, R9)
	LDP	80(RSP), (R10, R11)
	LDP	96(RSP), (R12, R13)
	LDP	112(RSP), (R14, R15)
	LDP	128(RSP), (R16, R17)
	LDP	144(RSP), (R18_PLATFORM, R19)
	LDP	160(RSP), (R20, R21)
	LDP	176(RSP), (R22, R23)
	LDP	192(RSP), (R24, R25)
	LDP	208(RSP), (R26, R27)
	LDP	224(RSP), (g, R29)
	MOVD	240(RSP), R30
	LDP	0(RSP), (R0, R1)
	ADD_SP_FRAME
	ERET
