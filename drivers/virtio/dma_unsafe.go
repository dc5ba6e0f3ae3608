//go:build tamago

package virtio

import (
	"sync"
	"unsafe"
)

// pinned holds every buffer HeapDMA handed out, so that none is ever
// freed; Go heap objects never move.
var (
	pinnedMu sync.Mutex
	pinned   [][]byte
)

type heapDMA func(uintptr) uint64

// HeapDMA returns a DMA that allocates from the Go heap and translates
// addresses with vaToPA. The runtime's RAM must be linearly mapped, so
// that each heap object is physically contiguous.
func HeapDMA(vaToPA func(uintptr) uint64) DMA { return heapDMA(vaToPA) }

func (vaToPA heapDMA) Alloc(size, align int) ([]byte, uint64) {
	b := make([]byte, size+align-1)
	pa := vaToPA(uintptr(unsafe.Pointer(&b[0])))
	off := int(-pa & uint64(align-1))
	b = b[off : off+size : off+size]
	pinnedMu.Lock()
	pinned = append(pinned, b)
	pinnedMu.Unlock()
	return b, pa + uint64(off)
}
