package linuxabi

// Rlimit is struct rlimit (getrlimit(2), prlimit64(2)).
type Rlimit struct {
	Cur uint64
	Max uint64
}

// RlimitSize is sizeof(struct rlimit).
const RlimitSize = 16

// RLIM_INFINITY is the "no limit" value (include/uapi/asm-generic/resource.h).
const RLIM_INFINITY = ^uint64(0)

// Marshal writes r to b[:RlimitSize].
func (r *Rlimit) Marshal(b []byte) {
	_ = b[RlimitSize-1]
	le.PutUint64(b, r.Cur)
	le.PutUint64(b[8:], r.Max)
}

// Unmarshal reads r from b[:RlimitSize].
func (r *Rlimit) Unmarshal(b []byte) {
	_ = b[RlimitSize-1]
	r.Cur = le.Uint64(b)
	r.Max = le.Uint64(b[8:])
}

// Resource limits (include/uapi/asm-generic/resource.h).
const (
	RLIMIT_CPU        = 0
	RLIMIT_FSIZE      = 1
	RLIMIT_DATA       = 2
	RLIMIT_STACK      = 3
	RLIMIT_CORE       = 4
	RLIMIT_RSS        = 5
	RLIMIT_NPROC      = 6
	RLIMIT_NOFILE     = 7
	RLIMIT_MEMLOCK    = 8
	RLIMIT_AS         = 9
	RLIMIT_LOCKS      = 10
	RLIMIT_SIGPENDING = 11
	RLIMIT_MSGQUEUE   = 12
	RLIMIT_NICE       = 13
	RLIMIT_RTPRIO     = 14
	RLIMIT_RTTIME     = 15
	RLIM_NLIMITS      = 16
)

// Rusage is struct rusage (getrusage(2), wait4(2)).
type Rusage struct {
	Utime    Timeval
	Stime    Timeval
	Maxrss   int64
	Ixrss    int64
	Idrss    int64
	Isrss    int64
	Minflt   int64
	Majflt   int64
	Nswap    int64
	Inblock  int64
	Oublock  int64
	Msgsnd   int64
	Msgrcv   int64
	Nsignals int64
	Nvcsw    int64
	Nivcsw   int64
}

// RusageSize is sizeof(struct rusage).
const RusageSize = 144

func (r *Rusage) counters() [14]*int64 {
	return [14]*int64{&r.Maxrss, &r.Ixrss, &r.Idrss, &r.Isrss, &r.Minflt, &r.Majflt, &r.Nswap,
		&r.Inblock, &r.Oublock, &r.Msgsnd, &r.Msgrcv, &r.Nsignals, &r.Nvcsw, &r.Nivcsw}
}

// Marshal writes r to b[:RusageSize].
func (r *Rusage) Marshal(b []byte) {
	_ = b[RusageSize-1]
	r.Utime.Marshal(b[0:])
	r.Stime.Marshal(b[16:])
	for i, p := range r.counters() {
		le.PutUint64(b[32+8*i:], uint64(*p))
	}
}

// Unmarshal reads r from b[:RusageSize].
func (r *Rusage) Unmarshal(b []byte) {
	_ = b[RusageSize-1]
	r.Utime.Unmarshal(b[0:])
	r.Stime.Unmarshal(b[16:])
	for i, p := range r.counters() {
		*p = int64(le.Uint64(b[32+8*i:]))
	}
}

// getrusage(2) who values.
const (
	RUSAGE_SELF     = 0
	RUSAGE_CHILDREN = -1
	RUSAGE_THREAD   = 1
)
