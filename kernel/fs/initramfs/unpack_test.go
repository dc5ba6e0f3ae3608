package initramfs_test

import (
	"github.com/tamix/tamix/linuxabi"
	"strings"
	"testing"

	"github.com/tamix/tamix/kernel/fs/initramfs"
	"github.com/tamix/tamix/kernel/vfs"
)

const sec = int64(1e9)

// Every type of entry is made with its mode, owner, group, times and
// device number; the links of a file share its inode and get the data,
// which comes with the last of them (gen_init_cpio's order).
func TestUnpackEntries(t *testing.T) {
	e := newFS(t)
	a := archive(
		ent{name: "bin", mode: linuxabi.S_IFDIR | 0o755, mtime: 1000, nlink: 2},
		ent{name: "bin/su", mode: linuxabi.S_IFREG | 0o4755, uid: 0, gid: 0, mtime: 1001, data: []byte("setuid")},
		ent{name: "bin/sh", mode: linuxabi.S_IFLNK | 0o777, uid: 5, gid: 6, mtime: 1002, data: []byte("busybox")},
		ent{name: "home", mode: linuxabi.S_IFDIR | 0o700, uid: 1000, gid: 100, mtime: 1003},
		ent{name: "home/notes", mode: linuxabi.S_IFREG | 0o640, uid: 1000, gid: 100, mtime: 1004, data: []byte("hello\n")},
		ent{name: "dev", mode: linuxabi.S_IFDIR | 0o755, mtime: 1005},
		ent{name: "dev/console", mode: linuxabi.S_IFCHR | 0o600, mtime: 1006, rdevMajor: 5, rdevMinor: 1},
		ent{name: "dev/sda", mode: linuxabi.S_IFBLK | 0o660, gid: 6, mtime: 1007, rdevMajor: 8, rdevMinor: 0},
		ent{name: "dev/big", mode: linuxabi.S_IFCHR | 0o600, rdevMajor: 300, rdevMinor: 70000},
		ent{name: "fifo", mode: linuxabi.S_IFIFO | 0o644, mtime: 1008},
		ent{name: "sock", mode: linuxabi.S_IFSOCK | 0o755, mtime: 1009},
		ent{name: "a", ino: 42, nlink: 3, mode: linuxabi.S_IFREG | 0o644, mtime: 1010},
		ent{name: "b", ino: 42, nlink: 3, mode: linuxabi.S_IFREG | 0o644, mtime: 1010},
		ent{name: "bin/c", ino: 42, nlink: 3, mode: linuxabi.S_IFREG | 0o644, mtime: 1010, data: []byte("linked")},
	)
	if err := initramfs.Unpack(e.fs, a); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path     string
		mode     uint32
		uid, gid uint32
		mtime    int64
		rdev     uint64
		nlink    uint32
	}{
		{"bin", linuxabi.S_IFDIR | 0o755, 0, 0, 1000, 0, 2},
		{"bin/su", linuxabi.S_IFREG | 0o4755, 0, 0, 1001, 0, 1},
		{"bin/sh", linuxabi.S_IFLNK | 0o777, 5, 6, 1002, 0, 1},
		{"home", linuxabi.S_IFDIR | 0o700, 1000, 100, 1003, 0, 2},
		{"home/notes", linuxabi.S_IFREG | 0o640, 1000, 100, 1004, 0, 1},
		{"dev/console", linuxabi.S_IFCHR | 0o600, 0, 0, 1006, vfs.Mkdev(5, 1), 1},
		{"dev/sda", linuxabi.S_IFBLK | 0o660, 0, 6, 1007, vfs.Mkdev(8, 0), 1},
		{"dev/big", linuxabi.S_IFCHR | 0o600, 0, 0, 0, vfs.Mkdev(300, 70000), 1},
		{"fifo", linuxabi.S_IFIFO | 0o644, 0, 0, 1008, 0, 1},
		{"sock", linuxabi.S_IFSOCK | 0o755, 0, 0, 1009, 0, 1},
		{"a", linuxabi.S_IFREG | 0o644, 0, 0, 1010, 0, 3},
	} {
		st := e.stat(tc.path)
		if st.Mode != tc.mode || st.UID != tc.uid || st.GID != tc.gid || st.Rdev != tc.rdev || st.Nlink != tc.nlink {
			t.Errorf("%s: mode %o owner %d:%d rdev %#x nlink %d; want %o %d:%d %#x %d", tc.path,
				st.Mode, st.UID, st.GID, st.Rdev, st.Nlink, tc.mode, tc.uid, tc.gid, tc.rdev, tc.nlink)
		}
		if st.Mtime != tc.mtime*sec || st.Atime != tc.mtime*sec {
			t.Errorf("%s: atime %d mtime %d, want %d s", tc.path, st.Atime, st.Mtime, tc.mtime)
		}
	}
	if got := e.read("bin/su"); got != "setuid" {
		t.Errorf("bin/su: %q", got)
	}
	if i, _ := e.lookup("bin/sh"); i != nil {
		if target, _ := i.Readlink(vfs.Caller{}); target != "busybox" {
			t.Errorf("bin/sh -> %q", target)
		}
	}
	ino := e.stat("a").Ino
	for _, p := range []string{"a", "b", "bin/c"} {
		if e.stat(p).Ino != ino || e.read(p) != "linked" {
			t.Errorf("%s: not the linked file holding its data", p)
		}
	}
}

