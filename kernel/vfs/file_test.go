package vfs_test

import (
	"bytes"
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func (e *env) open(path string, flags int) *vfs.File {
	e.t.Helper()
	f, err := vfs.Open(e.c, e.root, path, flags, 0o644)
	e.ok(err)
	return f
}

func TestReadWriteSeek(t *testing.T) {
	e := newEnv(t)
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_CREAT)
	if n, err := f.Write([]byte("hello world")); n != 11 || err != nil {
		t.Fatalf("Write: %d %v", n, err)
	}
	buf := make([]byte, 5)
	if n, err := f.Read(buf); n != 0 || err != nil {
		t.Errorf("Read at EOF: %d %v", n, err)
	}
	type seek struct {
		off    int64
		whence int
		want   int64
		err    error
	}
	for _, s := range []seek{
		{0, linuxabi.SEEK_SET, 0, nil},
		{6, linuxabi.SEEK_CUR, 6, nil},
		{-2, linuxabi.SEEK_CUR, 4, nil},
		{-1, linuxabi.SEEK_END, 10, nil},
		{100, linuxabi.SEEK_END, 111, nil}, // past EOF is allowed
		{-1, linuxabi.SEEK_SET, 111, linuxabi.EINVAL},
		{-112, linuxabi.SEEK_CUR, 111, linuxabi.EINVAL},
		{-12, linuxabi.SEEK_END, 111, linuxabi.EINVAL},
		{vfs.MaxFileSize, linuxabi.SEEK_END, 111, linuxabi.EINVAL}, // overflows
		{0, 5, 111, linuxabi.EINVAL},
		{0, -1, 111, linuxabi.EINVAL},
		{0, linuxabi.SEEK_CUR, 111, nil},
		{4, linuxabi.SEEK_SET, 4, nil},
	} {
		got, err := f.Seek(s.off, s.whence)
		wantErr(t, "Seek", err, s.err)
		if err == nil && got != s.want {
			t.Errorf("Seek(%d, %d) = %d, want %d", s.off, s.whence, got, s.want)
		}
		if pos, _ := f.Seek(0, linuxabi.SEEK_CUR); pos != s.want {
			t.Errorf("after Seek(%d, %d) at %d, want %d", s.off, s.whence, pos, s.want)
		}
	}
	if n, _ := f.Read(buf); string(buf[:n]) != "o wor" {
		t.Errorf("Read after seek: %q", buf[:n])
	}
	if n, _ := f.Pread(buf, 8); string(buf[:n]) != "rld" {
		t.Errorf("Pread: %q", buf[:n])
	}
	if pos, _ := f.Seek(0, linuxabi.SEEK_CUR); pos != 9 {
		t.Errorf("Pread moved the position to %d", pos)
	}
	if _, err := f.Pread(buf, -1); err != linuxabi.EINVAL {
		t.Errorf("Pread(-1): %v", err)
	}
	if _, err := f.Pwrite(buf, -1); err != linuxabi.EINVAL {
		t.Errorf("Pwrite(-1): %v", err)
	}
	if _, err := f.Pread(buf, vfs.MaxFileSize-2); err != linuxabi.EINVAL {
		t.Errorf("Pread past the largest offset: %v", err)
	}
	// Writing past EOF leaves zeros.
	if n, err := f.Pwrite([]byte("!"), 20); n != 1 || err != nil {
		t.Fatal(err)
	}
	if got := e.read("f"); got != "hello world\x00\x00\x00\x00\x00\x00\x00\x00\x00!" {
		t.Errorf("after write past EOF: %q", got)
	}
	// A write of nothing does nothing.
	e.clock.tick(1e9)
	if n, err := f.Write(nil); n != 0 || err != nil {
		t.Errorf("empty write %d %v", n, err)
	}
	if st := f.Inode().Stat(); st.Mtime == e.clock.now() || st.Size != 21 {
		t.Errorf("empty write changed the file: %+v", st)
	}
	// A write sets mtime and ctime.
	f.Write([]byte("x"))
	if st := f.Inode().Stat(); st.Mtime != e.clock.now() || st.Ctime != e.clock.now() {
		t.Errorf("write times %+v", st)
	}
	// EFBIG at the largest size.
	e.ok(f.Truncate(vfs.MaxFileSize))
	a := e.open("f", linuxabi.O_WRONLY|linuxabi.O_APPEND)
	if _, err := a.Write([]byte("x")); err != linuxabi.EFBIG {
		t.Errorf("append at MaxFileSize: %v", err)
	}
	if _, err := f.Pwrite([]byte("xy"), vfs.MaxFileSize-1); err != linuxabi.EINVAL {
		t.Errorf("pwrite across MaxFileSize: %v", err)
	}
	if n, err := f.Pwrite([]byte("x"), vfs.MaxFileSize-1); n != 1 || err != nil {
		t.Errorf("pwrite of the last byte: %d %v", n, err)
	}
}

