//go:build tamago

// Package platform is what both boards share: the TamaGo runtime hooks,
// the console, the timer tick, interrupt dispatch, the memory split and
// device-tree discovery. A board package fills in a Platform in its
// Hwinit0 hook and supplies its devices through the Board interface.
package platform

import (
	_ "unsafe"

	"github.com/tamix/tamix/soc/arm64"
)

// The Go runtime's RAM window at the start of the kernel window's RAM
// linear map (docs/memory.md).
const (
	RuntimeSize = 64 << 20
	stackOffset = 0x100
)

//go:linkname ramStart runtime/goos.RamStart
var ramStart uint = arm64.KernelRAMVA

//go:linkname ramSize runtime/goos.RamSize
var ramSize uint = RuntimeSize

//go:linkname ramStackOffset runtime/goos.RamStackOffset
var ramStackOffset uint = stackOffset

//go:linkname exitHook runtime/goos.Exit
var exitHook func(int32)

//go:linkname idleHook runtime/goos.Idle
var idleHook func(until int64)

// P is the running platform, set by the board's Hwinit0.
var P *Platform

//go:linkname printk runtime/goos.Printk
func printk(c byte) {
	if P == nil {
		return
	}
	if c == '\n' {
		P.uart.WriteByte('\r')
	}
	P.uart.WriteByte(c)
}

//go:linkname nanotime runtime/goos.Nanotime
//go:nosplit
func nanotime() int64 { return arm64.Nanotime() }

//go:linkname initRNG runtime/goos.InitRNG
func initRNG() {}

// earlySeed is the state of the generator used only until the board's
// hardware entropy source is up (the runtime's hash seeds at start).
var earlySeed uint64

//go:linkname getRandomData runtime/goos.GetRandomData
func getRandomData(b []byte) {
	if P != nil && P.random != nil {
		P.random(b)
		return
	}
	// splitmix64 over the counter: earliest boot only.
	for i := range b {
		if i%8 == 0 {
			earlySeed += 0x9e3779b97f4a7c15 ^ arm64.CNTVCT()
			z := earlySeed
			z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
			z = (z ^ z>>27) * 0x94d049bb133111eb
			earlySeed = z ^ z>>31
		}
		b[i] = byte(earlySeed >> (8 * (i % 8)))
	}
}

// Hwinit0 is the board's runtime/goos.Hwinit0: before the heap exists.
func (p *Platform) Hwinit0() {
	P = p
	arm64.InitTimer()
	p.earlyConsole()
	p.dtb = arm64.SaveDTB()
}

// Hwinit1 is the board's runtime/goos.Hwinit1: the scheduler exists.
func (p *Platform) Hwinit1() {
	exitHook = p.exit
	idleHook = idle
}

// idle waits for an interrupt when the scheduler has nothing to run; the
// periodic tick bounds the wait.
func idle(until int64) {
	if until > arm64.Nanotime() {
		arm64.WFI()
	}
}
