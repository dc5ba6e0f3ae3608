package mm

import (
	"fmt"
	"github.com/tamix/tamix/linuxabi"
	"sync"
	"testing"
)

func TestForkCOW(t *testing.T) {
	for _, parentFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("parentFirst=%v", parentFirst), func(t *testing.T) {
			e := newEnv()
			var flushes int
			e.cfg.Flush = func(uint16, uint64) { flushes++ }
			p := e.space(t)
			mustMmap(t, p, base, 3*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
			mustMmap(t, p, base+8*PageSize, PageSize, PROT_READ, anonPriv|linuxabi.MAP_FIXED)
			mustOut(t, p, base, []byte("parent"))
			mustOut(t, p, base+PageSize, []byte("second"))
			mustIn(t, p, base+8*PageSize, 1)
			p.SetBrk(base + 20*PageSize)
			p.Brk(base + 22*PageSize)
			frames := e.phys.inUse()
			c, err := p.Fork()
			if err != nil {
				t.Fatal(err)
			}
			if e.phys.inUse() != frames {
				t.Errorf("fork copied frames: %d → %d", frames, e.phys.inUse())
			}
			if flushes != 2 {
				t.Errorf("%d flushes for 2 write-protected pages", flushes)
			}
			if got := string(mustIn(t, c, base, 6)); got != "parent" {
				t.Errorf("child sees %q", got)
			}
			if c.Stats().RSS != p.Stats().RSS || c.Stats().VmSize != p.Stats().VmSize {
				t.Errorf("stats differ: %+v %+v", c.Stats(), p.Stats())
			}
			if c.Brk(0) != base+22*PageSize {
				t.Errorf("child brk %#x", c.Brk(0))
			}
			// Child writes: private to the child.
			mustOut(t, c, base, []byte("child!"))
			if got := string(mustIn(t, p, base, 6)); got != "parent" {
				t.Errorf("parent sees child's write: %q", got)
			}
			// Parent writes the other page: private to the parent.
			mustOut(t, p, base+PageSize, []byte("PARENT"))
			if got := string(mustIn(t, c, base+PageSize, 6)); got != "second" {
				t.Errorf("child sees parent's write: %q", got)
			}
			// The hardware entries are writable again once broken.
			if _, a, _, _ := p.table.Lookup(base + PageSize); !a.User.Write {
				t.Errorf("parent page still read-only")
			}
			// A read-only mapping stays shared; mprotect keeps CoW.
			if err := c.Mprotect(base+8*PageSize, PageSize, rw); err != nil {
				t.Fatal(err)
			}
			if _, a, _, _ := c.table.Lookup(base + 8*PageSize); a.User.Write {
				t.Errorf("mprotect made a shared CoW page writable")
			}
			mustOut(t, c, base+8*PageSize, []byte{5})
			if got := mustIn(t, p, base+8*PageSize, 1)[0]; got != 0 {
				t.Errorf("parent sees %d", got)
			}
			// Pages faulted after fork are independent.
			mustOut(t, c, base+2*PageSize, []byte{1})
			if got := mustIn(t, p, base+2*PageSize, 1)[0]; got != 0 {
				t.Errorf("parent sees child's new page")
			}
			// Last sharer of the page that the child broke: parent writes in place.
			pa0, _, _, _ := p.table.Lookup(base)
			mustOut(t, p, base, []byte("P"))
			if pa, _, _, _ := p.table.Lookup(base); pa != pa0 {
				t.Errorf("sole owner copied its page")
			}
			if parentFirst {
				p.Release()
				if got := string(mustIn(t, c, base+PageSize, 6)); got != "second" {
					t.Errorf("child after parent exit: %q", got)
				}
				c.Release()
			} else {
				c.Release()
				if got := string(mustIn(t, p, base+PageSize, 6)); got != "PARENT" {
					t.Errorf("parent after child exit: %q", got)
				}
				p.Release()
			}
			e.noLeaks(t)
		})
	}
}

