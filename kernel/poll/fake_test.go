package poll

import "sync"

// fakeFile is a Pollable whose readiness the test sets.
type fakeFile struct {
	mu   sync.Mutex
	mask uint32
	ch   chan struct{}
}

func (f *fakeFile) Poll() uint32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.mask
}

func (f *fakeFile) Changed() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ch == nil {
		f.ch = make(chan struct{})
	}
	return f.ch
}

// set changes the readiness and wakes the waiters.
func (f *fakeFile) set(mask uint32) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mask = mask
	if f.ch != nil {
		close(f.ch)
		f.ch = nil
	}
}
