//go:build tamago

package virtio

import "github.com/tamix/tamix/soc/mmio"

// mmioRegs is a register block at a virtual address in the kernel's
// device mappings.
type mmioRegs uintptr

// MMIORegs returns the registers of the virtio-mmio slot whose block
// starts at virtual address base.
func MMIORegs(base uintptr) Regs { return mmioRegs(base) }

func (b mmioRegs) Read32(off uintptr) uint32 { return mmio.Read32(uintptr(b) + off) }

// Write32 orders earlier stores to Normal memory (descriptors, ring
// indexes) before the register write, as Linux's writel does, so that a
// QueueNotify cannot reach the device ahead of the buffers it announces
// (§2.7.13.4).
func (b mmioRegs) Write32(off uintptr, v uint32) {
	dmbOSHST()
	mmio.Write32(uintptr(b)+off, v)
}

// dmbOSHST is DMB OSHST (Arm ARM C6.2.81).
func dmbOSHST()
