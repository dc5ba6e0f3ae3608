package devtmpfs_test

import (
	"testing"

	"github.com/tamix/tamix/kernel/fs/devtmpfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// Each mount is a tmpfs of mode 0755 that populate fills.
func TestMountPopulates(t *testing.T) {
	populate := func(c vfs.Caller, dir *vfs.Inode) error {
		return vfs.Mknod(c, dir, "null", linuxabi.S_IFCHR|0o666, vfs.Mkdev(1, 3))
	}
	ft := devtmpfs.Type(func() int64 { return 1 }, func() uint64 { return 1 << 30 }, populate)
	fs, err := ft.Mount("udev", "")
	if err != nil {
		t.Fatal(err)
	}
	if m := fs.Root().Mode(); m != linuxabi.S_IFDIR|0o755 {
		t.Errorf("root mode %#o", m)
	}
	i, err := vfs.Lookup(vfs.Caller{Root: fs.Root()}, fs.Root(), "null", 0)
	if err != nil || i.Stat().Rdev != vfs.Mkdev(1, 3) {
		t.Errorf("null: %v", err)
	}
	if _, err := ft.Mount("udev", "bogus"); err != linuxabi.EINVAL {
		t.Errorf("bad option: %v", err)
	}
}
