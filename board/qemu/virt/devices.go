//go:build tamago

package virt

import (
	"fmt"
	"time"

	"github.com/tamix/tamix/board/platform"
	"github.com/tamix/tamix/drivers/rtc/pl031"
	"github.com/tamix/tamix/kernel/devicetree"
	"github.com/tamix/tamix/soc/arm64"
	"github.com/tamix/tamix/soc/gic"
	"github.com/tamix/tamix/soc/mmio"
)

type devices struct{}

// Interrupts brings up the GIC the device tree names: v2
// (arm,cortex-a15-gic, QEMU's default) or v3 (arm,gic-v3, gic-version=3).
func (*devices) Interrupts(dt *devicetree.Tree) (platform.Controller, string, error) {
	if nodes := dt.FindCompatible("arm,gic-v3"); len(nodes) > 0 {
		regs, err := nodes[0].Reg()
		if err != nil || len(regs) < 2 {
			return nil, "", fmt.Errorf("GICv3 reg: %v", err)
		}
		g := &gic.V3{Dist: mmio.VA(regs[0].Base), Redist: mmio.VA(regs[1].Base)}
		g.Init()
		return g, fmt.Sprintf("GICv3 distributor at %#x, redistributor at %#x", regs[0].Base, regs[1].Base), nil
	}
	nodes := dt.FindCompatible("arm,cortex-a15-gic", "arm,gic-400")
	if len(nodes) == 0 {
		return nil, "", fmt.Errorf("no GICv2 or GICv3 in the device tree")
	}
	regs, err := nodes[0].Reg()
	if err != nil || len(regs) < 2 {
		return nil, "", fmt.Errorf("GIC reg: %v", err)
	}
	g := &gic.GIC{Dist: mmio.VA(regs[0].Base), CPU: mmio.VA(regs[1].Base)}
	g.Init()
	return g, fmt.Sprintf("GICv2 distributor at %#x, CPU interface at %#x", regs[0].Base, regs[1].Base), nil
}

// Decode reads GIC interrupt specifiers.
func (*devices) Decode(_ *devicetree.Node, cells []uint32) (int, error) {
	return gic.Decode(cells)
}

// Devices brings up PSCI, the PL031 wall clock and the virtio entropy
// device.
func (*devices) Devices(p *platform.Platform, dt *devicetree.Tree) error {
	psci := arm64.PSCI{}
	if n := dt.Path("/psci"); n != nil {
		if m, _ := n.String("method"); m == "smc" {
			psci.SMC = true
		}
	} else {
		return fmt.Errorf("no /psci node: cannot power off or reset")
	}
	p.PowerOffF, p.ResetF = psci.SystemOff, psci.SystemReset

	p.ClockName = "none"
	if rtcs := dt.FindCompatible("arm,pl031"); len(rtcs) > 0 {
		if regs, err := rtcs[0].Reg(); err == nil && len(regs) > 0 {
			rtc := &pl031.RTC{Base: mmio.VA(regs[0].Base)}
			p.WallclockF = func() int64 { return int64(rtc.Seconds()) }
			p.ClockName = fmt.Sprintf("PL031 at %#x, %s", regs[0].Base,
				time.Unix(int64(rtc.Seconds()), 0).UTC().Format("2006-01-02T15:04:05 UTC"))
		}
	}
	return entropy(p, dt)
}
