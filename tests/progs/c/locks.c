/* locks: fcntl(2) POSIX record locks between two processes — a child
 * sees the parent's write lock with F_GETLK (type, range, l_pid), cannot
 * take it with F_SETLK (EAGAIN), takes a disjoint range, and gets the
 * lock with F_SETLKW once the parent unlocks; a read lock is shared. */
#include "probe.h"
#include <fcntl.h>
#include <sys/wait.h>

static int setlk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

int main(void)
{
	int fd = open("/tmp/locks-file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int go[2];
	pipe(go);
	EXPECT_EQ("parent write-locks 0-99", setlk(fd, F_SETLK, F_WRLCK, 0, 100), 0);
	pid_t child = fork();
	if (child == 0) {
		struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 5 };
		fcntl(fd, F_GETLK, &fl);
		printf("child F_GETLK: type %s start %ld len %ld pid-is-parent %d\n",
		       fl.l_type == F_WRLCK ? "F_WRLCK" : "other", (long)fl.l_start, (long)fl.l_len,
		       fl.l_pid == getppid());
		EXPECT_ERR("child F_SETLK conflicting", setlk(fd, F_SETLK, F_RDLCK, 50, 10), EAGAIN);
		EXPECT_EQ("child locks 100-199", setlk(fd, F_SETLK, F_WRLCK, 100, 100), 0);
		write(go[1], "g", 1);
		EXPECT_EQ("child F_SETLKW waits for the unlock", setlk(fd, F_SETLKW, F_WRLCK, 0, 100), 0);
		fflush(stdout);
		_exit(failures != 0);
	}
	char c;
	read(go[0], &c, 1);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 150, .l_len = 1 };
	fcntl(fd, F_GETLK, &fl);
	CHECK("parent sees the child's lock", fl.l_type == F_WRLCK && fl.l_pid == child);
	int unlocked = setlk(fd, F_SETLK, F_UNLCK, 0, 0);
	int st;
	waitpid(child, &st, 0); /* report after the child's lines: who runs first after the wake-up is the scheduler's */
	EXPECT_EQ("parent unlocks", unlocked, 0);
	EXPECT_EQ("child passed", WEXITSTATUS(st), 0);
	EXPECT_EQ("read lock", setlk(fd, F_SETLK, F_RDLCK, 0, 10), 0);
	EXPECT_EQ("read lock again (replaces)", setlk(fd, F_SETLK, F_RDLCK, 0, 10), 0);
	EXPECT_ERR("bad type", setlk(fd, F_SETLK, 7, 0, 10), EINVAL);
	unlink("/tmp/locks-file");
	return done();
}
