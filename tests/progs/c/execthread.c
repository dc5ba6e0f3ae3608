/* execthread: execve(2) from a thread that is not the thread group's
 * leader (de_thread): the other threads are gone, the process keeps its
 * pid and parent, and the thread that exec'd now has the leader's thread
 * ID; a pending close-on-exec descriptor is closed and a plain one kept. */
#include "probe.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char self[64], pidarg[16];

static void *thread(void *arg)
{
	(void)arg;
	execl(self, "execthread", "child", pidarg, (char *)0);
	_exit(127);
}

static int threads(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	int n = -1;
	while (f && fgets(line, sizeof line, f))
		sscanf(line, "Threads: %d", &n);
	if (f)
		fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	if (argc == 3) {
		CHECK("pid kept", getpid() == atoi(argv[2]));
		CHECK("tid is the pid", syscall(SYS_gettid) == getpid());
		EXPECT_EQ("one thread left", threads(), 1);
		EXPECT_ERR("close-on-exec fd closed", fcntl(10, F_GETFD), EBADF);
		EXPECT_EQ("plain fd kept", fcntl(11, F_GETFD), 0);
		return done();
	}
	snprintf(self, sizeof self, "%s", argv[0]);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		snprintf(pidarg, sizeof pidarg, "%d", getpid());
		int fd = open("/dev/null", O_RDONLY);
		dup3(fd, 10, O_CLOEXEC);
		dup2(fd, 11);
		pthread_t th;
		pthread_create(&th, NULL, thread, NULL);
		for (;;)
			pause();
	}
	int st;
	CHECK("the exec'd process is the child", waitpid(c, &st, 0) == c);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
