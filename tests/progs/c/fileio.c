/* fileio: read(2) short reads at EOF and on pipes, O_APPEND (open(2)),
 * lseek(2) past EOF leaving a hole that reads as zeros, ftruncate(2)
 * growing and shrinking, pread(2)/pwrite(2) leaving the offset alone. */
#include "probe.h"
#include <fcntl.h>
#include <sys/stat.h>

static off_t size(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 ? st.st_size : -1;
}

int main(void)
{
	char buf[64];
	int fd = open("/tmp/fileio", O_CREAT | O_TRUNC | O_RDWR, 0644);

	EXPECT_EQ("write 10", write(fd, "0123456789", 10), 10);
	EXPECT_EQ("lseek to 6", lseek(fd, 6, SEEK_SET), 6);
	EXPECT_EQ("read past EOF is short", read(fd, buf, sizeof buf), 4);
	EXPECT_EQ("read at EOF is 0", read(fd, buf, sizeof buf), 0);
	EXPECT_EQ("lseek SEEK_END", lseek(fd, 0, SEEK_END), 10);
	EXPECT_EQ("lseek SEEK_CUR -3", lseek(fd, -3, SEEK_CUR), 7);

	/* A hole: seek 100 bytes past EOF and write; the gap reads zeros. */
	EXPECT_EQ("lseek past EOF", lseek(fd, 110, SEEK_SET), 110);
	EXPECT_EQ("size unchanged by seek", size(fd), 10);
	EXPECT_EQ("write after hole", write(fd, "Z", 1), 1);
	EXPECT_EQ("size after hole write", size(fd), 111);
	char hole[100];
	memset(hole, 'x', sizeof hole);
	EXPECT_EQ("pread hole", pread(fd, hole, sizeof hole, 10), 100);
	int zeros = 1;
	for (int i = 0; i < 100; i++)
		zeros &= hole[i] == 0;
	CHECK("hole reads zeros", zeros);
	EXPECT_EQ("pread offset unchanged", lseek(fd, 0, SEEK_CUR), 111);

	/* ftruncate shrink then grow: regrown bytes read as zeros. */
	EXPECT_EQ("ftruncate shrink", ftruncate(fd, 5), 0);
	EXPECT_EQ("size after shrink", size(fd), 5);
	EXPECT_EQ("ftruncate grow", ftruncate(fd, 8), 0);
	EXPECT_EQ("size after grow", size(fd), 8);
	memset(buf, 'x', sizeof buf);
	EXPECT_EQ("pread after grow", pread(fd, buf, sizeof buf, 0), 8);
	CHECK("shrunk data kept, regrown bytes zero", memcmp(buf, "01234\0\0\0", 8) == 0);
	EXPECT_EQ("pwrite", pwrite(fd, "AB", 2, 1), 2);
	EXPECT_EQ("offset after pwrite", lseek(fd, 0, SEEK_CUR), 111);
	close(fd);

	/* O_APPEND: every write goes to the end, whatever the offset. */
	fd = open("/tmp/fileio", O_WRONLY | O_APPEND);
	EXPECT_EQ("lseek 0 on O_APPEND", lseek(fd, 0, SEEK_SET), 0);
	EXPECT_EQ("append write", write(fd, "END", 3), 3);
	EXPECT_EQ("offset after append", lseek(fd, 0, SEEK_CUR), 11);
	close(fd);
	fd = open("/tmp/fileio", O_RDONLY);
	memset(buf, 0, sizeof buf);
	EXPECT_EQ("read whole file", read(fd, buf, sizeof buf), 11);
	CHECK("appended content", memcmp(buf, "0AB34\0\0\0END", 11) == 0);
	close(fd);

	/* O_TRUNC empties the file. */
	fd = open("/tmp/fileio", O_WRONLY | O_TRUNC);
	EXPECT_EQ("size after O_TRUNC", size(fd), 0);
	close(fd);

	/* Pipes: a read returns what is there, not the requested length. */
	int p[2];
	pipe(p);
	write(p[1], "abc", 3);
	EXPECT_EQ("pipe partial read", read(p[0], buf, sizeof buf), 3);
	write(p[1], "defgh", 5);
	EXPECT_EQ("pipe read 2 of 5", read(p[0], buf, 2), 2);
	EXPECT_EQ("pipe read rest", read(p[0], buf, sizeof buf), 3);
	close(p[1]);
	EXPECT_EQ("pipe read after writer closed", read(p[0], buf, sizeof buf), 0);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	close(p[0]);
	pipe(p);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	EXPECT_ERR("empty nonblocking pipe", read(p[0], buf, 1), EAGAIN);
	unlink("/tmp/fileio");
	return done();
}
