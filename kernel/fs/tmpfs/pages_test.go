package tmpfs_test

import (
	"errors"
	"testing"

	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// countingPages is tmpfs.Pages over the Go heap with a page limit and
// reference counts the test can read.
type countingPages struct {
	limit int
	next  uint64
	pages map[uint64]*struct {
		b    [4096]byte
		refs int
	}
}

func newCountingPages(limit int) *countingPages {
	return &countingPages{limit: limit, pages: map[uint64]*struct {
		b    [4096]byte
		refs int
	}{}}
}

func (c *countingPages) Alloc() (uint64, error) {
	if len(c.pages) >= c.limit {
		return 0, errors.New("out of pages")
	}
	c.next += 4096
	c.pages[c.next] = &struct {
		b    [4096]byte
		refs int
	}{refs: 1}
	return c.next, nil
}
func (c *countingPages) Get(pa uint64)          { c.pages[pa].refs++ }
func (c *countingPages) Bytes(pa uint64) []byte { return c.pages[pa].b[:] }
func (c *countingPages) Put(pa uint64) {
	if c.pages[pa].refs--; c.pages[pa].refs == 0 {
		delete(c.pages, pa)
	}
}

// A file's pages are the memory Page hands to a mapping: stores there
// are what read(2) returns, write(2)s show there, and a page truncated
// away stays allocated while the mapping holds it.
func TestPagesShared(t *testing.T) {
	mem := newCountingPages(3)
	tmpfs.SetMemory(mem)
	defer tmpfs.SetMemory(newCountingPages(1 << 20))
	e := newEnv(t)
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_CREAT)
	if _, err := f.Pwrite(make([]byte, 100), 0); err != nil {
		t.Fatal(err)
	}
	if !f.Inode().Mappable() {
		t.Fatal("tmpfs file is not Mappable")
	}
	if _, err := f.Inode().Page(4096); err != linuxabi.ENXIO {
		t.Errorf("Page past the end: %v, want ENXIO", err)
	}
	pa, err := f.Inode().Page(0)
	if err != nil {
		t.Fatal(err)
	}
	copy(mem.Bytes(pa)[10:], "stored")
	b := make([]byte, 6)
	if f.Pread(b, 10); string(b) != "stored" {
		t.Errorf("pread reads %q after a store to the page", b)
	}
	f.Pwrite([]byte("written"), 20)
	if got := string(mem.Bytes(pa)[20:27]); got != "written" {
		t.Errorf("page holds %q after pwrite", got)
	}
	var truncated int64 = -1
	vfs.TruncateHook = func(i *vfs.Inode, size int64) { truncated = size }
	defer func() { vfs.TruncateHook = nil }()
	if err := f.Truncate(0); err != nil {
		t.Fatal(err)
	}
	if truncated != 0 {
		t.Errorf("TruncateHook saw %d, want 0", truncated)
	}
	if mem.pages[pa] == nil || mem.pages[pa].refs != 1 {
		t.Errorf("mapped page freed by truncation")
	}
	mem.Put(pa) // the mapping goes
	// Out of pages: a write that needs more fails with ENOMEM after
	// writing what fitted.
	n, err := f.Pwrite(make([]byte, 4*4096), 0)
	if n != 3*4096 || err != nil {
		t.Errorf("pwrite over the limit: %d, %v, want %d and no error", n, err, 3*4096)
	}
	if n, err := f.Pwrite([]byte("x"), 5*4096); n != 0 || err != linuxabi.ENOMEM {
		t.Errorf("pwrite with no page left: %d, %v, want ENOMEM", n, err)
	}
}
