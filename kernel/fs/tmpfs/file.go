package tmpfs

import "sync/atomic"

// pageSize is the unit file data is kept in: PAGE_SIZE.
const pageSize = 4096

type page [pageSize]byte

// file is a regular file's data: the pages written, by index, and the
// size. Pages wholly past the end are dropped, and the bytes of the last
// page past the end are zero, so growing the file shows zeros.
type file struct {
	pages map[int64]*page
	size  int64
	used  *atomic.Int64 // the filesystem's pages in use, for statfs(2)
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
		if pp := f.pages[pg]; pp != nil {
			copy(chunk, pp[in:])
		} else {
			clear(chunk)
		}
		n += len(chunk)
	}
	return len(p)
}

func (f *file) WriteAt(p []byte, off int64) {
	for len(p) > 0 {
		pg, in := off/pageSize, off%pageSize
		pp := f.pages[pg]
		if pp == nil {
			pp = new(page)
			f.pages[pg] = pp
			f.used.Add(1)
		}
		c := copy(pp[in:], p)
		p, off = p[c:], off+int64(c)
	}
	f.size = max(f.size, off)
}

func (f *file) Truncate(size int64) {
	if size < f.size {
		keep := (size + pageSize - 1) / pageSize // pages holding bytes below size
		for pg := range f.pages {
			if pg >= keep {
				delete(f.pages, pg)
				f.used.Add(-1)
			}
		}
		if pp := f.pages[size/pageSize]; pp != nil {
			clear(pp[size%pageSize:])
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
	for f.pages[pg] != nil {
		pg++
	}
	return max(off, min(pg*pageSize, f.size))
}
