/* bench: micro-benchmarks run on tamix and on Linux in the same QEMU.
 * Each prints "bench NAME NS ns/op", NS measured with
 * clock_gettime(CLOCK_MONOTONIC) over a fixed iteration count:
 *   null_syscall  getppid(2) loop
 *   write_devnull 1-byte write(2) to /dev/null
 *   pipe_pingpong 1-byte round trip between two threads over two pipes
 *   mmap_touch    mmap(2) 1 MiB, touch every page, munmap(2)
 *   fork_exit     fork(2) a child that _exits at once, wait4(2) for it
 *   fork_exec     fork(2), execve(2) busybox true, wait4(2)
 *   pipeline      sh -c 'seq 1 100000 | sort | md5sum' (per run)
 * argv[1] scales the iteration counts or is "quick" (see main). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void report(const char *name, double t0, long n)
{
	printf("bench %s %.1f ns/op\n", name, (now() - t0) / n);
	fflush(stdout);
}

static long max(long a, long b) { return a > b ? a : b; }

/* run forks, executes argv and returns its wait status. */
static int run(char **argv)
{
	pid_t c = fork();
	if (c == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	int st = -1;
	if (c < 0 || waitpid(c, &st, 0) != c)
		return -1;
	return st;
}

static int ping[2], pong[2];

static void *echo(void *arg)
{
	long n = (long)arg;
	char c;
	for (long i = 0; i < n; i++) {
		if (read(ping[0], &c, 1) != 1 || write(pong[1], &c, 1) != 1)
			break;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	/* bench [SCALE | quick]: SCALE multiplies the default iteration
	 * counts, sized for QEMU under TCG (a few seconds per benchmark on
	 * Linux); quick runs a tenth of them, for the differential suite, which
	 * checks only that every benchmark runs. */
	long scale = 10, div = 100;
	if (argc > 1 && strcmp(argv[1], "quick") == 0)
		scale = 1;
	else if (argc > 1 && atol(argv[1]) > 0)
		scale = 10 * atol(argv[1]);
	double t0;
	long n;

	n = 200000 * scale / div;
	t0 = now();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	report("null_syscall", t0, n);

	int fd = open("/dev/null", O_WRONLY);
	if (fd < 0) {
		perror("bench: /dev/null");
		return 1;
	}
	n = 100000 * scale / div;
	t0 = now();
	for (long i = 0; i < n; i++)
		write(fd, "x", 1);
	report("write_devnull", t0, n);
	close(fd);

	n = 10000 * scale / div;
	if (pipe(ping) || pipe(pong)) {
		perror("bench: pipe");
		return 1;
	}
	pthread_t th;
	pthread_create(&th, NULL, echo, (void *)n);
	char c = 'p';
	t0 = now();
	for (long i = 0; i < n; i++) {
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1) {
			perror("bench: pipe_pingpong");
			return 1;
		}
	}
	report("pipe_pingpong", t0, n);
	pthread_join(th, NULL);

	n = 500 * scale / div;
	size_t len = 1 << 20;
	long pg = sysconf(_SC_PAGESIZE);
	t0 = now();
	for (long i = 0; i < n; i++) {
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			perror("bench: mmap");
			return 1;
		}
		for (size_t off = 0; off < len; off += pg)
			p[off] = 1;
		munmap(p, len);
	}
	report("mmap_touch", t0, n);

	n = 2000 * scale / div;
	t0 = now();
	for (long i = 0; i < n; i++) {
		pid_t c = fork();
		if (c == 0)
			_exit(0);
		if (c < 0 || waitpid(c, NULL, 0) != c) {
			perror("bench: fork_exit");
			return 1;
		}
	}
	report("fork_exit", t0, n);

	n = 500 * scale / div;
	t0 = now();
	for (long i = 0; i < n; i++) {
		if (run((char *[]){ "/bin/true", NULL }) != 0) {
			perror("bench: fork_exec");
			return 1;
		}
	}
	report("fork_exec", t0, n);

	n = max(scale / 10, 1);
	t0 = now();
	for (long i = 0; i < n; i++) {
		char *argv[] = { "/bin/sh", "-c", "seq 1 100000 | sort | md5sum >/dev/null", NULL };
		if (run(argv) != 0) {
			perror("bench: pipeline");
			return 1;
		}
	}
	report("pipeline", t0, n);
	return 0;
}
