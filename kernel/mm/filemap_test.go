package mm

import (
	"bytes"
	"testing"

	"github.com/tamix/tamix/linuxabi"
)

// pageFile is a SharedBacking whose pages are frames, as tmpfs keeps
// them: one reference for the file, one per page-table entry.
type pageFile struct {
	frames *Frames
	pages  map[uint64]uint64
	size   int64
}

func newPageFile(e *env, size int64) *pageFile {
	return &pageFile{frames: FramesFor(e.phys), pages: map[uint64]uint64{}, size: size}
}

func (f *pageFile) Size() int64 { return f.size }
func (f *pageFile) Key() any    { return f }

func (f *pageFile) page(off uint64) uint64 {
	pa, ok := f.pages[off]
	if !ok {
		pa, _ = f.frames.Alloc()
		f.pages[off] = pa
	}
	return pa
}

func (f *pageFile) Page(off uint64) (uint64, error) {
	pa := f.page(off)
	f.frames.Get(pa)
	return pa, nil
}

func (f *pageFile) ReadAt(p []byte, off int64) (int, error) {
	return copy(p, f.frames.Bytes(f.page(uint64(off) &^ pageMask))[off&pageMask:]), nil
}

func (f *pageFile) WriteAt(p []byte, off int64) {
	copy(f.frames.Bytes(f.page(uint64(off) &^ pageMask))[off&pageMask:], p)
}

// truncate shrinks the file as tmpfs does, then tells the mappings.
func (f *pageFile) truncate(size int64) {
	for off, pa := range f.pages {
		if off >= pageUp(uint64(size)) {
			delete(f.pages, off)
			f.frames.Put(pa)
		}
	}
	if pa, ok := f.pages[uint64(size)&^pageMask]; ok {
		clear(f.frames.Bytes(pa)[size&pageMask:])
	}
	f.size = size
	Truncated(f, uint64(size))
}

func (f *pageFile) release() {
	for _, pa := range f.pages {
		f.frames.Put(pa)
	}
}

const fileShr = linuxabi.MAP_SHARED