// A directory's entries change its mtime; Linux sets directories' times
// at the end, so the archive's time stays.
func TestDirectoryTimesSetLast(t *testing.T) {
	e := newFS(t)
	a := archive(
		ent{name: "d", mode: linuxabi.S_IFDIR | 0o755, mtime: 77},
		ent{name: "d/e", mode: linuxabi.S_IFDIR | 0o755, mtime: 78},
		ent{name: "d/e/f", mode: linuxabi.S_IFREG | 0o644, mtime: 79, data: []byte("x")},
	)
	if err := initramfs.Unpack(e.fs, a); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int64{"d": 77, "d/e": 78, "d/e/f": 79} {
		if got := e.stat(path).Mtime; got != want*sec {
			t.Errorf("%s: mtime %d, want %d s", path, got, want)
		}
	}
}

// What is in the way of an entry is removed if its type differs
// (clean_path()); a file of the same type is rewritten, a directory is
// kept and takes the new mode and owner.
func TestReplaceExisting(t *testing.T) {
	e := newFS(t)
	first := archive(
		ent{name: "f2d", mode: linuxabi.S_IFREG | 0o644, data: []byte("file")},
		ent{name: "l2f", mode: linuxabi.S_IFLNK | 0o777, data: []byte("f2d")},
		ent{name: "rewrite", mode: linuxabi.S_IFREG | 0o644, data: []byte("a long first version")},
		ent{name: "dir", mode: linuxabi.S_IFDIR | 0o755},
		ent{name: "dir/kept", mode: linuxabi.S_IFREG | 0o644, data: []byte("kept")},
		ent{name: "full", mode: linuxabi.S_IFDIR | 0o755},
		ent{name: "full/x", mode: linuxabi.S_IFREG | 0o644},
		ent{name: "node", mode: linuxabi.S_IFCHR | 0o600, rdevMajor: 1, rdevMinor: 3},
	)
	second := archive(
		ent{name: "f2d", mode: linuxabi.S_IFDIR | 0o700},
		ent{name: "l2f", mode: linuxabi.S_IFREG | 0o600, data: []byte("now a file")},
		ent{name: "rewrite", mode: linuxabi.S_IFREG | 0o600, uid: 7, data: []byte("short")},
		ent{name: "dir", mode: linuxabi.S_IFDIR | 0o711, uid: 3},
		ent{name: "full", mode: linuxabi.S_IFREG | 0o644, data: []byte("no room")},
		ent{name: "node", mode: linuxabi.S_IFLNK | 0o777, data: []byte("null")},
	)
	if err := initramfs.Unpack(e.fs, append(first, second...)); err != nil {
		t.Fatal(err)
	}
	if st := e.stat("f2d"); st.Mode != linuxabi.S_IFDIR|0o700 {
		t.Errorf("f2d: mode %o", st.Mode)
	}
	if st := e.stat("l2f"); st.Mode != linuxabi.S_IFREG|0o600 || e.read("l2f") != "now a file" {
		t.Errorf("l2f: mode %o", st.Mode)
	}
	if e.read("f2d/../rewrite") != "short" || e.stat("rewrite").UID != 7 {
		t.Errorf("rewrite: %q", e.read("rewrite"))
	}
	if st := e.stat("dir"); st.Mode != linuxabi.S_IFDIR|0o711 || st.UID != 3 || e.read("dir/kept") != "kept" {
		t.Errorf("dir: mode %o uid %d", st.Mode, st.UID)
	}
	if st := e.stat("full"); st.Mode&linuxabi.S_IFMT != linuxabi.S_IFDIR || !e.exists("full/x") {
		t.Errorf("non-empty directory replaced: mode %o", st.Mode)
	}
	if st := e.stat("node"); st.Mode&linuxabi.S_IFMT != linuxabi.S_IFLNK {
		t.Errorf("node: mode %o", st.Mode)
	}
}

