/* procs: fork(2) and wait4(2) exit statuses (exit codes, death by
 * signal with WIFSIGNALED/WTERMSIG), a pipe(2) from child to parent,
 * execve(2) of busybox echo, getppid(2) in the child, and ECHILD. */
#include "probe.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

static int status_of(void (*f)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		f();
		_exit(99);
	}
	int st = -1;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) != pid)
		printf("wait4: FAIL errno=%s\n", errname(errno));
	return st;
}

static void exit0(void) { _exit(0); }
static void exit7(void) { _exit(7); }
static void exit255(void) { exit(255); }
static void sigkill(void) { kill(getpid(), SIGKILL); }
static void sigterm(void) { raise(SIGTERM); }
static int *volatile wild = (int *)8;
static void segv(void) { *wild = 1; }
static void abrt(void) { abort(); }

int main(void)
{
	int st;

	st = status_of(exit0);
	CHECK("exit 0: WIFEXITED", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = status_of(exit7);
	EXPECT_EQ("exit 7: WEXITSTATUS", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 7);
	st = status_of(exit255);
	EXPECT_EQ("exit 255: WEXITSTATUS", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 255);
	st = status_of(sigkill);
	EXPECT_EQ("SIGKILL: WTERMSIG", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGKILL);
	st = status_of(sigterm);
	EXPECT_EQ("SIGTERM: WTERMSIG", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGTERM);
	st = status_of(segv);
	EXPECT_EQ("SIGSEGV: WTERMSIG", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGSEGV);
	st = status_of(abrt);
	EXPECT_EQ("abort: WTERMSIG", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGABRT);

	/* The parent kills a child that waits in pause(2). */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(1);
	}
	EXPECT_EQ("kill child", kill(pid, SIGUSR1), 0);
	CHECK("waitpid returns the child", waitpid(pid, &st, 0) == pid);
	EXPECT_EQ("SIGUSR1: WTERMSIG", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGUSR1);
	EXPECT_ERR("wait with no children", wait(&st), ECHILD);

	/* A pipe: the child writes its parent's pid, the parent reads it. */
	int p[2];
	pipe(p);
	fflush(stdout);
	pid_t me = getpid();
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		pid_t pp = getppid();
		char msg[64];
		int n = snprintf(msg, sizeof msg, "%s", pp == me ? "ppid matches" : "ppid wrong");
		for (int i = 0; i < n; i++)
			write(p[1], msg + i, 1);
		_exit(0);
	}
	close(p[1]);
	char buf[128];
	int n = 0, r;
	while ((r = read(p[0], buf + n, sizeof buf - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	printf("child said: %s\n", buf);
	waitpid(pid, &st, 0);
	CHECK("pipe child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);

	/* WNOHANG with a running child returns 0. */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		read(p[0], buf, 1);
		_exit(3);
	}
	close(p[0]);
	EXPECT_EQ("WNOHANG running child", waitpid(pid, &st, WNOHANG), 0);
	close(p[1]);
	CHECK("reap after EOF", waitpid(pid, &st, 0) == pid);
	EXPECT_EQ("its status", WEXITSTATUS(st), 3);

	/* execve replaces the child's image; its output goes to our stdout. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "echo", "hello from execve", NULL };
		char *envp[] = { "PATH=/bin", NULL };
		execve("/bin/busybox", argv, envp);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	CHECK("execve child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	char *argv[] = { "nope", NULL };
	EXPECT_ERR("execve nonexistent", execve("/nonexistent", argv, NULL), ENOENT);
	EXPECT_ERR("execve directory", execve("/tmp", argv, NULL), EACCES);
	return done();
}
