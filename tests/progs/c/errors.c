/* errors: the errno of common failing calls (open(2), close(2), read(2),
 * write(2), lseek(2), mkdir(2), rmdir(2), unlink(2)) and EFAULT for bad
 * user pointers (errno(3): the kernel checks every user buffer). */
#include "probe.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

int main(void)
{
	char buf[16];
	struct stat st;
	int p[2];

	mkdir("/tmp/errors", 0755);
	mkdir("/tmp/errors/full", 0755);
	int f = open("/tmp/errors/file", O_CREAT | O_TRUNC | O_RDWR, 0644);
	write(f, "data", 4);
	close(f);
	close(open("/tmp/errors/full/x", O_CREAT | O_WRONLY, 0644));

	EXPECT_ERR("open nonexistent", open("/tmp/errors/nope", O_RDONLY), ENOENT);
	EXPECT_ERR("open under nonexistent dir", open("/tmp/nope/x", O_CREAT | O_WRONLY, 0644), ENOENT);
	EXPECT_ERR("open file as dir", open("/tmp/errors/file/x", O_RDONLY), ENOTDIR);
	EXPECT_ERR("open O_EXCL existing", open("/tmp/errors/file", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	EXPECT_ERR("open dir for writing", open("/tmp/errors", O_WRONLY), EISDIR);
	EXPECT_ERR("open O_DIRECTORY on file", open("/tmp/errors/file", O_RDONLY | O_DIRECTORY), ENOTDIR);
	EXPECT_ERR("close(-1)", close(-1), EBADF);
	EXPECT_ERR("close(999)", close(999), EBADF);
	int d = open("/tmp/errors", O_RDONLY | O_DIRECTORY);
	EXPECT_ERR("read on directory", read(d, buf, sizeof buf), EISDIR);
	close(d);
	int ro = open("/tmp/errors/file", O_RDONLY);
	EXPECT_ERR("write to O_RDONLY fd", write(ro, "x", 1), EBADF);
	EXPECT_ERR("lseek bad whence", lseek(ro, 0, 42), EINVAL);
	EXPECT_ERR("lseek negative", lseek(ro, -10, SEEK_SET), EINVAL);
	int wo = open("/tmp/errors/file", O_WRONLY);
	EXPECT_ERR("read from O_WRONLY fd", read(wo, buf, 1), EBADF);
	close(wo);
	pipe(p);
	EXPECT_ERR("lseek on pipe", lseek(p[0], 0, SEEK_SET), ESPIPE);
	EXPECT_ERR("mkdir existing", mkdir("/tmp/errors", 0755), EEXIST);
	EXPECT_ERR("rmdir non-empty", rmdir("/tmp/errors/full"), ENOTEMPTY);
	EXPECT_ERR("rmdir file", rmdir("/tmp/errors/file"), ENOTDIR);
	EXPECT_ERR("unlink directory", unlink("/tmp/errors/full"), EISDIR);
	EXPECT_ERR("unlink nonexistent", unlink("/tmp/errors/nope"), ENOENT);
	EXPECT_ERR("chdir to file", chdir("/tmp/errors/file"), ENOTDIR);

	/* EFAULT: raw syscalls so libc cannot touch the pointer first. */
	EXPECT_ERR("write from (void*)1", syscall(SYS_write, 1, (void *)1, 10), EFAULT);
	EXPECT_ERR("read into NULL", syscall(SYS_read, ro, NULL, 4), EFAULT);
	EXPECT_ERR("fstatat bad path pointer", syscall(SYS_newfstatat, AT_FDCWD, (void *)1, &st, 0), EFAULT);
	EXPECT_ERR("fstat into bad buffer", syscall(SYS_fstat, ro, (void *)8), EFAULT);
	EXPECT_ERR("openat bad path pointer", syscall(SYS_openat, AT_FDCWD, (void *)0xdead0000, O_RDONLY), EFAULT);
	EXPECT_ERR("pipe2 into bad pointer", syscall(SYS_pipe2, (void *)16, 0), EFAULT);
	EXPECT_ERR("write from kernel address", syscall(SYS_write, 1, (void *)0xffff000000000000ul, 1), EFAULT);
	close(ro);
	return done();
}
