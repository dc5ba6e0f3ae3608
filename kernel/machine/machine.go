// Package machine is the boundary between the hardware-independent kernel
// and a board: what the board discovered and the few services the kernel
// asks of it. Boards implement Machine; host tests use fakes.
package machine

import "io"

// Region is a physical address range.
type Region struct {
	Base, Size uint64
}

// End returns the first address past r.
func (r Region) End() uint64 { return r.Base + r.Size }

// Info describes the running machine.
type Info struct {
	Model     string   // device tree /model
	CPU       string   // e.g. "Cortex-A53 r0p4"
	MIDR      uint64   // MIDR_EL1
	MPIDR     uint64   // MPIDR_EL1
	EL        int      // exception level the kernel runs at
	BootEL    int      // exception level it was entered at
	RAM       []Region // device tree memory
	Runtime   Region   // RAM owned by the Go runtime
	FramePool uint64   // bytes given to the page-frame pool
	Bootargs  string   // /chosen bootargs
	Initrd    *Region  // /chosen linux,initrd-start/end, nil if none
	TimerFreq uint64   // generic timer Hz
	HZ        int      // timer interrupts per second
	Console   string   // console device description
	IRQChip   string   // interrupt controller description
	Clock     string   // wall clock source
	Entropy   string   // entropy source
	// ParkedCPUs counts the secondary CPUs sent to sleep (tamix runs on
	// the boot CPU only).
	ParkedCPUs int
}

// Machine is what a board provides to the kernel.
type Machine interface {
	Info() *Info
	// Console is the boot console (the kernel log's output).
	Console() io.Writer
	// ReadConsole blocks for the next byte received on the console.
	ReadConsole() (byte, error)
	// Counter returns the generic timer's physical count (ticks since
	// reset).
	Counter() uint64
	// Uptime returns nanoseconds since reset.
	Uptime() int64
	// Wallclock returns seconds since the Unix epoch, or 0 if the board
	// has no clock.
	Wallclock() int64
	// Ticks returns how many timer interrupts have been handled.
	Ticks() uint64
	// Random fills b from the hardware entropy source.
	Random(b []byte)
	PowerOff()
	Reset()
	// Halt stops the CPU for good (interrupts masked).
	Halt()
	// SelfTest runs a hardware self-test by name (tamix.test=), reporting
	// whether the board knows it.
	SelfTest(name string) bool
}
