//go:build tamago

// Package pi3 is tamix's board support for the Raspberry Pi 3 Model B
// (BCM2837) and QEMU's raspi3b: PL011 UART0 on GPIO 14/15, the BCM2836
// and BCM2835 interrupt controllers, the hardware RNG and the PM
// watchdog for reset and power-off. The Pi has no wall clock.
package pi3

import (
	_ "unsafe"

	"github.com/tamix/tamix/board/platform"
	"github.com/tamix/tamix/kernel/machine"
	"github.com/tamix/tamix/soc/bcm2837"
)

// uartClock is UART0's reference clock as the Pi 3 firmware sets it
// (init_uart_clock default, 48 MHz).
const uartClock = 48_000_000

var board = &platform.Platform{
	Name:      "raspberrypi-3b",
	MMIO:      machine.Region{Base: bcm2837.PeripheralBase, Size: 0x0120_0000},
	EarlyUART: bcm2837.PeripheralBase + 0x201000,
	UARTClock: uartClock,
	Board:     &devices{},
}

//go:linkname hwinit0 runtime/goos.Hwinit0
func hwinit0() { board.Hwinit0() }

//go:linkname hwinit1 runtime/goos.Hwinit1
func hwinit1() { board.Hwinit1() }

// Init discovers the machine and returns it to the kernel.
func Init() machine.Machine { return board.Init() }
