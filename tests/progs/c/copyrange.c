/* copyrange: copy_file_range(2) with explicit offsets and with the file
 * positions, short at the end of the input, and its errors; fadvise(2)
 * advice checks; close_range(2) closing and marking close-on-exec;
 * getxattr(2)/listxattr(2)/setxattr(2) on a tmpfs file with no
 * attributes. */
#include "probe.h"
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <sys/xattr.h>

int main(void)
{
	int in = open("in", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int out = open("out", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("open", in >= 0 && out >= 0);
	CHECK("fill", write(in, "0123456789", 10) == 10);
	loff_t oi = 2, oo = 5;
	EXPECT_EQ("copy with offsets", copy_file_range(in, &oi, out, &oo, 4, 0), 4);
	EXPECT_EQ("offsets advanced", oi * 100 + oo, 609);
	char buf[32] = { 0 };
	EXPECT_EQ("out size", pread(out, buf, sizeof buf, 0), 9);
	CHECK("hole then data", memcmp(buf, "\0\0\0\0\0" "2345", 9) == 0);
	EXPECT_EQ("in position untouched", lseek(in, 0, SEEK_CUR), 10);
	lseek(in, 7, SEEK_SET);
	lseek(out, 0, SEEK_SET);
	EXPECT_EQ("copy at positions, short at EOF", copy_file_range(in, NULL, out, NULL, 100, 0), 3);
	EXPECT_EQ("in position moved", lseek(in, 0, SEEK_CUR), 10);
	EXPECT_EQ("out position moved", lseek(out, 0, SEEK_CUR), 3);
	EXPECT_EQ("at EOF", copy_file_range(in, NULL, out, NULL, 5, 0), 0);
	EXPECT_ERR("flags", copy_file_range(in, NULL, out, NULL, 5, 1), EINVAL);
	loff_t a = 0, b = 2;
	EXPECT_ERR("overlap in one file", copy_file_range(in, &a, in, &b, 5, 0), EINVAL);
	int dir = open(".", O_RDONLY | O_DIRECTORY);
	EXPECT_ERR("from a directory", copy_file_range(dir, NULL, out, NULL, 5, 0), EISDIR);
	int p[2];
	CHECK("pipe", pipe(p) == 0);
	EXPECT_ERR("to a pipe", copy_file_range(in, NULL, p[1], NULL, 5, 0), EINVAL);
	int ro = open("out", O_RDONLY);
	EXPECT_ERR("to a read-only fd", copy_file_range(in, NULL, ro, NULL, 5, 0), EBADF);
	int ap = open("out", O_WRONLY | O_APPEND);
	EXPECT_ERR("to O_APPEND", copy_file_range(in, NULL, ap, NULL, 5, 0), EBADF);
	EXPECT_ERR("bad fd", copy_file_range(99, NULL, out, NULL, 5, 0), EBADF);

	EXPECT_EQ("fadvise sequential", posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL), 0);
	EXPECT_EQ("fadvise bad advice", posix_fadvise(in, 0, 0, 99), EINVAL);
	EXPECT_EQ("fadvise negative length", posix_fadvise(in, 0, -1, POSIX_FADV_NORMAL), EINVAL);
	EXPECT_EQ("fadvise pipe", posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL), ESPIPE);
	EXPECT_EQ("fadvise bad fd", posix_fadvise(99, 0, 0, POSIX_FADV_NORMAL), EBADF);

	EXPECT_ERR("getxattr security", getxattr("in", "security.selinux", buf, sizeof buf), ENODATA);
	EXPECT_ERR("lgetxattr ACL", lgetxattr("in", "system.posix_acl_access", buf, sizeof buf), ENODATA);
	EXPECT_ERR("getxattr user", getxattr("in", "user.x", buf, sizeof buf), EOPNOTSUPP);
	EXPECT_ERR("getxattr empty name", getxattr("in", "", buf, sizeof buf), ERANGE);
	EXPECT_ERR("getxattr missing file", getxattr("nope", "security.x", buf, sizeof buf), ENOENT);
	EXPECT_ERR("fgetxattr bad fd", fgetxattr(99, "security.x", buf, sizeof buf), EBADF);
	EXPECT_EQ("listxattr", listxattr("in", buf, sizeof buf), 0);
	EXPECT_EQ("flistxattr", flistxattr(in, buf, sizeof buf), 0);
	EXPECT_ERR("setxattr user", setxattr("in", "user.x", "v", 1, 0), EOPNOTSUPP);
	EXPECT_ERR("setxattr bad flags", setxattr("in", "user.x", "v", 1, 4), EINVAL);

	/* close_range: the pipe and the extra descriptors, then cloexec. */
	int hi = dup2(in, 40);
	EXPECT_EQ("close_range cloexec", syscall(SYS_close_range, 40, 40, CLOSE_RANGE_CLOEXEC), 0);
	EXPECT_EQ("marked cloexec", fcntl(hi, F_GETFD), FD_CLOEXEC);
	EXPECT_ERR("close_range first > last", syscall(SYS_close_range, 5, 4, 0), EINVAL);
	EXPECT_ERR("close_range bad flag", syscall(SYS_close_range, 3, 4, 1), EINVAL);
	EXPECT_EQ("close_range", syscall(SYS_close_range, p[0], ~0U, 0), 0);
	EXPECT_ERR("closed", fcntl(hi, F_GETFD), EBADF);
	EXPECT_ERR("closed too", fcntl(p[1], F_GETFD), EBADF);
	CHECK("below kept", fcntl(in, F_GETFD) >= 0 && fcntl(out, F_GETFD) >= 0);
	sync();
	EXPECT_EQ("syncfs", syncfs(in), 0);
	return done();
}
