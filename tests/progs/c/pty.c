/* pty: Unix 98 pseudo-terminals (pty(7)): posix_openpt, grantpt,
 * unlockpt, ptsname and openpty; the slave's lock, numbering and node
 * (mode, group, device number); its termios as the master sees it;
 * canonical line editing and echo, raw mode and output processing
 * through the pair; a child session whose controlling terminal is the
 * slave (setsid, TIOCSCTTY, /dev/tty, tcgetpgrp) running a shell whose
 * output the parent reads from the master until EIO; TIOCSWINSZ on the
 * master and SIGWINCH in the slave's foreground group; the hangup when
 * the master closes (SIGHUP, end of file, EIO, POLLHUP, the node gone);
 * TIOCGPTPEER. Needs devpts at /dev/pts (gid=5,mode=620,ptmxmode=000). */
#include "probe.h"
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>

/* readall reads from fd until want bytes came or nothing came for
 * 2 s, and returns the count: a pty hands bytes on asynchronously. */
static int readall(int fd, char *buf, int want)
{
	int n = 0;
	while (n < want) {
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, 2000) <= 0)
			break;
		int r = read(fd, buf + n, want - n);
		if (r <= 0)
			break;
		n += r;
	}
	buf[n] = 0;
	return n;
}

/* quiet reports whether fd stays unreadable for 200 ms. */
static int quiet(int fd)
{
	struct pollfd p = {fd, POLLIN, 0};
	return poll(&p, 1, 200) == 0;
}

/* show prints s with control characters escaped. */
static void show(const char *what, const char *s)
{
	printf("%s: \"", what);
	for (; *s; s++) {
		if (*s == '\r')
			printf("\\r");
		else if (*s == '\n')
			printf("\\n");
		else if (*s == '\b')
			printf("\\b");
		else if ((unsigned char)*s < 32 || *s == 127)
			printf("\\x%02x", (unsigned char)*s);
		else
			putchar(*s);
	}
	printf("\"\n");
}

static int openmaster(char *name)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m))
		return -1;
	strcpy(name, ptsname(m));
	return m;
}

static volatile sig_atomic_t winch, hup;
static void onwinch(int s) { (void)s; winch++; }
static void onhup(int s) { (void)s; hup++; }

/* session makes the child a session leader with the slave name as its
 * controlling terminal on fds 0-2, as login_tty does. */
static void session(const char *name, int master)
{
	close(master);
	setsid();
	int s = open(name, O_RDWR | O_NOCTTY);
	if (s < 0 || ioctl(s, TIOCSCTTY, 0) < 0)
		_exit(90);
	dup2(s, 0);
	dup2(s, 1);
	dup2(s, 2);
	if (s > 2)
		close(s);
}

