package sysfs_test

import (
	"testing"

	"github.com/tamix/tamix/kernel/fs/sysfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func TestCPULists(t *testing.T) {
	fs := sysfs.New(func() int64 { return 1 })
	c := vfs.Caller{Root: fs.Root()}
	for _, name := range []string{"online", "possible", "present"} {
		f, err := vfs.Open(c, fs.Root(), "devices/system/cpu/"+name, linuxabi.O_RDONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 16)
		n, err := f.Read(b)
		if err != nil || string(b[:n]) != "0\n" {
			t.Errorf("%s: %q %v", name, b[:n], err)
		}
	}
	if st := fs.Root().StatFS(); st.Type != linuxabi.SYSFS_MAGIC {
		t.Errorf("f_type %#x", st.Type)
	}
	if err := vfs.Mkdir(c, fs.Root(), "x", 0o755); err != linuxabi.EPERM {
		t.Errorf("mkdir: %v", err)
	}
	if _, err := vfs.Lookup(c, fs.Root(), "devices/nothere", 0); err != linuxabi.ENOENT {
		t.Errorf("missing name: %v", err)
	}
}
