/* fds: dup(2) takes the lowest free descriptor, dup2/dup3 replace and
 * set O_CLOEXEC, fcntl(2) F_DUPFD(_CLOEXEC)/F_GETFD/F_SETFD/F_GETFL/F_SETFL,
 * and duplicated descriptors share one file offset. */
#include "probe.h"
#include <fcntl.h>

int main(void)
{
	int fd = open("/tmp/fds", O_CREAT | O_TRUNC | O_RDWR, 0644);
	EXPECT_EQ("first free fd", fd, 3);
	EXPECT_EQ("dup lowest free", dup(fd), 4);
	EXPECT_EQ("close 4", close(4), 0);
	EXPECT_EQ("dup reuses 4", dup(fd), 4);
	EXPECT_EQ("dup2 to 10", dup2(fd, 10), 10);
	EXPECT_EQ("dup2 same fd", dup2(fd, fd), fd);
	EXPECT_ERR("dup3 same fd", dup3(fd, fd, 0), EINVAL);
	EXPECT_ERR("dup3 bad flags", dup3(fd, 11, 12345), EINVAL);
	EXPECT_EQ("dup3 O_CLOEXEC", dup3(fd, 11, O_CLOEXEC), 11);
	EXPECT_EQ("F_GETFD after dup3", fcntl(11, F_GETFD), FD_CLOEXEC);
	EXPECT_EQ("F_GETFD after dup2", fcntl(10, F_GETFD), 0);
	EXPECT_EQ("F_DUPFD_CLOEXEC from 20", fcntl(fd, F_DUPFD_CLOEXEC, 20), 20);
	EXPECT_EQ("F_GETFD of it", fcntl(20, F_GETFD), FD_CLOEXEC);
	EXPECT_EQ("F_DUPFD from 20", fcntl(fd, F_DUPFD, 20), 21);
	EXPECT_EQ("F_GETFD of F_DUPFD", fcntl(21, F_GETFD), 0);
	EXPECT_EQ("F_SETFD", fcntl(21, F_SETFD, FD_CLOEXEC), 0);
	EXPECT_EQ("F_GETFD after F_SETFD", fcntl(21, F_GETFD), FD_CLOEXEC);
	EXPECT_EQ("F_GETFL access mode", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	EXPECT_EQ("F_SETFL O_APPEND|O_NONBLOCK", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK), 0);
	EXPECT_EQ("F_GETFL shows them", fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK), O_APPEND | O_NONBLOCK);
	EXPECT_EQ("status flags shared by dup", fcntl(10, F_GETFL) & O_APPEND, O_APPEND);
	EXPECT_EQ("F_SETFL clear", fcntl(fd, F_SETFL, 0), 0);
	EXPECT_ERR("fcntl bad fd", fcntl(99, F_GETFD), EBADF);
	EXPECT_ERR("dup bad fd", dup(99), EBADF);
	EXPECT_ERR("F_DUPFD negative", fcntl(fd, F_DUPFD, -1), EINVAL);

	/* One open file description: the offset moves for every duplicate. */
	EXPECT_EQ("write via fd", write(fd, "hello", 5), 5);
	EXPECT_EQ("offset seen via dup", lseek(10, 0, SEEK_CUR), 5);
	EXPECT_EQ("lseek via dup", lseek(11, 1, SEEK_SET), 1);
	char c = 0;
	EXPECT_EQ("read via fd", read(fd, &c, 1), 1);
	CHECK("read at shared offset", c == 'e');
	for (int i = 4; i < 22; i++)
		if (i != fd)
			close(i);
	EXPECT_EQ("lowest free after closes", dup(fd), 4);
	unlink("/tmp/fds");
	return done();
}
