// Package uctx is the layout of a task's saved EL0 register state, shared
// by the switch code in soc/arm64 (user_arm64.s, through uctx.h) and the
// hardware-independent task layer, which builds and tests on the host.
package uctx

// Context is a task's EL0 register state, saved and restored on every
// switch to user space.
type Context struct {
	X      [31]uint64 // x0-x30
	SP     uint64     // SP_EL0
	PC     uint64     // ELR_EL1
	PSTATE uint64     // SPSR_EL1
	TPIDR  uint64     // TPIDR_EL0 (TLS)
	FPSR   uint64
	FPCR   uint64
	_      uint64
	V      [64]uint64 // q0-q31, two words each
	ESR    uint64     // syndrome of the trap that returned
	FAR    uint64     // fault address of the trap that returned
}

// Byte offsets of Context's fields, as uctx.h gives them to the assembly
// (TestLayout keeps the three in step).
const (
	OffSP     = 248
	OffPC     = 256
	OffPSTATE = 264
	OffTPIDR  = 272
	OffFPSR   = 280
	OffFPCR   = 288
	OffV      = 304
	OffESR    = 816
	OffFAR    = 824
	Size      = 832
)

// PSTATEUser is the SPSR for a new EL0 task: EL0t, AArch64, interrupts
// unmasked.
const PSTATEUser = 0
