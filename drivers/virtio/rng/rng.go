// Package rng drives the virtio entropy device (virtio 1.2 §5.4).
package rng

import (
	"sync"

	"github.com/tamix/tamix/drivers/virtio"
)

// DeviceID is the entropy device's virtio device ID (§5.4.1).
const DeviceID = 4

// bufSize is the most bytes asked of the device per request.
const bufSize = 256

// RNG reads random bytes from an entropy device. It is safe for
// concurrent use.
type RNG struct {
	mu  sync.Mutex
	d   *virtio.Device
	buf []byte
	pa  uint64
}

// New returns an RNG reading from d, an initialised entropy device; its
// queue 0 is the requestq (§5.4.2) and it needs no features or
// configuration (§5.4.3, §5.4.4).
func New(d *virtio.Device) *RNG {
	buf, pa := d.Alloc(bufSize)
	return &RNG{d: d, buf: buf, pa: pa}
}

// Read fills b with random bytes, handing the device one device-writable
// buffer at a time (§5.4.6.1) and taking as many bytes as the device says
// it wrote, which may be fewer than asked (§5.4.6.2).
func (r *RNG) Read(b []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for n := 0; n < len(b); {
		got, err := r.d.Receive(r.pa, uint32(min(len(b)-n, bufSize)))
		if err != nil {
			return n, err
		}
		n += copy(b[n:], r.buf[:got])
	}
	return len(b), nil
}
