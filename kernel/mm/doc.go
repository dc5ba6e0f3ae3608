// Package mm implements Linux process address spaces for tamix: the VMA
// list behind mmap(2), munmap(2), mprotect(2), mremap(2), madvise(2) and
// brk(2), demand paging and copy-on-write through Fault, fork duplication,
// and the checked copies between kernel and user memory that syscall
// handlers use. The hardware view of a Space is an mmu.Table whose entries
// always carry exactly the permission of their VMA (read-only while a
// private page is shared copy-on-write), so EL0 is policed by the MMU and
// the kernel's copies are policed here.
//
// # Layout
//
// User VA is [0, TaskSize) minus the kernel window [mmu.WindowBase,
// mmu.WindowEnd), which no user mapping may touch: MAP_FIXED there fails
// with ENOMEM, as Linux fails out-of-range fixed mappings, and hints there
// are ignored. Nothing is mapped below MinAddr (vm.mmap_min_addr). Address
// selection without a usable hint is top-down from MmapTop, which leaves the
// 2 GiB above it to the stack (the caller maps it MAP_FIXED|MAP_GROWSDOWN
// just below TaskSize; it grows down on faults up to StackLimit).
//
// # Locking
//
// One RWMutex per Space. Fault and the mutating calls hold it exclusively;
// the copy fast path (page present with the needed user permission) holds
// it shared. Frames and shared-anonymous objects have their own mutexes,
// taken after the Space's and never the other way round. The Space lock is
// held while a file page is read in through Backing.ReadAt.
//
// # TLB
//
// After changing or removing a live user entry the Space calls
// Config.Flush(asid, va), or Config.FlushASID for large ranges and whenever
// an Unmap freed page-table frames (so walk caches drop them too). Flush
// must therefore be a form that also invalidates walk-cache entries (TLBI
// VAE1IS, not VALE1IS). Release flushes the whole ASID before returning it
// to the allocator.
package mm
