package task

import (
	"encoding/binary"
	"time"

	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_CLOCK_GETTIME, sysClockGettime, Partial, "no per-process/thread clock ids (clock_getcpuclockid): EINVAL")
	register(linuxabi.SYS_CLOCK_GETRES, sysClockGetres, Full, "")
	register(linuxabi.SYS_GETTIMEOFDAY, sysGettimeofday, Full, "")
	register(linuxabi.SYS_NANOSLEEP, sysNanosleep, Full, "")
	register(linuxabi.SYS_CLOCK_NANOSLEEP, sysClockNanosleep, Full, "")
}

// now returns clock id's time in nanoseconds (posix_get_*_timespec).
func (t *Task) now(id int) (int64, error) {
	switch id {
	case linuxabi.CLOCK_REALTIME, linuxabi.CLOCK_REALTIME_COARSE, linuxabi.CLOCK_TAI:
		return t.k.hw.Realtime(), nil
	case linuxabi.CLOCK_MONOTONIC, linuxabi.CLOCK_MONOTONIC_RAW, linuxabi.CLOCK_MONOTONIC_COARSE, linuxabi.CLOCK_BOOTTIME:
		return t.k.hw.Monotonic(), nil
	case linuxabi.CLOCK_PROCESS_CPUTIME_ID:
		c := t.p.cpuTime()
		return c.user + c.sys, nil
	case linuxabi.CLOCK_THREAD_CPUTIME_ID:
		c := t.clock.load()
		return c.user + c.sys, nil
	}
	return 0, linuxabi.EINVAL
}

func (t *Task) writeTimespec(va uint64, ns int64) error {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:], uint64(ns/1e9))
	binary.LittleEndian.PutUint64(b[8:], uint64(ns%1e9))
	return t.copyOut(va, b[:])
}

// readTimespec reads a struct timespec: EINVAL for a negative or
// unnormalised one.
func (t *Task) readTimespec(va uint64) (int64, error) {
	var b [16]byte
	if err := t.copyIn(va, b[:]); err != nil {
		return 0, err
	}
	sec, nsec := int64(binary.LittleEndian.Uint64(b[:])), int64(binary.LittleEndian.Uint64(b[8:]))
	if sec < 0 || nsec < 0 || nsec >= 1e9 {
		return 0, linuxabi.EINVAL
	}
	if sec >= (1<<63-1)/1_000_000_000 {
		return 1<<63 - 1, nil
	}
	return sec*1e9 + nsec, nil
}

// sysClockGettime implements Linux system call clock_gettime(2).
func sysClockGettime(t *Task, a args) (uint64, error) {
	ns, err := t.now(int(int32(a[0])))
	if err != nil {
		return 0, err
	}
	return 0, t.writeTimespec(a[1], ns)
}

// sysClockGetres implements Linux system call clock_getres(2): the
// high-resolution clocks have 1 ns resolution, the coarse ones a tick.
func sysClockGetres(t *Task, a args) (uint64, error) {
	id := int(int32(a[0]))
	if _, err := t.now(id); err != nil {
		return 0, err
	}
	res := int64(1)
	if id == linuxabi.CLOCK_REALTIME_COARSE || id == linuxabi.CLOCK_MONOTONIC_COARSE {
		res = 4e6 // TICK_NSEC at HZ=250
	}
	if a[1] == 0 {
		return 0, nil
	}
	return 0, t.writeTimespec(a[1], res)
}

// sysGettimeofday implements Linux system call gettimeofday(2); the
// timezone, if asked for, is UTC.
func sysGettimeofday(t *Task, a args) (uint64, error) {
	ns := t.k.hw.Realtime()
	if a[0] != 0 {
		var b [16]byte
		binary.LittleEndian.PutUint64(b[:], uint64(ns/1e9))
		binary.LittleEndian.PutUint64(b[8:], uint64(ns%1e9/1e3))
		if err := t.copyOut(a[0], b[:]); err != nil {
			return 0, err
		}
	}
	if a[1] != 0 {
		var b [8]byte
		if err := t.copyOut(a[1], b[:]); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// sysNanosleep implements Linux system call nanosleep(2).
func sysNanosleep(t *Task, a args) (uint64, error) {
	return 0, t.sleep(linuxabi.CLOCK_MONOTONIC, 0, a[0], a[1])
}

// sysClockNanosleep implements Linux system call clock_nanosleep(2);
// unlike the others it returns the error number instead of -1 and errno
// at the library level, which the raw call's -errno already is.
func sysClockNanosleep(t *Task, a args) (uint64, error) {
	id := int(int32(a[0]))
	if id == linuxabi.CLOCK_THREAD_CPUTIME_ID {
		return 0, linuxabi.EINVAL
	}
	if _, err := t.now(id); err != nil {
		return 0, err
	}
	return 0, t.sleep(id, int(a[1]), a[2], a[3])
}

// sleep waits for the relative (or, with TIMER_ABSTIME, absolute) time in
// the timespec at reqVA; interrupted, it stores the time left at remVA
// and fails with EINTR once a handler runs.
func (t *Task) sleep(clock, flags int, reqVA, remVA uint64) error {
	req, err := t.readTimespec(reqVA)
	if err != nil {
		return err
	}
	start, _ := t.now(clock)
	deadline := start + req
	if flags&linuxabi.TIMER_ABSTIME != 0 {
		deadline = req
	}
	d := time.Duration(deadline - start)
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-t.interrupt():
	}
	if flags&linuxabi.TIMER_ABSTIME == 0 && remVA != 0 {
		now, _ := t.now(clock)
		if err := t.writeTimespec(remVA, max(deadline-now, 0)); err != nil {
			return err
		}
	}
	return errRestartNoHand
}
