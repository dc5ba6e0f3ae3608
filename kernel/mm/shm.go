package mm

import "sync"

// shmObject is the memory behind a MAP_SHARED|MAP_ANONYMOUS mapping (Linux
// backs it with a shmem file, mm/shmem.c shmem_zero_setup): pages indexed by
// offset, allocated on first touch and kept until the last VMA using the
// object, in any Space, goes away. Each page holds one Frames reference for
// the object; every page-table entry mapping it holds another.
type shmObject struct {
	frames *Frames
	mu     sync.Mutex
	users  int               // VMAs referring to the object
	pages  map[uint64]uint64 // page offset → PA
}

func newShm(f *Frames) *shmObject {
	return &shmObject{frames: f, users: 1, pages: make(map[uint64]uint64)}
}

func (o *shmObject) ref() {
	o.mu.Lock()
	o.users++
	o.mu.Unlock()
}

func (o *shmObject) unref() {
	o.mu.Lock()
	o.users--
	var pages map[uint64]uint64
	if o.users == 0 {
		pages, o.pages = o.pages, nil
	}
	o.mu.Unlock()
	for _, pa := range pages {
		o.frames.Put(pa)
	}
}

// page returns the frame at page offset off with a new reference for the
// caller's page-table entry, allocating a zeroed one on first use.
func (o *shmObject) page(off uint64) (uint64, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	pa, ok := o.pages[off]
	if !ok {
		var err error
		if pa, err = o.frames.Alloc(); err != nil {
			return 0, err
		}
		o.pages[off] = pa
	}
	o.frames.Get(pa)
	return pa, nil
}
