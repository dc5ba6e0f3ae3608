//go:build tamago

package arm64

import (
	"encoding/binary"
	"runtime"
	"unsafe"
)

// KernelRAMVA is where the RAM linear map starts (runtime/goos.RamStart).
const KernelRAMVA = 0xC000_0000

// linearSize bounds the RAM linear map (the kernel window's 1 GiB).
const linearSize = 1 << 30

// PhysToVirt returns the linear-map address of physical address pa.
func PhysToVirt(pa uint64) (uintptr, bool) {
	if pa < ramBasePA || pa-ramBasePA >= linearSize {
		return 0, false
	}
	return uintptr(KernelRAMVA + (pa - ramBasePA)), true
}

// VirtToPhys translates a linear-map address.
func VirtToPhys(va uintptr) uint64 {
	return uint64(va) - KernelRAMVA + ramBasePA
}

// PhysBytes returns the n bytes at physical address pa through the linear
// map, or nil when they are not all mapped.
func PhysBytes(pa, n uint64) []byte {
	va, ok := PhysToVirt(pa)
	if !ok || n > linearSize || pa-ramBasePA+n > linearSize {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(va)), n)
}

// dtbCopy holds the device tree once SaveDTB has moved it out of memory
// the Go heap may claim (QEMU may place it inside the runtime window).
var dtbCopy [1 << 20]byte

// SaveDTB copies the flattened device tree at the boot x0 address into
// kernel data and returns it, or nil when x0 does not point at one
// (Devicetree Specification v0.4 §5.2: magic 0xd00dfeed, totalsize).
// It runs in Hwinit0, before the heap exists, and must not allocate.
func SaveDTB() []byte {
	hdr := PhysBytes(dtbPA, 8)
	if hdr == nil || binary.BigEndian.Uint32(hdr) != 0xd00dfeed {
		return nil
	}
	size := uint64(binary.BigEndian.Uint32(hdr[4:]))
	if size > uint64(len(dtbCopy)) {
		return nil
	}
	blob := PhysBytes(dtbPA, size)
	if blob == nil {
		return nil
	}
	copy(dtbCopy[:], blob)
	return dtbCopy[:size]
}

// ImageRegion returns the physical range of the loaded kernel image
// (text through the end of BSS).
func ImageRegion() (pa, size uint64) {
	start, _ := runtime.TextRegion()
	_, end := runtime.DataRegion()
	start &^= 0xfff
	return VirtToPhys(uintptr(start)), (end - start + 0xfff) &^ 0xfff
}
