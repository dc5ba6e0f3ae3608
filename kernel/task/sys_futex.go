package task

import (
	"time"

	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_FUTEX, sysFutex, Partial, "WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE, private and shared (shared matched per address space); PI and WAKE_OP: ENOSYS")
}

// sysFutex implements Linux system call futex(2).
func sysFutex(t *Task, a args) (uint64, error) {
	addr, op, val, uaddr2, val3 := a[0], int(a[1]), uint32(a[2]), a[4], uint32(a[5])
	cmd := op &^ (linuxabi.FUTEX_PRIVATE_FLAG | linuxabi.FUTEX_CLOCK_REALTIME)
	realtime := op&linuxabi.FUTEX_CLOCK_REALTIME != 0
	if realtime && cmd != linuxabi.FUTEX_WAIT_BITSET && cmd != linuxabi.FUTEX_WAIT {
		return 0, linuxabi.ENOSYS
	}
	f := &t.k.futexes
	switch cmd {
	case linuxabi.FUTEX_WAIT, linuxabi.FUTEX_WAIT_BITSET:
		bitset := ^uint32(0)
		if cmd == linuxabi.FUTEX_WAIT_BITSET {
			bitset = val3
			if bitset == 0 {
				return 0, linuxabi.EINVAL
			}
		}
		var deadline time.Time
		if a[3] != 0 {
			ns, err := t.readTimespec(a[3])
			if err != nil {
				return 0, err
			}
			if cmd == linuxabi.FUTEX_WAIT {
				deadline = time.Now().Add(time.Duration(ns)) // relative, CLOCK_MONOTONIC
			} else {
				clock := linuxabi.CLOCK_MONOTONIC
				if realtime {
					clock = linuxabi.CLOCK_REALTIME
				}
				now, _ := t.now(clock)
				deadline = time.Now().Add(time.Duration(ns - now))
			}
		}
		return 0, f.wait(t, addr, val, bitset, deadline)
	case linuxabi.FUTEX_WAKE, linuxabi.FUTEX_WAKE_BITSET:
		bitset := ^uint32(0)
		if cmd == linuxabi.FUTEX_WAKE_BITSET {
			bitset = val3
			if bitset == 0 {
				return 0, linuxabi.EINVAL
			}
		}
		if addr&3 != 0 {
			return 0, linuxabi.EINVAL
		}
		return uint64(f.wake(t.space, addr, int(int32(val)), bitset)), nil
	case linuxabi.FUTEX_REQUEUE, linuxabi.FUTEX_CMP_REQUEUE:
		if addr&3 != 0 || uaddr2&3 != 0 {
			return 0, linuxabi.EINVAL
		}
		n, err := f.requeue(t, addr, uaddr2, int(int32(val)), int(int32(uint32(a[3]))), cmd == linuxabi.FUTEX_CMP_REQUEUE, val3)
		return uint64(n), err
	}
	return 0, linuxabi.ENOSYS
}
