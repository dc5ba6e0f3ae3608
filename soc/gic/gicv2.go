//go:build tamago

// Package gic drives the Arm Generic Interrupt Controller: v2 (QEMU
// virt's default, compatible "arm,cortex-a15-gic"; GIC Architecture
// Specification v2.0, ARM IHI 0048B) and v3 (gicv3.go). Interrupts target
// CPU 0; tamix runs on the boot CPU only. In GICv2 every interrupt is
// Group 0.
package gic

import (
	"fmt"

	"github.com/tamix/tamix/soc/mmio"
)

// Distributor and CPU interface registers (IHI 0048B §4.1.2, §4.1.3).
const (
	GICD_CTLR       = 0x000
	GICD_TYPER      = 0x004
	GICD_ISENABLER  = 0x100
	GICD_ICENABLER  = 0x180
	GICD_ICPENDR    = 0x280
	GICD_IPRIORITYR = 0x400
	GICD_ITARGETSR  = 0x800
	GICD_ICFGR      = 0xc00

	GICC_CTLR = 0x00
	GICC_PMR  = 0x04
	GICC_IAR  = 0x0c
	GICC_EOIR = 0x10

	spurious = 1020 // INTIDs 1020-1023 are special (§3.2.5)
)

// GIC is one GICv2 instance.
type GIC struct {
	// Distributor and CPU interface virtual addresses.
	Dist, CPU uintptr
	lines     int
}

// Init disables and clears every interrupt, then enables the distributor
// and the CPU interface with the lowest priority mask.
func (g *GIC) Init() {
	mmio.Write32(g.Dist+GICD_CTLR, 0)
	g.lines = 32 * int(mmio.Read32(g.Dist+GICD_TYPER)&0x1f+1)
	for i := 0; i < g.lines/32; i++ {
		mmio.Write32(g.Dist+GICD_ICENABLER+uintptr(4*i), 0xffffffff)
		mmio.Write32(g.Dist+GICD_ICPENDR+uintptr(4*i), 0xffffffff)
	}
	for i := 0; i < g.lines/4; i++ {
		mmio.Write32(g.Dist+GICD_IPRIORITYR+uintptr(4*i), 0xa0a0a0a0)
		if i >= 8 {
			mmio.Write32(g.Dist+GICD_ITARGETSR+uintptr(4*i), 0x01010101)
		}
	}
	mmio.Write32(g.Dist+GICD_CTLR, 1)
	mmio.Write32(g.CPU+GICC_PMR, 0xff)
	mmio.Write32(g.CPU+GICC_CTLR, 1)
}

// Enable unmasks interrupt id at the distributor.
func (g *GIC) Enable(id int) {
	mmio.Write32(g.Dist+GICD_ISENABLER+uintptr(4*(id/32)), 1<<(id%32))
}

// Next acknowledges the highest-priority pending interrupt (GICC_IAR).
func (g *GIC) Next() (id int, ok bool) {
	iar := mmio.Read32(g.CPU + GICC_IAR)
	id = int(iar & 0x3ff)
	return id, id < spurious
}

// Done signals end of interrupt for id (GICC_EOIR).
func (g *GIC) Done(id int) {
	mmio.Write32(g.CPU+GICC_EOIR, uint32(id))
}

// Decode turns a device-tree interrupt specifier (3 cells: type, number,
// flags; Linux Documentation/devicetree/bindings/interrupt-controller/
// arm,gic.yaml) into an interrupt ID.
func Decode(cells []uint32) (int, error) {
	if len(cells) < 2 {
		return 0, fmt.Errorf("gic: interrupt specifier has %d cells", len(cells))
	}
	switch cells[0] {
	case 0: // SPI
		return 32 + int(cells[1]), nil
	case 1: // PPI
		return 16 + int(cells[1]), nil
	}
	return 0, fmt.Errorf("gic: unknown interrupt type %d", cells[0])
}
