package vfs_test

import (
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func TestOpenErrors(t *testing.T) {
	e := newEnv(t)
	e.mkdir("d")
	e.write("f", "data")
	e.symlink("f", "lf")
	e.symlink("d", "ld")
	e.symlink("nowhere/x", "badlink")
	e.ok(vfs.Mknod(e.c, e.root, "fifo", linuxabi.S_IFIFO|0o644, 0))
	e.ok(vfs.Mknod(e.c, e.root, "blk", linuxabi.S_IFBLK|0o644, vfs.Mkdev(8, 0)))
	e.ok(vfs.Mknod(e.c, e.root, "sock", linuxabi.S_IFSOCK|0o644, 0))
	e.ok(vfs.Mknod(e.c, e.root, "nodev", linuxabi.S_IFCHR|0o644, vfs.Mkdev(250, 250)))
	const (
		rd, wr, rw = linuxabi.O_RDONLY, linuxabi.O_WRONLY, linuxabi.O_RDWR
		creat      = linuxabi.O_CREAT
		excl       = linuxabi.O_EXCL
	)
	for _, tt := range []struct {
		path  string
		flags int
		err   error
	}{
		{"f", rd, nil},
		{"f", rw, nil},
		{"f", linuxabi.O_ACCMODE, nil},
		{"nope", rd, linuxabi.ENOENT},
		{"f/", rd, linuxabi.ENOTDIR},
		{"f", rd | linuxabi.O_DIRECTORY, linuxabi.ENOTDIR},
		{"lf", rd | linuxabi.O_DIRECTORY, linuxabi.ENOTDIR},
		{"d", rd | linuxabi.O_DIRECTORY, nil},
		{"ld", rd | linuxabi.O_DIRECTORY, nil},
		{"ld", rd | linuxabi.O_DIRECTORY | linuxabi.O_NOFOLLOW, linuxabi.ENOTDIR},
		{"ld/", rd | linuxabi.O_NOFOLLOW, nil},
		{"d", rd, nil},
		{"d", wr, linuxabi.EISDIR},
		{"d", rw, linuxabi.EISDIR},
		{"d", linuxabi.O_ACCMODE, linuxabi.EISDIR},
		{"d", rd | linuxabi.O_TRUNC, linuxabi.EISDIR},
		{"lf", rd | linuxabi.O_NOFOLLOW, linuxabi.ELOOP},
		{"lf", rd, nil},
		{"lf", linuxabi.O_PATH | linuxabi.O_NOFOLLOW, nil},
		{"lf", linuxabi.O_PATH | linuxabi.O_NOFOLLOW | linuxabi.O_DIRECTORY, linuxabi.ENOTDIR},
		{"d", linuxabi.O_PATH | wr | linuxabi.O_TRUNC, nil}, // O_PATH drops the rest
		{"fifo", linuxabi.O_PATH, nil},
		{"fifo", rd, nil}, // the caller attaches the pipe
		{"blk", rd, linuxabi.ENXIO},
		{"sock", rd, linuxabi.ENXIO},
		{"nodev", rd, linuxabi.ENXIO},
		{"nodev", linuxabi.O_PATH, nil},
		{"x", creat | linuxabi.O_DIRECTORY, linuxabi.EINVAL},
		{"x", linuxabi.O_TMPFILE | rw, linuxabi.EOPNOTSUPP},
		{"f", creat | excl | wr, linuxabi.EEXIST},
		{"lf", creat | excl | wr, linuxabi.EEXIST},
		{"badlink", creat | excl | wr, linuxabi.EEXIST},
		{"badlink", creat | wr, linuxabi.ENOENT}, // nowhere/ does not exist
		{"lf", creat | linuxabi.O_NOFOLLOW | wr, linuxabi.ELOOP},
		{"d", creat | rd, linuxabi.EISDIR},
		{"ld", creat | rd, linuxabi.EISDIR},
		{"d", creat | excl | rd, linuxabi.EEXIST},
		{".", creat | rd, linuxabi.EISDIR},
		{"d/..", creat | excl | rd, linuxabi.EEXIST},
		{"/", creat | rd, linuxabi.EISDIR},
		{"new/", creat | wr, linuxabi.EISDIR},
		{"d/", creat | wr, linuxabi.EISDIR},
		{"f/x", creat | wr, linuxabi.ENOTDIR},
		{"nope/x", creat | wr, linuxabi.ENOENT},
	} {
		_, err := vfs.Open(e.c, e.root, tt.path, tt.flags, 0o644)
		wantErr(t, "Open("+tt.path+")", err, tt.err)
	}
	if e.exists("new") || e.exists("x") {
		t.Error("a failed open made a file")
	}
}

func TestOpenCreate(t *testing.T) {
	e := newEnv(t)
	e.mkdir("sgid")
	sgid := e.get("sgid")
	e.ok(sgid.Chmod(0o2777)) // writable by the unprivileged caller below
	sgid.Chown(vfs.NoID, 42)
	e.clock.tick(1e9)
	c := vfs.Caller{Root: e.root, UID: 1000, GID: 100, Umask: 0o022}

	f, err := vfs.Open(c, e.root, "new", linuxabi.O_CREAT|linuxabi.O_WRONLY, 0o4777)
	e.ok(err)
	st := f.Inode().Stat()
	if st.Mode != linuxabi.S_IFREG|0o4755 || st.UID != 1000 || st.GID != 100 || st.Nlink != 1 || st.Size != 0 {
		t.Errorf("created file: %+v", st)
	}
	if st.Atime != e.clock.now() || st.Mtime != st.Atime || st.Ctime != st.Atime || st.Btime != st.Atime {
		t.Errorf("created file times: %+v", st)
	}
	if rs := e.root.Stat(); rs.Mtime != e.clock.now() || rs.Ctime != e.clock.now() {
		t.Errorf("parent times not updated: %+v", rs)
	}
	// In a set-group-ID directory new files take its group, new
	// directories its group and the bit.
	e.ok(vfs.Mkdir(c, e.root, "sgid/d", 0o777))
	_, err = vfs.Open(c, e.root, "sgid/f", linuxabi.O_CREAT|linuxabi.O_WRONLY, 0o666)
	e.ok(err)
	if st := e.stat("sgid/d"); st.GID != 42 || st.Mode != linuxabi.S_IFDIR|0o2755 {
		t.Errorf("dir in sgid dir: gid %d mode %o", st.GID, st.Mode)
	}
	if st := e.stat("sgid/f"); st.GID != 42 || st.Mode != linuxabi.S_IFREG|0o644 {
		t.Errorf("file in sgid dir: gid %d mode %o", st.GID, st.Mode)
	}

	// O_CREAT follows a dangling link and makes its target.
	e.symlink("target", "dangling")
	_, err = vfs.Open(e.c, e.root, "dangling", linuxabi.O_CREAT|linuxabi.O_WRONLY, 0o600)
	e.ok(err)
	if st := e.stat("target"); st.Mode != linuxabi.S_IFREG|0o600 {
		t.Errorf("link target made with mode %o", st.Mode)
	}
	// An existing file opens as it is; O_TRUNC empties it.
	e.write("target", "contents")
	f, err = vfs.Open(e.c, e.root, "dangling", linuxabi.O_CREAT|linuxabi.O_RDONLY, 0o600)
	e.ok(err)
	if got := readAll(t, f); got != "contents" {
		t.Errorf("O_CREAT of existing file read %q", got)
	}
	e.clock.tick(1e9)
	_, err = vfs.Open(e.c, e.root, "target", linuxabi.O_RDONLY|linuxabi.O_TRUNC, 0)
	e.ok(err)
	if st := e.stat("target"); st.Size != 0 || st.Mtime != e.clock.now() {
		t.Errorf("O_TRUNC: size %d mtime %d", st.Size, st.Mtime)
	}
	// O_TRUNC of an empty file changes nothing (shmem_setattr()).
	e.clock.tick(1e9)
	_, err = vfs.Open(e.c, e.root, "target", linuxabi.O_WRONLY|linuxabi.O_TRUNC, 0)
	e.ok(err)
	if st := e.stat("target"); st.Mtime == e.clock.now() {
		t.Error("O_TRUNC of empty file set mtime")
	}
}

func TestOpenFlags(t *testing.T) {
	e := newEnv(t)
	e.write("f", "abc")
	f, err := vfs.Open(e.c, e.root, "f", linuxabi.O_RDWR|linuxabi.O_CREAT|linuxabi.O_TRUNC|linuxabi.O_APPEND|linuxabi.O_CLOEXEC|linuxabi.O_NOCTTY, 0)
	e.ok(err)
	if got := f.Flags(); got != linuxabi.O_RDWR|linuxabi.O_APPEND|linuxabi.O_LARGEFILE {
		t.Errorf("Flags %#o", got)
	}
	p, err := vfs.Open(e.c, e.root, "f", linuxabi.O_PATH|linuxabi.O_RDWR|linuxabi.O_APPEND, 0)
	e.ok(err)
	if got := p.Flags(); got != linuxabi.O_PATH {
		t.Errorf("O_PATH Flags %#o", got)
	}
	buf := make([]byte, 4)
	for what, err := range map[string]error{
		"read":     second(p.Read(buf)),
		"write":    second(p.Write(buf)),
		"pread":    second(p.Pread(buf, 0)),
		"pwrite":   second(p.Pwrite(buf, 0)),
		"seek":     second(p.Seek(0, linuxabi.SEEK_SET)),
		"readdir":  second(p.ReadDir(buf)),
		"ioctl":    second(p.Ioctl(0, 0)),
		"truncate": p.Truncate(0),
	} {
		wantErr(t, "O_PATH "+what, err, linuxabi.EBADF)
	}
	if p.Poll() != linuxabi.POLLNVAL {
		t.Error("O_PATH poll")
	}
	// O_PATH gives stat.
	if p.Inode().Stat().Ino != e.get("f").Ino() {
		t.Error("O_PATH inode")
	}
}

func second[T any](_ T, err error) error { return err }
