package mm

import "github.com/tamix/tamix/linuxabi"

// page returns the frame behind the user page holding va for a kernel
// access on behalf of the user (write: the user could write it), faulting
// it in as the user's access would. The fast path, a present page with
// the permission, takes the lock shared; on success the caller releases
// it with unlock(excl).
func (s *Space) page(va uint64, write bool) (pa uint64, excl bool, err error) {
	if va >= TaskSize {
		return 0, false, linuxabi.EFAULT
	}
	s.mu.RLock()
	if pa, a, _, ok := s.table.Lookup(pageDown(va)); ok && permits(a, write, false) {
		return pa, false, nil
	}
	s.mu.RUnlock()
	s.mu.Lock()
	if f := s.fault(va, write, false); f != nil {
		s.mu.Unlock()
		return 0, false, linuxabi.EFAULT
	}
	pa, _, _, _ = s.table.Lookup(pageDown(va))
	return pa, true, nil
}

func (s *Space) unlock(excl bool) {
	if excl {
		s.mu.Unlock()
	} else {
		s.mu.RUnlock()
	}
}

// CopyIn copies user memory at va into dst. It returns EFAULT if any byte
// is unmapped or unreadable; the bytes before the first bad page have been
// copied by then (as copy_from_user leaves them).
func (s *Space) CopyIn(dst []byte, va uint64) error {
	for len(dst) > 0 {
		pa, excl, err := s.page(va, false)
		if err != nil {
			return err
		}
		off := va & pageMask
		n := copy(dst, s.frames.Bytes(pa)[off:])
		s.unlock(excl)
		dst, va = dst[n:], va+uint64(n)
	}
	return nil
}

// CopyOut copies src to user memory at va, which the user must be able to
// write; copy-on-write pages are broken. It returns EFAULT otherwise, the
// bytes before the first bad page having been written.
func (s *Space) CopyOut(va uint64, src []byte) error {
	for len(src) > 0 {
		pa, excl, err := s.page(va, true)
		if err != nil {
			return err
		}
		off := va & pageMask
		n := copy(s.frames.Bytes(pa)[off:], src)
		s.unlock(excl)
		src, va = src[n:], va+uint64(n)
	}
	return nil
}

// Zero clears n bytes of user memory at va, with CopyOut's rules.
func (s *Space) Zero(va, n uint64) error {
	for n > 0 {
		pa, excl, err := s.page(va, true)
		if err != nil {
			return err
		}
		off := va & pageMask
		k := min(n, PageSize-off)
		clear(s.frames.Bytes(pa)[off : off+k])
		s.unlock(excl)
		va, n = va+k, n-k
	}
	return nil
}

// CopyInString reads the NUL-terminated string at va. max is the buffer
// size, terminator included (PATH_MAX for paths): a string with no NUL in
// its first max bytes fails with ENAMETOOLONG, as getname does. EFAULT if
// a byte before the NUL is unreadable.
func (s *Space) CopyInString(va uint64, max int) (string, error) {
	var buf []byte
	for len(buf) < max {
		pa, excl, err := s.page(va, false)
		if err != nil {
			return "", err
		}
		off := va & pageMask
		chunk := s.frames.Bytes(pa)[off:]
		chunk = chunk[:min(len(chunk), max-len(buf))]
		for i, c := range chunk {
			if c == 0 {
				buf = append(buf, chunk[:i]...)
				s.unlock(excl)
				return string(buf), nil
			}
		}
		buf = append(buf, chunk...)
		s.unlock(excl)
		va += uint64(len(chunk))
	}
	return "", linuxabi.ENAMETOOLONG
}
