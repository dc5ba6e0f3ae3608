//go:build tamago

package platform

import (
	"fmt"

	"github.com/tamix/tamix/kernel/machine"
	"github.com/tamix/tamix/kernel/mm/frame"
	"github.com/tamix/tamix/soc/arm64"
)

// initMemory splits RAM between the Go runtime's window and the frame
// pool, then replaces the boot translation tables with the final kernel
// window (docs/memory.md).
func (p *Platform) initMemory() error {
	mem, err := p.dt.Memory()
	if err != nil {
		return err
	}
	base := arm64.RAMBase()
	window := machine.Region{Base: base, Size: RuntimeSize}
	p.info.Runtime = machine.Region{Base: arm64.KernelRAMVA, Size: RuntimeSize}
	var ram []machine.Region
	var linear uint64
	for _, m := range mem {
		r := machine.Region{Base: m.Base, Size: m.Size}
		// Devices above RAM (the Pi's peripherals at 0x3f000000) end it.
		if p.MMIO.Base > r.Base && p.MMIO.Base < r.End() {
			r.Size = p.MMIO.Base - r.Base
		}
		ram = append(ram, r)
		if base >= r.Base && base < r.End() {
			linear = r.End() - base
		}
	}
	if linear < RuntimeSize {
		return fmt.Errorf("kernel loaded at %#x outside RAM %v, or less than %d MiB of it", base, ram, RuntimeSize>>20)
	}
	if linear > 1<<30 {
		linear = 1 << 30
	}
	p.info.RAM = ram
	reserved := []machine.Region{window}
	for _, r := range p.dt.Reserved {
		reserved = append(reserved, machine.Region{Base: r.Base, Size: r.Size})
	}
	if rd, ok, err := p.dt.Initrd(); err != nil {
		return err
	} else if ok {
		r := machine.Region{Base: rd.Base, Size: rd.Size}
		if r.Base < window.End() && r.End() > window.Base {
			return fmt.Errorf("initramfs at %#x-%#x overlaps the runtime window %#x-%#x: load it at least %d MiB above the kernel",
				r.Base, r.End(), window.Base, window.End(), RuntimeSize>>20)
		}
		p.info.Initrd = &r
		reserved = append(reserved, r)
	}
	// Only the linear-mapped RAM can be reached by the kernel.
	var reach []machine.Region
	for _, r := range ram {
		lo, hi := max(r.Base, base), min(r.End(), base+linear)
		if lo < hi {
			reach = append(reach, machine.Region{Base: lo, Size: hi - lo})
		}
	}
	p.pool = frame.New(reach, reserved)
	tm := &arm64.TableMemory{AllocFrame: p.pool.Alloc, FreeFrame: p.pool.Free}
	if err := arm64.InstallKernelTable(tm, linear, p.MMIO.Base, p.MMIO.Size); err != nil {
		return err
	}
	p.info.FramePool = p.pool.Total()
	return nil
}

// Frames returns the page-frame pool.
func (p *Platform) Frames() *frame.Pool { return p.pool }
