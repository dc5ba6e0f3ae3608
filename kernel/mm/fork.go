package mm

import (
	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/mmu"
)

// Fork returns a copy of s for a child process (kernel/fork.c dup_mmap):
// the same VMAs and contents, private pages shared copy-on-write (mapped
// read-only in both until written), MAP_SHARED memory and files shared
// for good.
// It fails with ENOMEM, s unchanged but for write-protected pages, when
// memory runs out.
func (s *Space) Fork() (*Space, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := newSpace(&s.cfg, s.frames)
	if err != nil {
		return nil, err
	}
	c.brkStart, c.brk = s.brkStart, s.brk
	c.vmas = make([]*vma, len(s.vmas))
	for i, v := range s.vmas {
		nv := *v
		nv.ref(c)
		c.vmas[i] = &nv
	}
	type page struct {
		va, pa uint64
		a      mmu.Attr
	}
	var pages []page
	s.resident(0, TaskSize, func(va, pa uint64, a mmu.Attr) {
		pages = append(pages, page{va, pa, a})
	})
	var protected []uint64
	for _, p := range pages {
		a := p.a
		if a.User.Write && !s.lookup(p.va).shared {
			a = readOnly(a)
			s.table.Protect(p.va, PageSize, a)
			protected = append(protected, p.va)
		}
		if err := c.table.Map(p.va, p.pa, PageSize, a); err != nil {
			s.flush(protected, false)
			c.Release()
			return nil, linuxabi.ENOMEM
		}
		s.frames.Get(p.pa)
		c.rss++
	}
	s.flush(protected, false)
	return c, nil
}
