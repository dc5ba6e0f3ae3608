package task

import (
	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/soc/arm64/uctx"
)

// Trap says why Hardware.RunUser returned.
type Trap int

const (
	TrapSync   Trap = iota // SVC, abort, undefined instruction…: Context.ESR says which
	TrapIRQ                // an interrupt; its servicer has been woken, the task should yield
	TrapSError             // an asynchronous abort
)

// Hardware is what the task layer needs of the machine. The board
// implements it on tamago; host tests use fakes.
type Hardware interface {
	// RunUser runs ctx at EL0 in the address space ttbr until the next
	// trap.
	RunUser(ctx *uctx.Context, ttbr uint64) Trap
	// Memory is the configuration address spaces are made with.
	Memory() *mm.Config
	// Monotonic is nanoseconds since boot; Realtime nanoseconds since
	// the Unix epoch.
	Monotonic() int64
	Realtime() int64
	// Random fills b with cryptographically strong random bytes.
	Random(b []byte)
	// IDRegister returns the value an EL0 MRS of the ID register with
	// the given encoding reads, as Linux's cpufeature emulation exposes
	// it (arch/arm64/kernel/cpufeature.c, emulate_id_reg), and whether
	// the register is one Linux emulates.
	IDRegister(op0, op1, crn, crm, op2 uint32) (uint64, bool)
	// HWCap returns AT_HWCAP and AT_HWCAP2 for this CPU.
	HWCap() (hwcap, hwcap2 uint64)
	// MemInfo is the user-memory pool's size and free bytes.
	MemInfo() (total, free uint64)
	PowerOff()
	Reset()
}
