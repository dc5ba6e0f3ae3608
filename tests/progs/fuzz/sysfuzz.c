/*
 * sysfuzz: an in-guest syscall fuzzer. Usage: sysfuzz SEED ITERATIONS.
 *
 * A forked child calls random syscall numbers 0..450 with random
 * arguments from a seeded xorshift64 PRNG: small integers, -1, pointers
 * into a guarded scratch buffer, NULL, wild user pointers, tamix's
 * kernel window (0xC0000000), kernel-half and non-canonical addresses,
 * and lengths. Calls that would legitimately end or wreck the fuzzer
 * (exiting, signalling, exec, clone, its own memory map, signal state,
 * the machine's clock, mounts, modules, reboot...) are skipped; calls
 * that take an address range get one inside a "victim" mapping the
 * fuzzer owns and never uses. The child's stdio is /dev/null, so
 * nothing it does reaches the console, and a 20 ms interval timer
 * interrupts calls that block (EINTR). The parent prints how the child
 * ended; a kernel that survives prints the same lines as Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXNR 450
#define SCRATCH (64 * 1024)
#define VICTIM_PAGES 64
#define WATCHDOG 60 /* seconds */

static uint64_t state;

/* xorshift64 (Marsaglia, "Xorshift RNGs", 2003). */
static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static char *scratch, *victim;
static long pg;

/* Syscalls the fuzzer never makes (arm64 numbers, asm-generic/unistd.h). */
static const int skip[] = {
	__NR_exit, __NR_exit_group, __NR_kill, __NR_tkill, __NR_tgkill,
	__NR_rt_sigqueueinfo, __NR_rt_tgsigqueueinfo, __NR_pidfd_send_signal,
	__NR_reboot, __NR_execve, __NR_execveat, __NR_clone, __NR_clone3,
	__NR_rt_sigreturn, __NR_rt_sigaction, __NR_rt_sigprocmask,
	__NR_rt_sigsuspend, __NR_sigaltstack, __NR_setitimer, __NR_timer_create,
	__NR_ppoll, __NR_pselect6, __NR_epoll_pwait, __NR_epoll_pwait2,
	__NR_io_pgetevents, /* take a signal mask that could block SIGALRM */
	__NR_brk, __NR_pkey_mprotect, __NR_remap_file_pages, __NR_shmat, __NR_shmdt,
	__NR_mlock, __NR_mlock2, __NR_mlockall, __NR_close_range,
	__NR_ptrace, __NR_set_tid_address, __NR_rseq, __NR_setsid, __NR_setpgid,
	__NR_prctl, __NR_personality, __NR_seccomp, __NR_unshare, __NR_setns,
	__NR_chroot, __NR_pivot_root, __NR_chdir, __NR_fchdir,
	__NR_mount, __NR_umount2, __NR_open_tree, __NR_move_mount, __NR_fsopen,
	__NR_fsconfig, __NR_fsmount, __NR_fspick, __NR_mount_setattr,
	__NR_swapon, __NR_swapoff, __NR_quotactl, __NR_quotactl_fd, __NR_acct,
	__NR_init_module, __NR_finit_module, __NR_delete_module,
	__NR_kexec_load, __NR_kexec_file_load, __NR_syslog, __NR_vhangup,
	__NR_sethostname, __NR_setdomainname, __NR_settimeofday,
	__NR_clock_settime, __NR_clock_adjtime, __NR_adjtimex,
	__NR_setuid, __NR_setgid, __NR_setreuid, __NR_setregid, __NR_setresuid,
	__NR_setresgid, __NR_setfsuid, __NR_setfsgid, __NR_setgroups, __NR_capset,
	__NR_setpriority, __NR_sched_setparam, __NR_sched_setscheduler,
	__NR_sched_setaffinity, __NR_sched_setattr, __NR_ioprio_set,
	__NR_setrlimit, __NR_prlimit64,
	__NR_mbind, __NR_set_mempolicy, __NR_migrate_pages, __NR_move_pages,
	__NR_set_mempolicy_home_node, __NR_process_vm_readv, __NR_process_vm_writev,
	__NR_process_madvise, __NR_process_mrelease, __NR_pidfd_getfd,
	__NR_userfaultfd, __NR_bpf, __NR_perf_event_open,
	__NR_fanotify_init, __NR_fanotify_mark, __NR_mknodat, __NR_open_by_handle_at,
	__NR_fallocate, __NR_sendfile, __NR_splice, __NR_tee, __NR_vmsplice,
	__NR_copy_file_range,
};

static char skipped[MAXNR + 1];

/* An argument of one of the kinds the brief of every fuzzer asks for. */
static uint64_t arg(void)
{
	switch (rnd() % 12) {
	case 0: return rnd() % 8;                       /* small ints, fds */
	case 1: return (uint64_t)-1;
	case 2: return (uint64_t)(scratch + rnd() % SCRATCH);
	case 3: return (uint64_t)scratch;
	case 4: return 0;                               /* NULL */
	case 5: return 0xdead0000;                      /* wild user pointer */
	case 6: return 0xC0000000 + (rnd() % 0x100000); /* tamix's kernel window */
	case 7: return 0xffff000000000000ull | (rnd() & 0xffffff); /* kernel half */
	case 8: return 0x0001000000000000ull << (rnd() % 15); /* non-canonical */
	case 9: return rnd() % 4097;                    /* lengths */
	case 10: return rnd() & 0xffffffff;
	default: return rnd();
	}
}

