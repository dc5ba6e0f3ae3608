package mm

import (
	"errors"
	"reflect"
	"testing"

	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/mmu"
)

const base = 0x1000_0000 // a free user address for fixed mappings

func TestMmapErrors(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer s.Release()
	mustMmap(t, s, base, 4*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	f := &file{data: make([]byte, 100)}
	for _, c := range []struct {
		name   string
		addr   uint64
		length uint64
		prot   Prot
		flags  int
		b      Backing
		off    uint64
		want   linuxabi.Errno
	}{
		{"zero length", 0, 0, rw, anonPriv, nil, 0, linuxabi.EINVAL},
		{"no type", 0, PageSize, rw, linuxabi.MAP_ANONYMOUS, nil, 0, linuxabi.EINVAL},
		{"bad type", 0, PageSize, rw, 0x4 | linuxabi.MAP_ANONYMOUS, nil, 0, linuxabi.EINVAL},
		{"bad prot", 0, PageSize, 0x8, anonPriv, nil, 0, linuxabi.EINVAL},
		{"unaligned offset", 0, PageSize, rw, linuxabi.MAP_PRIVATE, f, 1, linuxabi.EINVAL},
		{"unaligned fixed", base + 1, PageSize, rw, anonPriv | linuxabi.MAP_FIXED, nil, 0, linuxabi.EINVAL},
		{"length overflow", 0, ^uint64(0), rw, anonPriv, nil, 0, linuxabi.ENOMEM},
		{"too long", 0, TaskSize + PageSize, rw, anonPriv, nil, 0, linuxabi.ENOMEM},
		{"fixed beyond TASK_SIZE", TaskSize - PageSize, 2 * PageSize, rw, anonPriv | linuxabi.MAP_FIXED, nil, 0, linuxabi.ENOMEM},
		{"fixed in window", mmu.WindowBase, PageSize, rw, anonPriv | linuxabi.MAP_FIXED, nil, 0, linuxabi.ENOMEM},
		{"fixed straddling window", mmu.WindowBase - PageSize, 2 * PageSize, rw, anonPriv | linuxabi.MAP_FIXED, nil, 0, linuxabi.ENOMEM},
		{"noreplace in window", mmu.WindowEnd - PageSize, PageSize, rw, anonPriv | linuxabi.MAP_FIXED_NOREPLACE, nil, 0, linuxabi.ENOMEM},
		{"fixed below mmap_min_addr", 0x1000, PageSize, rw, anonPriv | linuxabi.MAP_FIXED, nil, 0, linuxabi.EPERM},
		{"noreplace over mapping", base + PageSize, PageSize, rw, anonPriv | linuxabi.MAP_FIXED_NOREPLACE, nil, 0, linuxabi.EEXIST},
		{"noreplace partly over", base - PageSize, 2 * PageSize, rw, anonPriv | linuxabi.MAP_FIXED_NOREPLACE, nil, 0, linuxabi.EEXIST},
		{"file without backing", 0, PageSize, rw, linuxabi.MAP_PRIVATE, nil, 0, linuxabi.EBADF},
		{"shared file", 0, PageSize, rw, linuxabi.MAP_SHARED, f, 0, linuxabi.ENODEV},
		{"validate unknown flag", 0, PageSize, rw, linuxabi.MAP_SHARED_VALIDATE | linuxabi.MAP_ANONYMOUS | 0x40, nil, 0, linuxabi.EOPNOTSUPP},
		{"validate linuxabi.MAP_SYNC", 0, PageSize, rw, linuxabi.MAP_SHARED_VALIDATE | linuxabi.MAP_ANONYMOUS | linuxabi.MAP_SYNC, nil, 0, linuxabi.EOPNOTSUPP},
		{"hugetlb", 0, PageSize, rw, anonPriv | linuxabi.MAP_HUGETLB, nil, 0, linuxabi.ENOMEM},
	} {
		_, err := s.Mmap(c.addr, c.length, c.prot, c.flags, c.b, c.off)
		if err != c.want {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	if got := vmaList(s); !reflect.DeepEqual(got, [][3]uint64{{base, base + 4*PageSize, uint64(rw)}}) {
		t.Errorf("failed calls changed the VMAs: %x", got)
	}
}

func TestMmapAddressSelection(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer s.Release()
	// No hint: top-down from MmapTop, rounded length.
	a := mustMmap(t, s, 0, 100, rw, anonPriv)
	if a != MmapTop-PageSize {
		t.Fatalf("first mapping at %#x, want %#x", a, MmapTop-PageSize)
	}
	b := mustMmap(t, s, 0, 2*PageSize, rw, anonPriv)
	if b != a-2*PageSize {
		t.Fatalf("second mapping at %#x, want %#x", b, a-2*PageSize)
	}
	// Free hint honoured, rounded up to a page.
	if h := mustMmap(t, s, base+1, PageSize, rw, anonPriv); h != base+PageSize {
		t.Errorf("hint base+1 gave %#x, want %#x", h, base+PageSize)
	}
	// Taken hint: somewhere else, not over the existing mapping.
	h := mustMmap(t, s, base+PageSize, PageSize, rw, anonPriv)
	if h == base+PageSize {
		t.Errorf("taken hint reused")
	}
	// Hints in the kernel window and below mmap_min_addr are ignored.
	for _, hint := range []uint64{mmu.WindowBase, mmu.WindowEnd - PageSize, mmu.WindowBase - PageSize, 0x1000} {
		got := mustMmap(t, s, hint, 2*PageSize, rw, anonPriv)
		if inWindow(got, got+2*PageSize) || got < MinAddr {
			t.Errorf("hint %#x gave %#x", hint, got)
		}
	}
	if got := mustMmap(t, s, mmu.WindowEnd, PageSize, rw, anonPriv); got != mmu.WindowEnd {
		t.Errorf("hint just above the window gave %#x", got)
	}
}

func TestTopDownSkipsWindow(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer s.Release()
	// Fill everything from the window's end to MmapTop, then ask for more:
	// the new mapping must land below the window.
	mustMmap(t, s, mmu.WindowEnd, MmapTop-mmu.WindowEnd, PROT_NONE, anonPriv|linuxabi.MAP_FIXED|linuxabi.MAP_NORESERVE)
	a := mustMmap(t, s, 0, 3*PageSize, rw, anonPriv)
	if a != mmu.WindowBase-3*PageSize {
		t.Errorf("got %#x, want %#x", a, mmu.WindowBase-3*PageSize)
	}
	// Too large for what is left.
	if _, err := s.Mmap(0, mmu.WindowBase, rw, anonPriv, nil, 0); err != linuxabi.ENOMEM {
		t.Errorf("oversized mapping: %v, want ENOMEM", err)
	}
}

func TestMmapFixedReplaces(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	mustMmap(t, s, base, 3*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	mustOut(t, s, base, []byte{1})
	mustOut(t, s, base+PageSize, []byte{2})
	mustOut(t, s, base+2*PageSize, []byte{3})
	mustMmap(t, s, base+PageSize, PageSize, PROT_READ, anonPriv|linuxabi.MAP_FIXED)
	want := [][3]uint64{
		{base, base + PageSize, uint64(rw)},
		{base + PageSize, base + 2*PageSize, uint64(PROT_READ)},
		{base + 2*PageSize, base + 3*PageSize, uint64(rw)},
	}
	if got := vmaList(s); !reflect.DeepEqual(got, want) {
		t.Errorf("VMAs %x, want %x", got, want)
	}
	for i, w := range []byte{1, 0, 3} {
		if got := mustIn(t, s, base+uint64(i)*PageSize, 1)[0]; got != w {
			t.Errorf("page %d = %d, want %d", i, got, w)
		}
	}
	if st := s.Stats(); st.RSS != 3 || st.VmSize != 3*PageSize {
		t.Errorf("stats %+v", st)
	}
	s.Release()
	e.noLeaks(t)
}

func TestMunmapSplits(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	mustMmap(t, s, base, 8*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	for i := range uint64(8) {
		mustOut(t, s, base+i*PageSize, []byte{byte(i + 1)})
	}
	if err := s.Munmap(base+2*PageSize, 3*PageSize-100); err != nil { // rounds up to 3 pages
		t.Fatal(err)
	}
	want := [][3]uint64{{base, base + 2*PageSize, uint64(rw)}, {base + 5*PageSize, base + 8*PageSize, uint64(rw)}}
	if got := vmaList(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("VMAs %x, want %x", got, want)
	}
	if st := s.Stats(); st.RSS != 5 {
		t.Errorf("RSS %d, want 5", st.RSS)
	}
	if f := s.Fault(base+3*PageSize, false, false); f == nil || *f != (Fault{SIGSEGV, SEGV_MAPERR, base + 3*PageSize}) {
		t.Errorf("fault in hole: %+v", f)
	}
	if got := mustIn(t, s, base+5*PageSize, 1)[0]; got != 6 {
		t.Errorf("page after hole = %d", got)
	}
	// Holes and unmapped ranges are fine; bad arguments are not.
	if err := s.Munmap(base, 100*PageSize); err != nil {
		t.Errorf("munmap over holes: %v", err)
	}
	for _, c := range []struct{ addr, length uint64 }{{base + 1, PageSize}, {base, 0}, {TaskSize - PageSize, 2 * PageSize}, {TaskSize + PageSize, PageSize}} {
		if err := s.Munmap(c.addr, c.length); err != linuxabi.EINVAL {
			t.Errorf("Munmap(%#x, %#x) = %v, want EINVAL", c.addr, c.length, err)
		}
	}
	if len(vmaList(s)) != 0 || s.Stats().RSS != 0 {
		t.Errorf("left %x", vmaList(s))
	}
	s.Release()
	e.noLeaks(t)
}

func TestMprotect(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer func() { s.Release(); e.noLeaks(t) }()
	mustMmap(t, s, base, 4*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	mustOut(t, s, base+PageSize, []byte{7})
	if err := s.Mprotect(base+PageSize, 2*PageSize, PROT_READ); err != nil {
		t.Fatal(err)
	}
	want := [][3]uint64{
		{base, base + PageSize, uint64(rw)},
		{base + PageSize, base + 3*PageSize, uint64(PROT_READ)},
		{base + 3*PageSize, base + 4*PageSize, uint64(rw)},
	}
	if got := vmaList(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("VMAs %x, want %x", got, want)
	}
	// The hardware entry follows: readable, not writable, at EL0 and EL1.
	pa, a, _, _ := s.table.Lookup(base + PageSize)
	if !a.User.Read || a.User.Write || a.Kernel.Write || a.User.Exec || a.Kernel.Exec {
		t.Errorf("entry attrs %+v", a)
	}
	if e.phys.Bytes(pa)[0] != 7 {
		t.Errorf("data lost")
	}
	if err := s.CopyOut(base+PageSize, []byte{1}); err != linuxabi.EFAULT {
		t.Errorf("CopyOut to read-only: %v", err)
	}
	if f := s.Fault(base+PageSize, true, false); f == nil || f.Code != SEGV_ACCERR || f.Signo != SIGSEGV {
		t.Errorf("write fault on read-only: %+v", f)
	}
	// Restoring merges back into one VMA.
	if err := s.Mprotect(base+PageSize, 2*PageSize, rw); err != nil {
		t.Fatal(err)
	}
	if got := vmaList(s); !reflect.DeepEqual(got, [][3]uint64{{base, base + 4*PageSize, uint64(rw)}}) {
		t.Errorf("after restore %x", got)
	}
	// PROT_NONE: every access is SEGV_ACCERR, the kernel gets EFAULT.
	if err := s.Mprotect(base, PageSize, PROT_NONE); err != nil {
		t.Fatal(err)
	}
	if _, a, _, ok := s.table.Lookup(base + PageSize); !ok || !a.User.Write {
		t.Errorf("neighbour page changed: %+v", a)
	}
	for _, acc := range [][2]bool{{false, false}, {true, false}, {false, true}} {
		if f := s.Fault(base, acc[0], acc[1]); f == nil || f.Code != SEGV_ACCERR {
			t.Errorf("PROT_NONE fault %v: %+v", acc, f)
		}
	}
	if err := s.CopyIn(make([]byte, 1), base); err != linuxabi.EFAULT {
		t.Errorf("CopyIn from PROT_NONE: %v", err)
	}
	// Holes: ENOMEM, with the part before the hole changed, as Linux does.
	mustMmap(t, s, base+6*PageSize, PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	if err := s.Mprotect(base+3*PageSize, 4*PageSize, PROT_READ); err != linuxabi.ENOMEM {
		t.Errorf("mprotect over hole: %v", err)
	}
	if v := s.lookup(base + 3*PageSize); v.prot != PROT_READ {
		t.Errorf("part before the hole not changed")
	}
	if v := s.lookup(base + 6*PageSize); v.prot != rw {
		t.Errorf("part after the hole changed")
	}
	if err := s.Mprotect(base+20*PageSize, PageSize, PROT_READ); err != linuxabi.ENOMEM {
		t.Errorf("mprotect unmapped: %v", err)
	}
	for _, c := range []struct {
		addr uint64
		prot Prot
	}{{base + 1, PROT_READ}, {base, 0x10}} {
		if err := s.Mprotect(c.addr, PageSize, c.prot); err != linuxabi.EINVAL {
			t.Errorf("Mprotect(%#x, %d) = %v", c.addr, c.prot, err)
		}
	}
}

func TestExecAttrs(t *testing.T) {
	e := newEnv()
	var synced []uint64
	e.cfg.SyncICache = func(pa uint64) { synced = append(synced, pa) }
	s := e.space(t)
	defer s.Release()
	for i, c := range []struct {
		prot Prot
		want mmu.Attr
	}{
		{PROT_READ | PROT_EXEC, mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true}, User: mmu.Perm{Read: true, Exec: true}}},
		{PROT_EXEC, mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true}, User: mmu.Perm{Read: true, Exec: true}}},
		{rw | PROT_EXEC, mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true, Write: true}, User: mmu.Perm{Read: true, Write: true, Exec: true}}},
		{PROT_WRITE, mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true, Write: true}, User: mmu.Perm{Read: true, Write: true}}},
		{PROT_NONE, mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true}}},
	} {
		va := base + uint64(i)*PageSize
		mustMmap(t, s, va, PageSize, c.prot, anonPriv|linuxabi.MAP_FIXED|linuxabi.MAP_POPULATE)
		if c.prot == PROT_NONE {
			mustMmap(t, s, va, PageSize, rw, anonPriv|linuxabi.MAP_FIXED|linuxabi.MAP_POPULATE)
			if err := s.Mprotect(va, PageSize, PROT_NONE); err != nil {
				t.Fatal(err)
			}
		}
		_, a, _, ok := s.table.Lookup(va)
		if !ok || a != c.want {
			t.Errorf("prot %d: entry %+v, want %+v", c.prot, a, c.want)
		}
		if _, err := c.want.Descriptor(0, 3); err != nil {
			t.Errorf("prot %d: %v", c.prot, err)
		}
	}
	if len(synced) != 3 {
		t.Errorf("SyncICache called for %d frames, want 3", len(synced))
	}
	if f := s.Fault(base+3*PageSize, false, true); f == nil || f.Code != SEGV_ACCERR {
		t.Errorf("exec of non-exec page: %+v", f)
	}
	if f := s.Fault(base, false, true); f != nil {
		t.Errorf("exec of exec page: %+v", f)
	}
}

