package task

import (
	"sync/atomic"

	"github.com/tamix/tamix/linuxabi"
)

// cpuTime is user and system CPU time in nanoseconds (task_cputime).
type cpuTime struct{ user, sys int64 }

func (c *cpuTime) add(o cpuTime) { c.user += o.user; c.sys += o.sys }

// taskClock is a thread's CPU time. User time is the time spent at EL0
// between RunUser's entry and the trap that ends it. System time is the
// time spent handling the trap, up to the first wait point of a blocking
// call (interrupt()): time asleep is no one's CPU time, as Linux's tick
// accounting does not charge it either. The thread's own goroutine writes
// it; readers (getrusage, /proc) load it.
type taskClock struct {
	user, sys atomic.Int64
	// userStart is when the task last went to EL0, 0 when it must be
	// read again (after it yielded); trapStart is when the current
	// trap's handling began, 0 once a wait point has charged it. Only
	// the thread's goroutine uses them.
	userStart, trapStart int64
}

// beginTrap charges the user time that ended at now and starts the
// system time of the trap.
func (c *taskClock) beginTrap(now int64) {
	c.user.Add(now - c.userStart)
	c.trapStart = now
}

// endTrap charges the system time since beginTrap, unless a wait point
// already did.
func (c *taskClock) endTrap(now int64) {
	if c.trapStart != 0 {
		c.sys.Add(now - c.trapStart)
		c.trapStart = 0
	}
}

func (c *taskClock) load() cpuTime { return cpuTime{c.user.Load(), c.sys.Load()} }

// waitPoint charges the system time so far before a blocking call may
// sleep; called on the task's own goroutine.
func (t *Task) waitPoint() { t.clock.endTrap(t.k.hw.Monotonic()) }

// cpuTime sums the process's CPU time: its live threads and the ones
// that have exited (thread_group_cputime).
func (p *Process) cpuTime() cpuTime {
	p.mu.Lock()
	defer p.mu.Unlock()
	sum := p.exitedTime
	for _, t := range p.threads {
		sum.add(t.clock.load())
	}
	return sum
}

// rusage fills a struct rusage with CPU times (the other fields are 0:
// tamix does not count faults, switches or block I/O).
func rusage(c cpuTime) [linuxabi.RusageSize]byte {
	ru := linuxabi.Rusage{Utime: timeval(c.user), Stime: timeval(c.sys)}
	var b [linuxabi.RusageSize]byte
	ru.Marshal(b[:])
	return b
}

func timeval(ns int64) linuxabi.Timeval {
	return linuxabi.Timeval{Sec: ns / 1e9, Usec: ns % 1e9 / 1e3}
}
