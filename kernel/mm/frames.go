package mm

import "sync"

// Phys is physical memory as the kernel reaches it: frames for user pages.
type Phys interface {
	Alloc() (pa uint64, err error) // a zeroed 4 KiB frame (frame.ErrNoMemory when out)
	Free(pa uint64)
	Bytes(pa uint64) []byte // the frame's 4096 bytes, aliasing the memory
}

// Frames counts references to user frames so that copy-on-write and shared
// mappings can share them: a frame is freed when its last reference is
// put. Only frames with more than one reference take space in the table,
// so the common private page costs nothing. Frames is safe for concurrent
// use; every Space and file store over one Phys shares one (FramesFor).
type Frames struct {
	phys  Phys
	mu    sync.Mutex
	extra map[uint64]uint32 // references beyond the first
}

// NewFrames returns a reference counter over p.
func NewFrames(p Phys) *Frames {
	return &Frames{phys: p, extra: make(map[uint64]uint32)}
}

// Alloc returns a zeroed frame holding one reference.
func (f *Frames) Alloc() (uint64, error) {
	return f.phys.Alloc()
}

// Get adds a reference to pa.
func (f *Frames) Get(pa uint64) {
	f.mu.Lock()
	f.extra[pa]++
	f.mu.Unlock()
}

// Put drops a reference to pa, freeing the frame with the last one.
func (f *Frames) Put(pa uint64) {
	f.mu.Lock()
	n, shared := f.extra[pa]
	switch {
	case n > 1:
		f.extra[pa] = n - 1
	case shared:
		delete(f.extra, pa)
	}
	f.mu.Unlock()
	if !shared {
		f.phys.Free(pa)
	}
}

// Refs returns the number of references to pa (1 for a private frame).
func (f *Frames) Refs(pa uint64) int {
	f.mu.Lock()
	n := f.extra[pa]
	f.mu.Unlock()
	return int(n) + 1
}

// Bytes returns pa's contents.
func (f *Frames) Bytes(pa uint64) []byte { return f.phys.Bytes(pa) }
