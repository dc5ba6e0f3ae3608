// Package virtiotest is a fake virtio-mmio entropy device for host tests:
// a register block in either the legacy (Version 1) or the modern
// (Version 2) layout of virtio 1.2 §4.2, over fake guest memory, that
// completes each request as soon as the driver notifies it. Driver
// mistakes (wrong-layout registers, bad addresses or descriptors) panic.
package virtiotest

import (
	"encoding/binary"
	"fmt"
)

// Mem is fake guest physical memory starting at Base, and a DMA
// allocator handing out consecutive aligned pieces of it.
type Mem struct {
	Base uint64
	B    []byte
	next int
}

// NewMem returns size bytes of memory at physical address base, which
// must be page-aligned.
func NewMem(base uint64, size int) *Mem { return &Mem{Base: base, B: make([]byte, size)} }

// Alloc implements virtio.DMA.
func (m *Mem) Alloc(size, align int) ([]byte, uint64) {
	off := (m.next + align - 1) &^ (align - 1)
	m.next = off + size
	return m.B[off:m.next:m.next], m.Base + uint64(off)
}

func (m *Mem) at(pa uint64, n int) []byte {
	if pa < m.Base || pa-m.Base+uint64(n) > uint64(len(m.B)) {
		panic(fmt.Sprintf("virtiotest: access to %#x+%d outside memory", pa, n))
	}
	return m.B[pa-m.Base : pa-m.Base+uint64(n)]
}

func (m *Mem) u16(pa uint64) uint16      { return binary.LittleEndian.Uint16(m.at(pa, 2)) }
func (m *Mem) put16(pa uint64, v uint16) { binary.LittleEndian.PutUint16(m.at(pa, 2), v) }
func (m *Mem) put32(pa uint64, v uint32) { binary.LittleEndian.PutUint32(m.at(pa, 4), v) }

// Register offsets (virtio 1.2 §4.2.2, §4.2.4).
const (
	MagicValue        = 0x000
	Version           = 0x004
	DeviceID          = 0x008
	DeviceFeatures    = 0x010
	DeviceFeaturesSel = 0x014
	DriverFeatures    = 0x020
	DriverFeaturesSel = 0x024
	GuestPageSize     = 0x028
	QueueSel          = 0x030
	QueueNumMax       = 0x034
	QueueNum          = 0x038
	QueueAlign        = 0x03c
	QueuePFN          = 0x040
	QueueReady        = 0x044
	QueueNotify       = 0x050
	Status            = 0x070
	QueueDescLow      = 0x080
	QueueDescHigh     = 0x084
	QueueDriverLow    = 0x090
	QueueDriverHigh   = 0x094
	QueueDeviceLow    = 0x0a0
	QueueDeviceHigh   = 0x0a4
)

// Status bits (§2.1).
const (
	FeaturesOK = 8
	DriverOK   = 4
	NeedsReset = 64
)

// Write is one register write by the driver.
type Write struct {
	Off uintptr
	V   uint32
}

// Device is the fake device. Set the exported configuration fields
// before use; the remaining ones record what the driver did.
type Device struct {
	Magic       uint32 // MagicValue; NewDevice sets "virt"
	Version     uint32 // 1 legacy, 2 modern
	ID          uint32 // DeviceID
	Features    uint64 // offered; NewDevice sets VIRTIO_F_VERSION_1 on modern devices
	QueueNumMax uint32
	Chunk       int    // most bytes written per request; 0 fills the buffer
	Stall       bool   // on notify, set DEVICE_NEEDS_RESET instead of completing
	Reject      bool   // refuse FEATURES_OK
	WrongID     bool   // report a used element for the wrong chain head
	ExtraLen    uint32 // overstate the bytes written by this much
	Mem         *Mem

	Writes     []Write  // every register write, in order
	Requests   []uint32 // length of each buffer the device was given
	AvailFlags []uint16 // the available ring's flags at each notify

	produced int // bytes of Pattern output so far
	polls    int // Status reads since the last notify
	st       state
}

