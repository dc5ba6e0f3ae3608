/* mmap: anonymous mmap(2) is zeroed, mprotect(2) to PROT_READ makes
 * writes fault with SIGSEGV si_code SEGV_ACCERR and si_addr the address
 * (sigaction(2), siginfo), an unmapped page gives SEGV_MAPERR, siglongjmp
 * leaves the handler; munmap(2); brk(2) growth via sbrk. */
#include "probe.h"
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code;

static void segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

static int faults(volatile char *p)
{
	fault_addr = NULL;
	fault_code = 0;
	if (sigsetjmp(env, 1) == 0) {
		*p = 1;
		return 0;
	}
	return 1;
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	struct sigaction sa = { .sa_sigaction = segv, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	EXPECT_EQ("sigaction SIGSEGV", sigaction(SIGSEGV, &sa, NULL), 0);
	EXPECT_EQ("page size", pg, 4096);

	char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap anon", p != MAP_FAILED);
	CHECK("page aligned", ((uintptr_t)p & (pg - 1)) == 0);
	int zero = 1;
	for (long i = 0; i < 4 * pg; i++)
		zero &= p[i] == 0;
	CHECK("anon memory is zero", zero);
	memset(p, 0xab, 4 * pg);
	CHECK("write all pages", (unsigned char)p[4 * pg - 1] == 0xab);

	EXPECT_EQ("mprotect read-only", mprotect(p + pg, pg, PROT_READ), 0);
	CHECK("read of read-only page", (unsigned char)p[pg + 5] == 0xab);
	EXPECT_EQ("write to read-only faults", faults(p + pg + 8), 1);
	EXPECT_EQ("si_code SEGV_ACCERR", fault_code, SEGV_ACCERR);
	CHECK("si_addr is the written address", fault_addr == p + pg + 8);
	EXPECT_EQ("neighbour page still writable", faults(p + 2 * pg), 0);
	EXPECT_EQ("mprotect back", mprotect(p + pg, pg, PROT_READ | PROT_WRITE), 0);
	EXPECT_EQ("write after mprotect back", faults(p + pg + 8), 0);

	EXPECT_EQ("munmap one page", munmap(p + 3 * pg, pg), 0);
	EXPECT_EQ("unmapped page faults", faults(p + 3 * pg + 16), 1);
	EXPECT_EQ("si_code SEGV_MAPERR", fault_code, SEGV_MAPERR);
	CHECK("si_addr unmapped", fault_addr == p + 3 * pg + 16);
	EXPECT_EQ("NULL write faults", faults(NULL), 1);
	EXPECT_EQ("NULL si_code SEGV_MAPERR", fault_code, SEGV_MAPERR);
	EXPECT_EQ("PROT_NONE mapping", mprotect(p, pg, PROT_NONE), 0);
	EXPECT_EQ("PROT_NONE write faults", faults(p + 1), 1);
	EXPECT_EQ("PROT_NONE si_code", fault_code, SEGV_ACCERR);
	EXPECT_EQ("munmap rest", munmap(p, 3 * pg), 0);

	EXPECT_ERR("mmap length 0", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	EXPECT_ERR("munmap unaligned", munmap(p + 1, pg), EINVAL);
	EXPECT_ERR("mmap bad fd", (long)mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 99, 0), EBADF);
	char *fixed = mmap((void *)0x500000000ul, pg, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("MAP_FIXED address", fixed == (void *)0x500000000ul);
	munmap(fixed, pg);

	/* A big mapping is lazily backed: touch a page every 64 KiB. */
	size_t big = 64 << 20;
	char *b = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap 64 MiB", b != MAP_FAILED);
	for (size_t i = 0; i < big; i += 65536)
		b[i] = (char)i;
	EXPECT_EQ("munmap 64 MiB", munmap(b, big), 0);

	/* brk: the break grows and the new memory is usable and zero. */
	char *cur = sbrk(0);
	CHECK("sbrk(0)", cur != (void *)-1);
	CHECK("sbrk grow 1 MiB", sbrk(1 << 20) == cur);
	CHECK("break moved", (char *)sbrk(0) == cur + (1 << 20));
	zero = 1;
	for (int i = 0; i < 1 << 20; i += 4096)
		zero &= cur[i] == 0;
	CHECK("brk memory zero", zero);
	memset(cur, 1, 1 << 20);
	CHECK("sbrk shrink", sbrk(-(1 << 19)) == cur + (1 << 20));
	EXPECT_EQ("write past shrunk break faults", faults(cur + (1 << 20) - 8), 1);
	return done();
}
