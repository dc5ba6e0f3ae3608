// Package frame is the physical page-frame allocator: every page of RAM
// that neither the Go runtime's window nor a reserved range (kernel
// image, device tree, initramfs, firmware) claims, handed out 4 KiB at a
// time for page tables, user memory and DMA.
package frame

import (
	"errors"
	"sort"
	"sync"

	"github.com/tamix/tamix/kernel/machine"
)

// Size is the frame size.
const Size = 4096

// ErrNoMemory is returned when the pool is empty.
var ErrNoMemory = errors.New("frame: out of memory")

// Pool hands out frames from what is left of RAM after the reserved
// ranges are cut out. Freed frames are reused first.
type Pool struct {
	mu    sync.Mutex
	free  []machine.Region // untouched ranges, ascending
	freed []uint64         // returned frames, reused LIFO
	total uint64
	used  uint64
}

// New builds a pool of ram minus reserved; ranges are trimmed to whole
// frames.
func New(ram, reserved []machine.Region) *Pool {
	p := &Pool{}
	for _, r := range ram {
		p.free = append(p.free, subtract(r, reserved)...)
	}
	sort.Slice(p.free, func(i, j int) bool { return p.free[i].Base < p.free[j].Base })
	for _, r := range p.free {
		p.total += r.Size
	}
	return p
}

// subtract returns r with every reserved range removed, frame aligned.
func subtract(r machine.Region, reserved []machine.Region) []machine.Region {
	base := (r.Base + Size - 1) &^ (Size - 1)
	end := r.End() &^ (Size - 1)
	if end <= base {
		return nil
	}
	out := []machine.Region{{Base: base, Size: end - base}}
	for _, res := range reserved {
		lo := res.Base &^ (Size - 1)
		hi := (res.End() + Size - 1) &^ (Size - 1)
		var next []machine.Region
		for _, o := range out {
			if hi <= o.Base || lo >= o.End() {
				next = append(next, o)
				continue
			}
			if lo > o.Base {
				next = append(next, machine.Region{Base: o.Base, Size: lo - o.Base})
			}
			if hi < o.End() {
				next = append(next, machine.Region{Base: hi, Size: o.End() - hi})
			}
		}
		out = next
	}
	return out
}

// Alloc returns the physical address of a free frame; its contents are
// not cleared.
func (p *Pool) Alloc() (uint64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.freed); n > 0 {
		pa := p.freed[n-1]
		p.freed = p.freed[:n-1]
		p.used += Size
		return pa, nil
	}
	for len(p.free) > 0 {
		r := &p.free[0]
		if r.Size == 0 {
			p.free = p.free[1:]
			continue
		}
		pa := r.Base
		r.Base += Size
		r.Size -= Size
		p.used += Size
		return pa, nil
	}
	return 0, ErrNoMemory
}

// Free returns a frame obtained from Alloc.
func (p *Pool) Free(pa uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.freed = append(p.freed, pa)
	p.used -= Size
}

// Total returns the bytes the pool manages.
func (p *Pool) Total() uint64 { return p.total }

// Used returns the bytes currently allocated.
func (p *Pool) Used() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.used
}