// Archives may be concatenated, with zero bytes between them, compressed
// or not, and a compressed stream may hold several archives; paths may
// start with "/" or "./".
func TestConcatenated(t *testing.T) {
	e := newFS(t)
	one := archive(ent{name: "one", mode: linuxabi.S_IFREG | 0o644, data: []byte("1")})
	two := archive(ent{name: "/two", mode: linuxabi.S_IFREG | 0o644, data: []byte("2")})
	three := archive(ent{name: "./three", mode: linuxabi.S_IFREG | 0o644, data: []byte("3")})
	four := archive(ent{name: "four", mode: linuxabi.S_IFREG | 0o644, data: []byte("4")})
	var a []byte
	a = append(a, one...)
	a = append(a, make([]byte, 512)...)
	a = append(a, gz(t, append(append(two, make([]byte, 8)...), three...))...)
	a = append(a, 0, 0, 0) // the next gzip member need not be aligned
	a = append(a, gz(t, four)...)
	for len(a)%4 != 0 {
		a = append(a, 0)
	}
	a = append(a, one...)
	if err := initramfs.Unpack(e.fs, a); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"one": "1", "two": "2", "three": "3", "four": "4"} {
		if got := e.read(path); got != want {
			t.Errorf("%s: %q", path, got)
		}
	}
}

// A trailer ends an archive's hard links: the same inode number after it
// is another file.
func TestTrailerResetsLinks(t *testing.T) {
	e := newFS(t)
	a := append(archive(ent{name: "x", ino: 9, nlink: 2, mode: linuxabi.S_IFREG | 0o644, data: []byte("x")}),
		archive(ent{name: "y", ino: 9, nlink: 2, mode: linuxabi.S_IFREG | 0o644, data: []byte("y")})...)
	if err := initramfs.Unpack(e.fs, a); err != nil {
		t.Fatal(err)
	}
	if e.stat("x").Ino == e.stat("y").Ino || e.read("x") != "x" || e.read("y") != "y" {
		t.Error("link across a trailer")
	}
}

func TestCRC(t *testing.T) {
	e := newFS(t)
	if err := initramfs.Unpack(e.fs, archive(ent{name: "ok", crc: true, mode: linuxabi.S_IFREG | 0o644, data: []byte("summed")})); err != nil {
		t.Fatal(err)
	}
	if e.read("ok") != "summed" {
		t.Error("crc entry not written")
	}
	err := initramfs.Unpack(e.fs, archive(ent{name: "bad", crc: true, badSum: true, mode: linuxabi.S_IFREG | 0o644, data: []byte("x")}))
	if err == nil || !strings.Contains(err.Error(), "bad data checksum") {
		t.Errorf("bad checksum: %v", err)
	}
}

// Entries Linux skips: an empty name, a name over PATH_MAX, a body on a
// directory or device, a symbolic link target over PATH_MAX; the entries
// after them are unpacked.
func TestSkipped(t *testing.T) {
	e := newFS(t)
	long := strings.Repeat("n", vfs.PathMax+1)
	a := archive(
		ent{rawName: []byte{}, mode: linuxabi.S_IFREG | 0o644, data: []byte("nameless")},
		ent{name: long[:vfs.PathMax], mode: linuxabi.S_IFREG | 0o644},
		ent{name: "dirbody", mode: linuxabi.S_IFDIR | 0o755, data: []byte("body")},
		ent{name: "chrbody", mode: linuxabi.S_IFCHR | 0o600, data: []byte("body")},
		ent{name: "longlink", mode: linuxabi.S_IFLNK | 0o777, data: []byte(long)},
		ent{name: "after", mode: linuxabi.S_IFREG | 0o644, data: []byte("here")},
	)
	if err := initramfs.Unpack(e.fs, a); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"dirbody", "chrbody", "longlink"} {
		if e.exists(p) {
			t.Errorf("%s was made", p)
		}
	}
	if e.read("after") != "here" {
		t.Error("entry after skipped ones missing")
	}
}