// state is what a reset clears.
type state struct {
	status, featSel, drvFeatSel, queueSel uint32
	drvFeatures                           [2]uint32
	pageSize, num, align, pfn, ready      uint32
	desc, driver, device                  uint64
	lastAvail, usedIdx                    uint16
}

// NewDevice returns an entropy device (DeviceID 4) of the given version
// with an 8-entry queue, as QEMU's virtio-rng-device has.
func NewDevice(version uint32, mem *Mem) *Device {
	d := &Device{Magic: 0x74726976, Version: version, ID: 4, QueueNumMax: 8, Mem: mem}
	if version == 2 {
		d.Features = 1 << 32
	}
	return d
}

// Pattern is the byte the device produces at position i of its output
// stream: the bytes of successive requests are consecutive.
func Pattern(i int) byte { return byte(i*7 + 3) }

// Produced returns how many Pattern bytes the device has written.
func (d *Device) Produced() int { return d.produced }

func (d *Device) modern() bool { return d.Version == 2 }

func (d *Device) check(off uintptr) {
	switch off {
	case GuestPageSize, QueueAlign, QueuePFN:
		if d.modern() {
			panic(fmt.Sprintf("virtiotest: legacy register %#x on a modern device", off))
		}
	case QueueReady, QueueDescLow, QueueDescHigh, QueueDriverLow, QueueDriverHigh, QueueDeviceLow, QueueDeviceHigh:
		if !d.modern() {
			panic(fmt.Sprintf("virtiotest: modern register %#x on a legacy device", off))
		}
	}
}

// Read32 implements virtio.Regs.
func (d *Device) Read32(off uintptr) uint32 {
	d.check(off)
	switch off {
	case MagicValue:
		return d.Magic
	case Version:
		return d.Version
	case DeviceID:
		return d.ID
	case DeviceFeatures:
		if d.st.featSel > 1 || !d.modern() && d.st.featSel > 0 {
			return 0
		}
		return uint32(d.Features >> (32 * d.st.featSel))
	case QueueNumMax:
		if d.st.queueSel != 0 {
			return 0
		}
		return d.QueueNumMax
	case QueuePFN:
		return d.st.pfn
	case QueueReady:
		return d.st.ready
	case Status:
		// A driver polling long after its buffers were returned is
		// looking for the used ring in the wrong place.
		if d.st.status&DriverOK != 0 && !d.Stall {
			if d.polls++; d.polls > 1000 {
				panic("virtiotest: driver keeps polling a completed queue")
			}
		}
		return d.st.status
	}
	panic(fmt.Sprintf("virtiotest: read of register %#x", off))
}

// Write32 implements virtio.Regs.
func (d *Device) Write32(off uintptr, v uint32) {
	d.check(off)
	d.Writes = append(d.Writes, Write{off, v})
	switch off {
	case Status:
		d.setStatus(v)
	case DeviceFeaturesSel:
		d.st.featSel = v
	case DriverFeaturesSel:
		d.st.drvFeatSel = v
	case DriverFeatures:
		if d.st.drvFeatSel > 1 || !d.modern() && d.st.drvFeatSel > 0 {
			panic("virtiotest: DriverFeatures written with DriverFeaturesSel out of range")
		}
		d.st.drvFeatures[d.st.drvFeatSel] = v
	case GuestPageSize:
		d.st.pageSize = v
	case QueueSel:
		d.st.queueSel = v
	case QueueNum:
		d.st.num = v
	case QueueAlign:
		d.st.align = v
	case QueuePFN:
		if d.st.pageSize == 0 {
			panic("virtiotest: QueuePFN before GuestPageSize")
		}
		d.st.pfn = v
	case QueueReady:
		d.st.ready = v
	case QueueDescLow, QueueDescHigh:
		d.st.desc = set64(d.st.desc, off == QueueDescHigh, v)
	case QueueDriverLow, QueueDriverHigh:
		d.st.driver = set64(d.st.driver, off == QueueDriverHigh, v)
	case QueueDeviceLow, QueueDeviceHigh:
		d.st.device = set64(d.st.device, off == QueueDeviceHigh, v)
	case QueueNotify:
		d.notify(v)
	default:
		panic(fmt.Sprintf("virtiotest: write of register %#x", off))
	}
}

