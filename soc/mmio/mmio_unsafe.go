//go:build tamago

// Package mmio reads and writes device registers through the kernel
// window's device mappings (Device-nGnRE, so accesses are neither merged
// nor reordered: Arm ARM B2.7.2).
package mmio

import "unsafe"

// Base is the virtual address at which the board's MMIO physical base is
// mapped (the kernel window's device region, see docs/memory.md).
const Base = 0x8000_0000

// Read32 reads the 32-bit register at virtual address addr.
//
//go:nosplit
func Read32(addr uintptr) uint32 {
	return *(*uint32)(unsafe.Pointer(addr))
}

// Write32 writes the 32-bit register at virtual address addr.
//
//go:nosplit
func Write32(addr uintptr, v uint32) {
	*(*uint32)(unsafe.Pointer(addr)) = v
}

// Set32 sets the bits of mask in the register at addr.
func Set32(addr uintptr, mask uint32) { Write32(addr, Read32(addr)|mask) }

// Clear32 clears the bits of mask in the register at addr.
func Clear32(addr uintptr, mask uint32) { Write32(addr, Read32(addr)&^mask) }

// The physical MMIO range the start code mapped at Base.
var windowPA, windowSize uint64

// SetWindow records the physical range the board mapped at Base.
func SetWindow(pa, size uint64) { windowPA, windowSize = pa, size }

// VA returns the virtual address of the device register at physical
// address pa; it panics when pa lies outside the mapped MMIO range.
func VA(pa uint64) uintptr {
	if pa < windowPA || pa-windowPA >= windowSize {
		panic("mmio: physical address outside the device window")
	}
	return uintptr(Base + (pa - windowPA))
}
