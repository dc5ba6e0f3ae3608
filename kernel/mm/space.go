package mm

import (
	"errors"
	"sync"

	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/mmu"
)

// Config is what a Space needs from the rest of the kernel.
type Config struct {
	Phys   Phys
	Tables mmu.Memory // page-table frames
	// Window is the kernel table whose L1 slots 2 and 3 every space
	// shares (ShareL1); nil in host tests.
	Window *mmu.Table
	// Flush invalidates one user page's TLB entry, walk cache included
	// (nil on host).
	Flush func(asid uint16, va uint64)
	// FlushASID invalidates a whole ASID (nil on host).
	FlushASID func(asid uint16)
	// SyncICache makes a freshly written frame's instructions visible
	// before it is mapped executable (nil on host).
	SyncICache func(pa uint64)
	// Detach makes the CPU stop translating through any user space's
	// tables (TTBR0_EL1 back to the kernel's) before a space's table
	// frames are freed (nil on host).
	Detach func()
}

// Space is one process's address space, shared by its threads.
type Space struct {
	cfg    Config
	frames *Frames
	tables *countingMemory
	table  *mmu.Table
	asid   uint16

	mu       sync.RWMutex
	vmas     []*vma // sorted, non-overlapping
	rss      int    // resident pages
	brkStart uint64
	brk      uint64
}

// Stats describes a Space's memory use.
type Stats struct {
	VmSize     uint64 // bytes covered by mappings
	RSS        int    // resident pages
	PageTables int    // page-table frames, root included
	Maps       int    // number of VMAs
}

// countingMemory counts one table's frames.
type countingMemory struct {
	mmu.Memory
	n int
}

func (m *countingMemory) Alloc() (uint64, error) {
	pa, err := m.Memory.Alloc()
	if err == nil {
		m.n++
	}
	return pa, err
}

func (m *countingMemory) Free(pa uint64) {
	m.n--
	m.Memory.Free(pa)
}

// New returns an empty Space with a fresh ASID.
func New(c *Config) (*Space, error) {
	return newSpace(c, FramesFor(c.Phys))
}

func newSpace(c *Config, f *Frames) (*Space, error) {
	asid, err := asids.alloc()
	if err != nil {
		return nil, err
	}
	s := &Space{cfg: *c, frames: f, asid: asid, tables: &countingMemory{Memory: c.Tables}}
	if s.table, err = mmu.New(s.tables); err != nil {
		asids.free(asid)
		return nil, linuxabi.ENOMEM
	}
	if c.Window != nil {
		for _, slot := range []int{mmu.WindowBase >> 30, mmu.LinearBase >> 30} {
			if err := s.table.ShareL1(c.Window, slot); err != nil {
				s.table.Release()
				asids.free(asid)
				return nil, linuxabi.ENOMEM
			}
		}
	}
	return s, nil
}

// TTBR returns the TTBR0_EL1 value selecting this space.
func (s *Space) TTBR() uint64 { return mmu.TTBR(s.table.Root, s.asid) }

// ASID returns the space's address-space identifier.
func (s *Space) ASID() uint16 { return s.asid }

// Release frees every frame and table of the space and returns its ASID.
// The space must not be in use by any CPU.
func (s *Space) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.Detach != nil {
		s.cfg.Detach()
	}
	s.resident(0, TaskSize, func(va, pa uint64, _ mmu.Attr) { s.frames.Put(pa) })
	s.table.Release()
	s.remove(0, len(s.vmas))
	s.rss = 0
	if s.cfg.FlushASID != nil {
		s.cfg.FlushASID(s.asid)
	}
	asids.free(s.asid)
}

// Stats returns the space's current memory use.
func (s *Space) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := Stats{RSS: s.rss, PageTables: s.tables.n, Maps: len(s.vmas)}
	for _, v := range s.vmas {
		st.VmSize += v.end - v.start
	}
	return st
}

var errStop = errors.New("stop")

// resident calls fn for every user page mapped in [start, end), in VA
// order. Small ranges are probed page by page, large ones walked.
func (s *Space) resident(start, end uint64, fn func(va, pa uint64, a mmu.Attr)) {
	if (end-start)/PageSize <= 4*uint64(s.rss)+16 && !inWindow(start, end) {
		for va := start; va < end; va += PageSize {
			if pa, a, _, ok := s.table.Lookup(va); ok {
				fn(va, pa, a)
			}
		}
		return
	}
	s.table.Walk(func(va, pa, size uint64, a mmu.Attr) error {
		switch {
		case va >= end:
			return errStop
		case va < start || inWindow(va, va+size):
			return nil
		}
		fn(va, pa, a) // user mappings are always single pages
		return nil
	})
}

// zap removes the pages of [start, end), which lies outside the kernel
// window, dropping their references.
func (s *Space) zap(start, end uint64) {
	var live []uint64
	s.resident(start, end, func(va, pa uint64, _ mmu.Attr) {
		s.frames.Put(pa)
		live = append(live, va)
	})
	s.unmapLive(start, end, live)
}

// unmapLive removes the page-table entries of [start, end), outside the
// kernel window, where live
// lists the pages that were mapped, and flushes them from the TLB.
func (s *Space) unmapLive(start, end uint64, live []uint64) {
	if len(live) == 0 {
		return
	}
	tables := s.tables.n
	// Unmap fails only splitting a block or in a borrowed slot; user pages
	// are 4 KiB and VMAs never reach into the window.
	s.table.Unmap(start, end-start)
	s.rss -= len(live)
	s.flush(live, s.tables.n != tables)
}

// flushBatch is the most pages flushed one by one before the whole ASID is.
const flushBatch = 32

// flush invalidates the TLB entries of pages; whole also drops the ASID
// (page-table frames were freed).
func (s *Space) flush(pages []uint64, whole bool) {
	if (whole || len(pages) > flushBatch) && s.cfg.FlushASID != nil {
		s.cfg.FlushASID(s.asid)
		return
	}
	if s.cfg.Flush == nil {
		return
	}
	for _, va := range pages {
		s.cfg.Flush(s.asid, va)
	}
}
