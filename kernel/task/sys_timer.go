package task

import (
	"sync/atomic"

	"github.com/tamix/tamix/kernel/timer"
	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_SETITIMER, sysSetitimer, Full, "")
	register(linuxabi.SYS_GETITIMER, sysGetitimer, Full, "")
	register(linuxabi.SYS_TIMER_CREATE, sysTimerCreate, Partial, "CPU-time clocks: EINVAL")
	register(linuxabi.SYS_TIMER_SETTIME, sysTimerSettime, Full, "")
	register(linuxabi.SYS_TIMER_GETTIME, sysTimerGettime, Full, "")
	register(linuxabi.SYS_TIMER_GETOVERRUN, sysTimerGetoverrun, Full, "")
	register(linuxabi.SYS_TIMER_DELETE, sysTimerDelete, Full, "")
	register(linuxabi.SYS_TIMERFD_CREATE, sysTimerfdCreate, Partial, "TFD_TIMER_CANCEL_ON_SET is accepted; the clock is never set")
	register(linuxabi.SYS_TIMERFD_SETTIME, sysTimerfdSettime, Full, "")
	register(linuxabi.SYS_TIMERFD_GETTIME, sysTimerfdGettime, Full, "")
}

// clockFunc is the clock a timer counts on: the wall and monotonic
// clocks (and their alarm variants, which tamix cannot wake from suspend
// for, having none); EINVAL for another id.
func (k *Kernel) clockFunc(id int) (func() int64, error) {
	switch id {
	case linuxabi.CLOCK_REALTIME, linuxabi.CLOCK_REALTIME_ALARM, linuxabi.CLOCK_TAI:
		return k.hw.Realtime, nil
	case linuxabi.CLOCK_MONOTONIC, linuxabi.CLOCK_BOOTTIME, linuxabi.CLOCK_BOOTTIME_ALARM:
		return k.hw.Monotonic, nil
	}
	return nil, linuxabi.EINVAL
}

// processTimers are a process's interval timers: setitimer's
// ITIMER_REAL, which exec keeps, and its POSIX timers, which exec and
// exit delete (exit_itimers). Guarded by Process.mu.
type processTimers struct {
	real   *timer.Timer
	posix  map[int]*posixTimer
	nextID int
	// cpu are ITIMER_VIRTUAL and ITIMER_PROF; cpuArmed says whether
	// either runs, so that the trap path checks them only then.
	cpu      [2]cpuTimer
	cpuArmed atomic.Bool
}

// cpuTimer is ITIMER_VIRTUAL (the process's user time) or ITIMER_PROF
// (user and system time): an expiry and interval on that clock, expiry
// 0 when disarmed. They are checked after every trap of the process's
// threads, which come at least as often as the tick Linux checks them
// from (run_posix_cpu_timers).
type cpuTimer struct{ expiry, interval int64 }

// cpuTimerSignals are what the CPU timers send.
var cpuTimerSignals = [2]linuxabi.Signal{linuxabi.SIGVTALRM, linuxabi.SIGPROF}

// cpuClock is CPU timer i's clock reading in c.
func cpuClock(i int, c cpuTime) int64 {
	if i == linuxabi.ITIMER_PROF-1 {
		return c.user + c.sys
	}
	return c.user
}

// checkCPUTimers sends the signals of the CPU timers that have expired
// and rearms the periodic ones (check_cpu_itimer).
func (p *Process) checkCPUTimers(k *Kernel) {
	c := p.cpuTime()
	var fire []linuxabi.Signal
	p.mu.Lock()
	armed := false
	for i := range p.timers.cpu {
		ct := &p.timers.cpu[i]
		now := cpuClock(i, c)
		if ct.expiry != 0 && now >= ct.expiry {
			fire = append(fire, cpuTimerSignals[i])
			if ct.interval > 0 {
				ct.expiry += ((now-ct.expiry)/ct.interval + 1) * ct.interval
			} else {
				ct.expiry = 0
			}
		}
		armed = armed || ct.expiry != 0
	}
	p.timers.cpuArmed.Store(armed)
	p.mu.Unlock()
	for _, signo := range fire {
		k.sendProcess(p, sigInfo{signo: signo, code: linuxabi.SI_KERNEL})
	}
}

