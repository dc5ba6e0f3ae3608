//go:build tamago

package bcm2837

import "github.com/tamix/tamix/soc/mmio"

// Power-management watchdog (as Linux's drivers/watchdog/bcm2835_wdt.c;
// QEMU models it as bcm2835_powermgt).
const (
	PMBase           = PeripheralBase + 0x100000
	pmRSTC           = 0x1c
	pmRSTS           = 0x20
	pmWDOG           = 0x24
	pmPassword       = 0x5a000000
	pmRSTCWRCFGClr   = 0xffffffcf
	pmRSTCFullReset  = 0x00000020
	pmRSTSHaltMarker = 0x555 // partition 63: firmware stays halted
)

// Watchdog resets or halts the SoC.
type Watchdog struct {
	Base uintptr // virtual address
}

// Reset restarts the board after a 10-tick watchdog timeout.
func (w *Watchdog) Reset() {
	mmio.Write32(w.Base+pmWDOG, pmPassword|10)
	rstc := mmio.Read32(w.Base+pmRSTC) & pmRSTCWRCFGClr
	mmio.Write32(w.Base+pmRSTC, pmPassword|rstc|pmRSTCFullReset)
}

// PowerOff marks the boot partition as 63, which the firmware treats as
// "halt", then resets: the Pi has no real power switch (bcm2835_power_off).
func (w *Watchdog) PowerOff() {
	rsts := mmio.Read32(w.Base + pmRSTS)
	mmio.Write32(w.Base+pmRSTS, pmPassword|rsts|pmRSTSHaltMarker)
	w.Reset()
}