func TestSharedFileCoherent(t *testing.T) {
	e := newEnv()
	f := newPageFile(e, 2*PageSize)
	f.WriteAt([]byte("hello"), 0)
	s := e.space(t)
	a, err := s.Mmap(0, 2*PageSize, rw, fileShr, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustIn(t, s, a, 5); string(got) != "hello" {
		t.Fatalf("mapping reads %q", got)
	}
	mustOut(t, s, a+100, []byte("stored"))
	b := make([]byte, 6)
	f.ReadAt(b, 100)
	if string(b) != "stored" {
		t.Errorf("file reads %q after a store through the mapping", b)
	}
	f.WriteAt([]byte("written"), PageSize+10)
	if got := mustIn(t, s, a+PageSize+10, 7); string(got) != "written" {
		t.Errorf("mapping reads %q after a write to the file", got)
	}
	// A second mapping at an offset, and a forked child, share the page.
	a2, err := s.Mmap(0, PageSize, PROT_READ, fileShr, f, PageSize)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Fork()
	if err != nil {
		t.Fatal(err)
	}
	mustOut(t, c, a+PageSize+20, []byte("Z"))
	if got := mustIn(t, s, a2+20, 1); string(got) != "Z" {
		t.Errorf("parent's second mapping reads %q after the child's store", got)
	}
	c.Release()
	s.Release()
	f.release()
	e.noLeaks(t)
}

func TestSharedFileTruncate(t *testing.T) {
	e := newEnv()
	f := newPageFile(e, 3*PageSize)
	s := e.space(t)
	a, err := s.Mmap(0, 4*PageSize, rw, fileShr, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	mustOut(t, s, a, bytes.Repeat([]byte{'x'}, 3*PageSize))
	if flt := s.Fault(a+3*PageSize, false, false); flt == nil || flt.Signo != SIGBUS || flt.Code != BUS_ADRERR {
		t.Errorf("fault past EOF = %+v, want SIGBUS BUS_ADRERR", flt)
	}
	f.truncate(PageSize + 10)
	if flt := s.Fault(a+2*PageSize, false, false); flt == nil || flt.Signo != SIGBUS {
		t.Errorf("fault on a page truncated away = %+v, want SIGBUS", flt)
	}
	if got := mustIn(t, s, a+PageSize+8, 4); !bytes.Equal(got, []byte{'x', 'x', 0, 0}) {
		t.Errorf("last page reads %q around the new end, want xx and zeros", got)
	}
	if st := s.Stats(); st.RSS != 2 {
		t.Errorf("RSS %d after truncation, want 2", st.RSS)
	}
	s.Release()
	f.release()
	e.noLeaks(t)
	fileMappers.mu.Lock()
	defer fileMappers.mu.Unlock()
	if len(fileMappers.m[f]) != 0 {
		t.Errorf("released space still registered as a mapper: %v", fileMappers.m[f])
	}
}

func TestSharedFilePageOutlivesTruncate(t *testing.T) {
	// The frame a mapping holds stays allocated until it is unmapped,
	// even once the file dropped it.
	e := newEnv()
	f := newPageFile(e, PageSize)
	s := e.space(t)
	a, err := s.Mmap(0, PageSize, rw, fileShr, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	mustOut(t, s, a, []byte("x"))
	pa := f.pages[0]
	f.frames.Put(pa) // the file lets go without telling the mapping
	delete(f.pages, 0)
	if got := mustIn(t, s, a, 1); string(got) != "x" {
		t.Errorf("mapping reads %q", got)
	}
	s.Release()
	e.noLeaks(t)
}

func TestMsync(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	a := mustMmap(t, s, 0, 2*PageSize, rw, anonShr)
	for _, c := range []struct {
		name      string
		addr, len uint64
		flags     int
		want      error
	}{
		{"sync", a, 2 * PageSize, linuxabi.MS_SYNC, nil},
		{"async invalidate", a, 1, linuxabi.MS_ASYNC | linuxabi.MS_INVALIDATE, nil},
		{"zero length", a, 0, linuxabi.MS_SYNC, nil},
		{"both", a, PageSize, linuxabi.MS_SYNC | linuxabi.MS_ASYNC, linuxabi.EINVAL},
		{"unknown flag", a, PageSize, 8, linuxabi.EINVAL},
		{"unaligned", a + 1, PageSize, 0, linuxabi.EINVAL},
		{"past the mapping", a, 3 * PageSize, linuxabi.MS_SYNC, linuxabi.ENOMEM},
		{"wraps", a, ^uint64(0) - PageSize, 0, linuxabi.ENOMEM},
	} {
		if err := s.Msync(c.addr, c.len, c.flags); err != c.want {
			t.Errorf("%s: Msync = %v, want %v", c.name, err, c.want)
		}
	}
	s.Release()
	e.noLeaks(t)
}

func TestPrivateFileSharesUntilWritten(t *testing.T) {
	e := newEnv()
	f := newPageFile(e, 2*PageSize)
	f.WriteAt([]byte("file"), 0)
	s := e.space(t)
	a, err := s.Mmap(0, 2*PageSize, rw, linuxabi.MAP_PRIVATE, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustIn(t, s, a, 4); string(got) != "file" {
		t.Fatalf("private mapping reads %q", got)
	}
	// Not yet written: the mapping is the file's page and sees writes.
	f.WriteAt([]byte("FILE"), 0)
	if got := mustIn(t, s, a, 4); string(got) != "FILE" {
		t.Errorf("unwritten private page reads %q after a file write, want FILE as Linux", got)
	}
	mustOut(t, s, a, []byte("mine"))
	b := make([]byte, 4)
	if f.ReadAt(b, 0); string(b) != "FILE" {
		t.Errorf("store to a private mapping reached the file: %q", b)
	}
	f.WriteAt([]byte("next"), 0)
	if got := mustIn(t, s, a, 4); string(got) != "mine" {
		t.Errorf("written private page reads %q, want its own copy", got)
	}
	// Truncation takes private pages past the end too (even_cows).
	mustIn(t, s, a+PageSize, 1)
	f.truncate(10)
	if flt := s.Fault(a+PageSize, false, false); flt == nil || flt.Signo != SIGBUS {
		t.Errorf("private page past the new end: fault %+v, want SIGBUS", flt)
	}
	s.Release()
	f.release()
	e.noLeaks(t)
}
