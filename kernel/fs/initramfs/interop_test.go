package initramfs_test

import (
	"bytes"
	"github.com/tamix/tamix/linuxabi"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tamix/tamix/kernel/fs/initramfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/tests/cpio"
)

// The archives of the repository's own writer (tests/cpio), which the
// end-to-end tests boot with, unpack.
func TestTestsWriter(t *testing.T) {
	var b bytes.Buffer
	w := cpio.NewWriter(&b)
	w.Add("bin", cpio.ModeDir|0o755, nil)
	w.Add("bin/hello", cpio.ModeRegular|0o755, []byte("#!/bin/sh\necho hi\n"))
	w.Add("bin/sh", cpio.ModeSymlink|0o777, []byte("busybox"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	e := newFS(t)
	if err := initramfs.Unpack(e.fs, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	if e.read("bin/hello") != "#!/bin/sh\necho hi\n" || e.stat("bin/hello").Mode != linuxabi.S_IFREG|0o755 {
		t.Error("bin/hello")
	}
	if st := e.stat("bin/sh"); st.Mode&linuxabi.S_IFMT != linuxabi.S_IFLNK {
		t.Errorf("bin/sh: mode %o", st.Mode)
	}
}

// GNU cpio's newc and crc archives of a real tree, hard links included
// (it writes their data with the last link), unpack to the same tree.
func TestGNUCpio(t *testing.T) {
	if _, err := exec.LookPath("cpio"); err != nil {
		t.Skip("GNU cpio not installed")
	}
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "etc/init.d"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "etc/passwd"), []byte("root:x:0:0::/root:/bin/sh\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "etc/init.d/rcS"), bytes.Repeat([]byte("echo boot\n"), 1000), 0o755))
	must(os.Link(filepath.Join(dir, "etc/passwd"), filepath.Join(dir, "etc/passwd.link")))
	must(os.Symlink("init.d/rcS", filepath.Join(dir, "etc/rc")))
	must(os.Chmod(filepath.Join(dir, "etc/init.d"), 0o750))
	mtime := int64(1_600_000_000)
	for _, p := range []string{"etc/passwd", "etc/init.d/rcS", "etc/init.d", "etc"} {
		tm := timeOf(mtime)
		must(os.Chtimes(filepath.Join(dir, p), tm, tm))
	}
	for _, format := range []string{"newc", "crc"} {
		cmd := exec.Command("sh", "-c", "find . | LC_ALL=C sort | cpio -o -H "+format+" --quiet")
		cmd.Dir = dir
		out, err := cmd.Output()
		must(err)
		e := newFS(t)
		if err := initramfs.Unpack(e.fs, out); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if e.read("etc/passwd") != "root:x:0:0::/root:/bin/sh\n" || e.read("etc/passwd.link") != e.read("etc/passwd") {
			t.Errorf("%s: passwd and its link differ", format)
		}
		if e.stat("etc/passwd").Ino != e.stat("etc/passwd.link").Ino || e.stat("etc/passwd").Nlink != 2 {
			t.Errorf("%s: hard link not kept", format)
		}
		if st := e.stat("etc/init.d/rcS"); st.Size != 10000 || st.Mode != linuxabi.S_IFREG|0o755 || st.Mtime != mtime*sec {
			t.Errorf("%s: rcS size %d mode %o mtime %d", format, st.Size, st.Mode, st.Mtime)
		}
		if st := e.stat("etc/init.d"); st.Mode != linuxabi.S_IFDIR|0o750 || st.Mtime != mtime*sec {
			t.Errorf("%s: init.d mode %o mtime %d", format, st.Mode, st.Mtime)
		}
		i, _ := e.lookup("etc/rc")
		if target, err := i.Readlink(vfs.Caller{}); err != nil || target != "init.d/rcS" {
			t.Errorf("%s: etc/rc -> %q, %v", format, target, err)
		}
	}
}

// A real arm64 busybox, packed as the end-to-end tests pack it, comes
// out byte for byte.
func TestBusybox(t *testing.T) {
	bin, err := os.ReadFile("../../../out/debs/busybox")
	if err != nil {
		t.Skip("no busybox in out/debs: ", err)
	}
	var b bytes.Buffer
	w := cpio.NewWriter(&b)
	w.Add("bin", cpio.ModeDir|0o755, nil)
	w.Add("bin/busybox", cpio.ModeRegular|0o755, bin)
	w.Add("bin/sh", cpio.ModeSymlink|0o777, []byte("busybox"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	e := newFS(t)
	if err := initramfs.Unpack(e.fs, gz(t, b.Bytes())); err != nil {
		t.Fatal(err)
	}
	f, err := vfs.Open(e.c, e.fs.Root(), "bin/sh", linuxabi.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(bin)+1)
	n, _ := f.Read(got)
	if !bytes.Equal(got[:n], bin) || !bytes.HasPrefix(got, []byte("\x7fELF")) {
		t.Fatalf("busybox differs: %d bytes of %d", n, len(bin))
	}
	if st := f.Inode().Stat(); st.Blocks != (int64(len(bin))+4095)/4096*8 {
		t.Errorf("st_blocks %d", st.Blocks)
	}
}
