package mm

import "github.com/tamix/tamix/linuxabi"

// Madvise implements madvise(2) (mm/madvise.c). MADV_DONTNEED drops the
// pages of [addr, addr+length): private anonymous memory reads back zero,
// private file pages are read in again, shared anonymous pages keep their
// data. MADV_FREE, which Linux applies to private anonymous memory only
// (EINVAL elsewhere), is treated as MADV_DONTNEED. NORMAL, RANDOM,
// SEQUENTIAL, WILLNEED, HUGEPAGE and NOHUGEPAGE are hints tamix does not
// act on; other advice fails with EINVAL. As in Linux, unmapped pages in
// the range make it return ENOMEM after advising the mapped ones.
func (s *Space) Madvise(addr, length uint64, advice int) error {
	switch advice {
	case linuxabi.MADV_DONTNEED, linuxabi.MADV_FREE, linuxabi.MADV_NORMAL, linuxabi.MADV_RANDOM, linuxabi.MADV_SEQUENTIAL,
		linuxabi.MADV_WILLNEED, linuxabi.MADV_HUGEPAGE, linuxabi.MADV_NOHUGEPAGE:
	default:
		return linuxabi.EINVAL
	}
	end := pageUp(addr + length)
	if addr&pageMask != 0 || end < addr || (length != 0 && end == 0) {
		return linuxabi.EINVAL
	}
	if length == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	next := addr
	for i := s.find(addr); i < len(s.vmas) && s.vmas[i].start < end; i++ {
		v := s.vmas[i]
		if v.start > next {
			err = linuxabi.ENOMEM
		}
		lo, hi := max(v.start, addr), min(v.end, end)
		next = hi
		switch advice {
		case linuxabi.MADV_FREE:
			if v.shared || v.file != nil {
				return linuxabi.EINVAL
			}
			s.zap(lo, hi)
		case linuxabi.MADV_DONTNEED:
			s.zap(lo, hi)
		}
	}
	if next < end {
		err = linuxabi.ENOMEM
	}
	return err
}
