package virtio

import "encoding/binary"

const (
	descSize          = 16 // struct virtq_desc (§2.7.5)
	descFWrite        = 2  // VIRTQ_DESC_F_WRITE: the device writes the buffer
	availFNoInterrupt = 1  // VIRTQ_AVAIL_F_NO_INTERRUPT (§2.7.7)
)

// layout is where the parts of an n-entry split virtqueue (§2.7) lie in
// one contiguous allocation: the descriptor table at 0 (16·n bytes), the
// available ring at avail (flags, idx, ring[n], used_event: 6+2·n bytes),
// the used ring at used (flags, idx, ring[n] of {id, len}, avail_event:
// 6+8·n bytes); size is the allocation's length.
type layout struct{ avail, used, size int }

// ringLayout lays out an n-entry queue with the used ring and the end of
// the allocation rounded up to align. Legacy devices require exactly this
// with align = QueueAlign (§2.7 "Legacy Interfaces: A Note on Virtqueue
// Layout"); modern ones only need the used ring 4-aligned (§2.7's
// alignment table), the other parts being aligned by construction.
func ringLayout(n, align int) layout {
	avail := descSize * n
	used := alignUp(avail+6+2*n, align)
	return layout{avail, used, alignUp(used+6+8*n, align)}
}

func alignUp(x, align int) int { return (x + align - 1) &^ (align - 1) }

// queue is the driver side of a split virtqueue with at most one buffer
// outstanding at a time.
type queue struct {
	mem []byte
	pa  uint64
	n   uint16
	l   layout
	idx uint16 // buffers made available so far (mod 2^16): avail->idx
}

// newQueue allocates a zeroed n-entry queue whose used ring is usedAlign
// aligned, on a page boundary as legacy QueuePFN requires.
func newQueue(dma DMA, n uint16, usedAlign int) *queue {
	l := ringLayout(int(n), usedAlign)
	mem, pa := dma.Alloc(l.size, guestPageSize)
	return &queue{mem: mem, pa: pa, n: n, l: l}
}

// post makes the device-writable buffer [pa, pa+size) available as a
// one-descriptor chain (§2.7.13) and returns the chain's head. The atomic
// store of avail->idx publishes the descriptor and ring entry written
// before it (§2.7.13.3.1) and asks for no used-buffer interrupt.
func (q *queue) post(pa uint64, size uint32) uint16 {
	head := q.idx % q.n
	d := q.mem[descSize*int(head):]
	binary.LittleEndian.PutUint64(d[0:], pa)
	binary.LittleEndian.PutUint32(d[8:], size)
	binary.LittleEndian.PutUint16(d[12:], descFWrite)
	binary.LittleEndian.PutUint16(d[14:], 0)
	binary.LittleEndian.PutUint16(q.mem[q.l.avail+4+2*int(head):], head)
	q.idx++
	store32(q.mem[q.l.avail:], availFNoInterrupt|uint32(q.idx)<<16)
	return head
}

// done reports whether the device has returned every posted buffer,
// loading used->idx atomically so the poll is not optimised away and so
// that the used element and the buffer are read after it (§2.7.14).
func (q *queue) done() bool {
	return uint16(load32(q.mem[q.l.used:])>>16) == q.idx
}

// last returns the used element of the most recently returned buffer:
// its chain head and the number of bytes the device wrote (§2.7.8).
func (q *queue) last() (id, written uint32) {
	e := q.mem[q.l.used+4+8*int((q.idx-1)%q.n):]
	return binary.LittleEndian.Uint32(e), binary.LittleEndian.Uint32(e[4:])
}