func TestAccessModes(t *testing.T) {
	e := newEnv(t)
	e.write("f", "abc")
	buf := make([]byte, 3)
	r := e.open("f", linuxabi.O_RDONLY)
	if _, err := r.Write(buf); err != linuxabi.EBADF {
		t.Errorf("write on O_RDONLY: %v", err)
	}
	if _, err := r.Pwrite(buf, 0); err != linuxabi.EBADF {
		t.Errorf("pwrite on O_RDONLY: %v", err)
	}
	if err := r.Truncate(0); err != linuxabi.EINVAL {
		t.Errorf("ftruncate on O_RDONLY: %v", err)
	}
	w := e.open("f", linuxabi.O_WRONLY)
	if _, err := w.Read(buf); err != linuxabi.EBADF {
		t.Errorf("read on O_WRONLY: %v", err)
	}
	n := e.open("f", linuxabi.O_ACCMODE)
	if _, err := n.Read(buf); err != linuxabi.EBADF {
		t.Errorf("read on access mode 3: %v", err)
	}
	if _, err := n.Write(buf); err != linuxabi.EBADF {
		t.Errorf("write on access mode 3: %v", err)
	}
	d := e.open("/", linuxabi.O_RDONLY)
	if _, err := d.Read(buf); err != linuxabi.EISDIR {
		t.Errorf("read on a directory: %v", err)
	}
	if _, err := d.Pread(nil, 0); err != linuxabi.EISDIR {
		t.Errorf("pread on a directory: %v", err)
	}
	if _, err := d.Seek(0, linuxabi.SEEK_END); err != linuxabi.EINVAL {
		t.Errorf("SEEK_END on a directory: %v", err)
	}
	if err := d.Truncate(0); err != linuxabi.EINVAL {
		t.Errorf("ftruncate of a directory: %v", err)
	}
	if _, err := r.ReadDir(make([]byte, 100)); err != linuxabi.ENOTDIR {
		t.Errorf("getdents on a file: %v", err)
	}
	if _, err := r.Ioctl(1, 2); err != linuxabi.ENOTTY {
		t.Errorf("ioctl on a file: %v", err)
	}
	if r.Poll() != linuxabi.POLLIN|linuxabi.POLLOUT|linuxabi.POLLRDNORM|linuxabi.POLLWRNORM {
		t.Errorf("poll on a file: %#x", r.Poll())
	}
}

func TestAppend(t *testing.T) {
	e := newEnv(t)
	e.write("f", "abc")
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_APPEND)
	f.Write([]byte("de"))
	if pos, _ := f.Seek(0, linuxabi.SEEK_CUR); pos != 5 {
		t.Errorf("position after append %d", pos)
	}
	f.Seek(0, linuxabi.SEEK_SET)
	f.Write([]byte("f"))
	// pwrite(2) BUGS: with O_APPEND, pwrite appends.
	f.Pwrite([]byte("g"), 0)
	if got := e.read("f"); got != "abcdefg" {
		t.Errorf("appended %q", got)
	}
	if pos, _ := f.Seek(0, linuxabi.SEEK_CUR); pos != 6 {
		t.Errorf("pwrite moved the position to %d", pos)
	}
}

