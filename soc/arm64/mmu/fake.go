package mmu

import (
	"errors"
	"fmt"
)

// FakeMemory is a Memory in Go memory, for host tests. Frames get made-up,
// never reused physical addresses; touching a frame that is not allocated
// panics.
type FakeMemory struct {
	frames map[uint64]*[entries]uint64
	next   uint64

	// Limit, if non-zero, is the most frames that may be allocated at once.
	Limit int
}

// NewFakeMemory returns an empty FakeMemory.
func NewFakeMemory() *FakeMemory {
	return &FakeMemory{frames: map[uint64]*[entries]uint64{}, next: 0x7f00_0000_0000}
}

// Alloc, Free, Load and Store implement Memory.
func (m *FakeMemory) Alloc() (uint64, error) {
	if m.Limit > 0 && len(m.frames) >= m.Limit {
		return 0, errors.New("mmu: fake memory exhausted")
	}
	pa := m.next
	m.next += pageSize
	m.frames[pa] = new([entries]uint64)
	return pa, nil
}

func (m *FakeMemory) Free(pa uint64) {
	m.frame(pa)
	delete(m.frames, pa)
}

func (m *FakeMemory) Load(pa uint64, i int) uint64 { return m.frame(pa)[i] }

func (m *FakeMemory) Store(pa uint64, i int, v uint64) { m.frame(pa)[i] = v }

// InUse returns the number of allocated frames.
func (m *FakeMemory) InUse() int { return len(m.frames) }

func (m *FakeMemory) frame(pa uint64) *[entries]uint64 {
	f, ok := m.frames[pa]
	if !ok {
		panic(fmt.Sprintf("mmu: fake memory: no frame at %#x", pa))
	}
	return f
}
