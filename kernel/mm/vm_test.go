package mm

import (
	"reflect"
	"testing"

	"github.com/tamix/tamix/linuxabi"
)

func TestBrk(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer func() { s.Release(); e.noLeaks(t) }()
	start := uint64(base + 100) // ELF end, unaligned
	s.SetBrk(start)
	if got := s.Brk(0); got != start {
		t.Fatalf("query: %#x", got)
	}
	if got := s.Brk(start - 1); got != start {
		t.Errorf("below start: %#x", got)
	}
	// Within the already-mapped page: no VMA (the ELF's page holds it).
	if got := s.Brk(start + 10); got != start+10 || len(vmaList(s)) != 0 {
		t.Errorf("within the page: %#x, %x", got, vmaList(s))
	}
	nb := uint64(base + 3*PageSize + 5)
	if got := s.Brk(nb); got != nb {
		t.Fatalf("grow: %#x", got)
	}
	want := [][3]uint64{{base + PageSize, base + 4*PageSize, uint64(rw)}}
	if got := vmaList(s); !reflect.DeepEqual(got, want) {
		t.Fatalf("VMAs %x, want %x", got, want)
	}
	mustOut(t, s, base+3*PageSize, []byte{9})
	mustOut(t, s, base+PageSize, []byte{9})
	// Shrink frees pages.
	if got := s.Brk(base + 2*PageSize); got != base+2*PageSize || s.Stats().RSS != 1 {
		t.Errorf("shrink: %#x, RSS %d", got, s.Stats().RSS)
	}
	// Grow back: the page reads zero.
	s.Brk(nb)
	if got := mustIn(t, s, base+3*PageSize, 1)[0]; got != 0 {
		t.Errorf("regrown page = %d", got)
	}
	// Collision: a mapping at the target (or just above it, the guard page).
	mustMmap(t, s, base+10*PageSize, PageSize, PROT_READ, anonPriv|linuxabi.MAP_FIXED)
	for _, to := range []uint64{base + 10*PageSize + 1, base + 10*PageSize, base + 9*PageSize + 1} {
		if got := s.Brk(to); got != nb {
			t.Errorf("Brk(%#x) across a mapping = %#x, want %#x", to, got, nb)
		}
	}
	if got := s.Brk(base + 9*PageSize); got != base+9*PageSize {
		t.Errorf("up to the guard page: %#x", got)
	}
	// Not into the kernel window.
	s2 := e.space(t)
	defer s2.Release()
	s2.SetBrk(0x7ff0_0000)
	if got := s2.Brk(0x8000_1000); got != 0x7ff0_0000 {
		t.Errorf("brk into the window: %#x", got)
	}
}