// setCPUTimer arms CPU timer i value nanoseconds of CPU time from now
// (disarms it for 0) and returns what was left and the old interval.
func (p *Process) setCPUTimer(i int, value, interval int64) (left, oldInterval int64) {
	c := p.cpuTime()
	p.mu.Lock()
	defer p.mu.Unlock()
	ct := &p.timers.cpu[i]
	now := cpuClock(i, c)
	if ct.expiry != 0 {
		left = max(ct.expiry-now, 1)
	}
	oldInterval = ct.interval
	*ct = cpuTimer{}
	if value != 0 {
		*ct = cpuTimer{expiry: now + value, interval: interval}
	}
	p.timers.cpuArmed.Store(p.timers.cpu[0].expiry != 0 || p.timers.cpu[1].expiry != 0)
	return left, oldInterval
}

// getCPUTimer returns what is left of CPU timer i and its interval.
func (p *Process) getCPUTimer(i int) (left, interval int64) {
	c := p.cpuTime()
	p.mu.Lock()
	defer p.mu.Unlock()
	ct := p.timers.cpu[i]
	if ct.expiry != 0 {
		left = max(ct.expiry-cpuClock(i, c), 1)
	}
	return left, ct.interval
}

// stopAll disarms every timer, at exit.
func (pt *processTimers) stopAll() {
	if pt.real != nil {
		pt.real.Stop()
	}
	pt.deletePosix()
}

// deletePosix deletes the POSIX timers, at exec and exit.
func (pt *processTimers) deletePosix() {
	for _, t := range pt.posix {
		t.Stop()
	}
	pt.posix = nil
}

// sysSetitimer implements Linux system call setitimer(2): ITIMER_REAL
// sends SIGALRM (si_code SI_KERNEL) at each expiry, and glibc's alarm(3)
// is built on it; ITIMER_VIRTUAL SIGVTALRM and ITIMER_PROF SIGPROF, on
// the process's CPU time.
func sysSetitimer(t *Task, a args) (uint64, error) {
	which := int(int32(a[0]))
	if which != linuxabi.ITIMER_REAL && which != linuxabi.ITIMER_VIRTUAL && which != linuxabi.ITIMER_PROF {
		return 0, linuxabi.EINVAL
	}
	var nv linuxabi.Itimerval
	if a[1] != 0 {
		var b [linuxabi.ItimervalSize]byte
		if err := t.copyIn(a[1], b[:]); err != nil {
			return 0, err
		}
		nv.Unmarshal(b[:])
		if !nv.Value.Valid() || !nv.Interval.Valid() {
			return 0, linuxabi.EINVAL
		}
	}
	p, k := t.p, t.k
	if which != linuxabi.ITIMER_REAL {
		left, interval := p.setCPUTimer(which-1, timevalNs(nv.Value), timevalNs(nv.Interval))
		if a[2] == 0 {
			return 0, nil
		}
		return 0, t.writeItimerval(a[2], left, interval)
	}
	p.mu.Lock()
	if p.timers.real == nil {
		p.timers.real = timer.New(k.hw.Monotonic, func(uint64) {
			k.sendProcess(p, sigInfo{signo: linuxabi.SIGALRM, code: linuxabi.SI_KERNEL})
		})
	}
	it := p.timers.real
	p.mu.Unlock()
	left, interval := it.Set(timevalNs(nv.Value), timevalNs(nv.Interval), false)
	if a[2] == 0 {
		return 0, nil
	}
	return 0, t.writeItimerval(a[2], left, interval)
}

