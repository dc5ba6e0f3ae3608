package linuxabi

// mmap(2), mprotect(2), mremap(2), madvise(2) and msync(2) values
// (include/uapi/asm-generic/mman-common.h, mman.h; arm64 adds PROT_BTI
// and PROT_MTE in arch/arm64/include/uapi/asm/mman.h).
const (
	PROT_NONE      = 0x0
	PROT_READ      = 0x1
	PROT_WRITE     = 0x2
	PROT_EXEC      = 0x4
	PROT_BTI       = 0x10
	PROT_MTE       = 0x20
	PROT_GROWSDOWN = 0x01000000
	PROT_GROWSUP   = 0x02000000

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

	MREMAP_MAYMOVE   = 1
	MREMAP_FIXED     = 2
	MREMAP_DONTUNMAP = 4

	MADV_NORMAL     = 0
	MADV_RANDOM     = 1
	MADV_SEQUENTIAL = 2
	MADV_WILLNEED   = 3
	MADV_DONTNEED   = 4
	MADV_FREE       = 8
	MADV_REMOVE     = 9
	MADV_DONTFORK   = 10
	MADV_DOFORK     = 11
	MADV_HUGEPAGE   = 14
	MADV_NOHUGEPAGE = 15

	MS_ASYNC      = 1
	MS_INVALIDATE = 2
	MS_SYNC       = 4
)
