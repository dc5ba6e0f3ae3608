package task

import (
	"math"
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

func TestRecordLocks(t *testing.T) {
	var lt lockTable
	i := &vfs.Inode{}
	a, b := &Process{pid: 10}, &Process{pid: 20}
	lk := func(p *Process, write bool, start, end int64) *fileLock {
		return &fileLock{owner: p, pid: p.pid, write: write, start: start, end: end}
	}
	if _, err := lt.set(i, lk(a, true, 0, 99), false); err != nil {
		t.Fatal(err)
	}
	// Another owner: a read lock overlapping a write lock conflicts, a
	// disjoint range does not.
	if _, err := lt.set(i, lk(b, false, 50, 60), false); err != linuxabi.EAGAIN {
		t.Errorf("overlapping read lock: %v, want EAGAIN", err)
	}
	if _, err := lt.set(i, lk(b, true, 100, math.MaxInt64), false); err != nil {
		t.Errorf("disjoint lock: %v", err)
	}
	// The owner splits its own lock: unlocking 40-59 leaves 0-39 and 60-99.
	if _, err := lt.set(i, lk(a, false, 40, 59), true); err != nil {
		t.Fatal(err)
	}
	if _, ok := lt.conflict(i, lk(b, true, 40, 59)); ok {
		t.Error("unlocked middle still conflicts")
	}
	if c, ok := lt.conflict(i, lk(b, false, 30, 45)); !ok || c.pid != 10 || c.start != 0 || c.end != 39 {
		t.Errorf("conflict = %+v, %v; want a's 0-39", c, ok)
	}
	// Shared read locks coexist.
	lt.set(i, lk(a, false, 0, 99), false)
	if _, err := lt.set(i, lk(b, false, 0, 10), false); err != nil {
		t.Errorf("two read locks: %v", err)
	}
	// Closing (release) drops only the owner's locks.
	lt.release(b, i)
	if _, ok := lt.conflict(i, lk(a, true, 100, 200)); ok {
		t.Error("b's lock survived its release")
	}
	lt.release(a, nil)
	if len(lt.locks) != 0 {
		t.Errorf("locks left: %v", lt.locks)
	}
}

func TestLockSpan(t *testing.T) {
	for _, c := range []struct {
		start, len int64
		lo, hi     int64
		err        error
	}{
		{10, 5, 10, 14, nil},
		{10, 0, 10, math.MaxInt64, nil},
		{10, -5, 5, 9, nil},
		{2, -5, 0, 0, linuxabi.EINVAL},
		{-1, 1, 0, 0, linuxabi.EINVAL},
	} {
		lo, hi, err := span(&flock{whence: linuxabi.SEEK_SET, start: c.start, len: c.len}, nil)
		if err != c.err || err == nil && (lo != c.lo || hi != c.hi) {
			t.Errorf("span(%d, %d) = %d, %d, %v; want %d, %d, %v", c.start, c.len, lo, hi, err, c.lo, c.hi, c.err)
		}
	}
}