func TestSparse(t *testing.T) {
	e := newEnv(t)
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_CREAT)
	const page = 4096
	f.Pwrite([]byte("a"), 0)
	f.Pwrite([]byte("b"), 3*page+10)
	f.Pwrite([]byte("c"), 1<<40)
	st := f.Inode().Stat()
	if st.Size != 1<<40+1 || st.Blocks != 3*page/512 || st.Blksize != 4096 {
		t.Errorf("sparse stat: size %d blocks %d blksize %d", st.Size, st.Blocks, st.Blksize)
	}
	buf := make([]byte, 2*page)
	n, _ := f.Pread(buf, 2*page+100)
	if n != len(buf) || !bytes.Equal(buf[:page-100+10], make([]byte, page-100+10)) || buf[page-100+10] != 'b' {
		t.Errorf("read across hole: %d bytes, b at %d", n, bytes.IndexByte(buf, 'b'))
	}
	size := st.Size
	for _, s := range []struct {
		off    int64
		whence int
		want   int64
		err    error
	}{
		{0, linuxabi.SEEK_DATA, 0, nil},
		{5, linuxabi.SEEK_DATA, 5, nil},
		{0, linuxabi.SEEK_HOLE, page, nil},
		{page, linuxabi.SEEK_HOLE, page, nil},
		{page + 1, linuxabi.SEEK_DATA, 3 * page, nil},
		{3*page + 11, linuxabi.SEEK_DATA, 3*page + 11, nil},
		{3 * page, linuxabi.SEEK_HOLE, 4 * page, nil},
		{4 * page, linuxabi.SEEK_DATA, 1 << 40, nil},
		{1 << 40, linuxabi.SEEK_HOLE, size, nil},
		{size, linuxabi.SEEK_DATA, 0, linuxabi.ENXIO},
		{size, linuxabi.SEEK_HOLE, 0, linuxabi.ENXIO},
		{-1, linuxabi.SEEK_DATA, 0, linuxabi.ENXIO},
		{-1, linuxabi.SEEK_HOLE, 0, linuxabi.ENXIO},
	} {
		got, err := f.Seek(s.off, s.whence)
		wantErr(t, "Seek", err, s.err)
		if err == nil && got != s.want {
			t.Errorf("Seek(%d, %d) = %d, want %d", s.off, s.whence, got, s.want)
		}
	}
	// Only a hole after the last data: ENXIO for SEEK_DATA.
	e.ok(f.Truncate(size + 3*page))
	if _, err := f.Seek(size+page, linuxabi.SEEK_DATA); err != linuxabi.ENXIO {
		t.Errorf("SEEK_DATA in trailing hole: %v", err)
	}
	if got, _ := f.Seek(size+page, linuxabi.SEEK_HOLE); got != size+page {
		t.Errorf("SEEK_HOLE in trailing hole: %d", got)
	}
}

func TestTruncate(t *testing.T) {
	e := newEnv(t)
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_CREAT)
	f.Write(bytes.Repeat([]byte("x"), 10000))
	e.ok(f.Truncate(5000))
	e.ok(f.Truncate(9000))
	data := e.read("f")
	if len(data) != 9000 || data[:5000] != string(bytes.Repeat([]byte("x"), 5000)) || data[5000:] != string(make([]byte, 4000)) {
		t.Errorf("shrink then grow: %d bytes, zeros from %d", len(data), bytes.IndexByte([]byte(data), 0))
	}
	if st := f.Inode().Stat(); st.Blocks != 16 { // pages 0 and 1; page 2 was dropped
		t.Errorf("blocks after truncate %d", st.Blocks)
	}
	e.clock.tick(1e9)
	e.ok(f.Truncate(9000))
	if st := f.Inode().Stat(); st.Mtime == e.clock.now() {
		t.Error("truncate to the same size set mtime")
	}
	e.ok(f.Truncate(0))
	if st := f.Inode().Stat(); st.Size != 0 || st.Blocks != 0 || st.Mtime != e.clock.now() || st.Ctime != e.clock.now() {
		t.Errorf("truncate to 0: %+v", st)
	}
	wantErr(t, "ftruncate(-1)", f.Truncate(-1), linuxabi.EINVAL)
	e.mkdir("d")
	e.symlink("f", "l")
	wantErr(t, "truncate dir", e.get("d").Truncate(0), linuxabi.EISDIR)
	wantErr(t, "truncate symlink", e.get("l").Truncate(0), linuxabi.EINVAL)
	wantErr(t, "truncate -1", e.get("f").Truncate(-1), linuxabi.EINVAL)
	e.ok(e.get("f").Truncate(3))
	if got := e.read("f"); got != "\x00\x00\x00" {
		t.Errorf("truncate(2) grew to %q", got)
	}
}

func TestUnlinkOpenFile(t *testing.T) {
	e := newEnv(t)
	e.write("f", "still here")
	f := e.open("f", linuxabi.O_RDWR)
	e.ok(vfs.Unlink(e.c, e.root, "f"))
	if e.exists("f") {
		t.Fatal("name survived unlink")
	}
	if got := readAll(t, f); got != "still here" {
		t.Errorf("read after unlink: %q", got)
	}
	f.Write([]byte("!"))
	if st := f.Inode().Stat(); st.Nlink != 0 || st.Size != 11 {
		t.Errorf("unlinked file: nlink %d size %d", st.Nlink, st.Size)
	}
	// Linking it back is ENOENT, as for Linux without O_TMPFILE.
	wantErr(t, "link of unlinked", vfs.Link(e.c, f.Inode(), e.root, "g"), linuxabi.ENOENT)
}

