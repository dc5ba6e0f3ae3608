//go:build tamago

package pi3

import (
	"fmt"

	"github.com/tamix/tamix/board/platform"
	"github.com/tamix/tamix/kernel/devicetree"
	"github.com/tamix/tamix/soc/bcm2837"
	"github.com/tamix/tamix/soc/mmio"
)

type devices struct{}

// Interrupts brings up the BCM2836 local controller and the BCM2835
// controller chained behind it.
func (*devices) Interrupts(dt *devicetree.Tree) (platform.Controller, string, error) {
	local := dt.FindCompatible("brcm,bcm2836-l1-intc")
	armctrl := dt.FindCompatible("brcm,bcm2836-armctrl-ic")
	if len(local) == 0 || len(armctrl) == 0 {
		return nil, "", fmt.Errorf("no brcm,bcm2836-l1-intc / brcm,bcm2836-armctrl-ic in the device tree")
	}
	lr, err := local[0].Reg()
	if err != nil || len(lr) == 0 {
		return nil, "", fmt.Errorf("l1-intc reg: %v", err)
	}
	ar, err := armctrl[0].Reg()
	if err != nil || len(ar) == 0 {
		return nil, "", fmt.Errorf("armctrl reg: %v", err)
	}
	c := &bcm2837.Intc{Local: mmio.VA(lr[0].Base), ARMCTRL: mmio.VA(ar[0].Base)}
	c.Init()
	return c, fmt.Sprintf("BCM2836 local intc at %#x, BCM2835 ARMCTRL at %#x", lr[0].Base, ar[0].Base), nil
}

// Decode reads a specifier for whichever of the two controllers is the
// node's interrupt parent.
func (*devices) Decode(parent *devicetree.Node, cells []uint32) (int, error) {
	switch {
	case parent == nil:
		return 0, fmt.Errorf("no interrupt parent")
	case parent.Compatible("brcm,bcm2836-l1-intc"):
		return bcm2837.DecodeLocal(cells)
	case parent.Compatible("brcm,bcm2836-armctrl-ic"):
		return bcm2837.DecodeARMCTRL(cells)
	}
	return 0, fmt.Errorf("unknown interrupt parent %s", parent.Name)
}

// Devices brings up the RNG and the watchdog; UART0 gets its pins.
func (*devices) Devices(p *platform.Platform, dt *devicetree.Tree) error {
	wdt := &bcm2837.Watchdog{Base: mmio.VA(bcm2837.PMBase)}
	p.PowerOffF, p.ResetF = wdt.PowerOff, wdt.Reset
	rng := &bcm2837.RNG{Base: mmio.VA(bcm2837.RNGBase)}
	rng.Init()
	p.RandomF = rng.Read
	p.Entropy = fmt.Sprintf("BCM2835 RNG at %#x", bcm2837.RNGBase)
	p.ClockName = "none (the Pi has no RTC)"
	return nil
}
