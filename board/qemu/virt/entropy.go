//go:build tamago

package virt

import (
	"fmt"

	"github.com/tamix/tamix/board/platform"
	"github.com/tamix/tamix/kernel/devicetree"
)

// entropy finds the virtio entropy device.
func entropy(p *platform.Platform, dt *devicetree.Tree) error {
	p.Entropy = fmt.Sprintf("none (virtio-rng pending)")
	return nil
}
