package vfs_test

import (
	"strings"
	"testing"

	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func TestMkdirRmdir(t *testing.T) {
	e := newEnv(t)
	e.write("f", "")
	e.symlink("d", "ld")
	e.clock.tick(1e9)
	c := e.c
	c.Umask = 0o027
	e.ok(vfs.Mkdir(c, e.root, "d/", 0o1777))
	if st := e.stat("d"); st.Mode != linuxabi.S_IFDIR|0o1750 || st.Nlink != 2 || st.Size != 40 {
		t.Errorf("new dir: mode %o nlink %d size %d", st.Mode, st.Nlink, st.Size)
	}
	if st := e.root.Stat(); st.Nlink != 3 || st.Mtime != e.clock.now() {
		t.Errorf("parent after mkdir: nlink %d mtime %d", st.Nlink, st.Mtime)
	}
	e.mkdir("d/sub")
	e.write("d/file", "")
	if st := e.stat("d"); st.Nlink != 3 || st.Size != 80 {
		t.Errorf("dir with a subdir and a file: nlink %d size %d", st.Nlink, st.Size)
	}
	for _, tt := range []struct {
		path string
		err  error
	}{
		{"d", linuxabi.EEXIST},
		{"f", linuxabi.EEXIST},
		{"ld", linuxabi.EEXIST},
		{"ld/", linuxabi.EEXIST},
		{".", linuxabi.EEXIST},
		{"d/..", linuxabi.EEXIST},
		{"/", linuxabi.EEXIST},
		{"nope/x", linuxabi.ENOENT},
		{"f/x", linuxabi.ENOTDIR},
		{strings.Repeat("n", 256), linuxabi.ENAMETOOLONG},
		{"", linuxabi.ENOENT},
	} {
		wantErr(t, "Mkdir("+trim(tt.path)+")", vfs.Mkdir(e.c, e.root, tt.path, 0o755), tt.err)
	}
	for _, tt := range []struct {
		path string
		err  error
	}{
		{"d", linuxabi.ENOTEMPTY},
		{"d/..", linuxabi.ENOTEMPTY},
		{"d/.", linuxabi.EINVAL},
		{".", linuxabi.EINVAL},
		{"/", linuxabi.EBUSY},
		{"f", linuxabi.ENOTDIR},
		{"ld", linuxabi.ENOTDIR},
		{"ld/", linuxabi.ENOTDIR},
		{"nope", linuxabi.ENOENT},
		{strings.Repeat("n", 256), linuxabi.ENAMETOOLONG},
		{"d/sub/", nil},
	} {
		wantErr(t, "Rmdir("+trim(tt.path)+")", vfs.Rmdir(e.c, e.root, tt.path), tt.err)
	}
	if st := e.stat("d"); st.Nlink != 2 || st.Size != 60 {
		t.Errorf("after rmdir: nlink %d size %d", st.Nlink, st.Size)
	}
}

func TestUnlink(t *testing.T) {
	e := newEnv(t)
	e.mkdir("d")
	f := e.write("f", "x")
	e.symlink("f", "lf")
	e.symlink("d", "ld")
	e.ok(vfs.Link(e.c, f, e.root, "f2"))
	for _, tt := range []struct {
		path string
		err  error
	}{
		{"d", linuxabi.EISDIR},
		{"d/", linuxabi.EISDIR},
		{".", linuxabi.EISDIR},
		{"d/..", linuxabi.EISDIR},
		{"/", linuxabi.EISDIR},
		{"f/", linuxabi.ENOTDIR},
		{"ld/", linuxabi.ENOTDIR},
		{"nope", linuxabi.ENOENT},
		{"nope/", linuxabi.ENOENT},
		{"f/x", linuxabi.ENOTDIR},
		{"lf", nil},
		{"ld", nil},
		{"f", nil},
	} {
		wantErr(t, "Unlink("+tt.path+")", vfs.Unlink(e.c, e.root, tt.path), tt.err)
	}
	if !e.exists("d") || e.read("f2") != "x" {
		t.Error("unlinking links removed their targets")
	}
	if st := f.Stat(); st.Nlink != 1 {
		t.Errorf("nlink after unlinking one of two names: %d", st.Nlink)
	}
}

func TestMknod(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		path string
		mode uint32
		err  error
	}{
		{"reg", 0o644, nil},
		{"reg2", linuxabi.S_IFREG | 0o600, nil},
		{"chr", linuxabi.S_IFCHR | 0o620, nil},
		{"blk", linuxabi.S_IFBLK | 0o660, nil},
		{"fifo", linuxabi.S_IFIFO | 0o644, nil},
		{"sock", linuxabi.S_IFSOCK | 0o755, nil},
		{"dir", linuxabi.S_IFDIR | 0o755, linuxabi.EPERM},
		{"lnk", linuxabi.S_IFLNK | 0o777, linuxabi.EINVAL},
		{"bad", 0o150000, linuxabi.EINVAL},
		{"chr", linuxabi.S_IFCHR, linuxabi.EEXIST},
		{"slash/", linuxabi.S_IFIFO, linuxabi.ENOENT},
		{"reg/", linuxabi.S_IFIFO, linuxabi.EEXIST},
	} {
		wantErr(t, "Mknod("+tt.path+")", vfs.Mknod(e.c, e.root, tt.path, tt.mode, vfs.Mkdev(4, 65)), tt.err)
	}
	for path, want := range map[string]vfs.Stat{
		"reg":  {Mode: linuxabi.S_IFREG | 0o644},
		"reg2": {Mode: linuxabi.S_IFREG | 0o600},
		"chr":  {Mode: linuxabi.S_IFCHR | 0o620, Rdev: vfs.Mkdev(4, 65)},
		"blk":  {Mode: linuxabi.S_IFBLK | 0o660, Rdev: vfs.Mkdev(4, 65)},
		"fifo": {Mode: linuxabi.S_IFIFO | 0o644},
		"sock": {Mode: linuxabi.S_IFSOCK | 0o755},
	} {
		if st := e.stat(path); st.Mode != want.Mode || st.Rdev != want.Rdev {
			t.Errorf("%s: mode %o rdev %#x, want %o %#x", path, st.Mode, st.Rdev, want.Mode, want.Rdev)
		}
	}
	if _, err := vfs.Open(e.c, e.root, "reg", linuxabi.O_RDWR, 0); err != nil {
		t.Errorf("open of mknod'ed regular file: %v", err)
	}
}

