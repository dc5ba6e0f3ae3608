package poll

import (
	"reflect"
	"time"

	"github.com/tamix/tamix/linuxabi"
)

// Pollable is a file object that reports its readiness.
type Pollable interface {
	// Poll returns the events that are ready now, as POLL* bits.
	Poll() uint32
	// Changed returns a channel closed at the next change that may
	// alter Poll's answer.
	Changed() <-chan struct{}
}

// Wait waits until one of items has an event in the corresponding mask,
// or POLLERR, POLLHUP or POLLNVAL, which are reported whether asked for or
// not, and returns each item's ready events (do_poll in fs/select.c). It
// is level-triggered: it returns at once if something is ready. A timeout
// of 0 polls once; a negative timeout waits forever. When the timeout
// passes it returns every revents 0; when cancel is closed first it
// returns linuxabi.EINTR (Linux's ERESTARTNOHAND, which the signal code
// turns into EINTR). len(masks) must equal len(items), else it returns
// linuxabi.EINVAL.
//
// The syscall layer maps poll(2)'s fds to items: it leaves out negative
// fds (revents 0) and reports POLLNVAL itself for fds that are not open;
// select(2) passes POLLIN/POLLOUT/POLLPRI sets (fs/select.c POLLIN_SET …).
func Wait(items []Pollable, masks []uint32, timeout time.Duration, cancel <-chan struct{}) ([]uint32, error) {
	if len(items) != len(masks) {
		return nil, linuxabi.EINVAL
	}
	revents := make([]uint32, len(items))
	var timer *time.Timer
	if timeout > 0 {
		timer = time.NewTimer(timeout)
		defer timer.Stop()
	}
	chans := make([]<-chan struct{}, len(items))
	for {
		ready := false
		for i, it := range items {
			chans[i] = it.Changed()
			revents[i] = it.Poll() & (masks[i] | alwaysPolled)
			ready = ready || revents[i] != 0
		}
		if ready || timeout == 0 {
			return revents, nil
		}
		if closed(cancel) {
			return nil, linuxabi.EINTR
		}
		var expired <-chan time.Time
		if timer != nil {
			expired = timer.C
		}
		switch waitAny(chans, cancel, expired) {
		case woke:
		case canceled:
			return nil, linuxabi.EINTR
		case timedOut:
			clear(revents)
			return revents, nil
		}
	}
}

// Why waitAny returned.
const (
	woke = iota
	canceled
	timedOut
)

// waitAny waits until one of chans is closed, cancel is closed or expired
// fires. A nil channel never fires.
func waitAny(chans []<-chan struct{}, cancel <-chan struct{}, expired <-chan time.Time) int {
	cases := make([]reflect.SelectCase, 0, len(chans)+2)
	cases = append(cases,
		reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(cancel)},
		reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(expired)})
	for _, ch := range chans {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ch)})
	}
	switch i, _, _ := reflect.Select(cases); i {
	case 0:
		return canceled
	case 1:
		return timedOut
	}
	return woke
}

// closed reports whether ch is closed; a nil ch is not.
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
