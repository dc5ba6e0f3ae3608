//go:build tamago

package bcm2837

import "github.com/tamix/tamix/soc/mmio"

// Hardware RNG registers (RNG200-less BCM2835 block as Linux's
// drivers/char/hw_random/bcm2835-rng.c and QEMU's bcm2835_rng model it).
const (
	RNGBase     = PeripheralBase + 0x104000
	rngCtrl     = 0x0
	rngStatus   = 0x4
	rngData     = 0x8
	rngEnable   = 1
	rngWarmup   = 0x40000 // discarded initial numbers, as Linux
	rngCountSft = 24      // STATUS[31:24]: words available
)

// RNG is the BCM2835 hardware random number generator.
type RNG struct {
	Base uintptr // virtual address
}

// Init enables the generator, discarding the warm-up output.
func (r *RNG) Init() {
	mmio.Write32(r.Base+rngStatus, rngWarmup)
	mmio.Write32(r.Base+rngCtrl, rngEnable)
}

// Read fills b with random bytes, waiting for the generator.
func (r *RNG) Read(b []byte) {
	for i := 0; i < len(b); {
		for mmio.Read32(r.Base+rngStatus)>>rngCountSft == 0 {
		}
		w := mmio.Read32(r.Base + rngData)
		for j := 0; j < 4 && i < len(b); j++ {
			b[i] = byte(w >> (8 * j))
			i++
		}
	}
}
