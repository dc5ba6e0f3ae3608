package vfs_test

import (
	"encoding/binary"
	"fmt"
	"slices"
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// dirent is one decoded linux_dirent64.
type dirent struct {
	ino  uint64
	off  int64
	typ  uint8
	name string
}

// decodeDirents decodes getdents64 output, checking each record's
// layout.
func decodeDirents(t *testing.T, b []byte) []dirent {
	t.Helper()
	var out []dirent
	for len(b) > 0 {
		if len(b) < 24 {
			t.Fatalf("short record: %d bytes", len(b))
		}
		reclen := int(binary.LittleEndian.Uint16(b[16:]))
		if reclen%8 != 0 || reclen < 24 || reclen > len(b) {
			t.Fatalf("d_reclen %d (%d left)", reclen, len(b))
		}
		rec := b[:reclen]
		nul := slices.Index(rec[19:], 0)
		if nul < 0 {
			t.Fatalf("name not NUL-terminated")
		}
		if want := (19 + nul + 1 + 7) &^ 7; reclen != want {
			t.Errorf("d_reclen %d for a %d-byte name, want %d", reclen, nul, want)
		}
		for _, c := range rec[19+nul:] {
			if c != 0 {
				t.Errorf("padding not zero")
			}
		}
		out = append(out, dirent{
			ino:  binary.LittleEndian.Uint64(rec),
			off:  int64(binary.LittleEndian.Uint64(rec[8:])),
			typ:  rec[18],
			name: string(rec[19 : 19+nul]),
		})
		b = b[reclen:]
	}
	return out
}

// readDir reads a whole directory through a buffer of size bytes.
func readDir(t *testing.T, f *vfs.File, size int) []dirent {
	t.Helper()
	var all []dirent
	buf := make([]byte, size)
	for {
		n, err := f.ReadDir(buf)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return all
		}
		all = append(all, decodeDirents(t, buf[:n])...)
	}
}

func names(ds []dirent) []string {
	var s []string
	for _, d := range ds {
		s = append(s, d.name)
	}
	return s
}

func TestReadDir(t *testing.T) {
	e := newEnv(t)
	e.mkdir("d")
	e.mkdir("d/sub")
	e.write("d/file", "")
	e.symlink("x", "d/link")
	e.ok(vfs.Mknod(e.c, e.root, "d/chr", linuxabi.S_IFCHR|0o600, vfs.Mkdev(1, 3)))
	e.ok(vfs.Mknod(e.c, e.root, "d/blk", linuxabi.S_IFBLK|0o600, 0))
	e.ok(vfs.Mknod(e.c, e.root, "d/fifo", linuxabi.S_IFIFO|0o600, 0))
	e.ok(vfs.Mknod(e.c, e.root, "d/sock", linuxabi.S_IFSOCK|0o600, 0))
	e.ok(vfs.Mkdir(e.c, e.root, "d/a-name-of-exactly-twenty-nine", 0o700))
	f := e.open("d", linuxabi.O_RDONLY|linuxabi.O_DIRECTORY)
	got := readDir(t, f, 4096)
	want := map[string]uint8{
		".": linuxabi.DT_DIR, "..": linuxabi.DT_DIR, "sub": linuxabi.DT_DIR, "file": linuxabi.DT_REG,
		"link": linuxabi.DT_LNK, "chr": linuxabi.DT_CHR, "blk": linuxabi.DT_BLK, "fifo": linuxabi.DT_FIFO,
		"sock": linuxabi.DT_SOCK, "a-name-of-exactly-twenty-nine": linuxabi.DT_DIR,
	}
	if len(got) != len(want) || got[0].name != "." || got[1].name != ".." {
		t.Fatalf("entries %v", names(got))
	}
	for i, d := range got {
		wt, ok := want[d.name]
		path := "d/" + d.name
		if !ok || d.typ != wt || d.ino != e.get(path).Ino() {
			t.Errorf("entry %q: type %d ino %d, want %d %d", d.name, d.typ, d.ino, wt, e.get(path).Ino())
		}
		if i > 0 && d.off <= got[i-1].off {
			t.Errorf("d_off not increasing at %q", d.name)
		}
	}
	// Reading on at the end gives nothing; rewinding starts again.
	if n, err := f.ReadDir(make([]byte, 100)); n != 0 || err != nil {
		t.Errorf("at end: %d %v", n, err)
	}
	if _, err := f.Seek(0, linuxabi.SEEK_SET); err != nil {
		t.Fatal(err)
	}
	// A buffer too small for one record is EINVAL; the position stays.
	if _, err := f.ReadDir(make([]byte, 23)); err != linuxabi.EINVAL {
		t.Errorf("tiny buffer: %v", err)
	}
	// Resuming from each d_off gives the rest, whatever the buffer
	// (the longest record here is 56 bytes).
	for size := 56; size <= 200; size += 8 {
		f.Seek(0, linuxabi.SEEK_SET)
		if small := readDir(t, f, size); !slices.Equal(names(small), names(got)) {
			t.Errorf("buffer %d: %v", size, names(small))
		}
	}
	for i, d := range got {
		f.Seek(d.off, linuxabi.SEEK_SET)
		rest := readDir(t, f, 4096)
		if !slices.Equal(names(rest), names(got[i+1:])) {
			t.Errorf("from d_off of %q: %v", d.name, names(rest))
		}
	}
	// The root's ".." is the root.
	r := readDir(t, e.open("/", linuxabi.O_RDONLY), 4096)
	if r[1].name != ".." || r[1].ino != e.root.Ino() || r[0].ino != e.root.Ino() {
		t.Errorf("root . and ..: %+v", r[:2])
	}
	if sub := readDir(t, e.open("d/sub", linuxabi.O_RDONLY), 4096); sub[1].ino != e.get("d").Ino() {
		t.Error("subdir .. ino")
	}
}

func TestReadDirChanges(t *testing.T) {
	e := newEnv(t)
	e.mkdir("d")
	for i := range 100 {
		e.write(fmt.Sprintf("d/f%02d", i), "")
	}
	f := e.open("d", linuxabi.O_RDONLY)
	buf := make([]byte, 10*24) // ten records: ".", "..", f00 to f07
	n, _ := f.ReadDir(buf)
	first := decodeDirents(t, buf[:n])
	// Remove what was read and some of what was not; the position
	// still means the same place.
	for i := range 60 {
		if i%2 == 0 || i < 8 {
			e.ok(vfs.Unlink(e.c, e.root, fmt.Sprintf("d/f%02d", i)))
		}
	}
	e.write("d/new", "")
	rest := readDir(t, f, 4096)
	var want []string
	for i := 8; i < 100; i++ {
		if i >= 60 || i%2 == 1 {
			want = append(want, fmt.Sprintf("f%02d", i))
		}
	}
	want = append(want, "new")
	if last := first[len(first)-1].name; last != "f07" || !slices.Equal(names(rest), want) {
		t.Errorf("after %s: %v", last, names(rest))
	}
	// A removed directory reads as ENOENT.
	d := e.open("d", linuxabi.O_RDONLY)
	for _, x := range readDir(t, d, 4096)[2:] {
		e.ok(vfs.Unlink(e.c, e.root, "d/"+x.name))
	}
	e.ok(vfs.Rmdir(e.c, e.root, "d"))
	d.Seek(0, linuxabi.SEEK_SET)
	if _, err := d.ReadDir(buf); err != linuxabi.ENOENT {
		t.Errorf("getdents of removed dir: %v", err)
	}
}