func TestAttributes(t *testing.T) {
	e := newEnv(t)
	f := e.write("f", "x")
	e.clock.tick(1e9)
	e.ok(f.Chmod(0o106755))
	if st := f.Stat(); st.Mode != linuxabi.S_IFREG|0o6755 || st.Ctime != e.clock.now() {
		t.Errorf("chmod: mode %o ctime %d", st.Mode, st.Ctime)
	}
	// chown clears set-user-ID, and set-group-ID of a group-executable
	// file.
	f.Chown(1, 2)
	if st := f.Stat(); st.UID != 1 || st.GID != 2 || st.Mode != linuxabi.S_IFREG|0o755 {
		t.Errorf("chown: %d:%d mode %o", st.UID, st.GID, st.Mode)
	}
	e.ok(f.Chmod(0o2745))
	f.Chown(vfs.NoID, vfs.NoID)
	if st := f.Stat(); st.UID != 1 || st.GID != 2 || st.Mode != linuxabi.S_IFREG|0o2745 {
		t.Errorf("chown -1 -1: %d:%d mode %o", st.UID, st.GID, st.Mode)
	}
	e.mkdir("d")
	d := e.get("d")
	e.ok(d.Chmod(0o6755))
	d.Chown(3, vfs.NoID)
	if st := d.Stat(); st.UID != 3 || st.GID != 0 || st.Mode != linuxabi.S_IFDIR|0o6755 {
		t.Errorf("chown of dir: %d:%d mode %o", st.UID, st.GID, st.Mode)
	}
	e.symlink("f", "l")
	wantErr(t, "chmod of symlink", e.get("l").Chmod(0o600), linuxabi.EOPNOTSUPP)

	e.clock.tick(1e9)
	now := e.clock.now()
	f.SetTimes(7, vfs.TimeOmit)
	if st := f.Stat(); st.Atime != 7 || st.Mtime == 7 || st.Ctime != now {
		t.Errorf("SetTimes(7, omit): %+v", st)
	}
	f.SetTimes(vfs.TimeOmit, 8)
	if st := f.Stat(); st.Atime != 7 || st.Mtime != 8 {
		t.Errorf("SetTimes(omit, 8): %+v", st)
	}
	e.clock.tick(1e9)
	f.SetTimes(vfs.TimeOmit, vfs.TimeOmit)
	if st := f.Stat(); st.Ctime == e.clock.now() {
		t.Error("SetTimes(omit, omit) set ctime")
	}
	f.SetTimes(vfs.TimeNow, vfs.TimeNow)
	if st := f.Stat(); st.Atime != e.clock.now() || st.Mtime != e.clock.now() || st.Ctime != e.clock.now() {
		t.Errorf("SetTimes(now, now): %+v", st)
	}
	if st := f.Stat(); st.Btime != 1_000_000_000_000 || st.Dev != e.root.Stat().Dev || st.Dev == 0 {
		t.Errorf("btime %d dev %#x", st.Btime, st.Dev)
	}
}

func TestRelatime(t *testing.T) {
	e := newEnv(t)
	f := e.write("f", "x")
	r := e.open("f", linuxabi.O_RDONLY)
	buf := make([]byte, 1)
	e.clock.tick(1e9)
	r.Pread(buf, 0) // atime == mtime: updated
	first := f.Stat().Atime
	if first != e.clock.now() {
		t.Fatalf("first read did not set atime")
	}
	e.clock.tick(1e9)
	r.Pread(buf, 0) // atime > mtime, ctime and recent: kept
	if f.Stat().Atime != first {
		t.Error("relatime: second read set atime")
	}
	r.Pread(nil, 0) // nothing asked: no access
	e.clock.tick(24 * 3600 * 1e9)
	r.Pread(buf, 0) // a day old: updated
	if f.Stat().Atime != e.clock.now() {
		t.Error("relatime: day-old atime kept")
	}
	e.clock.tick(1e9)
	f.SetTimes(vfs.TimeOmit, vfs.TimeNow) // mtime catches up: updated
	e.clock.tick(1e9)
	na := e.open("f", linuxabi.O_RDONLY|linuxabi.O_NOATIME)
	na.Pread(buf, 0)
	if f.Stat().Atime == e.clock.now() {
		t.Error("O_NOATIME read set atime")
	}
	r.Pread(buf, 0)
	if f.Stat().Atime != e.clock.now() {
		t.Error("read after mtime change kept atime")
	}
}
