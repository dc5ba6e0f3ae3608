package timer

import (
	"encoding/binary"
	"sync"

	"github.com/tamix/tamix/linuxabi"
)

// FD is a timerfd (fs/timerfd.c): a Timer whose expiries are counted
// for read(2) and poll(2). It is a poll.Pollable.
type FD struct {
	*Timer

	mu      sync.Mutex
	ticks   uint64
	changed chan struct{} // closed at the next expiry; nil if nobody waits
}

// NewFD makes a disarmed timerfd on the clock now.
func NewFD(now func() int64) *FD {
	f := &FD{}
	f.Timer = New(now, f.expired)
	return f
}

func (f *FD) expired(overrun uint64) {
	f.mu.Lock()
	f.ticks += overrun + 1
	if f.changed != nil {
		close(f.changed)
		f.changed = nil
	}
	f.mu.Unlock()
}

// Set arms or disarms the timer as Timer.Set does and forgets the
// expiries not yet read (timerfd_setup).
func (f *FD) Set(value, interval int64, abs bool) (left, oldInterval int64) {
	f.mu.Lock()
	f.ticks = 0
	f.mu.Unlock()
	return f.Timer.Set(value, interval, abs)
}

// Read stores the number of expiries since the last read in p as 8
// bytes and resets it (timerfd_read): EINVAL for a p shorter than 8;
// while there were none it waits, or returns EAGAIN if nonblock, or
// EINTR once cancel is closed.
func (f *FD) Read(p []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	if len(p) < 8 {
		return 0, linuxabi.EINVAL
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.ticks == 0 {
		if nonblock {
			return 0, linuxabi.EAGAIN
		}
		ch := f.changedLocked()
		f.mu.Unlock()
		select {
		case <-ch:
		case <-cancel:
			f.mu.Lock()
			return 0, linuxabi.EINTR
		}
		f.mu.Lock()
	}
	binary.LittleEndian.PutUint64(p, f.ticks)
	f.ticks = 0
	return 8, nil
}

// Poll reports POLLIN once the timer has expired since the last read.
func (f *FD) Poll() uint32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ticks > 0 {
		return linuxabi.POLLIN
	}
	return 0
}

// Changed returns a channel closed at the next expiry.
func (f *FD) Changed() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.changedLocked()
}

func (f *FD) changedLocked() chan struct{} {
	if f.changed == nil {
		f.changed = make(chan struct{})
	}
	return f.changed
}
