package klog

import "strconv"

// Errno is a Linux error number returned by Syslog.
//
// It is deliberately minimal and local to this package; it is meant to be
// replaced by the shared linuxabi errno type, keeping the same numbers.
type Errno int

// Error numbers from include/uapi/asm-generic/errno-base.h.
const (
	EAGAIN Errno = 11
	EFAULT Errno = 14
	EINVAL Errno = 22
)

func (e Errno) Error() string {
	switch e {
	case EAGAIN:
		return "resource temporarily unavailable"
	case EFAULT:
		return "bad address"
	case EINVAL:
		return "invalid argument"
	}
	return "errno " + strconv.Itoa(int(e))
}
