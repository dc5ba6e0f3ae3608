/* dirs: getdents64(2) lists a made directory (printed sorted, with
 * d_type), rename(2) over an existing file, link(2) and st_nlink,
 * unlink(2) of an open file, symlink(2)/readlink(2)/lstat(2). */
#include "probe.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

struct linux_dirent64 {
	unsigned long d_ino;
	long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
	char buf[256], *names[64];
	int n = 0, fd = open(path, O_RDONLY | O_DIRECTORY);
	long got;
	/* A small buffer forces several getdents64 calls. */
	while ((got = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			const char *t = d->d_type == DT_DIR ? "dir" : d->d_type == DT_REG ? "reg" :
					d->d_type == DT_LNK ? "lnk" : "other";
			if (n < 64 && asprintf(&names[n], "%s %s", d->d_name, t) > 0)
				n++;
			off += d->d_reclen;
		}
	}
	EXPECT_EQ("getdents64 end", got, 0);
	close(fd);
	qsort(names, n, sizeof names[0], cmp);
	for (int i = 0; i < n; i++)
		printf("  %s\n", names[i]);
}

static void mkfile(const char *p, const char *data)
{
	int fd = open(p, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	write(fd, data, strlen(data));
	close(fd);
}

int main(void)
{
	struct stat st;
	char buf[64];

	EXPECT_EQ("mkdir", mkdir("/tmp/d", 0755), 0);
	mkdir("/tmp/d/sub", 0755);
	char name[64];
	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof name, "/tmp/d/file-%02d-with-a-longish-name", i);
		mkfile(name, "x");
	}
	symlink("sub", "/tmp/d/link");
	list("/tmp/d");

	mkfile("/tmp/d/a", "aaa");
	mkfile("/tmp/d/b", "bb");
	EXPECT_EQ("rename over existing", rename("/tmp/d/a", "/tmp/d/b"), 0);
	EXPECT_ERR("old name gone", stat("/tmp/d/a", &st), ENOENT);
	EXPECT_EQ("new name has old content", stat("/tmp/d/b", &st) == 0 ? st.st_size : -1, 3);
	EXPECT_ERR("rename dir over file", rename("/tmp/d/sub", "/tmp/d/b"), ENOTDIR);
	EXPECT_ERR("rename into own subdir", rename("/tmp/d", "/tmp/d/sub/x"), EINVAL);
	EXPECT_EQ("rename dir", rename("/tmp/d/sub", "/tmp/d/sub2"), 0);
	symlink("sub2", "/tmp/d/link2");

	EXPECT_EQ("link", link("/tmp/d/b", "/tmp/d/c"), 0);
	EXPECT_EQ("nlink after link", stat("/tmp/d/b", &st) == 0 ? (long)st.st_nlink : -1, 2);
	EXPECT_ERR("link existing", link("/tmp/d/b", "/tmp/d/c"), EEXIST);
	EXPECT_ERR("link directory", link("/tmp/d/sub2", "/tmp/d/sub3"), EPERM);
	int fd = open("/tmp/d/c", O_RDONLY);
	EXPECT_EQ("unlink b", unlink("/tmp/d/b"), 0);
	EXPECT_EQ("nlink after unlink", fstat(fd, &st) == 0 ? (long)st.st_nlink : -1, 1);
	EXPECT_EQ("unlink open file", unlink("/tmp/d/c"), 0);
	EXPECT_EQ("read unlinked open file", read(fd, buf, sizeof buf), 3);
	EXPECT_EQ("nlink of unlinked", fstat(fd, &st) == 0 ? (long)st.st_nlink : -1, 0);
	close(fd);

	EXPECT_EQ("symlink", symlink("target/path", "/tmp/d/sl"), 0);
	memset(buf, 0, sizeof buf);
	EXPECT_EQ("readlink length", readlink("/tmp/d/sl", buf, sizeof buf), 11);
	CHECK("readlink text", strcmp(buf, "target/path") == 0);
	EXPECT_EQ("readlink short buffer", readlink("/tmp/d/sl", buf, 4), 4);
	EXPECT_ERR("readlink of non-link", readlink("/tmp/d/sub2", buf, sizeof buf), EINVAL);
	EXPECT_EQ("lstat is link", lstat("/tmp/d/sl", &st) == 0 && S_ISLNK(st.st_mode), 1);
	EXPECT_ERR("stat dangling link", stat("/tmp/d/sl", &st), ENOENT);
	EXPECT_ERR("link dangles after its target moved", stat("/tmp/d/link", &st), ENOENT);
	EXPECT_EQ("stat through dir link", stat("/tmp/d/link2", &st) == 0 && S_ISDIR(st.st_mode), 1);
	EXPECT_ERR("symlink existing", symlink("x", "/tmp/d/sl"), EEXIST);
	EXPECT_EQ("chdir", chdir("/tmp/d/sub2"), 0);
	EXPECT_EQ("relative link via ..", symlink("../sl", "rel"), 0);
	CHECK("getcwd", getcwd(buf, sizeof buf) && strcmp(buf, "/tmp/d/sub2") == 0);
	list(".");
	return done();
}
