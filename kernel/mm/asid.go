package mm

import (
	"sync"

	"github.com/tamix/tamix/linuxabi"
)

// asidAllocator hands out ASIDs 1..65535 (16-bit ASIDs, TCR_EL1.AS=1);
// ASID 0 is never given to a user space.
type asidAllocator struct {
	mu   sync.Mutex
	used [1 << 16 / 64]uint64
	next uint32
}

var asids asidAllocator

// alloc returns a free ASID, searching round-robin from the last one so
// that a just-freed ASID is reused as late as possible; ENOMEM when all are
// taken.
func (a *asidAllocator) alloc() (uint16, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for range 1<<16 - 1 {
		a.next++
		if a.next >= 1<<16 {
			a.next = 1
		}
		w, b := a.next/64, a.next%64
		if a.used[w]&(1<<b) == 0 {
			a.used[w] |= 1 << b
			return uint16(a.next), nil
		}
	}
	return 0, linuxabi.ENOMEM
}

func (a *asidAllocator) free(id uint16) {
	a.mu.Lock()
	a.used[id/64] &^= 1 << (id % 64)
	a.mu.Unlock()
}
