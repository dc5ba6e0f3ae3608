//go:build tamago

#include "textflag.h"

// func dmbOSHST()
TEXT ·dmbOSHST(SB),NOSPLIT,$0
	DMB	$0x2
	RET
