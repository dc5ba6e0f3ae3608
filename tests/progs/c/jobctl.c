/* jobctl: terminal job control (drivers/tty/tty_jobctrl.c) on a pty
 * slave as the controlling terminal of a new session: a background
 * process group reading the terminal is stopped by SIGTTIN, or gets EIO
 * with SIGTTIN ignored; writing with TOSTOP set stops it with SIGTTOU,
 * and with SIGTTOU blocked the write goes through; tcsetattr and
 * tcsetpgrp from the background are SIGTTOU too; the foreground group
 * reads normally; a stopped
 * group that becomes orphaned gets SIGHUP and SIGCONT. */
#include "probe.h"
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

static int tty;

/* bg forks a child into a process group of its own, in the background,
 * that runs f; it returns the child's pid. */
static pid_t bg(int (*f)(void))
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, 0);
		signal(SIGTTOU, SIG_DFL); /* the leader ignores it; dispositions are inherited */
		_exit(f());
	}
	setpgid(c, c);
	return c;
}

/* stopsig waits for c to stop or exit and returns the stop signal, or
 * 100 + the exit status. */
static int stopsig(pid_t c)
{
	int st;
	if (waitpid(c, &st, WUNTRACED) != c)
		return -1;
	if (WIFSTOPPED(st)) {
		int sig = WSTOPSIG(st);
		kill(c, SIGKILL);
		waitpid(c, &st, 0);
		return sig;
	}
	return WIFEXITED(st) ? 100 + WEXITSTATUS(st) : -WTERMSIG(st);
}

static int do_read(void) { char b; return read(tty, &b, 1) == -1 ? errno : 0; }
static int do_write(void) { return write(tty, "x", 1) == 1 ? 0 : errno; }
static int do_tcsetattr(void)
{
	struct termios tm;
	tcgetattr(tty, &tm);
	return tcsetattr(tty, TCSANOW, &tm) == 0 ? 0 : errno;
}
static int do_tcsetpgrp(void) { return tcsetpgrp(tty, getpgrp()) == 0 ? 0 : errno; }
static int read_ignored(void) { signal(SIGTTIN, SIG_IGN); return do_read(); }
static int write_blocked(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGTTOU);
	sigprocmask(SIG_BLOCK, &s, NULL);
	return do_write();
}
static int tcsetpgrp_ignored(void)
{
	signal(SIGTTOU, SIG_IGN);
	return do_tcsetpgrp();
}

static volatile int hups;
static void on_hup(int s) { (void)s; hups++; }

/* orphan_stopped: a child that stops itself and is then orphaned by its
 * parent's exit gets SIGHUP and SIGCONT; it reports through a pipe. */
static int report[2];
static int orphan_stopped(void)
{
	pid_t c = fork();
	if (c == 0) {
		signal(SIGHUP, on_hup);
		raise(SIGSTOP);
		int got = hups;
		write(report[1], &got, sizeof got);
		_exit(0);
	}
	int st;
	waitpid(c, &st, WUNTRACED); /* stopped: now leave it orphaned */
	return 0;
}

static int session(void)
{
	tty = open(getenv("SLAVE"), O_RDWR);
	if (tty < 0 || ioctl(tty, TIOCSCTTY, 0) < 0)
		return 1;
	signal(SIGTTOU, SIG_IGN); /* the session leader hands the terminal around */

	EXPECT_EQ("background read: SIGTTIN", stopsig(bg(do_read)), SIGTTIN);
	EXPECT_EQ("background read, SIGTTIN ignored: EIO", stopsig(bg(read_ignored)), 100 + EIO);
	EXPECT_EQ("background write without TOSTOP", stopsig(bg(do_write)), 100);
	struct termios tm;
	tcgetattr(tty, &tm);
	tm.c_lflag |= TOSTOP;
	tcsetattr(tty, TCSANOW, &tm);
	EXPECT_EQ("background write with TOSTOP: SIGTTOU", stopsig(bg(do_write)), SIGTTOU);
	EXPECT_EQ("background write, SIGTTOU blocked", stopsig(bg(write_blocked)), 100);
	EXPECT_EQ("background tcsetattr: SIGTTOU", stopsig(bg(do_tcsetattr)), SIGTTOU);
	EXPECT_EQ("background tcsetpgrp: SIGTTOU", stopsig(bg(do_tcsetpgrp)), SIGTTOU);
	EXPECT_EQ("background tcsetpgrp, SIGTTOU ignored", stopsig(bg(tcsetpgrp_ignored)), 100);
	EXPECT_EQ("the background group took the terminal", tcgetpgrp(tty) != getpgrp(), 1);
	tcsetpgrp(tty, getpgrp());

	/* In the foreground the read goes ahead: feed it a byte via the
	 * master (the parent writes "k\n" when told through SIGUSR1). */
	kill(getppid(), SIGUSR1);
	char b[2];
	EXPECT_EQ("foreground read", read(tty, b, 2), 2);

	pipe(report);
	stopsig(bg(orphan_stopped));
	int got = -1;
	read(report[0], &got, sizeof got);
	EXPECT_EQ("orphaned stopped group: SIGHUP", got, 1);
	return done();
}

static int master;
static void feed(int s) { (void)s; write(master, "k\n", 2); }

int main(void)
{
	master = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(master);
	unlockpt(master);
	setenv("SLAVE", ptsname(master), 1);
	signal(SIGUSR1, feed);
	fflush(stdout);
	pid_t s = fork();
	if (s == 0) {
		setsid();
		_exit(session());
	}
	/* The session's output goes to stdout as it comes (probe lines go
	 * to stdout, not the pty). */
	int st;
	while (waitpid(s, &st, 0) == -1 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
