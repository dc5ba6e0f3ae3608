package mm

import (
	"github.com/tamix/tamix/linuxabi"
	"testing"

	"github.com/tamix/tamix/soc/arm64/mmu"
)

// TestKernelWindowShared checks that spaces borrow the kernel window, never
// touch it and leave its tables alone on release.
func TestKernelWindowShared(t *testing.T) {
	e := newEnv()
	k, err := mmu.KernelWindow(e.tables, 0x4000_0000, 64<<20, nil, 0x3f00_0000, 16<<20)
	if err != nil {
		t.Fatal(err)
	}
	e.cfg.Window = k
	kernelTables := e.tables.InUse()
	p := e.space(t)
	if _, a, _, ok := p.table.Lookup(mmu.LinearBase + 0x1000); !ok || a.User.Read {
		t.Fatalf("window not shared: %v %+v", ok, a)
	}
	mustMmap(t, p, mmu.WindowBase-PageSize, PageSize, rw, anonPriv|linuxabi.MAP_FIXED|linuxabi.MAP_POPULATE)
	mustMmap(t, p, mmu.WindowEnd, PageSize, rw, anonPriv|linuxabi.MAP_FIXED|linuxabi.MAP_POPULATE)
	c, err := p.Fork()
	if err != nil {
		t.Fatal(err)
	}
	if c.Stats().RSS != 2 {
		t.Errorf("child RSS %d: window pages counted?", c.Stats().RSS)
	}
	if err := c.CopyIn(make([]byte, 8), mmu.LinearBase); err == nil {
		t.Errorf("CopyIn from the kernel's linear map succeeded")
	}
	// Munmap across the window is fine and leaves it mapped.
	if err := p.Munmap(mmu.WindowBase-PageSize, mmu.WindowEnd-mmu.WindowBase+2*PageSize); err != nil {
		t.Fatal(err)
	}
	if _, _, _, ok := p.table.Lookup(mmu.LinearBase); !ok {
		t.Errorf("munmap removed the window")
	}
	p.Release()
	c.Release()
	if e.phys.inUse() != 0 || e.tables.InUse() != kernelTables {
		t.Errorf("leak: %d frames, %d tables (kernel has %d)", e.phys.inUse(), e.tables.InUse(), kernelTables)
	}
	if _, _, _, ok := k.Lookup(mmu.LinearBase); !ok {
		t.Errorf("kernel window damaged")
	}
}
