/* perms: file permission checks (generic_permission, may_create,
 * may_delete, may_open, chown_ok, utimes) for an unprivileged user:
 * reading, writing and creating against the mode bits for owner, group
 * and others; search permission on directories; the sticky bit; chmod,
 * chown and utimensat by non-owners; access(2) with the real ids;
 * exec of a file without execute permission; a set-user-ID copy of
 * itself run by the user (effective uid the file's owner, AT_SECURE);
 * root's overrides. Works in the directory it is started in. */
#include "probe.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>

static int user(void)
{
	setgroups(0, NULL);
	if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
		return 1;
	EXPECT_ERR("read root's 0600 file", open("secret", O_RDONLY), EACCES);
	EXPECT_EQ("read a 0644 file", open("public", O_RDONLY) >= 0, 1);
	EXPECT_ERR("write a 0644 file", open("public", O_WRONLY), EACCES);
	EXPECT_ERR("O_TRUNC a 0644 file", open("public", O_RDONLY | O_TRUNC), EACCES);
	EXPECT_ERR("create in a 0755 root dir", open("rootdir/new", O_CREAT | O_WRONLY, 0644), EACCES);
	EXPECT_ERR("mkdir in a 0755 root dir", mkdir("rootdir/d", 0755), EACCES);
	EXPECT_ERR("unlink in a 0755 root dir", unlink("rootdir/f"), EACCES);
	EXPECT_ERR("search a 0700 root dir", open("private/f", O_RDONLY), EACCES);
	struct stat st;
	EXPECT_ERR("stat through a 0700 root dir", stat("private/f", &st), EACCES);
	EXPECT_EQ("create in the sticky 1777 dir", open("sticky/mine", O_CREAT | O_WRONLY, 0644) >= 0, 1);
	EXPECT_ERR("unlink root's file in the sticky dir", unlink("sticky/roots"), EPERM);
	EXPECT_ERR("rename root's file in the sticky dir", rename("sticky/roots", "sticky/x"), EPERM);
	EXPECT_EQ("unlink own file in the sticky dir", unlink("sticky/mine"), 0);
	EXPECT_EQ("unlink root's file in a 0777 dir", unlink("open/roots"), 0);
	EXPECT_ERR("chmod root's file", chmod("public", 0666), EPERM);
	EXPECT_ERR("chown own file to root", chown("sticky", 0, -1), EPERM);
	int fd = open("mine", O_CREAT | O_WRONLY, 0640);
	CHECK("create a file of one's own", fd >= 0);
	EXPECT_EQ("chmod own file", fchmod(fd, 0600), 0);
	EXPECT_ERR("chgrp own file to a group not ours", fchown(fd, -1, 0), EPERM);
	EXPECT_EQ("chown own file, unchanged ids", fchown(fd, 1000, -1), 0);
	close(fd);
	EXPECT_EQ("utimensat now on a 0666 file", utimensat(AT_FDCWD, "shared", NULL, 0), 0);
	struct timespec ts[2] = { { 1, 0 }, { 1, 0 } };
	EXPECT_ERR("utimensat explicit on another's file", utimensat(AT_FDCWD, "shared", ts, 0), EPERM);
	EXPECT_ERR("utimensat now on a 0644 file", utimensat(AT_FDCWD, "public", NULL, 0), EACCES);
	EXPECT_ERR("access R_OK root's 0600 file", access("secret", R_OK), EACCES);
	EXPECT_EQ("access F_OK root's 0600 file", access("secret", F_OK), 0);
	EXPECT_EQ("access X_OK busybox", access("/bin/busybox", X_OK), 0);
	EXPECT_ERR("access W_OK busybox", access("/bin/busybox", W_OK), EACCES);
	char *argv[] = { "noexec", NULL };
	EXPECT_ERR("exec a 0644 file", execv("./noexec", argv), EACCES);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		execv("./suid", (char *[]){ "suid", "ids", NULL });
		_exit(127);
	}
	int ws;
	waitpid(c, &ws, 0);
	EXPECT_EQ("set-user-ID program ran", WIFEXITED(ws) ? WEXITSTATUS(ws) : -1, 0);
	return done();
}

/* copy copies this program to path, for a set-user-ID copy. */
static void copy(const char *from, const char *path)
{
	int in = open(from, O_RDONLY), out = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	char buf[65536];
	int n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
}

static void file(const char *path, int mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
	write(fd, "x\n", 2);
	fchmod(fd, mode);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "ids") == 0) {
		uid_t r, e, s;
		getresuid(&r, &e, &s);
		printf("set-user-ID run: uid %d euid %d suid %d AT_SECURE %lu\n", r, e, s, getauxval(AT_SECURE));
		return 0;
	}
	umask(0);
	copy(argv[0], "suid");
	chown("suid", 2000, 2000);
	chmod("suid", 04755);
	file("secret", 0600);
	file("public", 0644);
	file("shared", 0666);
	file("noexec", 0644);
	mkdir("rootdir", 0755);
	file("rootdir/f", 0644);
	mkdir("private", 0700);
	file("private/f", 0644);
	mkdir("sticky", 01777);
	file("sticky/roots", 0666);
	mkdir("open", 0777);
	file("open/roots", 0644);
	chmod(".", 0777);

	/* Root's overrides. */
	int fd = open("secret", O_RDWR);
	CHECK("root reads and writes a 0600 file", fd >= 0);
	close(fd);
	chmod("secret", 0);
	EXPECT_EQ("root opens a 0000 file", open("secret", O_RDONLY) >= 0, 1);
	EXPECT_ERR("root cannot exec a 0644 file", execv("./noexec", (char *[]){ "noexec", NULL }), EACCES);
	EXPECT_ERR("root access X_OK a 0644 file", access("noexec", X_OK), EACCES);
	chmod("secret", 0600);

	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(user());
	int st;
	waitpid(c, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