// sysGetitimer implements Linux system call getitimer(2).
func sysGetitimer(t *Task, a args) (uint64, error) {
	switch which := int(int32(a[0])); which {
	case linuxabi.ITIMER_REAL:
	case linuxabi.ITIMER_VIRTUAL, linuxabi.ITIMER_PROF:
		left, interval := t.p.getCPUTimer(which - 1)
		return 0, t.writeItimerval(a[1], left, interval)
	default:
		return 0, linuxabi.EINVAL
	}
	t.p.mu.Lock()
	it := t.p.timers.real
	t.p.mu.Unlock()
	var left, interval int64
	if it != nil {
		left, interval = it.Get()
	}
	return 0, t.writeItimerval(a[1], left, interval)
}

// timevalNs is a timeval in nanoseconds.
func timevalNs(tv linuxabi.Timeval) int64 { return tv.Sec*1e9 + tv.Usec*1e3 }

// writeItimerval stores an itimerval. A time left that is not a whole
// microsecond rounds up, so a running timer never reads as disarmed
// (get_cpu_itimer and itimer_get_remtime round the same way).
func (t *Task) writeItimerval(va uint64, left, interval int64) error {
	tv := func(ns int64) linuxabi.Timeval {
		us := (ns + 999) / 1e3
		return linuxabi.Timeval{Sec: us / 1e6, Usec: us % 1e6}
	}
	v := linuxabi.Itimerval{Value: tv(left), Interval: tv(interval)}
	var b [linuxabi.ItimervalSize]byte
	v.Marshal(b[:])
	return t.copyOut(va, b[:])
}

// posixTimer is a timer_create(2) timer (struct k_itimer). Its signal is
// queued once: while it is pending, further expiries only add to the
// overrun count, which the signal reports when taken
// (posix_timer_event, send_sigqueue).
type posixTimer struct {
	*timer.Timer
	id     int
	notify int32
	signo  linuxabi.Signal
	value  uint64
	target *Task // SIGEV_THREAD_ID: the thread; nil for the process

	// Guarded by Kernel.sigmu.
	queued      bool
	overrun     uint64 // expiries since the signal was queued
	overrunLast uint64 // what the last taken signal reported (timer_getoverrun)
}

// fire is an expiry: queue the signal, or count an overrun while it is
// still pending.
func (pt *posixTimer) fire(k *Kernel, p *Process, overrun uint64) {
	if pt.notify == linuxabi.SIGEV_NONE {
		return
	}
	k.sigmu.Lock()
	defer k.sigmu.Unlock()
	if pt.queued {
		pt.overrun += overrun + 1
		return
	}
	pt.overrun = overrun
	pt.queued = true
	k.sendLocked(p, pt.target, sigInfo{signo: pt.signo, code: linuxabi.SI_TIMER, timer: pt, timerID: pt.id, value: pt.value})
	q := &p.pending
	if pt.target != nil {
		q = &pt.target.pending
	}
	if q.set&sigBit(pt.signo) == 0 { // discarded: ignored
		pt.queued = false
	}
}

// dequeuedLocked is the timer's signal being taken: it returns the
// overruns to report and lets the next expiry queue the signal again.
func (pt *posixTimer) dequeuedLocked() uint64 {
	n := pt.overrun
	pt.overrunLast, pt.overrun, pt.queued = n, 0, false
	return n
}

