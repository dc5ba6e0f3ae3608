package tmpfs_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// A sparse file reads zeros in its holes and takes only the pages
// written: st_blocks counts 8 sectors per 4 KiB page, as shmem's
// i_blocks does.
func TestSparseFile(t *testing.T) {
	e := newEnv(t)
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_CREAT)
	if _, err := f.Pwrite([]byte("abc"), 3*4096+10); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Pwrite([]byte("xyz"), 100); err != nil {
		t.Fatal(err)
	}
	st := f.Inode().Stat()
	if st.Size != 3*4096+13 || st.Blocks != 2*8 {
		t.Fatalf("size %d blocks %d, want %d and 16", st.Size, st.Blocks, 3*4096+13)
	}
	got := make([]byte, st.Size+100)
	n, err := f.Pread(got, 0)
	if err != nil || int64(n) != st.Size {
		t.Fatalf("pread: %d, %v", n, err)
	}
	want := make([]byte, st.Size)
	copy(want[100:], "xyz")
	copy(want[3*4096+10:], "abc")
	if !bytes.Equal(got[:n], want) {
		t.Fatal("sparse contents differ")
	}
	// A write across a page boundary fills two pages.
	if _, err := f.Pwrite(bytes.Repeat([]byte{7}, 10), 2*4096-5); err != nil {
		t.Fatal(err)
	}
	if b := f.Inode().Stat().Blocks; b != 4*8 {
		t.Fatalf("blocks %d after a straddling write, want 32", b)
	}
}

// Truncating down drops whole pages and zeroes the tail of the last one,
// so growing the file again shows zeros, not the old bytes
// (shmem_setattr() and shmem_truncate_range()).
func TestTruncate(t *testing.T) {
	e := newEnv(t)
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_CREAT)
	data := bytes.Repeat([]byte("0123456789"), 1000) // 10000 bytes, 3 pages
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		size, blocks int64
	}{
		{5000, 16}, {4096, 8}, {8000, 8}, {100, 8}, {0, 0}, {20000, 0},
	} {
		e.ok(f.Truncate(tc.size))
		st := f.Inode().Stat()
		if st.Size != tc.size || st.Blocks != tc.blocks {
			t.Errorf("truncate %d: size %d blocks %d, want blocks %d", tc.size, st.Size, st.Blocks, tc.blocks)
		}
	}
	e.ok(f.Truncate(0))
	if _, err := f.Pwrite(data, 0); err != nil {
		t.Fatal(err)
	}
	e.ok(f.Truncate(5000))
	e.ok(f.Truncate(9000))
	got := make([]byte, 9000)
	if n, _ := f.Pread(got, 0); n != 9000 {
		t.Fatalf("read %d", n)
	}
	if !bytes.Equal(got[:5000], data[:5000]) || !bytes.Equal(got[5000:], make([]byte, 4000)) {
		t.Fatal("bytes past a shrinking truncate came back")
	}
}

// SEEK_DATA and SEEK_HOLE see holes in whole pages, as
// mapping_seek_hole_data() does on tmpfs; the end of the file is a hole.
func TestSeekDataHole(t *testing.T) {
	e := newEnv(t)
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_CREAT)
	// Pages: 0 hole, 1 data, 2 data, 3 hole, 4 data (partial, to the end).
	for _, off := range []int64{4096 + 1, 2*4096 + 4000, 4*4096 + 10} {
		if _, err := f.Pwrite([]byte("d"), off); err != nil {
			t.Fatal(err)
		}
	}
	size := int64(4*4096 + 11)
	for _, tc := range []struct {
		whence int
		off    int64
		want   int64
		err    error
	}{
		{linuxabi.SEEK_DATA, 0, 4096, nil},
		{linuxabi.SEEK_DATA, 4096, 4096, nil},
		{linuxabi.SEEK_DATA, 5000, 5000, nil},
		{linuxabi.SEEK_DATA, 3 * 4096, 4 * 4096, nil},
		{linuxabi.SEEK_DATA, size - 1, size - 1, nil},
		{linuxabi.SEEK_DATA, size, 0, linuxabi.ENXIO},
		{linuxabi.SEEK_DATA, -1, 0, linuxabi.ENXIO},
		{linuxabi.SEEK_HOLE, 0, 0, nil},
		{linuxabi.SEEK_HOLE, 4096, 3 * 4096, nil},
		{linuxabi.SEEK_HOLE, 3*4096 + 5, 3*4096 + 5, nil},
		{linuxabi.SEEK_HOLE, 4 * 4096, size, nil},
		{linuxabi.SEEK_HOLE, size, 0, linuxabi.ENXIO},
	} {
		got, err := f.Seek(tc.off, tc.whence)
		if !errors.Is(err, tc.err) || err == nil && got != tc.want {
			t.Errorf("lseek(%d, %d) = %d, %v; want %d, %v", tc.off, tc.whence, got, err, tc.want, tc.err)
		}
	}
	// A file with only a hole after off has no data there.
	e.ok(f.Truncate(10 * 4096))
	if _, err := f.Seek(5*4096, linuxabi.SEEK_DATA); !errors.Is(err, linuxabi.ENXIO) {
		t.Errorf("SEEK_DATA in a trailing hole: %v, want ENXIO", err)
	}
}

// An unlinked file that is still open keeps its data.
func TestUnlinkedOpenFile(t *testing.T) {
	e := newEnv(t)
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_CREAT)
	if _, err := f.Write([]byte("kept")); err != nil {
		t.Fatal(err)
	}
	e.ok(vfs.Unlink(e.c, e.root, "f"))
	got := make([]byte, 10)
	n, err := f.Pread(got, 0)
	if err != nil || string(got[:n]) != "kept" {
		t.Fatalf("read %q, %v", got[:n], err)
	}
}
