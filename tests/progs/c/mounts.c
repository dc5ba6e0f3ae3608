/*
 * mounts: mount(2), umount2(2), statfs(2) and fstatfs(2) on a tmpfs, with
 * the errors programs meet: what /proc and the shell cases do not reach.
 */
#include "probe.h"
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>

int main(void)
{
	struct statfs st;
	char cwd[256];
	int p[2];

	mkdir("m", 0755);
	close(open("file", O_CREAT | O_WRONLY, 0644));
	symlink("m", "link");

	EXPECT_ERR("mount on a file", mount("none", "file", "tmpfs", 0, NULL), ENOTDIR);
	EXPECT_ERR("mount unknown type", mount("none", "m", "nosuchfs", 0, NULL), ENODEV);
	EXPECT_ERR("mount no type", mount("none", "m", NULL, 0, NULL), EINVAL);
	EXPECT_ERR("mount bad option", mount("none", "m", "tmpfs", 0, "bogus"), EINVAL);
	EXPECT_ERR("mount no target", mount("none", "nothere", "tmpfs", 0, NULL), ENOENT);
	EXPECT_ERR("mount bad target pointer", mount("none", (char *)1, "tmpfs", 0, NULL), EFAULT);
	EXPECT_ERR("umount2 not a mount", umount2("m", 0), EINVAL);
	EXPECT_ERR("umount2 bad flag", umount2("m", 0x100), EINVAL);
	EXPECT_ERR("umount2 expire+detach", umount2("m", MNT_EXPIRE | MNT_DETACH), EINVAL);
	EXPECT_ERR("umount2 missing", umount2("nothere", 0), ENOENT);

	CHECK("mount tmpfs", mount("none", "m", "tmpfs", 0, "size=64k,mode=0750") == 0);
	CHECK("statfs", statfs("m", &st) == 0);
	EXPECT_EQ("f_type", st.f_type, TMPFS_MAGIC);
	EXPECT_EQ("f_bsize", st.f_bsize, 4096);
	EXPECT_EQ("f_blocks", st.f_blocks, 16);
	EXPECT_EQ("f_bfree", st.f_bfree, 16);
	EXPECT_EQ("f_namelen", st.f_namelen, 255);
	EXPECT_EQ("f_frsize", st.f_frsize, 4096);
	EXPECT_EQ("f_flags", st.f_flags, ST_RELATIME | 0x20);
	struct stat sb;
	CHECK("root mode", stat("m", &sb) == 0 && (sb.st_mode & 07777) == 0750);
	int fd = open("m/f", O_CREAT | O_RDWR, 0644);
	CHECK("create in mount", fd >= 0);
	CHECK("write", write(fd, "x", 1) == 1);
	CHECK("fstatfs", fstatfs(fd, &st) == 0);
	EXPECT_EQ("fstatfs f_type", st.f_type, TMPFS_MAGIC);
	EXPECT_EQ("fstatfs f_bfree", st.f_bfree, 15);
	static char big[65536];
	int bf = open("m/big", O_CREAT | O_WRONLY, 0644);
	EXPECT_EQ("write up to size=", write(bf, big, sizeof big), 15 * 4096);
	EXPECT_ERR("write past size=", write(bf, big, 1), ENOSPC);
	close(bf);
	unlink("m/big");
	EXPECT_ERR("link across", link("m/f", "f2"), EXDEV);
	EXPECT_ERR("rename across", rename("m/f", "f2"), EXDEV);
	EXPECT_ERR("rmdir mountpoint", rmdir("m"), EBUSY);
	EXPECT_ERR("umount2 busy (open file)", umount2("m", 0), EBUSY);
	close(fd);
	EXPECT_ERR("umount2 nofollow on a link", umount2("link", UMOUNT_NOFOLLOW), EINVAL);

	mkdir("m/sub", 0755);
	CHECK("chdir into mount", chdir("m/sub") == 0);
	CHECK("getcwd across mount", getcwd(cwd, sizeof cwd) && strstr(cwd, "/m/sub") &&
	      strlen(strstr(cwd, "/m/sub")) == 6);
	EXPECT_ERR("umount2 busy (cwd)", umount2("..", 0), EBUSY);
	CHECK("chdir back", chdir("../..") == 0);

	CHECK("remount ro", mount(NULL, "m", NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0);
	EXPECT_ERR("create on ro", open("m/g", O_CREAT | O_WRONLY, 0644), EROFS);
	EXPECT_ERR("mkdir on ro", mkdir("m/d", 0755), EROFS);
	CHECK("statfs ro", statfs("m", &st) == 0 && (st.f_flags & ST_RDONLY));
	CHECK("umount2 follows a link", umount2("link", 0) == 0);
	EXPECT_ERR("umount2 again", umount2("m", 0), EINVAL);
	CHECK("mountpoint empty again", access("m/f", F_OK) != 0);

	CHECK("lazy: mount", mount("none", "m", "tmpfs", 0, NULL) == 0);
	mkdir("m/n", 0755);
	CHECK("lazy: mount inside", mount("none", "m/n", "tmpfs", 0, NULL) == 0);
	EXPECT_ERR("umount2 with a mount inside", umount2("m", 0), EBUSY);
	fd = open("m/n", O_RDONLY | O_DIRECTORY);
	CHECK("umount2 MNT_DETACH", umount2("m", MNT_DETACH) == 0);
	CHECK("detached stays usable", fstatfs(fd, &st) == 0 && st.f_type == TMPFS_MAGIC);
	close(fd);
	EXPECT_ERR("detached inner gone", umount2("m/n", 0), ENOENT);

	mkdir("m2", 0755);
	CHECK("move: mount", mount("none", "m", "tmpfs", 0, NULL) == 0 && mkdir("m/sub", 0755) == 0);
	EXPECT_ERR("move below itself", mount("m", "m/sub", NULL, MS_MOVE, NULL), ELOOP);
	EXPECT_ERR("move a non-mount", mount("m2", "file", NULL, MS_MOVE, NULL), EINVAL);
	CHECK("move", mount("m", "m2", NULL, MS_MOVE, NULL) == 0);
	CHECK("moved", access("m2/sub", F_OK) == 0 && access("m/sub", F_OK) != 0);
	EXPECT_ERR("old place not a mount", umount2("m", 0), EINVAL);
	CHECK("move: umount2", umount2("m2", 0) == 0);

	CHECK("nodev,noexec: mount", mount("none", "m", "tmpfs", MS_NODEV | MS_NOEXEC, NULL) == 0);
	CHECK("nodev: mknod", mknod("m/null", S_IFCHR | 0666, makedev(1, 3)) == 0);
	EXPECT_ERR("nodev: open device", open("m/null", O_RDONLY), EACCES);
	fd = open("m/script", O_CREAT | O_WRONLY, 0755);
	CHECK("noexec: script", fd >= 0 && write(fd, "#!/bin/sh\n", 10) == 10 && close(fd) == 0);
	char *argv[] = {"script", NULL};
	EXPECT_ERR("noexec: execve", execve("m/script", argv, argv + 1), EACCES);
	CHECK("statfs nodev,noexec", statfs("m", &st) == 0 && (st.f_flags & (ST_NODEV | ST_NOEXEC)) == (ST_NODEV | ST_NOEXEC));
	CHECK("nodev,noexec: umount2", umount2("m", 0) == 0);

	CHECK("pipe", pipe(p) == 0);
	CHECK("fstatfs pipe", fstatfs(p[0], &st) == 0);
	EXPECT_EQ("pipe f_type", st.f_type, PIPEFS_MAGIC);
	CHECK("statfs /proc", statfs("/proc", &st) == 0);
	EXPECT_EQ("proc f_type", st.f_type, PROC_SUPER_MAGIC);
	EXPECT_ERR("statfs missing", statfs("nothere", &st), ENOENT);
	EXPECT_ERR("statfs bad buffer", statfs(".", (struct statfs *)1), EFAULT);
	EXPECT_ERR("fstatfs bad fd", fstatfs(-1, &st), EBADF);
	return done();
}
