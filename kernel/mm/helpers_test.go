package mm

import (
	"errors"
	"github.com/tamix/tamix/linuxabi"
	"io"
	"sync"
	"testing"

	"github.com/tamix/tamix/kernel/mm/frame"
	"github.com/tamix/tamix/soc/arm64/mmu"
)

// fakePhys is Phys over Go memory.
type fakePhys struct {
	mu     sync.Mutex
	frames map[uint64]*[PageSize]byte
	next   uint64
	limit  int // most frames at once, 0 for no limit
}

func newFakePhys() *fakePhys {
	return &fakePhys{frames: make(map[uint64]*[PageSize]byte), next: 0x4000_0000}
}

func (p *fakePhys) Alloc() (uint64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.limit != 0 && len(p.frames) >= p.limit {
		return 0, frame.ErrNoMemory
	}
	pa := p.next
	p.next += PageSize
	p.frames[pa] = new([PageSize]byte)
	return pa, nil
}

func (p *fakePhys) Free(pa uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.frames[pa] == nil {
		panic("free of unallocated frame")
	}
	delete(p.frames, pa)
}

func (p *fakePhys) Bytes(pa uint64) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.frames[pa]
	if f == nil {
		panic("access to unallocated frame")
	}
	return f[:]
}

func (p *fakePhys) inUse() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.frames)
}

type env struct {
	phys   *fakePhys
	tables *mmu.FakeMemory
	cfg    *Config
}

func newEnv() *env {
	e := &env{phys: newFakePhys(), tables: mmu.NewFakeMemory()}
	e.cfg = &Config{Phys: e.phys, Tables: e.tables}
	return e
}

func (e *env) space(t testing.TB) *Space {
	t.Helper()
	s, err := New(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// noLeaks checks that every frame and table frame went back.
func (e *env) noLeaks(t testing.TB) {
	t.Helper()
	if n := e.phys.inUse(); n != 0 {
		t.Errorf("%d user frames leaked", n)
	}
	if n := e.tables.InUse(); n != 0 {
		t.Errorf("%d table frames leaked", n)
	}
}

func mustMmap(t testing.TB, s *Space, addr, length uint64, prot Prot, flags int) uint64 {
	t.Helper()
	a, err := s.Mmap(addr, length, prot, flags, nil, 0)
	if err != nil {
		t.Fatalf("Mmap(%#x, %#x, %d, %#x): %v", addr, length, prot, flags, err)
	}
	return a
}

func mustOut(t testing.TB, s *Space, va uint64, b []byte) {
	t.Helper()
	if err := s.CopyOut(va, b); err != nil {
		t.Fatalf("CopyOut(%#x): %v", va, err)
	}
}

func mustIn(t testing.TB, s *Space, va uint64, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if err := s.CopyIn(b, va); err != nil {
		t.Fatalf("CopyIn(%#x): %v", va, err)
	}
	return b
}

// vmaList returns the space's VMAs as [start, end, prot] triples.
func vmaList(s *Space) [][3]uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var r [][3]uint64
	for _, v := range s.vmas {
		r = append(r, [3]uint64{v.start, v.end, uint64(v.prot)})
	}
	return r
}

// file is a Backing over a byte slice.
type file struct {
	data []byte
	err  error
}

func (f *file) Size() int64 { return int64(len(f.data)) }

func (f *file) ReadAt(p []byte, off int64) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if off >= int64(len(f.data)) {
		return 0, io.EOF
	}
	n := copy(p, f.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

var errIO = errors.New("I/O error")

const (
	anonPriv = linuxabi.MAP_PRIVATE | linuxabi.MAP_ANONYMOUS
	anonShr  = linuxabi.MAP_SHARED | linuxabi.MAP_ANONYMOUS
	rw       = PROT_READ | PROT_WRITE
)
