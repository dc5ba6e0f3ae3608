//go:build tamago

package arm64

import "github.com/tamix/tamix/soc/arm64/uctx"

// Trap says why RunUser returned.
type Trap uint64

const (
	TrapSync   Trap = iota // SVC, abort, undefined instruction…: see ESR
	TrapIRQ                // an interrupt; the servicer has been woken
	TrapSError             // asynchronous abort
)

// Kept by enterUser for the trap path (single CPU).
var (
	userCtx   *uctx.Context
	kernelSP  uint64
	kernelG   uint64
	kernelFP  uint64
	kernelLR  uint64
	savedDAIF uint64
)

func enterUser(ctx *uctx.Context, ttbr uint64) Trap

// RunUser runs ctx at EL0 in the address space ttbr (mmu.TTBR with the
// task's ASID; its tables must share the kernel window) until the next
// trap, and says what kind it was. After TrapIRQ interrupts stay masked
// until the servicing goroutine has run: the caller should yield.
func RunUser(ctx *uctx.Context, ttbr uint64) Trap {
	return enterUser(ctx, ttbr)
}
