//go:build tamago

package arm64

import (
	"math"
	"runtime"
	"time"
)

// Set by and read from irqEntry (vectors_arm64.s).
var (
	irqG     uint64 // goroutine woken by IRQs
	irqCount uint64 // IRQ exceptions taken
)

// IRQCount returns how many IRQ exceptions the CPU has taken.
func IRQCount() uint64 { return irqCount }

// ServiceInterrupts makes the calling goroutine the interrupt servicer and
// never returns: each IRQ exception wakes it (runtime.WakeG) and returns
// with IRQs masked; isr then acknowledges and handles what is pending at
// the controller, and IRQs are unmasked again only once this goroutine is
// asleep, so no IRQ finds it awake and is lost (the TamaGo model).
func ServiceInterrupts(isr func()) {
	gp, _ := runtime.GetG()
	irqG = uint64(gp)
	for {
		go EnableIRQ()
		time.Sleep(math.MaxInt64)
		isr()
	}
}
