//go:build tamago

// Package bcm2837 drives the Raspberry Pi 3's SoC peripherals: the
// BCM2836 per-core interrupt controller, the BCM2835 ARM interrupt
// controller behind it, the hardware RNG, GPIO function select and the
// power-management watchdog. References: "BCM2835 ARM Peripherals"
// (2012) and "BCM2836 ARM-local peripherals" (QA7 rev 3.4).
package bcm2837

import (
	"fmt"

	"github.com/tamix/tamix/soc/mmio"
)

// Physical base addresses on the ARM side.
const (
	PeripheralBase = 0x3f00_0000
	LocalBase      = 0x4000_0000
	ARMCTRLBase    = PeripheralBase + 0xb200
)

// BCM2836 local interrupt registers, core 0 (QA7 §4.6, §4.10).
const (
	localGPURouting  = 0x0c
	localTimerCtrl0  = 0x40 // per-core timer interrupt control
	localIRQPending0 = 0x60 // per-core IRQ source
	localGPUPending  = 1 << 8
)

// BCM2835 ARM interrupt registers (BCM2835 ARM Peripherals §7.5).
const (
	irqBasicPending = 0x00
	irqPending1     = 0x04
	irqPending2     = 0x08
	irqEnable1      = 0x10
	irqEnable2      = 0x14
	irqDisable1     = 0x1c
	irqDisable2     = 0x20
	irqDisableBasic = 0x24
)

// Interrupt numbers: the BCM2836 local sources keep their bit number
// (0-31; the virtual timer is 3), BCM2835 bank b bit n is 32 + 32b + n
// (bank 0 = basic, 1 and 2 = GPU interrupts 0-63).
const (
	LocalCNTV = 3
	armctrl   = 32
)

// Intc is the Pi 3's two-level interrupt controller.
type Intc struct {
	Local   uintptr // BCM2836 local peripherals, virtual address
	ARMCTRL uintptr // BCM2835 interrupt controller, virtual address
}

// Init masks every BCM2835 interrupt and routes GPU interrupts to core 0.
func (c *Intc) Init() {
	mmio.Write32(c.ARMCTRL+irqDisable1, 0xffffffff)
	mmio.Write32(c.ARMCTRL+irqDisable2, 0xffffffff)
	mmio.Write32(c.ARMCTRL+irqDisableBasic, 0xff)
	mmio.Write32(c.Local+localGPURouting, 0)
}

// Enable unmasks interrupt n.
func (c *Intc) Enable(n int) {
	switch {
	case n == LocalCNTV:
		mmio.Set32(c.Local+localTimerCtrl0, 1<<LocalCNTV)
	case n >= armctrl+32 && n < armctrl+64:
		mmio.Write32(c.ARMCTRL+irqEnable1, 1<<(n-armctrl-32))
	case n >= armctrl+64 && n < armctrl+96:
		mmio.Write32(c.ARMCTRL+irqEnable2, 1<<(n-armctrl-64))
	}
}

// Next returns a pending interrupt: local sources first, then the GPU
// interrupts behind local bit 8.
func (c *Intc) Next() (int, bool) {
	src := mmio.Read32(c.Local + localIRQPending0)
	if src&^localGPUPending != 0 {
		return lowest(src &^ localGPUPending), true
	}
	if src&localGPUPending == 0 {
		return 0, false
	}
	if p := mmio.Read32(c.ARMCTRL + irqPending1); p != 0 {
		return armctrl + 32 + lowest(p), true
	}
	if p := mmio.Read32(c.ARMCTRL + irqPending2); p != 0 {
		return armctrl + 64 + lowest(p), true
	}
	if p := mmio.Read32(c.ARMCTRL+irqBasicPending) & 0xff; p != 0 {
		return armctrl + lowest(p), true
	}
	return 0, false
}

// Done is a no-op: both controllers are level-sensitive with no
// end-of-interrupt register; the source clears at the device.
func (c *Intc) Done(int) {}

func lowest(v uint32) int {
	n := 0
	for v&1 == 0 {
		v >>= 1
		n++
	}
	return n
}

// DecodeLocal turns a brcm,bcm2836-l1-intc specifier (number, flags) into
// an interrupt number.
func DecodeLocal(cells []uint32) (int, error) {
	if len(cells) < 1 || cells[0] > 31 {
		return 0, fmt.Errorf("bcm2836-l1-intc: bad specifier %v", cells)
	}
	return int(cells[0]), nil
}

// DecodeARMCTRL turns a brcm,bcm2836-armctrl-ic specifier (bank, number)
// into an interrupt number.
func DecodeARMCTRL(cells []uint32) (int, error) {
	if len(cells) < 2 || cells[0] > 2 || cells[1] > 31 {
		return 0, fmt.Errorf("bcm2836-armctrl-ic: bad specifier %v", cells)
	}
	return armctrl + 32*int(cells[0]) + int(cells[1]), nil
}
