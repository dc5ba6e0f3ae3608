//go:build tamago

package arm64

import "unsafe"

func parkCPU()
func parkCPUAddr() uint64
func cleanDcacheLine(va uint64)
func sev()

// ParkSpinTableCPUs releases the secondary CPUs waiting on spin-table
// release addresses (physical, from the device tree's cpu-release-addr)
// into parkCPU, where they sleep in WFI instead of spinning in the
// firmware's WFE loop: tamix runs on the boot CPU only. It returns how
// many it released.
func ParkSpinTableCPUs(releaseAddrs []uint64) int {
	park := VirtToPhys(uintptr(parkCPUAddr()))
	n := 0
	for _, pa := range releaseAddrs {
		va, ok := PhysToVirt(pa)
		if !ok || pa&7 != 0 {
			continue
		}
		*(*uint64)(unsafe.Pointer(va)) = park
		cleanDcacheLine(uint64(va))
		n++
	}
	if n > 0 {
		sev()
	}
	return n
}
