package devpts

import (
	"errors"
	"strings"
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func clock() int64 { return 1e9 }

func TestParseOptions(t *testing.T) {
	o, err := ParseOptions("gid=5,mode=620,ptmxmode=000")
	if err != nil {
		t.Fatal(err)
	}
	if !o.SetGID || o.GID != 5 || o.Mode != 0o620 || o.PtmxMode != 0 || o.SetUID || o.Max != maxMax {
		t.Errorf("options %+v", o)
	}
	if got := o.Show(); got != ",gid=5,mode=620,ptmxmode=000" {
		t.Errorf("Show %q", got)
	}
	if o, _ := ParseOptions(""); o.Mode != 0o600 || o.Show() != ",mode=600,ptmxmode=000" {
		t.Errorf("default mode %o, options %q", o.Mode, o.Show())
	}
	for _, bad := range []string{"bogus", "mode=9", "gid=x", "size=1"} {
		if _, err := ParseOptions(bad); !errors.Is(err, linuxabi.EINVAL) {
			t.Errorf("%q: %v, want EINVAL", bad, err)
		}
	}
}

func TestNodes(t *testing.T) {
	in, err := New("gid=5,mode=620,ptmxmode=000", clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := in.FS().Root()
	if InstanceAt(dir) != in {
		t.Error("InstanceAt(dir) is not the instance")
	}
	c := vfs.Caller{Root: dir}
	ptmx, err := vfs.Lookup(c, dir, "ptmx", 0)
	if err != nil {
		t.Fatal(err)
	}
	if st := ptmx.Stat(); st.Mode != linuxabi.S_IFCHR || st.Rdev != vfs.Mkdev(5, 2) || PtmxOf(ptmx) != in {
		t.Errorf("ptmx mode %#o rdev %#x", st.Mode, st.Rdev)
	}
	a, err := in.Open(1000, 1000)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := in.Open(0, 0)
	node, err := vfs.Lookup(c, dir, "1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if st := node.Stat(); st.Mode != linuxabi.S_IFCHR|0o620 || st.GID != 5 || st.UID != 0 || st.Rdev != vfs.Mkdev(136, 1) {
		t.Errorf("/dev/pts/1: mode %#o uid %d gid %d rdev %#x", st.Mode, st.UID, st.GID, st.Rdev)
	}
	if n, _ := vfs.Lookup(c, dir, "0", 0); n.Stat().UID != 1000 {
		t.Errorf("/dev/pts/0 uid %d, want the opener's", n.Stat().UID)
	}
	if SlaveOf(node) != b {
		t.Error("SlaveOf(/dev/pts/1) is not its pair")
	}
	b.SetLocked(false)
	f, err := in.SlaveNode(b, linuxabi.O_RDWR)
	if err != nil {
		t.Fatal(err)
	}
	in.Close(b)
	if _, err := vfs.Lookup(c, dir, "1", 0); !errors.Is(err, linuxabi.ENOENT) {
		t.Errorf("/dev/pts/1 after its master closed: %v, want ENOENT", err)
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, linuxabi.EIO) {
		t.Errorf("write to a hung-up slave: %v, want EIO", err)
	}
	if c, _ := in.Open(0, 0); c.Index() != 1 {
		t.Errorf("next index %d, want 1", c.Index())
	}
	_ = a
	var names []string
	root{in}.ReadDir(0, func(name string, _ *vfs.Inode, _ int64) bool {
		names = append(names, name)
		return true
	})
	if got := strings.Join(names, " "); got != "ptmx 0 1" {
		t.Errorf("readdir %q", got)
	}
	if err := vfs.Mknod(c, dir, "9", linuxabi.S_IFCHR|0o600, vfs.Mkdev(136, 9)); !errors.Is(err, linuxabi.EPERM) {
		t.Errorf("mknod in devpts: %v, want EPERM", err)
	}
	if err := vfs.Unlink(c, dir, "0"); !errors.Is(err, linuxabi.EPERM) {
		t.Errorf("unlink in devpts: %v, want EPERM", err)
	}
}

func TestMax(t *testing.T) {
	in, err := New("max=1", clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Open(0, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Open(0, 0); !errors.Is(err, linuxabi.ENOSPC) {
		t.Errorf("open beyond max: %v, want ENOSPC", err)
	}
}
