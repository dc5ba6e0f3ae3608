//go:build tamago

#include "textflag.h"

// cpuinit is the TamaGo entry hook (runtime/goos.CPUInit): the BCM2837's
// peripherals start at 0x3f000000 and the BCM2836 local peripherals at
// 0x40000000 end them (18 MiB).
TEXT cpuinit(SB),NOSPLIT|NOFRAME,$0
	MOVD	$0x3f000000, R20
	MOVD	$0x1200000, R21
	B	tamix_arm64_start(SB)