int main(void)
{
	char name[64], buf[256];
	struct stat st;

	/* Allocation, lock, numbering. */
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK("posix_openpt", m >= 0);
	unsigned n = 99;
	EXPECT_EQ("TIOCGPTN", ioctl(m, TIOCGPTN, &n) == 0 ? (long)n : -1, 0);
	int lock = -1;
	EXPECT_EQ("TIOCGPTLCK locked", ioctl(m, TIOCGPTLCK, &lock) == 0 ? lock : -1, 1);
	strcpy(name, ptsname(m));
	printf("ptsname: %s\n", name);
	EXPECT_ERR("open locked slave", open(name, O_RDWR | O_NOCTTY), EIO);
	EXPECT_EQ("grantpt", grantpt(m), 0);
	EXPECT_EQ("unlockpt", unlockpt(m), 0);
	EXPECT_EQ("TIOCGPTLCK unlocked", ioctl(m, TIOCGPTLCK, &lock) == 0 ? lock : -1, 0);
	char name2[64];
	int m2 = openmaster(name2);
	printf("second ptsname: %s\n", name2);
	close(m2);
	CHECK("slave node gone after master close", stat(name2, &st) < 0 && errno == ENOENT);
	m2 = openmaster(name2);
	printf("reused ptsname: %s\n", name2);
	close(m2);

	/* Nodes. */
	CHECK("stat slave", stat(name, &st) == 0);
	printf("slave: mode %o uid %d gid %d rdev %d:%d\n", st.st_mode, st.st_uid,
	       st.st_gid, major(st.st_rdev), minor(st.st_rdev));
	CHECK("stat /dev/pts/ptmx", stat("/dev/pts/ptmx", &st) == 0);
	printf("/dev/pts/ptmx: mode %o rdev %d:%d\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev));
	CHECK("stat /dev/ptmx", stat("/dev/ptmx", &st) == 0);
	printf("/dev/ptmx: mode %o rdev %d:%d\n", st.st_mode, major(st.st_rdev), minor(st.st_rdev));

	/* Before the slave is opened, the master has nothing to read. */
	fcntl(m, F_SETFL, O_NONBLOCK);
	EXPECT_ERR("master read before slave open", read(m, buf, 1), EAGAIN);
	fcntl(m, F_SETFL, 0);

	int s = open(name, O_RDWR | O_NOCTTY);
	CHECK("open slave", s >= 0);
	CHECK("isatty slave", isatty(s));
	CHECK("ttyname slave", ttyname(s) && strcmp(ttyname(s), name) == 0);
	struct termios ts, tm;
	tcgetattr(s, &ts);
	tcgetattr(m, &tm);
	printf("slave termios: iflag %o oflag %o cflag %o lflag %o vmin %d\n",
	       ts.c_iflag, ts.c_oflag, ts.c_cflag, ts.c_lflag, ts.c_cc[VMIN]);
	CHECK("master TCGETS is the slave's", memcmp(&ts, &tm, sizeof ts) == 0);

	/* Canonical mode: editing, echo, output processing. */
	write(m, "ab\177c\n", 5);
	readall(s, buf, 3);
	show("slave read canonical", buf);
	readall(m, buf, 10);
	show("master echo", buf);
	write(m, "xy\025z\n", 5);
	readall(s, buf, 2);
	show("slave read after kill", buf);
	readall(m, buf, 100);
	write(s, "out\n", 4);
	readall(m, buf, 5);
	show("master read of slave output", buf);
	write(m, "part", 4);
	CHECK("no line before newline", quiet(s));
	write(m, "\n", 1);
	readall(s, buf, 5);
	show("line completed", buf);
	readall(m, buf, 100);

	/* Raw mode. */
	struct termios raw = ts;
	cfmakeraw(&raw);
	EXPECT_EQ("tcsetattr raw on master", tcsetattr(m, TCSANOW, &raw), 0);
	tcgetattr(s, &ts);
	CHECK("slave sees raw", !(ts.c_lflag & (ICANON | ECHO)));
	write(m, "k\r\003", 3);
	readall(s, buf, 3);
	show("slave read raw", buf);
	CHECK("no echo in raw mode", quiet(m));
	write(s, "a\nb", 3);
	readall(m, buf, 3);
	show("master read raw output", buf);
	raw.c_lflag |= ICANON | ECHO | ISIG;
	raw.c_oflag |= OPOST;
	tcsetattr(s, TCSANOW, &raw);

	/* A session on the slave: the parent reads a shell's output until
	 * the slave's last close makes the master read EIO. The parent
	 * keeps its slave open until the child has opened it, since the
	 * master reads EIO whenever no slave is open. */
	int sync[2];
	pipe(sync);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(sync[0]);
		session(name, m);
		close(s);
		int t = open("/dev/tty", O_RDWR);
		if (t < 0)
			_exit(91);
		close(t);
		if (tcgetpgrp(0) != getpid() || tcgetsid(0) != getpid())
			_exit(92);
		close(sync[1]);
		execl("/bin/sh", "sh", "-c", "tty; echo hi", (char *)0);
		_exit(93);
	}
	close(sync[1]);
	readall(sync[0], buf, 1);
	close(sync[0]);
	close(s);
	int got = 0, r;
	while ((r = read(m, buf + got, sizeof buf - 1 - got)) > 0)
		got += r;
	buf[got] = 0;
	CHECK("master read after slave closed: EIO", r < 0 && errno == EIO);
	show("session output", buf);
	int wst;
	waitpid(pid, &wst, 0);
	EXPECT_EQ("session child status", WIFEXITED(wst) ? WEXITSTATUS(wst) : -1, 0);
	struct pollfd pf = {m, POLLIN | POLLOUT, 0};
	poll(&pf, 1, 0);
	printf("master poll after slave closed: POLLHUP %d\n", !!(pf.revents & POLLHUP));

	/* Open acquires a controlling terminal for a session leader that has
	 * none, unless O_NOCTTY; /dev/tty is ENXIO without one. */
	pipe(sync);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(sync[0]);
		close(m);
		setsid();
		char msg[160];
		int k = 0;
		errno = 0;
		int t = open("/dev/tty", O_RDWR);
		k += snprintf(msg + k, sizeof msg - k, "no ctty: /dev/tty %d %s;", t, errname(errno));
		int a = open(name, O_RDWR | O_NOCTTY);
		errno = 0;
		t = open("/dev/tty", O_RDWR);
		k += snprintf(msg + k, sizeof msg - k, " O_NOCTTY: /dev/tty %d %s;", t, errname(errno));
		int b = open(name, O_RDWR);
		t = open("/dev/tty", O_RDWR);
		k += snprintf(msg + k, sizeof msg - k, " plain open: /dev/tty %s sid %s\n",
			      t >= 0 ? "opens" : errname(errno), tcgetsid(b) == getpid() ? "ours" : "other");
		write(sync[1], msg, k);
		close(a);
		_exit(0);
	}
	close(sync[1]);
	readall(sync[0], buf, 200);
	show("acquire", buf);
	waitpid(pid, &wst, 0);
	close(sync[0]);

	/* TIOCSCTTY's rules: a session leader without a terminal only;
	 * another session's terminal only stolen (arg 1, root); TIOCNOTTY
	 * only on one's own. */
	int m3 = openmaster(name2);
	pipe(sync);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(sync[0]);
		signal(SIGHUP, SIG_IGN);
		int a = open(name, O_RDWR | O_NOCTTY), b = open(name2, O_RDWR | O_NOCTTY);
		char msg[200];
		int k = 0;
