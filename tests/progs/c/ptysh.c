/* ptysh [bash]: an interactive shell (busybox sh, or the bash given, run
 * with --norc --noprofile) on a pseudo-terminal, driven
 * expect-style through the master as a terminal emulator or sshd would
 * drive it: a command, ^C to a foreground job, ^Z and fg, end of file
 * with ^D, and exit, after which the master reads EIO. Each step prints
 * what the master read, escaped, up to the next prompt. */
#include "probe.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>

static int m;
static char got[4096];
static int ngot;

/* expect reads from the master until what it read ends with want, for
 * at most 5 s, and prints it. */
static void expect(const char *step, const char *want)
{
	ngot = 0;
	size_t wl = strlen(want);
	for (;;) {
		struct pollfd p = {m, POLLIN, 0};
		if (poll(&p, 1, 5000) <= 0)
			break;
		int r = read(m, got + ngot, sizeof got - 1 - ngot);
		if (r <= 0)
			break;
		ngot += r;
		got[ngot] = 0;
		if ((size_t)ngot >= wl && strcmp(got + ngot - wl, want) == 0)
			break;
	}
	got[ngot] = 0;
	printf("%s: \"", step);
	for (char *s = got; *s; s++) {
		if (*s == '\r')
			printf("\\r");
		else if (*s == '\n')
			printf("\\n");
		else if ((unsigned char)*s < 32 || *s == 127)
			printf("\\x%02x", (unsigned char)*s);
		else
			putchar(*s);
	}
	printf("\"\n");
	if ((size_t)ngot < wl || strcmp(got + ngot - wl, want) != 0) {
		printf("%s: FAIL no %s\n", step, want);
		failures++;
	}
}

static void send(const char *s)
{
	write(m, s, strlen(s));
}

int main(int argc, char **argv)
{
	const char *bash = argc > 1 ? argv[1] : NULL;
	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m)) {
		printf("posix_openpt: FAIL %s\n", errname(errno));
		return 1;
	}
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	ioctl(m, TIOCSWINSZ, &ws);
	char *name = ptsname(m);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(m);
		setsid();
		int s = open(name, O_RDWR); /* becomes the controlling terminal */
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		close(s);
		clearenv();
		setenv("PATH", "/bin:/usr/bin", 1);
		setenv("PS1", "$ ", 1);
		setenv("TERM", "dumb", 1);
		if (bash)
			execl(bash, "bash", "--norc", "--noprofile", "-i", (char *)0);
		else
			execl("/bin/sh", "sh", "-i", (char *)0);
		_exit(127);
	}
	/* busybox's line editing asks for the cursor position after each
	 * prompt (ESC [ 6 n); nobody answers. Input for a job is sent once
	 * the job has said it runs, when the terminal is canonical again. */
	const char *prompt = bash ? "$ " : "$ \033[6n";
	expect("prompt", prompt);
	send("echo hi; tty\n");
	expect("echo", prompt);
	send("echo ready; cat\n");
	expect("cat runs", "ready\r\n");
	send("abc\n");
	expect("cat echoes", "abc\r\nabc\r\n");
	send("\003");
	expect("^C", prompt);
	send("echo ready; cat\n");
	expect("cat runs again", "ready\r\n");
	send("x\n");
	expect("cat again", "x\r\nx\r\n");
	send("\032");
	expect("^Z", prompt);
	send("jobs\n");
	expect("jobs", prompt);
	send("fg\n");
	expect("fg", "cat\r\n");
	send("y\n");
	expect("cat continued", "y\r\ny\r\n");
	send("\004");
	expect("^D", prompt);
	send("exit 3\n");
	char buf[256];
	int r, n = 0;
	while ((r = read(m, buf, sizeof buf)) > 0)
		n += r;
	CHECK("master reads EIO after exit", r < 0 && errno == EIO);
	int st;
	waitpid(pid, &st, 0);
	EXPECT_EQ("shell status", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 3);
	return done();
}
