//go:build tamago

// Package virt is tamix's board support for QEMU's arm64 "virt" machine
// (hw/arm/virt.c): GICv2, PL011 UART, PL031 RTC, virtio-mmio entropy,
// PSCI power control. Everything but the early console's address comes
// from the device tree.
package virt

import (
	_ "unsafe"

	"github.com/tamix/tamix/board/platform"
	"github.com/tamix/tamix/kernel/machine"
)

var board = &platform.Platform{
	Name:      "qemu-virt",
	MMIO:      machine.Region{Base: 0, Size: 1 << 30},
	EarlyUART: 0x0900_0000,
	Board:     &devices{},
}

//go:linkname hwinit0 runtime/goos.Hwinit0
func hwinit0() { board.Hwinit0() }

//go:linkname hwinit1 runtime/goos.Hwinit1
func hwinit1() { board.Hwinit1() }

// Init discovers the machine and returns it to the kernel.
func Init() machine.Machine { return board.Init() }
