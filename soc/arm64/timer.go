//go:build tamago

package arm64

import "math/bits"

// The generic timer (Arm ARM D11): the kernel reads the virtual count
// (CNTVOFF_EL2 is zeroed by the start code, so it equals the physical
// count) and takes its tick from the EL1 virtual timer, as Linux does
// when it runs below a hypervisor.

var (
	timerFreq uint64
	// nanoseconds = count * nsMult >> 32
	nsMult uint64
)

// InitTimer reads the counter frequency; call it before Nanotime.
func InitTimer() {
	timerFreq = CNTFRQ()
	if timerFreq == 0 {
		timerFreq = 62500000 // QEMU's default, should firmware leave it unset
	}
	nsMult = (uint64(1e9) << 32) / timerFreq
	setCNTKCTL(cntkctl(timerFreq))
}

// CNTKCTL_EL1 bits (Arm ARM D19.11.2).
const (
	cntkctlEL0VCTEN = 1 << 1 // EL0 may read CNTVCT_EL0 and CNTFRQ_EL0
	cntkctlEVNTEN   = 1 << 2 // the event stream
	cntkctlEVNTI    = 4      // shift of the event stream's counter bit
)

// cntkctl is what Linux's arch timer driver programs: EL0 reads of the
// virtual counter, and the event stream at about 10 kHz, which wakes WFE
// loops and which user space learns of from HWCAP_EVTSTRM
// (arch_timer_configure_evtstream, drivers/clocksource/arm_arch_timer.c).
func cntkctl(freq uint64) uint64 {
	div := freq / 10000
	pos := uint64(bits.Len64(div))
	if pos > 1 && div&(1<<(pos-2)) == 0 {
		pos--
	}
	return cntkctlEL0VCTEN | cntkctlEVNTEN | min(pos, 15)<<cntkctlEVNTI
}

// TimerFreq returns the generic-timer frequency in Hz.
func TimerFreq() uint64 { return timerFreq }

// Nanotime returns nanoseconds since the counter started (reset).
//
//go:nosplit
func Nanotime() int64 {
	hi, lo := bits.Mul64(CNTVCT(), nsMult)
	return int64(hi<<32 | lo>>32)
}

// ArmTimerAt makes the virtual timer fire when the count reaches cval.
func ArmTimerAt(cval uint64) {
	setCNTVCVAL(cval)
	setCNTVCTL(1) // ENABLE, IMASK clear
}

// StopTimer disables the virtual timer.
func StopTimer() { setCNTVCTL(0) }
