package mm

import (
	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/mmu"
)

// Prot is the mmap(2)/mprotect(2) protection, with Linux's values.
type Prot uint8

// Protection bits (include/uapi/asm-generic/mman-common.h).
const (
	PROT_NONE  Prot = 0x0
	PROT_READ  Prot = 0x1
	PROT_WRITE Prot = 0x2
	PROT_EXEC  Prot = 0x4

	protMask = PROT_READ | PROT_WRITE | PROT_EXEC
)

// mapValidate is what MAP_SHARED_VALIDATE accepts besides the type: the
// LEGACY_MAP_MASK of include/linux/mman.h (MAP_SYNC is for DAX files only,
// which tamix does not have, so it fails with EOPNOTSUPP there).
const mapValidate = linuxabi.MAP_FIXED | linuxabi.MAP_ANONYMOUS | linuxabi.MAP_DENYWRITE |
	linuxabi.MAP_EXECUTABLE | linuxabi.MAP_UNINITIALIZED | linuxabi.MAP_GROWSDOWN | linuxabi.MAP_LOCKED |
	linuxabi.MAP_NORESERVE | linuxabi.MAP_POPULATE | linuxabi.MAP_NONBLOCK | linuxabi.MAP_STACK | linuxabi.MAP_HUGETLB |
	linuxabi.MAP_FIXED_NOREPLACE

// Signals and si_code values a Fault reports
// (include/uapi/asm-generic/signal.h, include/uapi/asm-generic/siginfo.h).
const (
	SIGBUS      = 7
	SIGKILL     = 9
	SIGSEGV     = 11
	SEGV_MAPERR = 1
	SEGV_ACCERR = 2
	BUS_ADRERR  = 2
)

// Address-space layout (see the package doc).
const (
	PageSize = 4096
	pageMask = PageSize - 1

	// TaskSize is the end of user VA: 48-bit VA (arm64 TASK_SIZE_64 with
	// VA_BITS=48).
	TaskSize = 1 << 48
	// MinAddr is the lowest mappable address, Debian's vm.mmap_min_addr
	// (CONFIG_DEFAULT_MMAP_MIN_ADDR=65536 on arm64); linuxabi.MAP_FIXED below it
	// fails with EPERM as security_mmap_addr makes it.
	MinAddr = 0x10000
	// MmapTop is where top-down address selection starts; the 2 GiB above
	// it are left for the stack.
	MmapTop = 0x0000_ffff_8000_0000
	// StackLimit bounds how far a linuxabi.MAP_GROWSDOWN mapping grows: the default
	// RLIMIT_STACK, 8 MiB.
	StackLimit = 8 << 20
	// stackGuardGap is the gap kept below a linuxabi.MAP_GROWSDOWN mapping
	// (mm/mmap.c stack_guard_gap, 256 pages).
	stackGuardGap = 256 * PageSize
	// maxMapCount is vm.max_map_count's default (DEFAULT_MAX_MAP_COUNT).
	maxMapCount = 65530
)

func pageDown(a uint64) uint64 { return a &^ pageMask }

// pageUp rounds a up to a page; it returns 0 on overflow, as PAGE_ALIGN
// wraps in Linux.
func pageUp(a uint64) uint64 { return (a + pageMask) &^ pageMask }

// inWindow reports whether [start, end) overlaps the kernel window.
func inWindow(start, end uint64) bool {
	return start < mmu.WindowEnd && end > mmu.WindowBase
}
