package tmpfs

import "sync"

// Pages is the memory tmpfs keeps file data in, a page at a time, with
// a reference count per page: mm.Frames' methods. On the machine it is
// the page-frame pool (SetMemory), so file data stays out of the Go
// runtime's window and a MAP_SHARED mapping maps a file's own pages.
type Pages interface {
	Alloc() (pa uint64, err error) // a zeroed page holding one reference
	Get(pa uint64)
	Put(pa uint64) // drops a reference, freeing the page with the last
	Bytes(pa uint64) []byte
}

// memory is where the files of tmpfs instances made from now on keep
// their pages: the Go heap until SetMemory.
var memory Pages = &heapPages{pages: map[uint64]*heapPage{}}

// SetMemory makes tmpfs instances made afterwards keep file pages in p.
func SetMemory(p Pages) { memory = p }

// heapPages is Pages on the Go heap, for the host (tests, tools): page
// addresses are handles, never mapped.
type heapPages struct {
	mu    sync.Mutex
	next  uint64
	pages map[uint64]*heapPage
}

type heapPage struct {
	b    [pageSize]byte
	refs int
}

func (h *heapPages) Alloc() (uint64, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next += pageSize
	h.pages[h.next] = &heapPage{refs: 1}
	return h.next, nil
}

func (h *heapPages) Get(pa uint64) {
	h.mu.Lock()
	h.pages[pa].refs++
	h.mu.Unlock()
}

func (h *heapPages) Put(pa uint64) {
	h.mu.Lock()
	p := h.pages[pa]
	if p.refs--; p.refs == 0 {
		delete(h.pages, pa)
	}
	h.mu.Unlock()
}

func (h *heapPages) Bytes(pa uint64) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.pages[pa].b[:]
}