// sysTimerCreate implements Linux system call timer_create(2): the timer
// ids of a process count from 0; a NULL sigevent is SIGEV_SIGNAL with
// SIGALRM and the timer id as value (good_sigevent, do_timer_create).
func sysTimerCreate(t *Task, a args) (uint64, error) {
	k, p := t.k, t.p
	now, err := k.clockFunc(int(int32(a[0])))
	if err != nil {
		return 0, err
	}
	ev := linuxabi.Sigevent{Signo: int32(linuxabi.SIGALRM), Notify: linuxabi.SIGEV_SIGNAL}
	if a[1] != 0 {
		var b [linuxabi.SigeventSize]byte
		if err := t.copyIn(a[1], b[:]); err != nil {
			return 0, err
		}
		ev.Unmarshal(b[:])
	}
	pt := &posixTimer{notify: ev.Notify, signo: linuxabi.Signal(ev.Signo), value: ev.Value}
	switch ev.Notify {
	case linuxabi.SIGEV_SIGNAL | linuxabi.SIGEV_THREAD_ID:
		k.mu.Lock()
		pt.target = k.tasks[int(ev.Tid)]
		k.mu.Unlock()
		if pt.target == nil || pt.target.p != p {
			return 0, linuxabi.EINVAL
		}
		fallthrough
	case linuxabi.SIGEV_SIGNAL, linuxabi.SIGEV_THREAD:
		if ev.Signo <= 0 || ev.Signo > 64 {
			return 0, linuxabi.EINVAL
		}
	case linuxabi.SIGEV_NONE:
	default:
		return 0, linuxabi.EINVAL
	}
	pt.Timer = timer.New(now, func(overrun uint64) { pt.fire(k, p, overrun) })
	p.mu.Lock()
	if p.timers.posix == nil {
		p.timers.posix = map[int]*posixTimer{}
	}
	pt.id = p.timers.nextID
	p.timers.nextID++
	if a[1] == 0 {
		pt.value = uint64(pt.id)
	}
	p.timers.posix[pt.id] = pt
	p.mu.Unlock()
	if err := t.writeU32(a[2], uint32(pt.id)); err != nil {
		p.mu.Lock()
		delete(p.timers.posix, pt.id)
		p.mu.Unlock()
		return 0, err
	}
	return 0, nil
}

// posixTimer returns the calling process's timer id, or EINVAL.
func (t *Task) posixTimer(id uint64) (*posixTimer, error) {
	t.p.mu.Lock()
	defer t.p.mu.Unlock()
	pt := t.p.timers.posix[int(int32(id))]
	if pt == nil {
		return nil, linuxabi.EINVAL
	}
	return pt, nil
}

// readItimerspec reads a struct itimerspec: EINVAL unless both times are
// valid.
func (t *Task) readItimerspec(va uint64) (value, interval int64, err error) {
	var b [linuxabi.ItimerspecSize]byte
	if err := t.copyIn(va, b[:]); err != nil {
		return 0, 0, err
	}
	var its linuxabi.Itimerspec
	its.Unmarshal(b[:])
	if !its.Value.Valid() || !its.Interval.Valid() {
		return 0, 0, linuxabi.EINVAL
	}
	return its.Value.ToNanoseconds(), its.Interval.ToNanoseconds(), nil
}

func (t *Task) writeItimerspec(va uint64, left, interval int64) error {
	its := linuxabi.Itimerspec{Value: linuxabi.TimespecOf(left), Interval: linuxabi.TimespecOf(interval)}
	var b [linuxabi.ItimerspecSize]byte
	its.Marshal(b[:])
	return t.copyOut(va, b[:])
}

// settime is timer_settime(2) and timerfd_settime(2) on it: the new
// setting at newVA, the old one stored at oldVA if not 0.
func (t *Task) settime(it interface {
	Set(value, interval int64, abs bool) (int64, int64)
}, abs bool, newVA, oldVA uint64) error {
	value, interval, err := t.readItimerspec(newVA)
	if err != nil {
		return err
	}
	left, oldInterval := it.Set(value, interval, abs)
	if oldVA == 0 {
		return nil
	}
	return t.writeItimerspec(oldVA, left, oldInterval)
}

// sysTimerSettime implements Linux system call timer_settime(2).
func sysTimerSettime(t *Task, a args) (uint64, error) {
	pt, err := t.posixTimer(a[0])
	if err != nil {
		return 0, err
	}
	// A new setting forgets the overruns of the old one (it_overrun
	// is reset in common_timer_set).
	t.k.sigmu.Lock()
	pt.overrun = 0
	t.k.sigmu.Unlock()
	return 0, t.settime(pt.Timer, a[1]&linuxabi.TIMER_ABSTIME != 0, a[2], a[3])
}

// sysTimerGettime implements Linux system call timer_gettime(2).
func sysTimerGettime(t *Task, a args) (uint64, error) {
	pt, err := t.posixTimer(a[0])
	if err != nil {
		return 0, err
	}
	left, interval := pt.Get()
	return 0, t.writeItimerspec(a[1], left, interval)
}

