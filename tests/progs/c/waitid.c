/* waitid: waitid(2) with WEXITED/WSTOPPED/WCONTINUED/WNOHANG/WNOWAIT and
 * P_PID/P_PGID/P_ALL, its siginfo (si_code, si_status, si_pid); clone3(2)
 * as fork and its argument checks; times(2) and getrusage(2) CPU times
 * after a busy child; CLOCK_PROCESS_CPUTIME_ID advancing. */
#include "probe.h"
#include <linux/sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>

static volatile unsigned long sink;
static volatile long chld_utime = -1, chld_uid = -1;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_utime = si->si_utime;
	chld_uid = si->si_uid;
}

static void spin(long ms)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 10000; i++)
			sink += i;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

int main(void)
{
	siginfo_t si;

	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(3);
	memset(&si, 0xff, sizeof si);
	EXPECT_EQ("waitid WNOWAIT", waitid(P_PID, c, &si, WEXITED | WNOWAIT), 0);
	EXPECT_EQ("si_signo SIGCHLD", si.si_signo, SIGCHLD);
	EXPECT_EQ("si_code CLD_EXITED", si.si_code, CLD_EXITED);
	EXPECT_EQ("si_status 3", si.si_status, 3);
	CHECK("si_pid", si.si_pid == c);
	EXPECT_EQ("still there after WNOWAIT", waitid(P_PID, c, &si, WEXITED), 0);
	EXPECT_ERR("reaped", waitid(P_PID, c, &si, WEXITED), ECHILD);

	c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	memset(&si, 0xff, sizeof si);
	EXPECT_EQ("WNOHANG nothing yet", waitid(P_ALL, 0, &si, WEXITED | WNOHANG), 0);
	EXPECT_EQ("WNOHANG zeroes si_pid", si.si_pid, 0);
	EXPECT_EQ("WNOHANG zeroes si_signo", si.si_signo, 0);
	kill(c, SIGSTOP);
	EXPECT_EQ("WSTOPPED", waitid(P_PID, c, &si, WSTOPPED), 0);
	EXPECT_EQ("si_code CLD_STOPPED", si.si_code, CLD_STOPPED);
	EXPECT_EQ("si_status SIGSTOP", si.si_status, SIGSTOP);
	kill(c, SIGCONT);
	EXPECT_EQ("WCONTINUED", waitid(P_PID, c, &si, WCONTINUED), 0);
	EXPECT_EQ("si_code CLD_CONTINUED", si.si_code, CLD_CONTINUED);
	EXPECT_EQ("si_status SIGCONT", si.si_status, SIGCONT);
	kill(c, SIGTERM);
	EXPECT_EQ("P_PGID 0: own group", waitid(P_PGID, 0, &si, WEXITED), 0);
	EXPECT_EQ("si_code CLD_KILLED", si.si_code, CLD_KILLED);
	EXPECT_EQ("si_status SIGTERM", si.si_status, SIGTERM);

	c = fork();
	if (c == 0)
		abort();
	/* RLIMIT_CORE is 0: no core is written, so CLD_KILLED. */
	EXPECT_EQ("core signal", waitid(P_PID, c, &si, WEXITED), 0);
	EXPECT_EQ("si_code CLD_KILLED, no core", si.si_code, CLD_KILLED);
	EXPECT_EQ("si_status SIGABRT", si.si_status, SIGABRT);
	EXPECT_ERR("no options", waitid(P_ALL, 0, &si, 0), EINVAL);
	EXPECT_ERR("bad idtype", waitid(7, 0, &si, WEXITED), EINVAL);
	EXPECT_ERR("no children", waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	/* The siginfo is written even for an error, so a bad one faults. */
	memset(&si, 0xff, sizeof si);
	EXPECT_ERR("ECHILD zeroes the siginfo", waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	EXPECT_EQ("ECHILD: si_signo 0", si.si_signo, 0);
	EXPECT_ERR("bad infop", syscall(SYS_waitid, P_ALL, 0, (void *)8, WEXITED | WNOHANG, NULL), EFAULT);

	/* clone3 as fork. */
	struct clone_args ca = { .exit_signal = SIGCHLD };
	fflush(stdout);
	long r = syscall(SYS_clone3, &ca, sizeof ca);
	if (r == 0)
		_exit(9);
	CHECK("clone3 child pid", r > 0);
	int st;
	CHECK("clone3 child reaped", waitpid(r, &st, 0) == r && WIFEXITED(st) && WEXITSTATUS(st) == 9);
	EXPECT_ERR("clone3 short size", syscall(SYS_clone3, &ca, 32), EINVAL);
	char big[128] = { 0 };
	memcpy(big, &ca, sizeof ca);
	big[100] = 1;
	EXPECT_ERR("clone3 nonzero tail", syscall(SYS_clone3, big, sizeof big), E2BIG);
	ca.exit_signal = 65;
	EXPECT_ERR("clone3 bad exit signal", syscall(SYS_clone3, &ca, sizeof ca), EINVAL);
	ca = (struct clone_args){ .flags = CLONE_SIGHAND | CLONE_CLEAR_SIGHAND | CLONE_VM };
	EXPECT_ERR("clone3 CLEAR_SIGHAND with SIGHAND", syscall(SYS_clone3, &ca, sizeof ca), EINVAL);
	EXPECT_ERR("clone3 bad pointer", syscall(SYS_clone3, (void *)8, sizeof ca), EFAULT);

	/* CPU time of a busy child shows in its SIGCHLD, times(2) and
	 * RUSAGE_CHILDREN. */
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	fflush(stdout);
	c = fork();
	if (c == 0) {
		spin(300);
		_exit(0);
	}
	struct rusage ru;
	CHECK("wait4 rusage", wait4(c, &st, 0, &ru) == c);
	CHECK("child user time in wait4's rusage", ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec >= 100000);
	CHECK("SIGCHLD si_utime", chld_utime >= 10);
	EXPECT_EQ("SIGCHLD si_uid", chld_uid, 0);
	signal(SIGCHLD, SIG_DFL);
	struct tms tm;
	CHECK("times", times(&tm) != (clock_t)-1);
	CHECK("tms_cutime", tm.tms_cutime >= 10);
	getrusage(RUSAGE_CHILDREN, &ru);
	CHECK("RUSAGE_CHILDREN utime", ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec >= 100000);
	struct timespec c0, c1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	spin(50);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	CHECK("process CPU clock advances", (c1.tv_sec - c0.tv_sec) * 1000000000L + c1.tv_nsec - c0.tv_nsec >= 10000000);
	struct timespec s0, s1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &s0);
	usleep(200000);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &s1);
	CHECK("sleeping uses little CPU", (s1.tv_sec - s0.tv_sec) * 1000000000L + s1.tv_nsec - s0.tv_nsec < 100000000);
	EXPECT_ERR("getrusage bad who", getrusage(5, &ru), EINVAL);
	return done();
}