#define TRY(what, call) do { errno = 0; int r_ = (call); \
		k += snprintf(msg + k, sizeof msg - k, " %s=%s", what, r_ == 0 ? "0" : errname(errno)); } while (0)
		TRY("notleader", ioctl(a, TIOCSCTTY, 0));
		setsid();
		TRY("sctty", ioctl(a, TIOCSCTTY, 0));
		TRY("again", ioctl(a, TIOCSCTTY, 0));
		TRY("second", ioctl(b, TIOCSCTTY, 0));
		TRY("nottyother", ioctl(b, TIOCNOTTY));
		TRY("notty", ioctl(a, TIOCNOTTY));
		TRY("sctty2", ioctl(b, TIOCSCTTY, 0));
		fflush(stdout);
		pid_t g = fork();
		if (g == 0) {
			setsid();
			TRY("othersession", ioctl(b, TIOCSCTTY, 0));
			TRY("steal", ioctl(b, TIOCSCTTY, 1));
			TRY("stolen", tcgetsid(b) == getpid() ? 0 : -1);
			k += snprintf(msg + k, sizeof msg - k, "\n");
			write(sync[1], msg, k);
			_exit(0);
		}
		waitpid(g, NULL, 0);
		_exit(0);
	}
	close(sync[1]);
	readall(sync[0], buf, 200);
	show("TIOCSCTTY", buf);
	waitpid(pid, &wst, 0);
	close(sync[0]);
	close(m3);

	/* Window size and SIGWINCH. */
	pipe(sync);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sigset_t block, old;
		sigemptyset(&block);
		sigaddset(&block, SIGWINCH);
		sigprocmask(SIG_BLOCK, &block, &old);
		signal(SIGWINCH, onwinch);
		session(name, m);
		close(sync[0]);
		write(sync[1], "r", 1);
		while (!winch)
			sigsuspend(&old);
		struct winsize ws;
		ioctl(0, TIOCGWINSZ, &ws);
		char msg[64];
		int k = snprintf(msg, sizeof msg, "winch %d rows %d cols %d\n", (int)winch, ws.ws_row, ws.ws_col);
		write(sync[1], msg, k);
		_exit(0);
	}
	close(sync[1]);
	readall(sync[0], buf, 1);
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	EXPECT_EQ("TIOCSWINSZ on master", ioctl(m, TIOCSWINSZ, &ws), 0);
	memset(&ws, 0, sizeof ws);
	ioctl(m, TIOCGWINSZ, &ws);
	printf("master TIOCGWINSZ: %d x %d\n", ws.ws_row, ws.ws_col);
	r = readall(sync[0], buf, 100);
	show("child", buf);
	waitpid(pid, &wst, 0);
	EXPECT_EQ("winch child status", WIFEXITED(wst) ? WEXITSTATUS(wst) : -1, 0);
	close(sync[0]);

	/* Hangup: the master closes under a session on the slave. */
	int go[2];
	pipe(sync);
	pipe(go);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		signal(SIGHUP, onhup);
		session(name, m);
		close(sync[0]);
		close(go[1]);
		write(sync[1], "r", 1);
		read(go[0], buf, 1);
		int rd = read(0, buf, sizeof buf);
		errno = 0;
		int wr = write(1, "x", 1);
		int we = errno;
		struct pollfd p = {0, POLLIN | POLLOUT, 0};
		poll(&p, 1, 0);
		char msg[128];
		int k = snprintf(msg, sizeof msg, "sighup %d read %d write %d %s poll %#x tcgetpgrp %d\n",
				 (int)hup, rd, wr, errname(we), p.revents, (int)tcgetpgrp(0));
		write(sync[1], msg, k);
		_exit(0);
	}
	close(sync[1]);
	close(go[0]);
	readall(sync[0], buf, 1);
	close(m);
	CHECK("slave node gone after hangup", stat(name, &st) < 0 && errno == ENOENT);
	write(go[1], "g", 1);
	readall(sync[0], buf, 120);
	show("hung-up child", buf);
	waitpid(pid, &wst, 0);
	EXPECT_EQ("hangup child status", WIFEXITED(wst) ? WEXITSTATUS(wst) : -1, 0);

	/* Many pairs in turn: the numbers are reused, nothing is left. */
	int reused = 1;
	for (int i = 0; i < 200; i++) {
		int t = openmaster(name2);
		if (t < 0 || strcmp(name2, "/dev/pts/0") != 0)
			reused = 0;
		close(t);
	}
	CHECK("200 pairs opened and closed, /dev/pts/0 each time", reused);

	/* Bulk data both ways in raw mode: writers wait for the reader. */
	char pname[64];
	int pm = openmaster(pname);
	int ps = open(pname, O_RDWR | O_NOCTTY);
	struct termios rt;
	tcgetattr(ps, &rt);
	cfmakeraw(&rt);
	tcsetattr(ps, TCSANOW, &rt);
	enum { bulk = 256 << 10 };
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(pm);
		static char out[4096];
		for (int i = 0; i < (int)sizeof out; i++)
			out[i] = (char)(i * 7);
		for (int sent = 0; sent < bulk; sent += sizeof out)
			if (write(ps, out, sizeof out) != sizeof out)
				_exit(1);
		/* Then read what the master sends back, and report its sum. */
		unsigned sum = 0;
		int got2 = 0;
		while (got2 < bulk) {
			int r2 = read(ps, out, sizeof out);
			if (r2 <= 0)
				_exit(2);
			for (int i = 0; i < r2; i++)
				sum += (unsigned char)out[i];
			got2 += r2;
		}
		char msg[32];
		int k = snprintf(msg, sizeof msg, "%u", sum);
		write(ps, msg, k);
		_exit(0);
	}
	close(ps);
	unsigned sum = 0, want = 0;
	int total = 0;
	while (total < bulk) {
		r = read(pm, buf, sizeof buf - 1);
		if (r <= 0)
			break;
		for (int i = 0; i < r; i++)
			sum += (unsigned char)buf[i];
		total += r;
	}
	for (int i = 0; i < bulk; i++)
		want += (unsigned char)(char)((i % 4096) * 7);
	EXPECT_EQ("bulk slave to master: bytes", total, bulk);
	CHECK("bulk slave to master: sum", sum == want);
	memset(buf, 'q', sizeof buf);
	for (int sent = 0; sent < bulk; sent += 128)
		write(pm, buf, 128);
	r = readall(pm, buf, 32);
	printf("bulk master to slave: child sum %s (want %u)\n", buf, (unsigned)bulk * 'q');
	waitpid(pid, &wst, 0);
	EXPECT_EQ("bulk child status", WIFEXITED(wst) ? WEXITSTATUS(wst) : -1, 0);
	close(pm);

	/* openpty and TIOCGPTPEER. */
	int am, as;
	EXPECT_EQ("openpty", openpty(&am, &as, name, NULL, NULL), 0);
	printf("openpty name: %s\n", name);
	int peer = ioctl(am, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	CHECK("TIOCGPTPEER", peer >= 0);
	struct stat a, b;
	fstat(as, &a);
	fstat(peer, &b);
	CHECK("peer is the slave", a.st_rdev == b.st_rdev);
	write(peer, "via peer\n", 9);
	readall(am, buf, 10);
	show("master read from peer", buf);
	close(peer);
	close(as);
	close(am);
	return done();
}
