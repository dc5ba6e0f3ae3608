//go:build tamago

#include "textflag.h"

// cpuinit is the TamaGo entry hook (runtime/goos.CPUInit): QEMU virt's
// devices sit in the first GiB of the physical address space.
TEXT cpuinit(SB),NOSPLIT|NOFRAME,$0
	MOVD	$0, R20
	MOVD	$(1<<30), R21
	B	tamix_arm64_start(SB)
