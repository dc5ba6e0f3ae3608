package linuxabi

// Timespec is struct timespec (struct __kernel_timespec on arm64).
type Timespec struct {
	Sec  int64
	Nsec int64
}

// TimespecSize is sizeof(struct timespec).
const TimespecSize = 16

// Marshal writes t to b[:TimespecSize].
func (t *Timespec) Marshal(b []byte) {
	_ = b[TimespecSize-1]
	le.PutUint64(b, uint64(t.Sec))
	le.PutUint64(b[8:], uint64(t.Nsec))
}

// Unmarshal reads t from b[:TimespecSize].
func (t *Timespec) Unmarshal(b []byte) {
	_ = b[TimespecSize-1]
	t.Sec = int64(le.Uint64(b))
	t.Nsec = int64(le.Uint64(b[8:]))
}

// Valid reports whether t is a valid time value as the kernel's
// timespec64_valid checks it: non-negative seconds, 0 <= nsec < 1e9.
func (t *Timespec) Valid() bool {
	return t.Sec >= 0 && t.Nsec >= 0 && t.Nsec < 1e9
}

// Timeval is struct timeval (struct __kernel_old_timeval on arm64).
type Timeval struct {
	Sec  int64
	Usec int64
}

// TimevalSize is sizeof(struct timeval).
const TimevalSize = 16

// Marshal writes t to b[:TimevalSize].
func (t *Timeval) Marshal(b []byte) {
	_ = b[TimevalSize-1]
	le.PutUint64(b, uint64(t.Sec))
	le.PutUint64(b[8:], uint64(t.Usec))
}

// Unmarshal reads t from b[:TimevalSize].
func (t *Timeval) Unmarshal(b []byte) {
	_ = b[TimevalSize-1]
	t.Sec = int64(le.Uint64(b))
	t.Usec = int64(le.Uint64(b[8:]))
}

// Itimerspec is struct itimerspec (timer_settime(2), timerfd_settime(2)).
type Itimerspec struct {
	Interval Timespec
	Value    Timespec
}

// ItimerspecSize is sizeof(struct itimerspec).
const ItimerspecSize = 32

// Marshal writes t to b[:ItimerspecSize].
func (t *Itimerspec) Marshal(b []byte) {
	t.Interval.Marshal(b[0:])
	t.Value.Marshal(b[16:])
}

// Unmarshal reads t from b[:ItimerspecSize].
func (t *Itimerspec) Unmarshal(b []byte) {
	t.Interval.Unmarshal(b[0:])
	t.Value.Unmarshal(b[16:])
}

// Itimerval is struct itimerval (setitimer(2)).
type Itimerval struct {
	Interval Timeval
	Value    Timeval
}

// ItimervalSize is sizeof(struct itimerval).
const ItimervalSize = 32

// Marshal writes t to b[:ItimervalSize].
func (t *Itimerval) Marshal(b []byte) {
	t.Interval.Marshal(b[0:])
	t.Value.Marshal(b[16:])
}

// Unmarshal reads t from b[:ItimervalSize].
func (t *Itimerval) Unmarshal(b []byte) {
	t.Interval.Unmarshal(b[0:])
	t.Value.Unmarshal(b[16:])
}

// Tms is struct tms (times(2)), in clock ticks.
type Tms struct {
	Utime  int64
	Stime  int64
	Cutime int64
	Cstime int64
}

// TmsSize is sizeof(struct tms).
const TmsSize = 32

// Marshal writes t to b[:TmsSize].
func (t *Tms) Marshal(b []byte) {
	_ = b[TmsSize-1]
	le.PutUint64(b[0:], uint64(t.Utime))
	le.PutUint64(b[8:], uint64(t.Stime))
	le.PutUint64(b[16:], uint64(t.Cutime))
	le.PutUint64(b[24:], uint64(t.Cstime))
}

// Unmarshal reads t from b[:TmsSize].
func (t *Tms) Unmarshal(b []byte) {
	_ = b[TmsSize-1]
	t.Utime = int64(le.Uint64(b[0:]))
	t.Stime = int64(le.Uint64(b[8:]))
	t.Cutime = int64(le.Uint64(b[16:]))
	t.Cstime = int64(le.Uint64(b[24:]))
}

// Clock ids (include/uapi/linux/time.h).
const (
	CLOCK_REALTIME           = 0
	CLOCK_MONOTONIC          = 1
	CLOCK_PROCESS_CPUTIME_ID = 2
	CLOCK_THREAD_CPUTIME_ID  = 3
	CLOCK_MONOTONIC_RAW      = 4
	CLOCK_REALTIME_COARSE    = 5
	CLOCK_MONOTONIC_COARSE   = 6
	CLOCK_BOOTTIME           = 7
	CLOCK_REALTIME_ALARM     = 8
	CLOCK_BOOTTIME_ALARM     = 9
	CLOCK_TAI                = 11

	TIMER_ABSTIME = 0x1
)

// Interval timers (setitimer(2)).
const (
	ITIMER_REAL    = 0
	ITIMER_VIRTUAL = 1
	ITIMER_PROF    = 2
)

// timerfd_create(2) and timerfd_settime(2) flags
// (include/uapi/linux/timerfd.h, arm64 values).
const (
	TFD_CLOEXEC             = 0o2000000
	TFD_NONBLOCK            = 0o4000
	TFD_TIMER_ABSTIME       = 1 << 0
	TFD_TIMER_CANCEL_ON_SET = 1 << 1
)

// ToNanoseconds is the timespec as nanoseconds.
func (t Timespec) ToNanoseconds() int64 { return t.Sec*1e9 + t.Nsec }

// TimespecOf is ns nanoseconds as a timespec.
func TimespecOf(ns int64) Timespec { return Timespec{Sec: ns / 1e9, Nsec: ns % 1e9} }

// Valid reports whether t is normalised and not negative (timeval_valid).
func (t Timeval) Valid() bool { return t.Sec >= 0 && t.Usec >= 0 && t.Usec < 1e6 }