func TestPopulateOOM(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	e.phys.limit = 3
	if _, err := s.Mmap(base, 8*PageSize, rw, anonPriv|linuxabi.MAP_FIXED|linuxabi.MAP_POPULATE, nil, 0); err != linuxabi.ENOMEM {
		t.Errorf("populate beyond memory: %v", err)
	}
	if len(vmaList(s)) != 0 || e.phys.inUse() != 0 {
		t.Errorf("failed populate left %x, %d frames", vmaList(s), e.phys.inUse())
	}
	mustMmap(t, s, base, 8*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	mustOut(t, s, base, make([]byte, 3*PageSize))
	if f := s.Fault(base+3*PageSize, true, false); f == nil || f.Signo != SIGKILL {
		t.Errorf("fault out of memory: %+v", f)
	}
	if err := s.CopyOut(base+4*PageSize, []byte{1}); err != linuxabi.EFAULT {
		t.Errorf("CopyOut out of memory: %v", err)
	}
	s.Release()
	e.noLeaks(t)
}

func TestASIDs(t *testing.T) {
	var a asidAllocator
	seen := map[uint16]bool{}
	for range 1<<16 - 1 {
		id, err := a.alloc()
		if err != nil || id == 0 || seen[id] {
			t.Fatalf("alloc: %d, %v", id, err)
		}
		seen[id] = true
	}
	if _, err := a.alloc(); !errors.Is(err, linuxabi.ENOMEM) {
		t.Fatalf("exhausted: %v", err)
	}
	a.free(1234)
	if id, err := a.alloc(); id != 1234 || err != nil {
		t.Errorf("after free: %d, %v", id, err)
	}
	// Spaces get distinct ASIDs, in TTBR[63:48].
	e := newEnv()
	s1, s2 := e.space(t), e.space(t)
	if s1.ASID() == s2.ASID() || s1.TTBR()>>48 != uint64(s1.ASID()) || s1.TTBR()&(1<<48-1) != s1.table.Root {
		t.Errorf("ASIDs %d %d TTBR %#x", s1.ASID(), s2.ASID(), s1.TTBR())
	}
	s1.Release()
	s2.Release()
}