// sysTimerGetoverrun implements Linux system call timer_getoverrun(2):
// the overrun count of the last signal taken, at most DELAYTIMER_MAX.
func sysTimerGetoverrun(t *Task, a args) (uint64, error) {
	pt, err := t.posixTimer(a[0])
	if err != nil {
		return 0, err
	}
	t.k.sigmu.Lock()
	defer t.k.sigmu.Unlock()
	return min(pt.overrunLast, 1<<31-1), nil
}

// sysTimerDelete implements Linux system call timer_delete(2).
func sysTimerDelete(t *Task, a args) (uint64, error) {
	pt, err := t.posixTimer(a[0])
	if err != nil {
		return 0, err
	}
	t.p.mu.Lock()
	delete(t.p.timers.posix, pt.id)
	t.p.mu.Unlock()
	pt.Stop()
	return 0, nil
}

// timerFile is a timerfd (fs/timerfd.c).
type timerFile struct {
	anonFile
	fd *timer.FD
}

func (f *timerFile) Read(t *Task, p []byte) (int, error) {
	n, err := f.fd.Read(p, nonblock(f), t.interrupt())
	return n, interrupted(err)
}
func (f *timerFile) Write(*Task, []byte) (int, error)            { return 0, linuxabi.EINVAL }
func (f *timerFile) Ioctl(*Task, uint32, uint64) (uint64, error) { return 0, linuxabi.ENOTTY }
func (f *timerFile) Poll() uint32                                { return f.fd.Poll() }
func (f *timerFile) Changed() <-chan struct{}                    { return f.fd.Changed() }
func (f *timerFile) Release()                                    { f.fd.Stop() }

// sysTimerfdCreate implements Linux system call timerfd_create(2).
func sysTimerfdCreate(t *Task, a args) (uint64, error) {
	flags := int(a[1])
	if flags&^(linuxabi.TFD_CLOEXEC|linuxabi.TFD_NONBLOCK) != 0 {
		return 0, linuxabi.EINVAL
	}
	now, err := t.k.clockFunc(int(int32(a[0])))
	if err != nil {
		return 0, err
	}
	f := &timerFile{fd: timer.NewFD(now)}
	t.k.initAnon(&f.anonFile, linuxabi.O_RDWR|flags&linuxabi.TFD_NONBLOCK, 0o600)
	fd, err := t.p.files.install(newOpenFile(f), 0, flags&linuxabi.TFD_CLOEXEC != 0, t.nofile())
	if err != nil {
		f.fd.Stop()
	}
	return uint64(fd), err
}

// timerFileOf returns the timerfd fd refers to: EBADF if fd is not
// open, EINVAL if it is not a timerfd. The caller puts the reference.
func (t *Task) timerFileOf(fd uint64) (*timerFile, *openFile, error) {
	o, err := t.p.files.get(int(int32(fd)))
	if err != nil {
		return nil, nil, err
	}
	f, ok := o.File.(*timerFile)
	if !ok {
		o.put()
		return nil, nil, linuxabi.EINVAL
	}
	return f, o, nil
}

// sysTimerfdSettime implements Linux system call timerfd_settime(2).
func sysTimerfdSettime(t *Task, a args) (uint64, error) {
	if a[1]&^(linuxabi.TFD_TIMER_ABSTIME|linuxabi.TFD_TIMER_CANCEL_ON_SET) != 0 {
		return 0, linuxabi.EINVAL
	}
	f, o, err := t.timerFileOf(a[0])
	if err != nil {
		return 0, err
	}
	defer o.put()
	return 0, t.settime(f.fd, a[1]&linuxabi.TFD_TIMER_ABSTIME != 0, a[2], a[3])
}

// sysTimerfdGettime implements Linux system call timerfd_gettime(2).
func sysTimerfdGettime(t *Task, a args) (uint64, error) {
	f, o, err := t.timerFileOf(a[0])
	if err != nil {
		return 0, err
	}
	defer o.put()
	left, interval := f.fd.Get()
	return 0, t.writeItimerspec(a[1], left, interval)
}
