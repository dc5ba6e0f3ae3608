/* mapshared: MAP_SHARED file mappings are coherent with read(2) and
 * write(2) both ways, across two mappings of one file and across fork;
 * msync(2) checks its flags and range; a mapping past the end of the file
 * raises SIGBUS (BUS_ADRERR), also after ftruncate(2) shrank the file
 * under a page already touched; MAP_SHARED|MAP_ANONYMOUS memory is shared
 * with a child; mmap's errors for shared mappings (EACCES, ENODEV). */
#include "probe.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

static sigjmp_buf env;
static volatile int fault_sig, fault_code;
static volatile void *fault_addr;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(env, 1);
}

/* touch reads p and reports the signal it raised, 0 if none. */
static int touch(volatile char *p)
{
	fault_sig = 0;
	if (sigsetjmp(env, 1) == 0) {
		(void)*p;
		return 0;
	}
	return fault_sig;
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);

	int fd = open("shared.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("open", fd >= 0);
	CHECK("write 2 pages", pwrite(fd, "hello", 5, 0) == 5 && ftruncate(fd, 2 * pg) == 0);
	char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("mmap shared", m != MAP_FAILED);
	CHECK("mapping shows file bytes", memcmp(m, "hello", 5) == 0);

	/* Stores reach read(2); write(2) reaches the mapping. */
	memcpy(m + 100, "stored", 6);
	char buf[16] = { 0 };
	CHECK("pread sees store", pread(fd, buf, 6, 100) == 6 && memcmp(buf, "stored", 6) == 0);
	CHECK("pwrite", pwrite(fd, "written", 7, pg + 10) == 7);
	CHECK("mapping sees pwrite", memcmp(m + pg + 10, "written", 7) == 0);

	/* A second mapping, at an offset, is the same memory. */
	char *m2 = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, pg);
	CHECK("mmap at offset", m2 != MAP_FAILED);
	m[pg + 20] = 'Z';
	CHECK("second mapping sees store", m2[20] == 'Z');
	munmap(m2, pg);

	/* A private mapping copies: its stores stay private. */
	char *pm = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("mmap private", pm != MAP_FAILED);
	pm[0] = 'X';
	CHECK("private store not in file", pread(fd, buf, 1, 0) == 1 && buf[0] == 'h');
	munmap(pm, pg);

	/* fork: the child's stores are the parent's. */
	pid_t pid = fork();
	if (pid == 0) {
		memcpy(m + 200, "child", 5);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK("child store seen by parent", memcmp(m + 200, "child", 5) == 0);
	CHECK("child store in file", pread(fd, buf, 5, 200) == 5 && memcmp(buf, "child", 5) == 0);

	/* msync */
	EXPECT_EQ("msync MS_SYNC", msync(m, 2 * pg, MS_SYNC), 0);
	EXPECT_EQ("msync MS_ASYNC|MS_INVALIDATE", msync(m, pg, MS_ASYNC | MS_INVALIDATE), 0);
	EXPECT_ERR("msync both", msync(m, pg, MS_SYNC | MS_ASYNC), EINVAL);
	EXPECT_ERR("msync unaligned", msync(m + 1, pg, MS_SYNC), EINVAL);
	EXPECT_ERR("msync bad flag", msync(m, pg, 8), EINVAL);
	EXPECT_EQ("msync length 0", msync(m, 0, MS_SYNC), 0);

	/* ftruncate shrinks the file under a touched page: SIGBUS; the page
	 * holding the end stays, zero past the end. */
	CHECK("page 2 readable", touch(m + pg) == 0);
	CHECK("ftruncate to 1.5 pages", ftruncate(fd, pg + pg / 2) == 0);
	CHECK("tail zeroed, page 2 kept", touch(m + pg) == 0 && m[pg + 10] == 'w');
	CHECK("ftruncate to 100 bytes", ftruncate(fd, 100) == 0);
	CHECK("truncated page raises SIGBUS", touch(m + pg) == SIGBUS && fault_code == BUS_ADRERR &&
	      fault_addr == m + pg);
	CHECK("bytes past end in last page are zero", m[100] == 0 && m[99] == 0 && m[0] == 'h');
	CHECK("grow again", ftruncate(fd, 2 * pg) == 0 && touch(m + pg) == 0 && m[pg + 10] == 0);
	munmap(m, 2 * pg);

	/* Mapping beyond the end of the file. */
	char *big = mmap(NULL, 3 * pg, PROT_READ, MAP_SHARED, fd, 0);
	CHECK("mmap beyond EOF", big != MAP_FAILED);
	CHECK("page past EOF raises SIGBUS", touch(big + 2 * pg) == SIGBUS && fault_code == BUS_ADRERR);
	munmap(big, 3 * pg);
	close(fd);

	/* mmap errors. */
	int ro = open("shared.dat", O_RDONLY);
	EXPECT_ERR("shared writable of O_RDONLY", mmap(NULL, pg, PROT_WRITE, MAP_SHARED, ro, 0), EACCES);
	char *rm = mmap(NULL, pg, PROT_READ, MAP_SHARED, ro, 0);
	CHECK("shared read-only of O_RDONLY", rm != MAP_FAILED);
	CHECK("write to PROT_READ shared raises SIGSEGV", ({
		int s = 0;
		fault_sig = 0;
		if (sigsetjmp(env, 1) == 0)
			*(volatile char *)rm = 1;
		else
			s = fault_sig;
		s == SIGSEGV && fault_code == SEGV_ACCERR;
	}));
	munmap(rm, pg);
	close(ro);
	int null = open("/dev/null", O_RDWR);
	EXPECT_ERR("shared of /dev/null", mmap(NULL, pg, PROT_READ, MAP_SHARED, null, 0), ENODEV);
	close(null);

	/* MAP_SHARED|MAP_ANONYMOUS across fork. */
	volatile int *counter = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap shared anonymous", counter != MAP_FAILED);
	for (int i = 0; i < 3; i++) {
		if (fork() == 0) {
			__atomic_fetch_add(counter, 1, __ATOMIC_SEQ_CST);
			_exit(0);
		}
		wait(NULL);
	}
	EXPECT_EQ("children's increments", *counter, 3);
	return done();
}