func set64(x uint64, high bool, v uint32) uint64 {
	if high {
		return x&0xffffffff | uint64(v)<<32
	}
	return x&^0xffffffff | uint64(v)
}

// setStatus resets on 0 and, on a modern device, refuses FEATURES_OK if
// Reject is set or the driver accepted something not offered or not
// VIRTIO_F_VERSION_1 (§3.1.1, §6.1).
func (d *Device) setStatus(v uint32) {
	if v == 0 {
		d.st = state{}
		return
	}
	if d.modern() && v&FeaturesOK != 0 && d.st.status&FeaturesOK == 0 {
		accepted := uint64(d.st.drvFeatures[1])<<32 | uint64(d.st.drvFeatures[0])
		if d.Reject || accepted&^d.Features != 0 || accepted&(1<<32) == 0 {
			v &^= FeaturesOK
		}
	}
	d.st.status = v
}

// rings returns the physical addresses of the queue's three parts.
func (d *Device) rings() (desc, avail, used uint64) {
	if d.modern() {
		if d.st.ready != 1 {
			panic("virtiotest: notify before QueueReady")
		}
		return d.st.desc, d.st.driver, d.st.device
	}
	if d.st.pfn == 0 {
		panic("virtiotest: notify before QueuePFN")
	}
	desc = uint64(d.st.pfn) * uint64(d.st.pageSize)
	avail = desc + 16*uint64(d.st.num)
	a := uint64(d.st.align)
	used = (avail + 6 + 2*uint64(d.st.num) + a - 1) &^ (a - 1)
	return desc, avail, used
}

// notify consumes every new available buffer, filling device-writable
// descriptors with Pattern bytes and returning them on the used ring.
func (d *Device) notify(q uint32) {
	if q != 0 || d.st.status&DriverOK == 0 {
		panic("virtiotest: bad notify")
	}
	d.polls = 0
	if d.Stall {
		d.st.status |= NeedsReset
		return
	}
	descPA, avail, used := d.rings()
	d.AvailFlags = append(d.AvailFlags, d.Mem.u16(avail))
	n := uint16(d.st.num)
	for ; d.st.lastAvail != d.Mem.u16(avail+2); d.st.lastAvail++ {
		head := d.Mem.u16(avail + 4 + 2*uint64(d.st.lastAvail%n))
		written := uint32(0)
		for i, more := head, true; more; {
			if i >= n {
				panic("virtiotest: descriptor index out of range")
			}
			e := d.Mem.at(descPA+16*uint64(i), 16)
			addr := binary.LittleEndian.Uint64(e)
			size := binary.LittleEndian.Uint32(e[8:])
			flags := binary.LittleEndian.Uint16(e[12:])
			if flags&2 == 0 {
				panic("virtiotest: device-readable buffer on the entropy queue")
			}
			d.Requests = append(d.Requests, size)
			k := int(size)
			if d.Chunk > 0 {
				k = min(k, d.Chunk)
			}
			buf := d.Mem.at(addr, k)
			for j := range buf {
				buf[j] = Pattern(d.produced)
				d.produced++
			}
			written += uint32(k)
			more, i = flags&1 != 0, binary.LittleEndian.Uint16(e[14:])
		}
		id := uint32(head)
		if d.WrongID {
			id = uint32(head+1) % uint32(n)
		}
		slot := used + 4 + 8*uint64(d.st.usedIdx%n)
		d.Mem.put32(slot, id)
		d.Mem.put32(slot+4, written+d.ExtraLen)
		d.st.usedIdx++
		d.Mem.put16(used+2, d.st.usedIdx)
	}
}
