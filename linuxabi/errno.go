// Package linuxabi is the Linux arm64 ABI surface tamix implements:
// syscall numbers, error numbers, struct layouts, flags and ioctl numbers,
// spelled as Linux spells them. It has no dependencies, so every part of
// the kernel (and the host tests) can use it.
package linuxabi

import "strconv"

// Errno is a Linux error number. Syscall handlers return it as their
// error; the dispatcher turns it into the negative return value.
type Errno uint16

// Error returns the symbolic name, e.g. "ENOENT".
func (e Errno) Error() string {
	if n, ok := errnoNames[e]; ok {
		return n
	}
	return "errno " + strconv.Itoa(int(e))
}
