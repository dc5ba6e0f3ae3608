package mm

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/mmu"
)

func TestFaultKinds(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer func() { s.Release(); e.noLeaks(t) }()
	mustMmap(t, s, base, PageSize, PROT_READ, anonPriv|linuxabi.MAP_FIXED)
	mustMmap(t, s, base+PageSize, PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	for _, c := range []struct {
		name        string
		va          uint64
		write, exec bool
		want        *Fault
	}{
		{"read demand-zero", base + 5, false, false, nil},
		{"write read-only", base, true, false, &Fault{SIGSEGV, SEGV_ACCERR, base}},
		{"exec non-exec", base + 8, false, true, &Fault{SIGSEGV, SEGV_ACCERR, base + 8}},
		{"write rw", base + PageSize + 1, true, false, nil},
		{"unmapped", base + 2*PageSize, false, false, &Fault{SIGSEGV, SEGV_MAPERR, base + 2*PageSize}},
		{"null", 0, false, false, &Fault{SIGSEGV, SEGV_MAPERR, 0}},
		{"kernel window", mmu.LinearBase + 16, false, false, &Fault{SIGSEGV, SEGV_MAPERR, mmu.LinearBase + 16}},
		{"beyond TASK_SIZE", TaskSize + 4, false, false, &Fault{SIGSEGV, SEGV_MAPERR, TaskSize + 4}},
	} {
		f := s.Fault(c.va, c.write, c.exec)
		if (f == nil) != (c.want == nil) || f != nil && *f != *c.want {
			t.Errorf("%s: %+v, want %+v", c.name, f, c.want)
		}
	}
	if got := s.Stats().RSS; got != 2 {
		t.Errorf("RSS %d, want 2", got)
	}
	// A resolved fault again is spurious, not a new page.
	if f := s.Fault(base, false, false); f != nil || s.Stats().RSS != 2 {
		t.Errorf("spurious fault: %+v, RSS %d", f, s.Stats().RSS)
	}
}

func TestCopyBoundaries(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer func() { s.Release(); e.noLeaks(t) }()
	// [base, base+2p) rw, [base+2p, base+3p) read-only, then a hole.
	mustMmap(t, s, base, 2*PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	mustMmap(t, s, base+2*PageSize, PageSize, PROT_READ, anonPriv|linuxabi.MAP_FIXED)
	data := bytes.Repeat([]byte("abcdefgh"), PageSize/4) // 2 pages
	mustOut(t, s, base, data)
	if got := mustIn(t, s, base+PageSize-3, 6); string(got) != string(data[PageSize-3:PageSize+3]) {
		t.Errorf("across page boundary: %q", got)
	}
	// Writing across into the read-only page: EFAULT, the writable part written.
	src := bytes.Repeat([]byte{0xee}, 10)
	if err := s.CopyOut(base+2*PageSize-4, src); err != linuxabi.EFAULT {
		t.Errorf("CopyOut into read-only: %v", err)
	}
	if got := mustIn(t, s, base+2*PageSize-4, 8); !bytes.Equal(got, []byte{0xee, 0xee, 0xee, 0xee, 0, 0, 0, 0}) {
		t.Errorf("after partial CopyOut: %x", got)
	}
	// Reading across into the hole: EFAULT, the mapped part copied.
	dst := make([]byte, 8)
	if err := s.CopyIn(dst, base+3*PageSize-4); err != linuxabi.EFAULT {
		t.Errorf("CopyIn into hole: %v", err)
	}
	if err := s.CopyIn(dst, TaskSize-4); err != linuxabi.EFAULT {
		t.Errorf("CopyIn beyond TASK_SIZE: %v", err)
	}
	if err := s.CopyIn(dst, mmu.LinearBase); err != linuxabi.EFAULT {
		t.Errorf("CopyIn from the kernel window: %v", err)
	}
	if err := s.CopyOut(mmu.LinearBase, dst); err != linuxabi.EFAULT {
		t.Errorf("CopyOut to the kernel window: %v", err)
	}
	if err := s.Zero(base+PageSize-2, 4); err != nil {
		t.Fatal(err)
	}
	if got := mustIn(t, s, base+PageSize-3, 6); !bytes.Equal(got, []byte{data[PageSize-3], 0, 0, 0, 0, data[PageSize+2]}) {
		t.Errorf("after Zero: %x", got)
	}
	if err := s.Zero(base+3*PageSize-8, 8); err != linuxabi.EFAULT {
		t.Errorf("Zero of read-only: %v", err)
	}
	if err := s.CopyIn(nil, 0); err != nil {
		t.Errorf("empty CopyIn: %v", err)
	}
}

func TestCopyInString(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer s.Release()
	mustMmap(t, s, base, PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	mustMmap(t, s, base+PageSize, PageSize, PROT_READ, anonPriv|linuxabi.MAP_FIXED)
	// "hello" ending exactly at the page boundary, NUL on the next page.
	mustOut(t, s, base+PageSize-5, []byte("hello"))
	for _, c := range []struct {
		va   uint64
		max  int
		want string
		err  error
	}{
		{base + PageSize - 5, 100, "hello", nil},
		{base + PageSize - 5, 6, "hello", nil},
		{base + PageSize - 5, 5, "", linuxabi.ENAMETOOLONG},
		{base + PageSize - 5, 0, "", linuxabi.ENAMETOOLONG},
		{base + PageSize - 1, 2, "o", nil},
		{base, 10, "", nil},
		{base + 2*PageSize - 1, 10, "", nil},
		{base + 2*PageSize, 10, "", linuxabi.EFAULT},
	} {
		got, err := s.CopyInString(c.va, c.max)
		if got != c.want || err != c.err {
			t.Errorf("CopyInString(%#x, %d) = %q, %v; want %q, %v", c.va, c.max, got, err, c.want, c.err)
		}
	}
	// Unterminated up to the hole: EFAULT.
	long := []byte(strings.Repeat("x", PageSize))
	mustMmap(t, s, base+4*PageSize, PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	mustOut(t, s, base+4*PageSize, long)
	if _, err := s.CopyInString(base+4*PageSize, 2*PageSize); err != linuxabi.EFAULT {
		t.Errorf("unterminated before hole: %v", err)
	}
	if _, err := s.CopyInString(base+4*PageSize, PageSize); err != linuxabi.ENAMETOOLONG {
		t.Errorf("no NUL within max: %v", err)
	}
}

func TestFileMapping(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer func() { s.Release(); e.noLeaks(t) }()
	data := make([]byte, 2*PageSize+100)
	for i := range data {
		data[i] = byte(i%251 + 1)
	}
	f := &file{data: data}
	// Map 4 pages from file offset one page: file pages 1, 2 (partial), then
	// pages 3 and 4 are beyond EOF.
	a, err := s.Mmap(0, 4*PageSize, PROT_READ|PROT_WRITE, linuxabi.MAP_PRIVATE, f, PageSize)
	if err != nil {
		t.Fatal(err)
	}
	if got := mustIn(t, s, a, PageSize); !bytes.Equal(got, data[PageSize:2*PageSize]) {
		t.Errorf("first page differs")
	}
	got := mustIn(t, s, a+PageSize, PageSize)
	if !bytes.Equal(got[:100], data[2*PageSize:]) || !bytes.Equal(got[100:], make([]byte, PageSize-100)) {
		t.Errorf("EOF page not file data then zeros")
	}
	if fl := s.Fault(a+2*PageSize+8, false, false); fl == nil || *fl != (Fault{SIGBUS, BUS_ADRERR, a + 2*PageSize + 8}) {
		t.Errorf("beyond EOF page: %+v", fl)
	}
	if err := s.CopyIn(make([]byte, 1), a+3*PageSize); err != linuxabi.EFAULT {
		t.Errorf("CopyIn beyond EOF: %v", err)
	}
	// Private: writes do not reach the file, DONTNEED rereads it.
	mustOut(t, s, a, []byte{0})
	if data[PageSize] == 0 {
		t.Fatalf("private write reached the file")
	}
	if err := s.Madvise(a, PageSize, linuxabi.MADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
	if got := mustIn(t, s, a, 1)[0]; got != data[PageSize] {
		t.Errorf("after DONTNEED: %d, want file byte %d", got, data[PageSize])
	}
	if err := s.Madvise(a, PageSize, linuxabi.MADV_FREE); err != linuxabi.EINVAL {
		t.Errorf("linuxabi.MADV_FREE on a file mapping: %v", err)
	}
	// A read error is SIGBUS.
	bad := &file{data: data, err: errIO}
	b, err := s.Mmap(0, PageSize, PROT_READ, linuxabi.MAP_PRIVATE, bad, 0)
	if err != nil {
		t.Fatal(err)
	}
	if fl := s.Fault(b, false, false); fl == nil || fl.Signo != SIGBUS {
		t.Errorf("read error: %+v", fl)
	}
	// MAP_POPULATE stops quietly at EOF.
	if _, err := s.Mmap(0, 4*PageSize, PROT_READ, linuxabi.MAP_PRIVATE|linuxabi.MAP_POPULATE, f, 0); err != nil {
		t.Errorf("populate past EOF: %v", err)
	}
}

func TestStackGrowsDown(t *testing.T) {
	e := newEnv()
	s := e.space(t)
	defer func() { s.Release(); e.noLeaks(t) }()
	top := uint64(TaskSize - PageSize)
	lo := top - 4*PageSize
	mustMmap(t, s, lo, 4*PageSize, rw, anonPriv|linuxabi.MAP_FIXED|linuxabi.MAP_GROWSDOWN|linuxabi.MAP_STACK)
	if err := s.CopyOut(lo-3*PageSize+8, []byte{1}); err != nil {
		t.Fatalf("write below the stack: %v", err)
	}
	if v := s.lookup(lo - 3*PageSize); v == nil || v.start != lo-3*PageSize || v.end != top {
		t.Errorf("stack not grown: %+v", v)
	}
	if f := s.Fault(top-StackLimit-PageSize, true, false); f == nil || f.Code != SEGV_MAPERR {
		t.Errorf("beyond the stack limit: %+v", f)
	}
	// A mapping within the guard gap stops growth.
	guard := lo - 3*PageSize - stackGuardGap/2
	mustMmap(t, s, guard-PageSize, PageSize, rw, anonPriv|linuxabi.MAP_FIXED)
	if f := s.Fault(lo-4*PageSize, true, false); f == nil || f.Code != SEGV_MAPERR {
		t.Errorf("growth into guard gap: %+v", f)
	}
	// Hints and top-down selection keep the gap too.
	if _, err := s.Mmap(lo-3*PageSize-2*PageSize, PageSize, rw, anonPriv, nil, 0); err != nil {
		t.Fatal(err)
	}
	for _, v := range vmaList(s) {
		if v[1] > lo-3*PageSize-stackGuardGap && v[1] < lo && v[0] != guard-PageSize {
			t.Errorf("mapping %x inside the guard gap", v)
		}
	}
}
