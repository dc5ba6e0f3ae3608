package task

import (
	"sync"
	"time"

	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/linuxabi"
)

// futexKey names a futex word: the address space and the address. A
// MAP_SHARED page seen by two processes is not matched across them yet.
type futexKey struct {
	space *mm.Space
	addr  uint64
}

type futexWaiter struct {
	key    futexKey
	bitset uint32
	woken  chan struct{}
}

// futexTable is the hash of waiters (kernel/futex/core.c's futex_queues),
// one lock for all: tamix runs on one CPU.
type futexTable struct {
	mu      sync.Mutex
	waiters map[futexKey][]*futexWaiter
}

func (f *futexTable) init() { f.waiters = map[futexKey][]*futexWaiter{} }

// wait implements FUTEX_WAIT(_BITSET) (futex_wait): if the word at addr
// still holds val, sleep until woken, the deadline (zero: none) or a
// signal.
func (f *futexTable) wait(t *Task, addr uint64, val, bitset uint32, deadline time.Time) error {
	if addr&3 != 0 {
		return linuxabi.EINVAL
	}
	key := futexKey{t.space, addr}
	f.mu.Lock()
	cur, err := t.readU32(addr)
	if err != nil {
		f.mu.Unlock()
		return err
	}
	if cur != val {
		f.mu.Unlock()
		return linuxabi.EAGAIN
	}
	w := &futexWaiter{key: key, bitset: bitset, woken: make(chan struct{})}
	f.waiters[key] = append(f.waiters[key], w)
	f.mu.Unlock()

	var timeout <-chan time.Time
	if !deadline.IsZero() {
		tm := time.NewTimer(time.Until(deadline))
		defer tm.Stop()
		timeout = tm.C
	}
	select {
	case <-w.woken:
		return nil
	case <-timeout:
		if f.dequeue(w) {
			return linuxabi.ETIMEDOUT
		}
		return nil
	case <-t.interrupt():
		if f.dequeue(w) {
			return errRestartSys
		}
		return nil
	}
}

// dequeue removes w if it is still waiting, reporting whether it was.
func (f *futexTable) dequeue(w *futexWaiter) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.waiters[w.key]
	for i, x := range q {
		if x == w {
			f.waiters[w.key] = append(q[:i], q[i+1:]...)
			if len(f.waiters[w.key]) == 0 {
				delete(f.waiters, w.key)
			}
			return true
		}
	}
	return false
}

// wake wakes up to n waiters on addr whose bitset meets bitset.
func (f *futexTable) wake(space *mm.Space, addr uint64, n int, bitset uint32) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.wakeLocked(futexKey{space, addr}, n, bitset)
}

func (f *futexTable) wakeLocked(key futexKey, n int, bitset uint32) int {
	q := f.waiters[key]
	woken := 0
	kept := q[:0]
	for _, w := range q {
		if woken < n && w.bitset&bitset != 0 {
			close(w.woken)
			woken++
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 {
		delete(f.waiters, key)
	} else {
		f.waiters[key] = kept
	}
	return woken
}

// requeue wakes n waiters on addr and moves up to m others to addr2
// (futex_requeue); with cmp set the word at addr must still equal val.
func (f *futexTable) requeue(t *Task, addr, addr2 uint64, n, m int, cmp bool, val uint32) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if cmp {
		cur, err := t.readU32(addr)
		if err != nil {
			return 0, err
		}
		if cur != val {
			return 0, linuxabi.EAGAIN
		}
	}
	from, to := futexKey{t.space, addr}, futexKey{t.space, addr2}
	woken := f.wakeLocked(from, n, ^uint32(0))
	moved := 0
	q := f.waiters[from]
	for len(q) > 0 && moved < m {
		w := q[0]
		q = q[1:]
		w.key = to
		f.waiters[to] = append(f.waiters[to], w)
		moved++
	}
	if len(q) == 0 {
		delete(f.waiters, from)
	} else {
		f.waiters[from] = q
	}
	return woken + moved, nil
}

// Robust futex word bits (include/uapi/linux/futex.h).
const (
	futexWaiters    = 0x8000_0000
	futexOwnerDied  = 0x4000_0000
	futexTIDMask    = 0x3fff_ffff
	robustListLimit = 2048 // ROBUST_LIST_LIMIT
)

// exitRobustList marks the robust futexes the exiting task holds as
// owner-dead and wakes a waiter of each (exit_robust_list and
// handle_futex_death in kernel/futex/core.c), so that other threads'
// pthread_mutex_lock returns EOWNERDEAD instead of hanging. A bad list is
// abandoned, as Linux does.
func (t *Task) exitRobustList() {
	head := t.robustList
	if head == 0 {
		return
	}
	entry, err1 := t.readU64(head)
	off, err2 := t.readU64(head + 8)
	pending, err3 := t.readU64(head + 16)
	if err1 != nil || err2 != nil || err3 != nil {
		return
	}
	for n := 0; entry&^1 != head && n < robustListLimit; n++ {
		next, err := t.readU64(entry &^ 1)
		if err != nil {
			return
		}
		if entry != pending {
			t.futexDeath(entry&^1 + off)
		}
		entry = next
	}
	if pending != 0 {
		t.futexDeath(pending&^1 + off)
	}
}

func (t *Task) futexDeath(uaddr uint64) {
	if uaddr&3 != 0 {
		return
	}
	f := &t.k.futexes
	f.mu.Lock()
	v, err := t.readU32(uaddr)
	if err != nil || v&futexTIDMask != uint32(t.tid) {
		f.mu.Unlock()
		return
	}
	if t.writeU32(uaddr, v&futexWaiters|futexOwnerDied) != nil {
		f.mu.Unlock()
		return
	}
	f.mu.Unlock()
	if v&futexWaiters != 0 {
		f.wake(t.space, uaddr, 1, ^uint32(0))
	}
}
