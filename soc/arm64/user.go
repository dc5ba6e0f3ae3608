//go:build tamago

package arm64

// UserContext is a task's EL0 register state, saved and restored on every
// switch (field offsets are used by user_arm64.s through go_asm.h).
type UserContext struct {
	X      [31]uint64 // x0-x30
	SP     uint64     // SP_EL0
	PC     uint64     // ELR_EL1
	PSTATE uint64     // SPSR_EL1
	TPIDR  uint64     // TPIDR_EL0 (TLS)
	FPSR   uint64
	FPCR   uint64
	_      uint64
	V      [64]uint64 // q0-q31
	ESR    uint64     // syndrome of the trap that returned
	FAR    uint64     // fault address of the trap that returned
}

// Trap says why RunUser returned.
type Trap uint64

const (
	TrapSync   Trap = iota // SVC, abort, undefined instruction…: see ESR
	TrapIRQ                // an interrupt; the servicer has been woken
	TrapSError             // asynchronous abort
)

// PSTATE for a new EL0 task: EL0t, AArch64, interrupts unmasked.
const PSTATEUser = 0

// Kept by enterUser for the trap path (single CPU).
var (
	userCtx   *UserContext
	kernelSP  uint64
	kernelG   uint64
	kernelFP  uint64
	kernelLR  uint64
	savedDAIF uint64
)

func enterUser(ctx *UserContext, ttbr uint64) Trap

// RunUser runs ctx at EL0 in the address space ttbr (mmu.TTBR with the
// task's ASID; its tables must share the kernel window) until the next
// trap, and says what kind it was. After TrapIRQ interrupts stay masked
// until the servicing goroutine has run: the caller should yield.
func RunUser(ctx *UserContext, ttbr uint64) Trap {
	return enterUser(ctx, ttbr)
}
