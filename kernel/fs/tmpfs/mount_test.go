package tmpfs_test

import (
	"testing"

	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// size= is the filesystem's size: statfs reports it, and writes past it
// are ENOSPC after what fits; the other options show in /proc/mounts.
func TestMountOptions(t *testing.T) {
	fs, err := tmpfs.Mount(func() int64 { return 1 }, 1<<30, "size=8k,mode=0700,uid=5,nr_inodes=100")
	if err != nil {
		t.Fatal(err)
	}
	root := fs.Root()
	if st := root.Stat(); st.Mode != linuxabi.S_IFDIR|0o700 || st.UID != 5 {
		t.Errorf("root %+v", st)
	}
	c := vfs.Caller{Root: root}
	f, err := vfs.Open(c, root, "f", linuxabi.O_CREAT|linuxabi.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.Write(make([]byte, 3*4096)); n != 8192 || err != nil {
		t.Errorf("write: %d %v", n, err)
	}
	if _, err := f.Write([]byte{1}); err != linuxabi.ENOSPC {
		t.Errorf("write past size: %v", err)
	}
	st := root.StatFS()
	if st.Type != linuxabi.TMPFS_MAGIC || st.Blocks != 2 || st.Bfree != 0 || st.Files != 100 {
		t.Errorf("statfs %+v", st)
	}
	if err := f.Truncate(0); err != nil {
		t.Fatal(err)
	}
	if st := root.StatFS(); st.Bfree != 2 {
		t.Errorf("after truncate: bfree %d", st.Bfree)
	}
	for _, bad := range []string{"bogus", "size=x", "mode=9"} {
		if _, err := tmpfs.Mount(func() int64 { return 1 }, 1<<30, bad); err != linuxabi.EINVAL {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
