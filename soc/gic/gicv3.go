//go:build tamago

package gic

import "github.com/tamix/tamix/soc/mmio"

// GICv3 registers (ARM IHI 0069G §12.9 distributor, §12.10-12.11
// redistributor). QEMU's virt GICv3 without security extensions uses the
// single-security-state layout (GICD_CTLR.DS = 1).
const (
	GICD_CTLR_RWP   = 1 << 31
	GICD_CTLR_ARE   = 1 << 4
	GICD_CTLR_GRP1  = 1 << 1
	GICD_IGROUPR    = 0x080
	GICD_IROUTER    = 0x6100
	GICR_WAKER      = 0x0014
	WAKER_SLEEP     = 1 << 1  // ProcessorSleep
	WAKER_ASLEEP    = 1 << 2  // ChildrenAsleep
	GICR_SGI        = 0x10000 // SGI_base frame
	GICR_IGROUPR0   = GICR_SGI + 0x080
	GICR_ISENABLER0 = GICR_SGI + 0x100
	GICR_ICENABLER0 = GICR_SGI + 0x180
	GICR_IPRIORITYR = GICR_SGI + 0x400
)

// CPU interface system registers (gicv3_arm64.s).
func iccEnable()
func iccIAR1() uint32
func iccEOIR1(id uint32)

// V3 is one GICv3 instance; every interrupt is Group 1 and routed to the
// boot CPU, whose redistributor is the first frame.
type V3 struct {
	// Distributor and boot CPU redistributor virtual addresses.
	Dist, Redist uintptr
	lines        int
}

// Init wakes the redistributor, puts every interrupt in Group 1 at a
// middle priority, disabled and routed to CPU 0, then enables the
// distributor (affinity routing) and the system-register CPU interface.
func (g *V3) Init() {
	mmio.Write32(g.Dist+GICD_CTLR, 0)
	for mmio.Read32(g.Dist+GICD_CTLR)&GICD_CTLR_RWP != 0 {
	}
	g.lines = 32 * int(mmio.Read32(g.Dist+GICD_TYPER)&0x1f+1)
	for i := 1; i < g.lines/32; i++ {
		mmio.Write32(g.Dist+GICD_IGROUPR+uintptr(4*i), 0xffffffff)
		mmio.Write32(g.Dist+GICD_ICENABLER+uintptr(4*i), 0xffffffff)
	}
	for i := 8; i < g.lines/4; i++ {
		mmio.Write32(g.Dist+GICD_IPRIORITYR+uintptr(4*i), 0xa0a0a0a0)
	}
	for i := 32; i < g.lines; i++ {
		mmio.Write32(g.Dist+GICD_IROUTER+uintptr(8*i), 0)
		mmio.Write32(g.Dist+GICD_IROUTER+uintptr(8*i)+4, 0)
	}
	mmio.Write32(g.Dist+GICD_CTLR, GICD_CTLR_ARE|GICD_CTLR_GRP1)

	mmio.Clear32(g.Redist+GICR_WAKER, WAKER_SLEEP)
	for mmio.Read32(g.Redist+GICR_WAKER)&WAKER_ASLEEP != 0 {
	}
	mmio.Write32(g.Redist+GICR_IGROUPR0, 0xffffffff)
	mmio.Write32(g.Redist+GICR_ICENABLER0, 0xffffffff)
	for i := 0; i < 8; i++ {
		mmio.Write32(g.Redist+GICR_IPRIORITYR+uintptr(4*i), 0xa0a0a0a0)
	}
	iccEnable()
}

// Enable unmasks interrupt id: SGIs and PPIs at the redistributor, SPIs
// at the distributor.
func (g *V3) Enable(id int) {
	if id < 32 {
		mmio.Write32(g.Redist+GICR_ISENABLER0, 1<<id)
		return
	}
	mmio.Write32(g.Dist+GICD_ISENABLER+uintptr(4*(id/32)), 1<<(id%32))
}

// Next acknowledges the highest-priority pending Group 1 interrupt.
func (g *V3) Next() (int, bool) {
	id := int(iccIAR1() & 0xffffff)
	return id, id < spurious
}

// Done signals end of interrupt (ICC_EOIR1_EL1; EOImode 0 also
// deactivates).
func (g *V3) Done(id int) { iccEOIR1(uint32(id)) }
