//go:build tamago

package virt

import (
	"fmt"

	"github.com/tamix/tamix/board/platform"
	"github.com/tamix/tamix/drivers/virtio"
	"github.com/tamix/tamix/drivers/virtio/rng"
	"github.com/tamix/tamix/kernel/devicetree"
	"github.com/tamix/tamix/soc/arm64"
	"github.com/tamix/tamix/soc/mmio"
)

// entropy finds the virtio entropy device among the virtio-mmio slots
// (QEMU: -device virtio-rng-device). Without one the kernel still boots,
// as Linux does, but says loudly that its randomness is not secure.
func entropy(p *platform.Platform, dt *devicetree.Tree) error {
	for _, n := range dt.FindCompatible("virtio,mmio") {
		regs, err := n.Reg()
		if err != nil || len(regs) == 0 {
			continue
		}
		r := virtio.MMIORegs(mmio.VA(regs[0].Base))
		if id, ok := virtio.Probe(r); !ok || id != rng.DeviceID {
			continue
		}
		dev, err := virtio.New(r, virtio.HeapDMA(arm64.VirtToPhys))
		if err != nil {
			return fmt.Errorf("virtio-rng at %#x: %v", regs[0].Base, err)
		}
		src := rng.New(dev)
		p.RandomF = func(b []byte) {
			if _, err := src.Read(b); err != nil {
				panic("virtio-rng: " + err.Error())
			}
		}
		p.Entropy = fmt.Sprintf("virtio-rng at %#x", regs[0].Base)
		return nil
	}
	p.Entropy = "NO HARDWARE ENTROPY SOURCE: randomness is not secure (add QEMU -device virtio-rng-device)"
	return nil
}