func TestErrors(t *testing.T) {
	good := archive(ent{name: "f", mode: linuxabi.S_IFREG | 0o644, data: []byte("data")})
	for _, tc := range []struct {
		name string
		a    []byte
		want string
	}{
		{"odc", []byte("070707" + strings.Repeat("0", 104)), "incorrect cpio method"},
		{"bad magic", []byte("071234" + strings.Repeat("0", 104)), "no cpio magic"},
		{"not an archive", []byte("hello"), "invalid magic"},
		{"xz", []byte{0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2}, "compression method xz not configured"},
		{"zstd", []byte{0x28, 0xb5, 0x2f, 0xfd, 0}, "compression method zstd not configured"},
		{"bad gzip", []byte{0x1f, 0x8b, 8, 0, 0, 0}, "decompressor failed"},
		{"unaligned", append(append([]byte{}, good...), 0, '0'), "broken padding"},
		{"truncated header", good[:50], "ends inside"},
		{"truncated body", good[:len(good)-len("TRAILER!!!")-120], "ends inside"},
		{"junk in gzip", gz(t, append(append([]byte{}, good...), "junk"...)), "junk within"},
		{"truncated in gzip", gz(t, good[:len(good)-8]), "ends inside"},
		{"cut gzip", gz(t, good)[:20], "decompressor failed"},
		{"name without NUL", archive(ent{rawName: []byte("abc"), mode: linuxabi.S_IFREG | 0o644}), "malformed"},
		{"symlink name without NUL", archive(ent{rawName: []byte("abc"), mode: linuxabi.S_IFLNK | 0o777, data: []byte("t")}), "malformed"},
	} {
		e := newFS(t)
		err := initramfs.Unpack(e.fs, tc.a)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	// The entries before a gzip stream breaks are unpacked.
	e0 := newFS(t)
	big := archive(ent{name: "first", mode: linuxabi.S_IFREG | 0o644, data: []byte("1")},
		ent{name: "noise", mode: linuxabi.S_IFREG | 0o644, data: noise(100000)})
	z := gz(t, big)
	if err := initramfs.Unpack(e0.fs, z[:len(z)/2]); err == nil || e0.read("first") != "1" {
		t.Errorf("broken gzip: %v, first entry missing", err)
	}
	// An archive whose last file lacks the padding after its body is
	// whole: the header, padded name and body are 110+2+1 bytes.
	e := newFS(t)
	a := ent{name: "f", mode: linuxabi.S_IFREG | 0o644, data: []byte("x")}.newc()
	if err := initramfs.Unpack(e.fs, a[:113]); err != nil || e.read("f") != "x" {
		t.Errorf("unpadded end: %v", err)
	}
}

// The header's fields are parsed as simple_strntoul() parses them: an
// optional 0x, hex digits of either case, up to the first other byte.
func TestHexFields(t *testing.T) {
	e := newFS(t)
	h := []byte(archive(ent{name: "f", mode: linuxabi.S_IFREG | 0o644, uid: 0xabc})[:0])
	// 070701, ino, mode, uid "0x000ABC", gid "12zzzzzz" (0x12), then the rest.
	h = append(h, "070701"+"00000001"+"000081a4"+"0x000ABC"+"12zzzzzz"+"00000001"+"00000000"+
		"00000000"+"00000000"+"00000000"+"00000000"+"00000000"+"00000002"+"00000000"+"f\x00"...)
	h = append(h, archive()...)
	if err := initramfs.Unpack(e.fs, h); err != nil {
		t.Fatal(err)
	}
	if st := e.stat("f"); st.UID != 0xabc || st.GID != 0x12 || st.Mode != linuxabi.S_IFREG|0o644 {
		t.Errorf("uid %#x gid %#x mode %o", st.UID, st.GID, st.Mode)
	}
}

// noise is n bytes that do not compress.
func noise(n int) []byte {
	b := make([]byte, n)
	x := uint32(1)
	for i := range b {
		x = x*1664525 + 1013904223
		b[i] = byte(x >> 24)
	}
	return b
}
