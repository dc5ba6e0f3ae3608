// Package eventfd is eventfd(2): a 64-bit counter that readers wait on
// and writers add to (fs/eventfd.c).
package eventfd

import (
	"encoding/binary"
	"math"
	"sync"

	"github.com/tamix/tamix/linuxabi"
)

// Flags of eventfd2(2) (include/uapi/linux/eventfd.h, arm64 values).
// EFD_NONBLOCK and EFD_CLOEXEC belong to the file and the fd table: the
// caller passes nonblock to Read and Write.
const (
	EFD_SEMAPHORE = 1
	EFD_CLOEXEC   = 0o2000000
	EFD_NONBLOCK  = 0o4000
)

// maxCount is the largest value the counter holds: ULLONG_MAX is
// reserved, and writing it is EINVAL.
const maxCount = math.MaxUint64 - 1

// EventFD is an eventfd object. It is safe for concurrent use, is a
// poll.Pollable, and starts no goroutines.
type EventFD struct {
	mu        sync.Mutex
	count     uint64
	semaphore bool
	changed   chan struct{} // closed at the next change; nil if nobody waits
}

// New returns an eventfd with counter initval; semaphore is
// EFD_SEMAPHORE.
func New(initval uint32, semaphore bool) *EventFD {
	return &EventFD{count: uint64(initval), semaphore: semaphore}
}

// Read reads the counter into p as 8 bytes (little-endian, arm64's order)
// and returns 8: the whole counter, which it resets to 0, or with
// EFD_SEMAPHORE 1, which it subtracts. While the counter is 0 it waits, or
// returns linuxabi.EAGAIN if nonblock, or linuxabi.EINTR once cancel is
// closed. A p shorter than 8 bytes is linuxabi.EINVAL (eventfd_read).
func (e *EventFD) Read(p []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	if len(p) < 8 {
		return 0, linuxabi.EINVAL
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for e.count == 0 {
		if nonblock {
			return 0, linuxabi.EAGAIN
		}
		if err := e.wait(cancel); err != nil {
			return 0, err
		}
	}
	v := e.count
	if e.semaphore {
		v = 1
	}
	e.count -= v
	binary.LittleEndian.PutUint64(p, v)
	e.wake()
	return 8, nil
}

// Write adds the 8-byte little-endian value at the start of p to the
// counter and returns 8. If the sum would exceed 0xfffffffffffffffe it
// waits for a read, or returns linuxabi.EAGAIN if nonblock, or
// linuxabi.EINTR once cancel is closed. A p shorter than 8 bytes, or the
// value 0xffffffffffffffff, is linuxabi.EINVAL (eventfd_write).
func (e *EventFD) Write(p []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	if len(p) < 8 {
		return 0, linuxabi.EINVAL
	}
	v := binary.LittleEndian.Uint64(p)
	if v == math.MaxUint64 {
		return 0, linuxabi.EINVAL
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for v > maxCount-e.count {
		if nonblock {
			return 0, linuxabi.EAGAIN
		}
		if err := e.wait(cancel); err != nil {
			return 0, err
		}
	}
	if v != 0 {
		e.count += v
		e.wake()
	}
	return 8, nil
}

// Count returns the counter, as /proc/PID/fdinfo shows it
// ("eventfd-count").
func (e *EventFD) Count() uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.count
}

// Poll reports POLLIN while the counter is not 0 and POLLOUT while a
// write of 1 would not block (eventfd_poll).
func (e *EventFD) Poll() uint32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	var mask uint32
	if e.count > 0 {
		mask |= linuxabi.POLLIN
	}
	if e.count < maxCount {
		mask |= linuxabi.POLLOUT
	}
	return mask
}

// Changed returns a channel closed at the next change of the counter.
func (e *EventFD) Changed() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.changedLocked()
}

func (e *EventFD) changedLocked() chan struct{} {
	if e.changed == nil {
		e.changed = make(chan struct{})
	}
	return e.changed
}

func (e *EventFD) wake() {
	if e.changed != nil {
		close(e.changed)
		e.changed = nil
	}
}

// wait sleeps, with mu held on entry and return, until the counter changes
// or cancel is closed, which is linuxabi.EINTR.
func (e *EventFD) wait(cancel <-chan struct{}) error {
	ch := e.changedLocked()
	e.mu.Unlock()
	var err error
	select {
	case <-ch:
	case <-cancel:
		err = linuxabi.EINTR
	}
	e.mu.Lock()
	return err
}
