//go:build tamago

// Package arm64 is tamix's EL1 support for the Armv8-A CPU: the start code
// (drop to EL1, boot translation tables, MMU and caches on), the exception
// vectors, the generic timer, interrupt servicing, kernel fault reports and
// the SMC Calling Convention.
//
// TamaGo's own arm64 package runs at EL3 only; this one runs the Go
// runtime at EL1 on SP_EL0 and keeps SP_EL1 as the exception stack.
package arm64

// Set by the start code before the Go runtime starts.
var (
	ramBasePA uint64 // PA mapped at runtime/goos.RamStart
	dtbPA     uint64 // x0 at entry
	bootEL    uint64 // exception level at entry
)

// RAMBase returns the physical address mapped at the start of the kernel
// window's RAM linear map.
func RAMBase() uint64 { return ramBasePA }

// BootDTB returns the device tree address the boot loader passed in x0.
func BootDTB() uint64 { return dtbPA }

// BootEL returns the exception level the kernel was entered at.
func BootEL() int { return int(bootEL) }

// EL returns the current exception level.
func EL() int { return int(CurrentEL()>>2) & 3 }

func MIDR() uint64
func MPIDR() uint64
func CurrentEL() uint64
func CNTFRQ() uint64
func CNTPCT() uint64
func CNTVCT() uint64
func IDAA64PFR0() uint64
func IDAA64ISAR0() uint64
func IDAA64MMFR0() uint64
func IDAA64PFR1() uint64
func IDAA64ISAR1() uint64
func IDAA64MMFR1() uint64
func IDAA64MMFR2() uint64
func IDAA64DFR0() uint64

// FlushTLBPage and FlushTLBASID invalidate a user page of, or all of,
// an address space's TLB entries (walk caches included).
func FlushTLBPage(asid uint16, va uint64)
func FlushTLBASID(asid uint16)
func TTBR0() uint64
func DAIF() uint64
func EnableIRQ()
func DisableIRQ()
func WFI()

// SyncICache makes code written at [va, va+size) executable.
func SyncICache(va, size uint64)

func setCNTVCVAL(v uint64)
func setCNTVCTL(v uint64)
func setCNTKCTL(v uint64)
func hvc(fn, a1, a2, a3 uint64) uint64
func smc(fn, a1, a2, a3 uint64) uint64
