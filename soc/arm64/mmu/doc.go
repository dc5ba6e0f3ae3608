// Package mmu builds AArch64 stage 1 translation tables for the EL1&0
// regime as data: 4 KiB granule, 48-bit virtual addresses, four levels L0 to
// L3 (Arm ARM DDI 0487, chapter D8 "The AArch64 Virtual Memory System
// Architecture"; descriptor formats in D8.3, access permissions and memory
// attributes in D8.4). The package never touches system registers, barriers
// or TLBs; it computes descriptors and register values (TTBR, TCR, MAIR) and
// reaches table frames only through the Memory interface.
//
// # Address space layout
//
// tamix runs everything through TTBR0_EL1 (TCR_EL1.EPD1 disables TTBR1
// walks). Each address space is a Table covering VA [0, 2^48):
//
//	[0, 2 GiB)        user
//	[2 GiB, 3 GiB)    kernel window: MMIO, at WindowBase + (PA - mmioPA)
//	[3 GiB, 4 GiB)    kernel window: RAM linear map, at LinearBase + (PA - ramPA)
//	[4 GiB, 2^48)     user
//
// The kernel window holds EL1-only, global (nG=0) entries, so they live in
// the TLB across ASID switches; user entries are not global and are tagged
// with the ASID that TTBR carries.
//
// # Kernel window sharing rule
//
// The two window gigabytes are L1 entries 2 and 3 of the L1 table under
// L0[0]. KernelWindow builds the kernel's Table with an L2 table in each of
// those slots, and every address space points its own slots 2 and 3 at the
// very same L2 tables (ShareL1). A kernel mapping added later is therefore
// seen by every address space at once, and the window costs an address
// space no table frames besides its root and its L1 table.
//
// This works only while the window's L1 entries are table descriptors, so:
//
//   - Map never uses a 1 GiB block in [WindowBase, WindowEnd): a block
//     there could not be shared, and replacing it later would need changing
//     every address space;
//   - a shared slot is pinned: Unmap never frees its L2 table nor clears
//     its L1 entry, in the lending Table or the borrowing one, and Release
//     leaves it alone;
//   - a borrowing Table treats the slot as read-only: Map, Unmap and
//     Protect there fail with ErrShared, so window changes go through the
//     kernel's Table (and its lock).
//
// # Caller duties
//
// A Table is not safe for concurrent use. After changing a live table the
// caller must make the stores visible to the walker (DSB ISHST) and
// invalidate the TLB (TLBI by VA or ASID, then DSB ISH and ISB). Changes of
// output address, memory type or block size of a live mapping need
// break-before-make (Arm ARM D8, "Using break-before-make when updating
// translation table entries"); this package does not do it for the caller.
// Tables built with New and KernelWindow carry the sharing state; construct
// Tables only with them.
package mmu
