//go:build linux

package eventfd

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestConsts(t *testing.T) {
	if EFD_SEMAPHORE != unix.EFD_SEMAPHORE || EFD_CLOEXEC != unix.EFD_CLOEXEC || EFD_NONBLOCK != unix.EFD_NONBLOCK {
		t.Errorf("EFD_* = %#x %#x %#x, x/sys has %#x %#x %#x", EFD_SEMAPHORE, EFD_CLOEXEC, EFD_NONBLOCK,
			unix.EFD_SEMAPHORE, unix.EFD_CLOEXEC, unix.EFD_NONBLOCK)
	}
}
