package mm

import (
	"errors"
	"io"

	"github.com/tamix/tamix/soc/arm64/mmu"
)

// Fault is the signal an unresolvable fault raises.
type Fault struct {
	Signo int    // SIGSEGV, SIGBUS or SIGKILL (out of memory)
	Code  int    // si_code: SEGV_MAPERR, SEGV_ACCERR or BUS_ADRERR
	Addr  uint64 // si_addr: the faulting address
}

// Fault resolves a user fault at va: it allocates a demand-zero page, reads
// a file page in (or maps a shared file's own page), breaks copy-on-write
// or grows a stack. It returns nil if
// the access may be retried, else the signal to deliver: SIGSEGV with
// SEGV_MAPERR (no mapping) or SEGV_ACCERR (mapping forbids the access),
// SIGBUS with BUS_ADRERR (file mapping beyond the file's last page) or,
// out of memory, SIGKILL as the Linux OOM killer would.
func (s *Space) Fault(va uint64, write, exec bool) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fault(va, write, exec)
}

// permits reports whether a page's attributes allow the user access.
func permits(a mmu.Attr, write, exec bool) bool {
	switch {
	case write:
		return a.User.Write
	case exec:
		return a.User.Exec
	}
	return a.User.Read
}

// fault is Fault with s.mu held.
func (s *Space) fault(va uint64, write, exec bool) *Fault {
	if va >= TaskSize {
		return &Fault{Signo: SIGSEGV, Code: SEGV_MAPERR, Addr: va}
	}
	v := s.vmaFor(va)
	if v == nil {
		return &Fault{Signo: SIGSEGV, Code: SEGV_MAPERR, Addr: va}
	}
	if !v.allows(write, exec) {
		return &Fault{Signo: SIGSEGV, Code: SEGV_ACCERR, Addr: va}
	}
	page := pageDown(va)
	pa, a, _, ok := s.table.Lookup(page)
	switch {
	case ok && permits(a, write, exec):
		return nil // another thread resolved it
	case ok:
		// Entries carry their VMA's permission except private pages
		// shared copy-on-write, mapped read-only: this is a write to one.
		return s.breakCOW(v, page, pa, va)
	}
	pa, cow, f := s.fill(v, page, va, write)
	if f != nil {
		return f
	}
	a = attrFor(v.prot)
	if cow {
		a = readOnly(a)
	}
	if err := s.table.Map(page, pa, PageSize, a); err != nil {
		s.frames.Put(pa)
		return &Fault{Signo: SIGKILL, Addr: va}
	}
	s.rss++
	return nil
}

// vmaFor returns the VMA containing va, first growing a MAP_GROWSDOWN VMA
// just above it down to cover va (mm/mmap.c expand_downwards): not past
// StackLimit, nor within stackGuardGap of the mapping below.
func (s *Space) vmaFor(va uint64) *vma {
	i := s.find(va)
	if i == len(s.vmas) {
		return nil
	}
	v := s.vmas[i]
	if v.start <= va {
		return v
	}
	page := pageDown(va)
	if !v.growsDown || v.file != nil || v.shm != nil || v.end-page > StackLimit ||
		page < MinAddr || inWindow(page, v.start) {
		return nil
	}
	if i > 0 {
		if p := s.vmas[i-1]; page-p.end < stackGuardGap && !p.growsDown && p.prot != PROT_NONE {
			return nil
		}
	}
	v.start = page
	return v
}

// fill returns a frame holding the page at va of v with one reference for
// the caller's entry. A read of a private file mapping whose file keeps
// its pages in frames gets the file's own page, to be mapped read-only
// (cow) and copied on the first write, as Linux maps page-cache pages
// (mm/memory.c do_read_fault): nothing is copied for text and read-only
// data, and every process runs the same frames.
func (s *Space) fill(v *vma, page, va uint64, write bool) (pa uint64, cow bool, f *Fault) {
	var err error
	switch {
	case v.shm != nil:
		pa, err = v.shm.page(v.offsetAt(page))
	case v.shared && v.file != nil:
		off := v.offsetAt(page)
		if off >= uint64(v.file.Size()) {
			return 0, false, &Fault{Signo: SIGBUS, Code: BUS_ADRERR, Addr: va}
		}
		if pa, err = v.file.(SharedBacking).Page(off); err != nil {
			// The file store is out of room (shmem_fault's
			// VM_FAULT_SIGBUS for ENOSPC).
			return 0, false, &Fault{Signo: SIGBUS, Code: BUS_ADRERR, Addr: va}
		}
	case v.file != nil:
		off := v.offsetAt(page)
		if off >= uint64(v.file.Size()) {
			// Past the page holding EOF (mm/filemap.c filemap_fault).
			return 0, false, &Fault{Signo: SIGBUS, Code: BUS_ADRERR, Addr: va}
		}
		if sb, ok := v.file.(SharedBacking); ok && !write {
			if pa, err = sb.Page(off); err == nil {
				cow = true
				break
			}
		}
		if pa, err = s.frames.Alloc(); err != nil {
			break
		}
		n := min(PageSize, uint64(v.file.Size())-off)
		if _, rerr := v.file.ReadAt(s.frames.Bytes(pa)[:n], int64(off)); rerr != nil && !errors.Is(rerr, io.EOF) {
			s.frames.Put(pa)
			return 0, false, &Fault{Signo: SIGBUS, Code: BUS_ADRERR, Addr: va}
		}
	default:
		pa, err = s.frames.Alloc()
	}
	if err != nil {
		return 0, false, &Fault{Signo: SIGKILL, Addr: va}
	}
	if v.prot&PROT_EXEC != 0 && s.cfg.SyncICache != nil {
		s.cfg.SyncICache(pa)
	}
	return pa, cow, nil
}

// breakCOW gives v's private page at page, now mapped read-only from the
// shared frame pa, a frame of its own (mm/memory.c do_wp_page). The last
// user of a frame just gets write permission back.
func (s *Space) breakCOW(v *vma, page, pa, va uint64) *Fault {
	a := attrFor(v.prot)
	if s.frames.Refs(pa) == 1 {
		s.table.Protect(page, PageSize, a)
		s.flush([]uint64{page}, false)
		return nil
	}
	npa, err := s.frames.Alloc()
	if err != nil {
		return &Fault{Signo: SIGKILL, Addr: va}
	}
	copy(s.frames.Bytes(npa), s.frames.Bytes(pa))
	if v.prot&PROT_EXEC != 0 && s.cfg.SyncICache != nil {
		s.cfg.SyncICache(npa)
	}
	// Break before make: the output address changes.
	tables := s.tables.n
	s.table.Unmap(page, PageSize)
	s.flush([]uint64{page}, s.tables.n != tables)
	s.frames.Put(pa)
	if err := s.table.Map(page, npa, PageSize, a); err != nil {
		s.frames.Put(npa)
		s.rss--
		return &Fault{Signo: SIGKILL, Addr: va}
	}
	return nil
}