/* Rewrite the arguments of calls that are allowed but could break the
 * fuzzer itself. */
static void tame(long nr, uint64_t a[6])
{
	uint64_t off = rnd() % VICTIM_PAGES;
	uint64_t len = (rnd() % ((VICTIM_PAGES - off) * pg + 1));
	switch (nr) {
	case __NR_munmap:
	case __NR_mprotect:
	case __NR_madvise:
	case __NR_mremap:
	case __NR_msync:
	case __NR_mincore:
	case __NR_munlock:
		a[0] = (uint64_t)(victim + off * pg) + (rnd() % 8 == 0);
		a[1] = len;
		if (nr == __NR_madvise && (a[2] == 100 || a[2] == 101))
			a[2] = MADV_DONTNEED; /* no MADV_HWPOISON/SOFT_OFFLINE */
		if (nr == __NR_mremap)
			a[3] &= ~(uint64_t)(MREMAP_FIXED | 4 /* MREMAP_DONTUNMAP */);
		break;
	case __NR_mmap:
		a[3] &= ~(uint64_t)(MAP_FIXED | MAP_FIXED_NOREPLACE | MAP_POPULATE | MAP_LOCKED);
		break;
	case __NR_close:
		if (a[0] <= 2)
			a[0] = 100;
		break;
	case __NR_futex:
		switch (a[1] & 0x7f) {
		case FUTEX_LOCK_PI: case FUTEX_UNLOCK_PI: case FUTEX_TRYLOCK_PI:
		case FUTEX_WAIT_REQUEUE_PI: case FUTEX_CMP_REQUEUE_PI: case 13: /* FUTEX_LOCK_PI2 */
			a[1] = FUTEX_WAKE; /* PI ops restart across signals */
		}
		break;
	case __NR_fcntl:
		if (a[1] == F_SETOWN || a[1] == F_SETOWN_EX || a[1] == F_SETSIG)
			a[1] = F_GETFL; /* would aim SIGIO at another process */
		break;
	}
}

static void tick(int sig)
{
	(void)sig;
}

static void fill_scratch(void)
{
	static const char *paths[] = { "/tmp/fuzz/a", "b", ".", "/tmp/fuzz", "c/d" };
	uint64_t *w = (uint64_t *)scratch;
	for (size_t i = 0; i < SCRATCH / 8; i++) {
		switch (rnd() % 4) {
		case 0: w[i] = rnd(); break;
		case 1: w[i] = rnd() % 64; break;
		case 2: w[i] = (uint64_t)(scratch + rnd() % SCRATCH); break;
		default: w[i] = arg(); break;
		}
	}
	for (int i = 0; i < 5; i++)
		strcpy(scratch + i * 64, paths[i]);
}

static int child(long iters)
{
	int null = open("/dev/null", O_RDWR);
	if (null < 0)
		null = open("/tmp/fuzz/stdio", O_CREAT | O_RDWR | O_TRUNC, 0600);
	for (int fd = 0; fd <= 2; fd++)
		dup2(null, fd);
	if (null > 2)
		close(null);
	if (chdir("/tmp/fuzz") < 0)
		return 2;
	struct sigaction sa = { .sa_handler = tick };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	for (long i = 0; i < iters; i++) {
		if (i % 256 == 0)
			fill_scratch();
		long nr = rnd() % (MAXNR + 1);
		if (skipped[nr])
			continue;
		uint64_t a[6];
		for (int j = 0; j < 6; j++)
			a[j] = arg();
		tame(nr, a);
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: sysfuzz SEED ITERATIONS\n");
		return 2;
	}
	uint64_t seed = strtoull(argv[1], NULL, 0);
	long iters = atol(argv[2]);
	state = seed ? seed : 88172645463325252ull;
	for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
		skipped[skip[i]] = 1;
	pg = sysconf(_SC_PAGESIZE);
	/* Scratch with a PROT_NONE guard page on each side, so a kernel
	 * that writes past a too-long length faults instead of corrupting. */
	char *m = mmap(NULL, SCRATCH + 2 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	victim = mmap(NULL, VICTIM_PAGES * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || victim == MAP_FAILED) {
		perror("sysfuzz: mmap");
		return 2;
	}
	scratch = m + pg;
	mprotect(scratch, SCRATCH, PROT_READ | PROT_WRITE);
	mkdir("/tmp/fuzz", 0755);
	printf("fuzz: seed %llu, %ld iterations\n", (unsigned long long)seed, iters);
	fflush(stdout);

	pid_t pid = fork();
	if (pid < 0) {
		perror("sysfuzz: fork");
		return 2;
	}
	if (pid == 0)
		_exit(child(iters));
	/* Watchdog: a child stuck in an uninterruptible call is a finding. */
	struct sigaction sa = { .sa_handler = tick };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(WATCHDOG);
	int st;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno == EINTR) {
			printf("fuzz: child still running after %d s, killing it\n", WATCHDOG);
			fflush(stdout);
			kill(pid, SIGKILL);
		}
	}
	alarm(0);
	if (WIFEXITED(st))
		printf("fuzz: child exited %d\n", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("fuzz: child killed by signal %d\n", WTERMSIG(st));
	else
		printf("fuzz: child status %#x\n", st);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