func TestMremap(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer func() { s.Release(); e.noLeaks(t) }()
	mustMmap(t, s, base, 2*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	mustOut(t, s, base, []byte{1})
	mustOut(t, s, base+PageSize, []byte{2})
	// Grow in place.
	if a, err := s.Mremap(base, 2*PageSize, 4*PageSize, 0, 0); a != base || err != nil {
		t.Fatalf("grow in place: %#x, %v", a, err)
	}
	if got := vmaList(s); !reflect.DeepEqual(got, [][3]uint64{{base, base + 4*PageSize, uint64(rw)}}) {
		t.Errorf("VMAs %x", got)
	}
	// Blocked above: ENOMEM without MAYMOVE, a move with it.
	mustMmap(t, s, base+4*PageSize, PageSize, PROT_READ, anonPriv|linuxabi.MAP_FIXED)
	if _, err := s.Mremap(base, 4*PageSize, 8*PageSize, 0, 0); err != linuxabi.ENOMEM {
		t.Errorf("blocked grow: %v", err)
	}
	a, err := s.Mremap(base, 4*PageSize, 8*PageSize, linuxabi.MREMAP_MAYMOVE, 0)
	if err != nil || a == base {
		t.Fatalf("move: %#x, %v", a, err)
	}
	if got := mustIn(t, s, a, 1)[0]; got != 1 {
		t.Errorf("moved page 0 = %d", got)
	}
	if got := mustIn(t, s, a+PageSize, 1)[0]; got != 2 {
		t.Errorf("moved page 1 = %d", got)
	}
	if f := s.Fault(base, false, false); f == nil || f.Code != SEGV_MAPERR {
		t.Errorf("old range still mapped: %+v", f)
	}
	if st := s.Stats(); st.RSS != 2 || st.VmSize != 9*PageSize {
		t.Errorf("stats %+v", st)
	}
	// Fixed move replacing a mapping, shrinking on the way.
	dst := uint64(base + 100*PageSize)
	mustMmap(t, s, dst, PageSize, PROT_READ, anonPriv|linuxabi.MAP_FIXED)
	if b, err := s.Mremap(a, 8*PageSize, PageSize, linuxabi.MREMAP_MAYMOVE|linuxabi.MREMAP_FIXED, dst); b != dst || err != nil {
		t.Fatalf("fixed: %#x, %v", b, err)
	}
	if got := mustIn(t, s, dst, 1)[0]; got != 1 || s.lookup(dst).prot != rw || s.Stats().RSS != 1 {
		t.Errorf("after fixed move: %d, RSS %d", got, s.Stats().RSS)
	}
	// Shrink in place.
	mustMmap(t, s, base, 4*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	if b, err := s.Mremap(base, 4*PageSize, PageSize, 0, 0); b != base || err != nil || s.lookup(base).end != base+PageSize {
		t.Errorf("shrink: %#x, %v", b, err)
	}
	for _, c := range []struct {
		name            string
		old, oldLen, nl uint64
		flags           int
		newAddr         uint64
		want            linuxabi.Errno
	}{
		{"unaligned", base + 1, PageSize, PageSize, 0, 0, linuxabi.EINVAL},
		{"bad flags", base, PageSize, PageSize, 8, 0, linuxabi.EINVAL},
		{"fixed without maymove", base, PageSize, PageSize, linuxabi.MREMAP_FIXED, dst, linuxabi.EINVAL},
		{"zero new length", base, PageSize, 0, 0, 0, linuxabi.EINVAL},
		{"overlapping fixed", base, PageSize, 2 * PageSize, linuxabi.MREMAP_MAYMOVE | linuxabi.MREMAP_FIXED, base + PageSize - PageSize, linuxabi.EINVAL},
		{"fixed into window", base, PageSize, PageSize, linuxabi.MREMAP_MAYMOVE | linuxabi.MREMAP_FIXED, 0x8000_0000, linuxabi.ENOMEM},
		{"unmapped", base + 50*PageSize, PageSize, 2 * PageSize, linuxabi.MREMAP_MAYMOVE, 0, linuxabi.EFAULT},
		{"across VMAs", base, 2 * PageSize, 3 * PageSize, linuxabi.MREMAP_MAYMOVE, 0, linuxabi.EFAULT},
		{"dontunmap", base, PageSize, PageSize, linuxabi.MREMAP_MAYMOVE | linuxabi.MREMAP_DONTUNMAP, 0, linuxabi.EINVAL},
	} {
		if _, err := s.Mremap(c.old, c.oldLen, c.nl, c.flags, c.newAddr); err != c.want {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func TestMadvise(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer func() { s.Release(); e.noLeaks(t) }()
	mustMmap(t, s, base, 4*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	for i := range uint64(4) {
		mustOut(t, s, base+i*PageSize, []byte{byte(i + 1)})
	}
	if err := s.Madvise(base+PageSize, PageSize, linuxabi.MADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
	if err := s.Madvise(base+2*PageSize, 1, linuxabi.MADV_FREE); err != nil {
		t.Fatal(err)
	}
	for i, w := range []byte{1, 0, 0, 4} {
		if got := mustIn(t, s, base+uint64(i)*PageSize, 1)[0]; got != w {
			t.Errorf("page %d = %d, want %d", i, got, w)
		}
	}
	for _, adv := range []int{linuxabi.MADV_NORMAL, linuxabi.MADV_RANDOM, linuxabi.MADV_SEQUENTIAL, linuxabi.MADV_WILLNEED, linuxabi.MADV_HUGEPAGE, linuxabi.MADV_NOHUGEPAGE} {
		if err := s.Madvise(base, 4*PageSize, adv); err != nil {
			t.Errorf("advice %d: %v", adv, err)
		}
	}
	if got := mustIn(t, s, base+3*PageSize, 1)[0]; got != 4 {
		t.Errorf("hint changed data")
	}
	for _, c := range []struct {
		addr, length uint64
		advice       int
		want         error
	}{
		{base, PageSize, 99, linuxabi.EINVAL},
		{base, PageSize, 9 /* MADV_REMOVE */, linuxabi.EINVAL},
		{base + 1, PageSize, linuxabi.MADV_DONTNEED, linuxabi.EINVAL},
		{base, 0, linuxabi.MADV_DONTNEED, nil},
		{base + 3*PageSize, 2 * PageSize, linuxabi.MADV_DONTNEED, linuxabi.ENOMEM},
		{base + 10*PageSize, PageSize, linuxabi.MADV_WILLNEED, linuxabi.ENOMEM},
	} {
		if err := s.Madvise(c.addr, c.length, c.advice); err != c.want {
			t.Errorf("Madvise(%#x, %#x, %d) = %v, want %v", c.addr, c.length, c.advice, err, c.want)
		}
	}
	// The ENOMEM call still dropped the mapped page.
	if got := mustIn(t, s, base+3*PageSize, 1)[0]; got != 0 {
		t.Errorf("page 3 = %d after DONTNEED over a hole", got)
	}
}
