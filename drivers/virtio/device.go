package virtio

import "errors"

// Queue parameters. The driver keeps one buffer in flight on queue 0, so
// a few entries suffice.
const (
	queueSize     = 8
	guestPageSize = 4096 // legacy GuestPageSize and QueueAlign (§4.2.4)
	modernAlign   = 4    // used ring alignment (§2.7)
	bufAlign      = 64   // Alloc's alignment: one cache line
)

var (
	errNotVirtio   = errors.New("virtio: no virtio-mmio device in slot")
	errNoVersion1  = errors.New("virtio: device does not offer VIRTIO_F_VERSION_1")
	errFeatures    = errors.New("virtio: device did not accept the features")
	errQueueInUse  = errors.New("virtio: queue 0 already in use")
	errNoQueue     = errors.New("virtio: queue 0 not available")
	errQueueHigh   = errors.New("virtio: queue above the legacy PFN range")
	errNeedsReset  = errors.New("virtio: device needs reset")
	errUsedElement = errors.New("virtio: device returned an unknown buffer")
)

// Device is an initialised virtio-mmio device with its queue 0. Its
// methods are not safe for concurrent use.
type Device struct {
	regs   Regs
	dma    DMA
	modern bool
	q      *queue
}

// New initialises the device in slot r (§3.1.1, §4.2.3.1; legacy
// §4.2.4): reset, ACKNOWLEDGE, DRIVER, feature negotiation (modern
// devices: VIRTIO_F_VERSION_1 only, then FEATURES_OK; legacy devices: no
// features), queue 0 set up with up to 8 entries, DRIVER_OK. On failure
// after the reset it sets FAILED.
func New(r Regs, dma DMA) (*Device, error) {
	if _, ok := Probe(r); !ok {
		return nil, errNotVirtio
	}
	d := &Device{regs: r, dma: dma, modern: r.Read32(regVersion) == 2}
	if err := d.init(); err != nil {
		d.setStatus(statusFailed)
		return nil, err
	}
	return d, nil
}

func (d *Device) init() error {
	// Reset, complete once Status reads 0 (§2.4.2, §4.2.2).
	d.regs.Write32(regStatus, 0)
	for d.regs.Read32(regStatus) != 0 {
	}
	d.setStatus(statusAcknowledge)
	d.setStatus(statusDriver)
	if err := d.negotiate(); err != nil {
		return err
	}
	if err := d.setupQueue(); err != nil {
		return err
	}
	d.setStatus(statusDriverOK)
	return nil
}

// setStatus adds bit to the device status (§2.1).
func (d *Device) setStatus(bit uint32) {
	d.regs.Write32(regStatus, d.regs.Read32(regStatus)|bit)
}

// negotiate accepts VIRTIO_F_VERSION_1, which a modern device must offer
// and its driver accept (§6.1, §6.2), and has the device confirm with
// FEATURES_OK (§3.1.1 steps 4-6).
// A legacy device has neither that bit nor FEATURES_OK (§3.1.2) and gets
// no features.
func (d *Device) negotiate() error {
	d.regs.Write32(regDriverFeaturesSel, 0)
	d.regs.Write32(regDriverFeatures, 0)
	if !d.modern {
		return nil
	}
	d.regs.Write32(regDeviceFeaturesSel, 1)
	if d.regs.Read32(regDeviceFeatures)&(featVersion1>>32) == 0 {
		return errNoVersion1
	}
	d.regs.Write32(regDriverFeaturesSel, 1)
	d.regs.Write32(regDriverFeatures, featVersion1>>32)
	d.setStatus(statusFeaturesOK)
	if d.regs.Read32(regStatus)&statusFeaturesOK == 0 {
		return errFeatures
	}
	return nil
}

// setupQueue allocates queue 0 and hands it to the device: by page frame
// number after GuestPageSize and QueueAlign on legacy devices (§4.2.4),
// by the addresses of its three parts and QueueReady on modern ones
// (§4.2.3.2).
func (d *Device) setupQueue() error {
	inUse, usedAlign := uintptr(regQueueReady), modernAlign
	if !d.modern {
		d.regs.Write32(regGuestPageSize, guestPageSize)
		inUse, usedAlign = regQueuePFN, guestPageSize
	}
	d.regs.Write32(regQueueSel, 0)
	if d.regs.Read32(inUse) != 0 {
		return errQueueInUse
	}
	numMax := d.regs.Read32(regQueueNumMax)
	if numMax == 0 {
		return errNoQueue
	}
	n := uint32(queueSize)
	for n > numMax {
		n /= 2
	}
	d.q = newQueue(d.dma, uint16(n), usedAlign)
	d.regs.Write32(regQueueNum, n)
	if !d.modern {
		pfn := d.q.pa / guestPageSize
		if pfn>>32 != 0 {
			return errQueueHigh
		}
		d.regs.Write32(regQueueAlign, guestPageSize)
		d.regs.Write32(regQueuePFN, uint32(pfn))
		return nil
	}
	d.write64(regQueueDescLow, regQueueDescHigh, d.q.pa)
	d.write64(regQueueDriverLow, regQueueDriverHigh, d.q.pa+uint64(d.q.l.avail))
	d.write64(regQueueDeviceLow, regQueueDeviceHigh, d.q.pa+uint64(d.q.l.used))
	d.regs.Write32(regQueueReady, 1)
	return nil
}

func (d *Device) write64(lo, hi uintptr, v uint64) {
	d.regs.Write32(lo, uint32(v))
	d.regs.Write32(hi, uint32(v>>32))
}

// Alloc returns size bytes of DMA memory for buffers and their physical
// address.
func (d *Device) Alloc(size int) (buf []byte, pa uint64) {
	return d.dma.Alloc(size, bufAlign)
}

// Receive hands the device-writable buffer [pa, pa+size) to the device on
// queue 0 (§2.7.13), notifies it (§4.2.3.3) and polls the used ring until
// the device returns the buffer (§2.7.14), checking Status for
// DEVICE_NEEDS_RESET (§2.1) meanwhile. It returns the number of bytes the
// device wrote, capped at size. After an error the device is unusable.
func (d *Device) Receive(pa uint64, size uint32) (uint32, error) {
	head := d.q.post(pa, size)
	d.regs.Write32(regQueueNotify, 0)
	for !d.q.done() {
		if d.regs.Read32(regStatus)&statusNeedsReset != 0 {
			return 0, errNeedsReset
		}
	}
	id, n := d.q.last()
	if id != uint32(head) {
		return 0, errUsedElement
	}
	return min(n, size), nil
}
