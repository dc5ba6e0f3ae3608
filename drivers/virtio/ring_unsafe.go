package virtio

import (
	"sync/atomic"
	"unsafe"
)

// load32 and store32 access the first four bytes of b, which must be
// 4-aligned, atomically (with acquire and release ordering; LDAR/STLR on
// arm64). The rings' {flags, idx} words are little-endian, which is also
// the CPU's byte order on every target.

func load32(b []byte) uint32 { return atomic.LoadUint32((*uint32)(unsafe.Pointer(&b[:4][0]))) }

func store32(b []byte, v uint32) { atomic.StoreUint32((*uint32)(unsafe.Pointer(&b[:4][0])), v) }
