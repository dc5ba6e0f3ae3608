package mm

import "github.com/tamix/tamix/soc/arm64/mmu"

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

// mmap(2) flags, arm64 uses the generic values
// (include/uapi/linux/mman.h, include/uapi/asm-generic/mman-common.h,
// include/uapi/asm-generic/mman.h).
const (
	MAP_SHARED          = 0x01
	MAP_PRIVATE         = 0x02
	MAP_SHARED_VALIDATE = 0x03
	MAP_TYPE            = 0x0f
	MAP_FIXED           = 0x10
	MAP_ANONYMOUS       = 0x20
	MAP_GROWSDOWN       = 0x0100
	MAP_DENYWRITE       = 0x0800
	MAP_EXECUTABLE      = 0x1000
	MAP_LOCKED          = 0x2000
	MAP_NORESERVE       = 0x4000
	MAP_POPULATE        = 0x8000
	MAP_NONBLOCK        = 0x10000
	MAP_STACK           = 0x20000
	MAP_HUGETLB         = 0x40000
	MAP_SYNC            = 0x80000
	MAP_FIXED_NOREPLACE = 0x100000
	MAP_UNINITIALIZED   = 0x4000000
)

// mapValidate is what MAP_SHARED_VALIDATE accepts besides the type: the
// LEGACY_MAP_MASK of include/linux/mman.h (MAP_SYNC is for DAX files only,
// which tamix does not have, so it fails with EOPNOTSUPP there).
const mapValidate = MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE |
	MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED |
	MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB |
	MAP_FIXED_NOREPLACE

// mremap(2) flags (include/uapi/linux/mman.h).
const (
	MREMAP_MAYMOVE   = 1
	MREMAP_FIXED     = 2
	MREMAP_DONTUNMAP = 4
)

// madvise(2) advice values (include/uapi/asm-generic/mman-common.h).
const (
	MADV_NORMAL     = 0
	MADV_RANDOM     = 1
	MADV_SEQUENTIAL = 2
	MADV_WILLNEED   = 3
	MADV_DONTNEED   = 4
	MADV_FREE       = 8
	MADV_HUGEPAGE   = 14
	MADV_NOHUGEPAGE = 15
)

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
	// (CONFIG_DEFAULT_MMAP_MIN_ADDR=65536 on arm64); MAP_FIXED below it
	// fails with EPERM as security_mmap_addr makes it.
	MinAddr = 0x10000
	// MmapTop is where top-down address selection starts; the 2 GiB above
	// it are left for the stack.
	MmapTop = 0x0000_ffff_8000_0000
	// StackLimit bounds how far a MAP_GROWSDOWN mapping grows: the default
	// RLIMIT_STACK, 8 MiB.
	StackLimit = 8 << 20
	// stackGuardGap is the gap kept below a MAP_GROWSDOWN mapping
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
