/* creds: the set*id(2) rules of kernel/sys.c for a root process and an
 * unprivileged one (setuid, setreuid, setresuid, setfsuid, the group
 * ones, setgroups/getgroups), and kill(2)'s permission check between
 * users (EPERM, SIGCONT in the same session). Runs in forked children so
 * the suite's shell keeps root. */
#include "probe.h"
#include <grp.h>
#include <signal.h>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <sys/wait.h>

static void ids(const char *what)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("%s: uid %d %d %d gid %d %d %d\n", what, r, e, s, gr, ge, gs);
}

static int child(void)
{
	/* Root: setgroups, then drop the group ids, then the user ids. */
	gid_t g[] = { 300, 100, 200 };
	EXPECT_EQ("setgroups", setgroups(3, g), 0);
	gid_t back[8];
	int n = getgroups(8, back);
	EXPECT_EQ("getgroups count", n, 3);
	printf("groups: %d %d %d\n", back[0], back[1], back[2]);
	EXPECT_ERR("getgroups too small", getgroups(1, back), EINVAL);
	EXPECT_EQ("setresgid", setresgid(1000, 1000, 1000), 0);
	EXPECT_EQ("setresuid keeping saved 0", setresuid(1000, 1000, 0), 0);
	ids("after setresuid");
	EXPECT_EQ("setfsuid returns the old one", setfsuid(2000), 1000);
	EXPECT_EQ("setfsuid: not allowed, unchanged", setfsuid(1000), 1000);
	EXPECT_ERR("setgroups unprivileged", setgroups(0, NULL), EPERM);
	EXPECT_EQ("seteuid back to saved 0", seteuid(0), 0);
	ids("after seteuid 0");
	EXPECT_EQ("setreuid(-1, 1000)", setreuid(-1, 1000), 0);
	ids("after setreuid -1 1000");
	EXPECT_EQ("setreuid(1000, 0): saved follows", setreuid(1000, 0), 0);
	ids("after setreuid 1000 0");
	EXPECT_EQ("setuid as root sets all", setuid(1500), 0);
	ids("after setuid 1500");
	EXPECT_ERR("setuid(0) now", setuid(0), EPERM);
	EXPECT_ERR("setresuid to another", setresuid(-1, 1, -1), EPERM);
	EXPECT_ERR("setuid(-1)", setuid(-1), EINVAL);
	EXPECT_EQ("setuid to own real", setuid(1500), 0);
	EXPECT_ERR("setgid unprivileged", setgid(0), EPERM);
	EXPECT_ERR("setregid unprivileged", setregid(5, -1), EPERM);

	/* RLIMIT_NPROC counts the user's tasks. */
	struct rlimit rl = { 1, 100 };
	EXPECT_EQ("setrlimit RLIMIT_NPROC 1", setrlimit(RLIMIT_NPROC, &rl), 0);
	EXPECT_ERR("fork over RLIMIT_NPROC", fork(), EAGAIN);
	rl = (struct rlimit){ 200, 200 };
	EXPECT_ERR("raise the hard limit", setrlimit(RLIMIT_NPROC, &rl), EPERM);
	rl = (struct rlimit){ 100, 100 };
	EXPECT_EQ("raise the soft limit", setrlimit(RLIMIT_NPROC, &rl), 0);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	CHECK("fork under RLIMIT_NPROC", c > 0 && waitpid(c, NULL, 0) == c);

	/* kill: init (root) is off limits, ourselves not. */
	EXPECT_ERR("kill root's process", kill(1, SIGTERM), EPERM);
	EXPECT_ERR("kill 0 signal to root's process", kill(1, 0), EPERM);
	EXPECT_EQ("kill self", kill(getpid(), 0), 0);
	EXPECT_EQ("SIGCONT in the session", kill(getppid(), SIGCONT), 0);
	return done();
}

int main(void)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(child());
	int st;
	waitpid(c, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