func TestSharedAnonAfterFork(t *testing.T) {
	e := newEnv()
	p := e.space(t)
	a := mustMmap(t, p, 0, 2*PageSize, rw, anonShr)
	mustOut(t, p, a, []byte{1})
	c, err := p.Fork()
	if err != nil {
		t.Fatal(err)
	}
	mustOut(t, c, a, []byte{2})
	if got := mustIn(t, p, a, 1)[0]; got != 2 {
		t.Errorf("parent sees %d, want the child's 2", got)
	}
	// A page neither had touched before fork is shared too.
	mustOut(t, p, a+PageSize, []byte{3})
	if got := mustIn(t, c, a+PageSize, 1)[0]; got != 3 {
		t.Errorf("child sees %d, want 3", got)
	}
	// DONTNEED on shared memory keeps the data.
	if err := c.Madvise(a, PageSize, linuxabi.MADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
	if got := mustIn(t, c, a, 1)[0]; got != 2 {
		t.Errorf("shared page after DONTNEED: %d", got)
	}
	if err := c.Madvise(a, PageSize, linuxabi.MADV_FREE); err == nil {
		t.Errorf("linuxabi.MADV_FREE on shared memory accepted")
	}
	// Partial munmap in the parent leaves the child's view.
	if err := p.Munmap(a, PageSize); err != nil {
		t.Fatal(err)
	}
	mustOut(t, p, a+PageSize, []byte{4})
	if got := mustIn(t, c, a+PageSize, 1)[0]; got != 4 {
		t.Errorf("child sees %d, want 4", got)
	}
	// Mremap moves the shared mapping; still shared.
	na, err := p.Mremap(a+PageSize, PageSize, 4*PageSize, linuxabi.MREMAP_MAYMOVE, 0)
	if err != nil {
		t.Fatal(err)
	}
	mustOut(t, p, na, []byte{6})
	if got := mustIn(t, c, a+PageSize, 1)[0]; got != 6 {
		t.Errorf("child sees %d after parent's mremap, want 6", got)
	}
	p.Release()
	if got := mustIn(t, c, a, 1)[0]; got != 2 {
		t.Errorf("child after parent exit: %d", got)
	}
	c.Release()
	e.noLeaks(t)
}

func TestForkOOM(t *testing.T) {
	e := newEnv()
	p := e.space(t)
	mustMmap(t, p, base, PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	mustMmap(t, p, 0x10_0000_0000, PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	mustOut(t, p, base, []byte{1})
	mustOut(t, p, 0x10_0000_0000, []byte{1})
	e.tables.Limit = e.tables.InUse() + 3 // root, L1 for the child, then out
	if _, err := p.Fork(); err == nil {
		t.Fatal("fork without table memory succeeded")
	}
	e.tables.Limit = 0
	mustOut(t, p, base, []byte{2})
	if got := mustIn(t, p, base, 1)[0]; got != 2 {
		t.Errorf("parent broken after failed fork")
	}
	p.Release()
	e.noLeaks(t)
}

func TestReleaseNoLeaks(t *testing.T) {
	e := newEnv()
	var asidFlushes []uint16
	e.cfg.FlushASID = func(a uint16) { asidFlushes = append(asidFlushes, a) }
	s := e.space(t)
	f := &file{data: make([]byte, 3*PageSize)}
	mustMmap(t, s, 0, 64*PageSize, rw, anonPriv|linuxabi.MAP_POPULATE)
	mustMmap(t, s, 0, 8*PageSize, rw, anonShr|linuxabi.MAP_POPULATE)
	if _, err := s.Mmap(0, 3*PageSize, PROT_READ, linuxabi.MAP_PRIVATE|linuxabi.MAP_POPULATE, f, 0); err != nil {
		t.Fatal(err)
	}
	mustMmap(t, s, 0x7fff_0000, 16*PageSize, rw, anonPriv|linuxabi.MAP_FIXED|linuxabi.MAP_POPULATE)
	if st := s.Stats(); st.RSS != 64+8+3+16 || st.PageTables == 0 {
		t.Errorf("stats %+v", st)
	}
	asid := s.ASID()
	s.Release()
	e.noLeaks(t)
	if len(asidFlushes) == 0 || asidFlushes[len(asidFlushes)-1] != asid {
		t.Errorf("ASID %d not flushed on release: %v", asid, asidFlushes)
	}
}

func TestConcurrentFaultsAndCopies(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	const pages = 64
	a := mustMmap(t, s, 0, pages*PageSize, rw, anonPriv)
	c, err := s.Fork() // so writes break CoW concurrently too
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			buf := make([]byte, 16)
			for i := range pages {
				va := a + uint64((i+g*7)%pages)*PageSize + uint64(g*16)
				if f := s.Fault(va, g%2 == 0, false); f != nil {
					t.Errorf("fault: %+v", f)
					return
				}
				out := []byte(fmt.Sprintf("g%02d-%012d", g, i))
				if err := s.CopyOut(va, out); err != nil {
					t.Error(err)
					return
				}
				if err := s.CopyIn(buf, va); err != nil {
					t.Error(err)
					return
				}
				if string(buf) != string(out) {
					t.Errorf("read %q, wrote %q", buf, out)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 200 {
			b := mustMmap(t, s, 0, PageSize, rw, anonPriv)
			mustOut(t, s, b, []byte{byte(i)})
			if err := s.Munmap(b, PageSize); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	if st := s.Stats(); st.RSS != pages {
		t.Errorf("RSS %d, want %d", st.RSS, pages)
	}
	s.Release()
	c.Release()
	e.noLeaks(t)
}

func BenchmarkFault(b *testing.B) {
	e := newEnv()
	s := e.space(b)
	defer s.Release()
	const n = 1024
	a := mustMmap(b, s, 0, n*PageSize, rw, anonPriv)
	i := 0
	for b.Loop() {
		if i == n {
			b.StopTimer()
			s.Madvise(a, n*PageSize, linuxabi.MADV_DONTNEED)
			i = 0
			b.StartTimer()
		}
		if f := s.Fault(a+uint64(i)*PageSize, true, false); f != nil {
			b.Fatal(f)
		}
		i++
	}
}

func BenchmarkCopyIn(b *testing.B) {
	e := newEnv()
	s := e.space(b)
	defer s.Release()
	a := mustMmap(b, s, 0, 4*PageSize, rw, anonPriv|linuxabi.MAP_POPULATE)
	buf := make([]byte, 256)
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		if err := s.CopyIn(buf, a+PageSize-128); err != nil {
			b.Fatal(err)
		}
	}
}
