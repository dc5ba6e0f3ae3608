//go:build tamago

package bcm2837

import "github.com/tamix/tamix/soc/mmio"

// GPIO function select (BCM2835 ARM Peripherals §6.1, §6.2).
const (
	GPIOBase = PeripheralBase + 0x200000
	AltFunc0 = 4
)

// GPIO is the BCM2835 GPIO block.
type GPIO struct {
	Base uintptr // virtual address
}

// Function selects function fn (3 bits) for pin.
func (g *GPIO) Function(pin int, fn uint32) {
	reg := g.Base + uintptr(4*(pin/10))
	shift := uint(3 * (pin % 10))
	v := mmio.Read32(reg) &^ (7 << shift)
	mmio.Write32(reg, v|fn<<shift)
}
