// Package virtio drives virtio devices over the MMIO transport (OASIS
// virtio 1.2, §4.2 "Virtio Over MMIO"), in both the modern layout
// (Version 2) and the legacy one QEMU's virtio-mmio uses by default
// (Version 1, §4.2.4), with one split virtqueue (§2.7) that the driver
// polls instead of taking interrupts.
package virtio

// Register offsets from the start of a device's register block
// (§4.2.2 Table 4.1; legacy-only ones from §4.2.4 Table 4.2).
const (
	regMagicValue        = 0x000
	regVersion           = 0x004
	regDeviceID          = 0x008
	regDeviceFeatures    = 0x010
	regDeviceFeaturesSel = 0x014
	regDriverFeatures    = 0x020
	regDriverFeaturesSel = 0x024
	regGuestPageSize     = 0x028 // legacy
	regQueueSel          = 0x030
	regQueueNumMax       = 0x034
	regQueueNum          = 0x038
	regQueueAlign        = 0x03c // legacy
	regQueuePFN          = 0x040 // legacy
	regQueueReady        = 0x044
	regQueueNotify       = 0x050
	regStatus            = 0x070
	regQueueDescLow      = 0x080
	regQueueDescHigh     = 0x084
	regQueueDriverLow    = 0x090
	regQueueDriverHigh   = 0x094
	regQueueDeviceLow    = 0x0a0
	regQueueDeviceHigh   = 0x0a4
)

// magic is MagicValue, "virt" in little-endian ASCII (§4.2.2).
const magic = 0x74726976

// Device status bits (§2.1).
const (
	statusAcknowledge = 1
	statusDriver      = 2
	statusDriverOK    = 4
	statusFeaturesOK  = 8
	statusNeedsReset  = 64
	statusFailed      = 128
)

// featVersion1 is VIRTIO_F_VERSION_1 (§6), bit 0 of feature word 1.
const featVersion1 = 1 << 32

// Regs accesses one device's 32-bit registers by offset from the start of
// its register block; all virtio-mmio registers are 32 bits wide (§4.2.2).
type Regs interface {
	Read32(off uintptr) uint32
	Write32(off uintptr, v uint32)
}

// DMA hands out memory the device can access: Alloc returns size zeroed
// bytes that never move or get freed, and their physical address pa,
// a multiple of align (a power of two). The memory must be coherent
// with the device, as virtio memory is on QEMU.
type DMA interface {
	Alloc(size, align int) (buf []byte, pa uint64)
}

// Probe reports the DeviceID of the virtio-mmio slot r and whether it
// holds a device this package drives: MagicValue "virt", Version 1
// (legacy) or 2, and a DeviceID other than 0, which marks an empty slot
// (§4.2.2, §4.2.3.1.1).
func Probe(r Regs) (deviceID uint32, ok bool) {
	if r.Read32(regMagicValue) != magic {
		return 0, false
	}
	if v := r.Read32(regVersion); v != 1 && v != 2 {
		return 0, false
	}
	id := r.Read32(regDeviceID)
	return id, id != 0
}
