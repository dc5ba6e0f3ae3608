// Package timer is the kernel's interval timers: what setitimer(2)'s
// ITIMER_REAL, timer_create(2)'s POSIX timers and timerfd_create(2) are
// built on (kernel/time/hrtimer.c, posix-timers.c, fs/timerfd.c). A
// Timer counts on a clock given as a function and fires through Go's
// runtime timers, which run on the monotonic clock: an absolute
// CLOCK_REALTIME deadline is turned into a delay when armed, as tamix
// has no settimeofday to move it afterwards.
package timer

import (
	"sync"
	"time"
)

// Timer is a one-shot or periodic timer. Fire runs on a goroutine of its
// own each time the timer expires, with the number of whole intervals
// that also passed since (the overrun; 0 for a timer that fires on
// time); it must not call the Timer's methods. The methods are safe for
// concurrent use.
type Timer struct {
	now  func() int64 // the clock, in nanoseconds
	fire func(overrun uint64)

	mu       sync.Mutex
	deadline int64 // on the clock; 0 when disarmed
	interval int64
	gen      uint64 // bumped on every Set, so a stale expiry is dropped
	rt       *time.Timer
}

// New makes a disarmed timer on the clock now.
func New(now func() int64, fire func(overrun uint64)) *Timer {
	return &Timer{now: now, fire: fire}
}

// Set arms the timer to expire value nanoseconds from now (at value on
// the clock if abs) and then every interval nanoseconds, or disarms it
// if value is 0; it returns the time that was left and the old interval,
// as Get would have (timer_settime(2), timerfd_settime(2),
// setitimer(2)). An absolute deadline already past expires at once.
func (t *Timer) Set(value, interval int64, abs bool) (left, oldInterval int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	left, oldInterval = t.leftLocked(now), t.interval
	t.gen++
	if t.rt != nil {
		t.rt.Stop()
		t.rt = nil
	}
	t.deadline, t.interval = 0, 0
	if value == 0 {
		return
	}
	deadline := value
	if !abs {
		deadline = now + value
	}
	if deadline <= 0 {
		deadline = 1 // 0 means disarmed; an absolute time in the past fires now
	}
	t.deadline, t.interval = deadline, interval
	t.scheduleLocked(now)
	return
}

// Get returns the time left until the next expiry (0 if disarmed) and
// the interval.
func (t *Timer) Get() (left, interval int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.leftLocked(t.now()), t.interval
}

// Stop disarms the timer for good (timer_delete, the last close of a
// timerfd, exit).
func (t *Timer) Stop() { t.Set(0, 0, false) }

func (t *Timer) leftLocked(now int64) int64 {
	if t.deadline == 0 {
		return 0
	}
	// A timer that is due but has not yet run reports 1 ns left, as
	// common_timer_get does for an expired timer not yet rearmed.
	return max(t.deadline-now, 1)
}

func (t *Timer) scheduleLocked(now int64) {
	gen := t.gen
	t.rt = time.AfterFunc(time.Duration(max(t.deadline-now, 0)), func() { t.expire(gen) })
}

// expire is a deadline passing: a periodic timer is rearmed at the next
// multiple of its interval, counting the ones that passed as overrun
// (hrtimer_forward).
func (t *Timer) expire(gen uint64) {
	t.mu.Lock()
	if gen != t.gen || t.deadline == 0 {
		t.mu.Unlock()
		return
	}
	now := t.now()
	var overrun uint64
	if now < t.deadline { // the runtime timer ran early: wait for the clock
		t.scheduleLocked(now)
		t.mu.Unlock()
		return
	}
	if t.interval > 0 {
		overrun = uint64((now - t.deadline) / t.interval)
		t.deadline += int64(overrun+1) * t.interval
		t.scheduleLocked(now)
	} else {
		t.deadline = 0
	}
	t.mu.Unlock()
	t.fire(overrun)
}
