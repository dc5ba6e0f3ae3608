/* cpuid: what a program learns about the CPU — the auxiliary vector's
 * AT_HWCAP, AT_HWCAP2, AT_PAGESZ, AT_CLKTCK, AT_MINSIGSTKSZ, and the ID
 * registers read with MRS at EL0, which the kernel emulates
 * (Documentation/arch/arm64/cpu-feature-registers.rst). The values are
 * printed: the oracle runs on the same QEMU CPU, so they must match. */
#include "probe.h"
#include <sys/auxv.h>

#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

#define MRS(reg) ({ unsigned long v_; __asm__ volatile("mrs %0, " reg : "=r"(v_)); v_; })

int main(void)
{
	unsigned long hwcap = getauxval(AT_HWCAP);
	printf("AT_HWCAP %#lx\n", hwcap);
	printf("AT_HWCAP2 %#lx\n", getauxval(AT_HWCAP2));
	printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
	printf("AT_CLKTCK %lu\n", getauxval(AT_CLKTCK));
	printf("AT_MINSIGSTKSZ %lu\n", getauxval(AT_MINSIGSTKSZ));
	printf("AT_PLATFORM %s\n", (char *)getauxval(AT_PLATFORM));
	CHECK("AT_RANDOM set", getauxval(AT_RANDOM) != 0);
	CHECK("AT_EXECFN is argv[0]-like", strcmp((char *)getauxval(AT_EXECFN), "/progs/cpuid") == 0);
	CHECK("HWCAP_CPUID", hwcap & (1 << 11));
	printf("MIDR_EL1 %#lx\n", MRS("midr_el1"));
	printf("MPIDR_EL1 %#lx\n", MRS("mpidr_el1"));
	printf("ID_AA64PFR0_EL1 %#lx\n", MRS("id_aa64pfr0_el1"));
	printf("ID_AA64ISAR0_EL1 %#lx\n", MRS("id_aa64isar0_el1"));
	printf("ID_AA64ISAR1_EL1 %#lx\n", MRS("id_aa64isar1_el1"));
	printf("ID_AA64MMFR0_EL1 %#lx\n", MRS("id_aa64mmfr0_el1"));
	printf("ID_AA64DFR0_EL1 %#lx\n", MRS("id_aa64dfr0_el1"));
	return done();
}
