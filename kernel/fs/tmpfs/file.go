package tmpfs

import (
	"runtime"
	"sync/atomic"

	"github.com/tamix/tamix/linuxabi"
)

// pageSize is the unit file data is kept in: PAGE_SIZE.
const pageSize = 4096

// file is a regular file's data: the pages written, by index, each a
// page of the filesystem's Pages, and the size. Pages wholly past the
// end are dropped, and the bytes of the last page past the end are
// zero, so growing the file shows zeros. Each page holds one reference
// for the file; a shared mapping of it (Page) holds another, so a page
// outlives its truncation until it is unmapped. The pages of a file go
// back when nothing refers to the file any more.
type file struct {
	mem   Pages
	pages map[int64]uint64
	size  int64
	used  *atomic.Int64 // the filesystem's pages in use, for statfs(2)
	limit uint64        // the filesystem's size in pages (size=), 0 for none
}

func newFile(mem Pages, used *atomic.Int64, limit uint64) *file {
	f := &file{mem: mem, pages: map[int64]uint64{}, used: used, limit: limit}
	runtime.AddCleanup(f, func(pages map[int64]uint64) {
		for _, pa := range pages {
			mem.Put(pa)
			used.Add(-1)
		}
	}, f.pages)
	return f
}

func (f *file) Size() int64 { return f.size }

func (f *file) Blocks() int64 { return int64(len(f.pages)) * (pageSize / 512) }

func (f *file) ReadAt(p []byte, off int64) int {
	if off >= f.size {
		return 0
	}
	if rest := f.size - off; int64(len(p)) > rest {
		p = p[:rest]
	}
	for n := 0; n < len(p); {
		pg, in := (off+int64(n))/pageSize, (off+int64(n))%pageSize
		chunk := p[n:min(len(p), n+int(pageSize-in))]
		if pa, ok := f.pages[pg]; ok {
			copy(chunk, f.mem.Bytes(pa)[in:])
		} else {
			clear(chunk)
		}
		n += len(chunk)
	}
	return len(p)
}

// WriteAt fails, having written the pages before, with ENOMEM when no
// page is left for a hole (shmem_get_folio), or ENOSPC past the
// filesystem's size.
func (f *file) WriteAt(p []byte, off int64) (int, error) {
	n := 0
	for len(p) > 0 {
		pg, in := off/pageSize, off%pageSize
		pa, err := f.page(pg)
		if err != nil {
			return n, err
		}
		c := copy(f.mem.Bytes(pa)[in:], p)
		p, off, n = p[c:], off+int64(c), n+c
		f.size = max(f.size, off)
	}
	return n, nil
}

// page returns page pg, allocating a zeroed one for a hole.
func (f *file) page(pg int64) (uint64, error) {
	if pa, ok := f.pages[pg]; ok {
		return pa, nil
	}
	// A page past the filesystem's size is ENOSPC (shmem_inode_acct_block()).
	for {
		u := f.used.Load()
		if f.limit != 0 && uint64(u) >= f.limit {
			return 0, linuxabi.ENOSPC
		}
		if f.used.CompareAndSwap(u, u+1) {
			break
		}
	}
	pa, err := f.mem.Alloc()
	if err != nil {
		f.used.Add(-1)
		return 0, linuxabi.ENOMEM
	}
	f.pages[pg] = pa
	return pa, nil
}

// Page is vfs.Pager's: page pg, with a reference for the mapping.
func (f *file) Page(pg int64) (uint64, error) {
	pa, err := f.page(pg)
	if err == nil {
		f.mem.Get(pa)
	}
	return pa, err
}

func (f *file) Truncate(size int64) {
	if size < f.size {
		keep := (size + pageSize - 1) / pageSize // pages holding bytes below size
		for pg, pa := range f.pages {
			if pg >= keep {
				delete(f.pages, pg)
				f.mem.Put(pa)
				f.used.Add(-1)
			}
		}
		if pa, ok := f.pages[size/pageSize]; ok {
			clear(f.mem.Bytes(pa)[size%pageSize:])
		}
	}
	f.size = size
}

// SeekData and SeekHole see a page as data if it was written, as
// mapping_seek_hole_data() does for tmpfs: holes come in whole pages.
func (f *file) SeekData(off int64) (int64, bool) {
	first := int64(-1)
	for pg := range f.pages {
		if pg >= off/pageSize && (first < 0 || pg < first) {
			first = pg
		}
	}
	if first < 0 {
		return 0, false
	}
	return max(off, first*pageSize), true
}

func (f *file) SeekHole(off int64) int64 {
	pg := off / pageSize
	for _, ok := f.pages[pg]; ok; _, ok = f.pages[pg] {
		pg++
	}
	return max(off, min(pg*pageSize, f.size))
}
