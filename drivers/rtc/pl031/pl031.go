//go:build tamago

// Package pl031 reads the ARM PrimeCell Real Time Clock (PL031), QEMU
// virt's wall clock (ARM DDI 0224B).
package pl031

import "github.com/tamix/tamix/soc/mmio"

// RTCDR is the data register: seconds since the Unix epoch as QEMU and
// Linux's rtc-pl031 use it (DDI 0224B §3.3.1).
const RTCDR = 0x000

// RTC is one PL031 instance.
type RTC struct {
	// Base is the virtual address of the register block.
	Base uintptr
}

// Seconds returns the current time in seconds since the epoch.
func (r *RTC) Seconds() uint32 { return mmio.Read32(r.Base + RTCDR) }