func TestMkdev(t *testing.T) {
	for _, d := range [][2]uint32{{0, 0}, {1, 3}, {4, 65}, {259, 1 << 19}, {0xfff, 0xfffff}, {1<<32 - 1, 1<<32 - 1}} {
		dev := vfs.Mkdev(d[0], d[1])
		if vfs.Major(dev) != d[0] || vfs.Minor(dev) != d[1] {
			t.Errorf("Mkdev(%d, %d) = %#x: %d, %d", d[0], d[1], dev, vfs.Major(dev), vfs.Minor(dev))
		}
	}
	// new_encode_dev() for small numbers: minor low byte, major, minor
	// high bits.
	if got := vfs.Mkdev(8, 0x12345); got != 0x12345&0xff|8<<8|(0x12345&^0xff)<<12 {
		t.Errorf("Mkdev(8, 0x12345) = %#x", got)
	}
}

func TestSymlinkReadlink(t *testing.T) {
	e := newEnv(t)
	e.write("f", "")
	wantErr(t, "empty target", vfs.Symlink(e.c, "", e.root, "l"), linuxabi.ENOENT)
	wantErr(t, "long target", vfs.Symlink(e.c, strings.Repeat("x", vfs.PathMax), e.root, "l"), linuxabi.ENAMETOOLONG)
	wantErr(t, "existing", vfs.Symlink(e.c, "x", e.root, "f"), linuxabi.EEXIST)
	wantErr(t, "trailing slash", vfs.Symlink(e.c, "x", e.root, "l/"), linuxabi.ENOENT)
	long := strings.Repeat("x", vfs.PathMax-1)
	e.ok(vfs.Symlink(vfs.Caller{Root: e.root, UID: 5, GID: 6, Umask: 0o777}, long, e.root, "l"))
	st := e.stat("l")
	if st.Mode != linuxabi.S_IFLNK|0o777 || st.Size != int64(len(long)) || st.UID != 5 || st.GID != 6 {
		t.Errorf("symlink stat %+v", st)
	}
	if got, err := e.get("l").Readlink(e.c); got != long || err != nil {
		t.Errorf("Readlink: %d bytes, %v", len(got), err)
	}
	if _, err := e.get("f").Readlink(e.c); err != linuxabi.EINVAL {
		t.Errorf("Readlink of file: %v", err)
	}
}

func TestLink(t *testing.T) {
	e := newEnv(t)
	e.mkdir("d")
	f := e.write("f", "x")
	e.clock.tick(1e9)
	e.ok(vfs.Link(e.c, f, e.root, "d/g"))
	if st := f.Stat(); st.Nlink != 2 || st.Ctime != e.clock.now() {
		t.Errorf("after link: nlink %d ctime %d", st.Nlink, st.Ctime)
	}
	if e.get("d/g") != f || e.get("d").Stat().Mtime != e.clock.now() {
		t.Error("link did not enter the name")
	}
	other := tmpfs.New(e.clock.now)
	for _, tt := range []struct {
		old  *vfs.Inode
		dir  *vfs.Inode
		path string
		err  error
	}{
		{f, e.root, "d/g", linuxabi.EEXIST},
		{f, e.root, "d", linuxabi.EEXIST},
		{f, e.root, "new/", linuxabi.ENOENT},
		{f, e.root, ".", linuxabi.EEXIST},
		{e.get("d"), e.root, "d2", linuxabi.EPERM},
		{f, other.Root(), "x", linuxabi.EXDEV},
		{f, e.root, "nope/x", linuxabi.ENOENT},
	} {
		wantErr(t, "Link to "+tt.path, vfs.Link(e.c, tt.old, tt.dir, tt.path), tt.err)
	}
	// A symbolic link itself can be linked.
	e.symlink("f", "l")
	e.ok(vfs.Link(e.c, e.get("l"), e.root, "l2"))
	if e.get("l2") != e.get("l") || e.stat("l").Nlink != 2 {
		t.Error("hard link to a symlink")
	}
}
