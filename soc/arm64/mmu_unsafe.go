//go:build tamago

package arm64

import (
	"sync/atomic"
	"unsafe"

	"github.com/tamix/tamix/soc/arm64/mmu"
)

var imageSymbols [4]uint64 // text, etext, noptrdata, end (cpu_arm64.s)

func FlushTLB()
func switchTTBR0(ttbr, offset uint64)

// TableMemory gives mmu tables their frames through the linear map.
type TableMemory struct {
	AllocFrame func() (uint64, error)
	FreeFrame  func(uint64)
}

func (m *TableMemory) entry(pa uint64, i int) *uint64 {
	va, ok := PhysToVirt(pa)
	if !ok {
		panic("arm64: translation table outside the linear map")
	}
	return (*uint64)(unsafe.Pointer(va + uintptr(8*i)))
}

// Alloc returns a zeroed frame.
func (m *TableMemory) Alloc() (uint64, error) {
	pa, err := m.AllocFrame()
	if err != nil {
		return 0, err
	}
	clear(PhysBytes(pa, 4096))
	return pa, nil
}

func (m *TableMemory) Free(pa uint64)                   { m.FreeFrame(pa) }
func (m *TableMemory) Load(pa uint64, i int) uint64     { return atomic.LoadUint64(m.entry(pa, i)) }
func (m *TableMemory) Store(pa uint64, i int, v uint64) { atomic.StoreUint64(m.entry(pa, i), v) }

// KernelTable is the kernel window built by InstallKernelTable.
var KernelTable *mmu.Table

// UseKernelTable points TTBR0_EL1 back at the kernel's table, which
// holds the same window as every user space: after RunUser the CPU keeps
// translating through the last task's tables, which must not be freed
// while it does.
func UseKernelTable() { setTTBR0(mmu.TTBR(KernelTable.Root, 0)) }

func setTTBR0(ttbr uint64)

// InstallKernelTable replaces the boot tables with the final kernel
// window: the RAM linear map with the image's text read-only and
// executable, its read-only data non-executable, everything else
// read-write and non-executable, and the devices EL1-only and never
// executable (docs/memory.md).
func InstallKernelTable(m *TableMemory, ramSize, mmioPA, mmioSize uint64) error {
	text, etext, noptrdata := imageSymbols[0], imageSymbols[1], imageSymbols[2]
	etext = (etext + 0xfff) &^ 0xfff
	header := text &^ 0xffff // the Image header page(s) below text
	if text-header > 0x1000 {
		header = text - 0x1000
	}
	ro := mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true}, Global: true}
	rx := ro
	rx.Kernel.Exec = true
	seg := func(lo, hi uint64, a mmu.Attr) mmu.Segment {
		return mmu.Segment{VA: lo, PA: VirtToPhys(uintptr(lo)), Size: hi - lo, Attr: a}
	}
	image := []mmu.Segment{
		seg(header, text, ro),
		seg(text, etext, rx),
		seg(etext, noptrdata&^0xfff, ro),
	}
	t, err := mmu.KernelWindow(m, ramBasePA, ramSize, image, mmioPA, mmioSize)
	if err != nil {
		return err
	}
	// Identity map of the GiB holding the image, for the switch only.
	textPA := VirtToPhys(uintptr(text))
	id := textPA &^ (1<<30 - 1)
	rwx := mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true, Write: true, Exec: true}, Global: true}
	if err := t.Map(id, id, 1<<30, rwx); err != nil {
		return err
	}
	switchTTBR0(mmu.TTBR(t.Root, 0), text-textPA)
	if err := t.Unmap(id, 1<<30); err != nil {
		return err
	}
	FlushTLB()
	KernelTable = t
	return nil
}

// WriteKernelText stores to the first word of kernel text, which the
// kernel window maps read-only: a self-test of the MMU's protection (it
// must fault).
func WriteKernelText() {
	*(*uint32)(unsafe.Pointer(uintptr(imageSymbols[0]))) = 0
}
