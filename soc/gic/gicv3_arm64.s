//go:build tamago

// GICv3 CPU interface through system registers (ARM IHI 0069G §12.2).

#include "textflag.h"

// func iccEnable(): SRE, priority mask, Group 1 on.
TEXT ·iccEnable(SB),NOSPLIT,$0
	MRS	ICC_SRE_EL1, R0
	ORR	$1, R0
	MSR	R0, ICC_SRE_EL1
	ISB	$15
	MOVD	$0xff, R0
	MSR	R0, ICC_PMR_EL1
	MOVD	$1, R0
	MSR	R0, ICC_IGRPEN1_EL1
	ISB	$15
	RET

// func iccIAR1() uint32
TEXT ·iccIAR1(SB),NOSPLIT,$0-4
	MRS	ICC_IAR1_EL1, R0
	DSB	$0xf
	MOVW	R0, ret+0(FP)
	RET

// func iccEOIR1(id uint32)
TEXT ·iccEOIR1(SB),NOSPLIT,$0-4
	MOVWU	id+0(FP), R0
	MSR	R0, ICC_EOIR1_EL1
	ISB	$15
	RET
