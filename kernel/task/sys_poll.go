package task

import (
	"encoding/binary"
	"sync"
	"time"

	"github.com/tamix/tamix/kernel/eventfd"
	"github.com/tamix/tamix/kernel/poll"
	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_PPOLL, sysPpoll, Full, "")
	register(linuxabi.SYS_PSELECT6, sysPselect6, Full, "")
	register(linuxabi.SYS_EPOLL_CREATE1, sysEpollCreate1, Full, "")
	register(linuxabi.SYS_EPOLL_CTL, sysEpollCtl, Partial, "EPOLLEXCLUSIVE wakes every waiter")
	register(linuxabi.SYS_EPOLL_PWAIT, sysEpollPwait, Full, "")
	register(linuxabi.SYS_EPOLL_PWAIT2, sysEpollPwait2, Full, "")
	register(linuxabi.SYS_EVENTFD2, sysEventfd2, Full, "")
}

// epolls are the live epoll instances: a file's registrations go when
// its last descriptor is closed (eventpoll_release).
var epolls sync.Map // *poll.Epoll → struct{}

func forgetEverywhere(o *openFile) {
	epolls.Range(func(k, _ any) bool {
		k.(*poll.Epoll).Forget(o)
		return true
	})
}

// withMask runs wait with the signal mask ppoll, pselect6 and
// epoll_pwait were given, if any (set_user_sigmask): an interrupted wait
// leaves the old mask saved for the handler's return, any other result
// restores it at once.
func (t *Task) withMask(maskVA, size uint64, wait func() error) error {
	if maskVA != 0 {
		if size != sigsetSize {
			return linuxabi.EINVAL
		}
		v, err := t.readU64(maskVA)
		if err != nil {
			return err
		}
		k := t.k
		k.sigmu.Lock()
		old := t.mask
		t.savedMask = &old
		t.mask = sigSet(v) &^ unblockable
		k.sigmu.Unlock()
	}
	err := wait()
	if maskVA != 0 && err != errRestartNoHand {
		t.k.sigmu.Lock()
		t.restoreSavedMaskLocked()
		t.k.sigmu.Unlock()
	}
	return err
}

// timeoutOf reads a timespec timeout: NULL waits forever (-1).
func (t *Task) timeoutOf(va uint64) (time.Duration, error) {
	if va == 0 {
		return -1, nil
	}
	ns, err := t.readTimespec(va)
	return time.Duration(ns), err
}

// sysPpoll implements Linux system call ppoll(2).
func sysPpoll(t *Task, a args) (uint64, error) {
	nfds := a[1]
	if nfds > uint64(t.nofile()) {
		return 0, linuxabi.EINVAL
	}
	timeout, err := t.timeoutOf(a[2])
	if err != nil {
		return 0, err
	}
	buf := make([]byte, 8*nfds)
	if err := t.copyIn(a[0], buf); err != nil {
		return 0, err
	}
	var items []poll.Pollable
	var masks []uint32
	var idx []int
	revents := make([]uint16, nfds)
	var held []*openFile
	defer func() {
		for _, o := range held {
			o.put()
		}
	}()
	for i := range int(nfds) {
		fd := int32(binary.LittleEndian.Uint32(buf[8*i:]))
		events := uint32(buf[8*i+4]) | uint32(buf[8*i+5])<<8
		if fd < 0 {
			continue
		}
		o, err := t.file(int(fd))
		if err != nil {
			revents[i] = linuxabi.POLLNVAL
			continue
		}
		held = append(held, o)
		items, masks, idx = append(items, o), append(masks, events), append(idx, i)
	}
	nval := false
	for _, r := range revents {
		nval = nval || r != 0
	}
	if nval { // an invalid descriptor is an event of its own: no waiting
		timeout = 0
	}
	var ready []uint32
	err = t.withMask(a[3], a[4], func() error {
		var err error
		ready, err = poll.Wait(items, masks, timeout, t.interrupt())
		if err == linuxabi.EINTR {
			return errRestartNoHand
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for j, i := range idx {
		revents[i] = uint16(ready[j])
	}
	for i, r := range revents {
		buf[8*i+6], buf[8*i+7] = byte(r), byte(r>>8)
		if r != 0 {
			n++
		}
	}
	if err := t.copyOut(a[0], buf); err != nil {
		return 0, err
	}
	return uint64(n), nil
}

// The select(2) sets map to poll events as fs/select.c's POLLIN_SET,
// POLLOUT_SET and POLLEX_SET do.
const (
	pollInSet  = linuxabi.POLLRDNORM | linuxabi.POLLRDBAND | linuxabi.POLLIN | linuxabi.POLLHUP | linuxabi.POLLERR
	pollOutSet = linuxabi.POLLWRBAND | linuxabi.POLLWRNORM | linuxabi.POLLOUT | linuxabi.POLLERR
	pollExSet  = linuxabi.POLLPRI
)

// sysPselect6 implements Linux system call pselect6(2).
func sysPselect6(t *Task, a args) (uint64, error) {
	n := int(int32(a[0]))
	if n < 0 {
		return 0, linuxabi.EINVAL
	}
	n = min(n, t.nofile())
	words := (n + 63) / 64
	sets := [3][]uint64{}
	for s := range 3 {
		if a[1+s] == 0 {
			continue
		}
		b := make([]byte, 8*words)
		if err := t.copyIn(a[1+s], b); err != nil {
			return 0, err
		}
		sets[s] = make([]uint64, words)
		for w := range sets[s] {
			sets[s][w] = binary.LittleEndian.Uint64(b[8*w:])
		}
	}
	timeout, err := t.timeoutOf(a[4])
	if err != nil {
		return 0, err
	}
	var maskVA, maskLen uint64
	if a[5] != 0 { // struct { const sigset_t *ss; size_t ss_len; }
		var b [16]byte
		if err := t.copyIn(a[5], b[:]); err != nil {
			return 0, err
		}
		maskVA, maskLen = binary.LittleEndian.Uint64(b[:]), binary.LittleEndian.Uint64(b[8:])
	}
	var items []poll.Pollable
	var masks []uint32
	var fds []int
	var held []*openFile
	defer func() {
		for _, o := range held {
			o.put()
		}
	}()
	for fd := range n {
		var want uint32
		for s, set := range [3]uint32{pollInSet, pollOutSet, pollExSet} {
			if sets[s] != nil && sets[s][fd/64]&(1<<(fd%64)) != 0 {
				want |= set
			}
		}
		if want == 0 {
			continue
		}
		o, err := t.file(fd)
		if err != nil {
			return 0, linuxabi.EBADF
		}
		held = append(held, o)
		items, masks, fds = append(items, o), append(masks, want), append(fds, fd)
	}
	start := time.Now()
	var ready []uint32
	err = t.withMask(maskVA, maskLen, func() error {
		var err error
		ready, err = poll.Wait(items, masks, timeout, t.interrupt())
		if err == linuxabi.EINTR {
			return errRestartNoHand
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	count := 0
	for s := range 3 {
		for w := range sets[s] {
			sets[s][w] = 0
		}
	}
	for j, fd := range fds {
		for s, set := range [3]uint32{pollInSet, pollOutSet, pollExSet} {
			if sets[s] != nil && ready[j]&set&masks[j] != 0 {
				sets[s][fd/64] |= 1 << (fd % 64)
				count++
			}
		}
	}
	for s := range 3 {
		if sets[s] == nil {
			continue
		}
		b := make([]byte, 8*words)
		for w, v := range sets[s] {
			binary.LittleEndian.PutUint64(b[8*w:], v)
		}
		if err := t.copyOut(a[1+s], b); err != nil {
			return 0, err
		}
	}
	if a[4] != 0 { // select reports the time not slept (poll_select_finish)
		left := max(timeout-time.Since(start), 0)
		t.writeTimespec(a[4], int64(left))
	}
	return uint64(count), nil
}

// epollFile is an epoll instance (fs/eventpoll.c).
type epollFile struct {
	anonFile
	ep *poll.Epoll
}

func (f *epollFile) Read(*Task, []byte) (int, error)  { return 0, linuxabi.EINVAL }
func (f *epollFile) Write(*Task, []byte) (int, error) { return 0, linuxabi.EINVAL }
func (f *epollFile) Ioctl(*Task, uint32, uint64) (uint64, error) {
	return 0, linuxabi.ENOTTY
}
func (f *epollFile) Poll() uint32             { return f.ep.Poll() }
func (f *epollFile) Changed() <-chan struct{} { return f.ep.Changed() }
func (f *epollFile) Release() {
	epolls.Delete(f.ep)
	f.ep.Close()
}

// sysEpollCreate1 implements Linux system call epoll_create1(2).
func sysEpollCreate1(t *Task, a args) (uint64, error) {
	if a[0]&^linuxabi.EPOLL_CLOEXEC != 0 {
		return 0, linuxabi.EINVAL
	}
	f := &epollFile{ep: poll.NewEpoll()}
	t.k.initAnon(&f.anonFile, linuxabi.O_RDWR, 0o600)
	epolls.Store(f.ep, struct{}{})
	fd, err := t.p.files.install(newOpenFile(f), 0, a[0]&linuxabi.EPOLL_CLOEXEC != 0, t.nofile())
	return uint64(fd), err
}

func (t *Task) epoll(fd int) (*openFile, *poll.Epoll, error) {
	o, err := t.file(fd)
	if err != nil {
		return nil, nil, err
	}
	ef, ok := o.File.(*epollFile)
	if !ok {
		o.put()
		return nil, nil, linuxabi.EINVAL
	}
	return o, ef.ep, nil
}

// sysEpollCtl implements Linux system call epoll_ctl(2).
func sysEpollCtl(t *Task, a args) (uint64, error) {
	eo, ep, err := t.epoll(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer eo.put()
	fd := int(int32(a[2]))
	o, err := t.file(fd)
	if err != nil {
		return 0, err
	}
	defer o.put()
	if _, ok := o.File.(vfsFile); ok { // regular files and directories are always ready: EPERM
		return 0, linuxabi.EPERM
	}
	if o == eo {
		return 0, linuxabi.EINVAL
	}
	var events uint32
	var data uint64
	if int(a[1]) != linuxabi.EPOLL_CTL_DEL {
		var b [linuxabi.EpollEventSize]byte
		if err := t.copyIn(a[3], b[:]); err != nil {
			return 0, err
		}
		var ev linuxabi.EpollEvent
		ev.Unmarshal(b[:])
		events, data = ev.Events, ev.Data
	}
	return 0, ep.Ctl(int(a[1]), fd, o, events, data)
}

// sysEpollPwait implements Linux system call epoll_pwait(2); the timeout
// is in milliseconds, negative for none.
func sysEpollPwait(t *Task, a args) (uint64, error) {
	timeout := time.Duration(-1)
	if ms := int32(a[3]); ms >= 0 {
		timeout = time.Duration(ms) * time.Millisecond
	}
	return t.epollWait(a, timeout)
}

// sysEpollPwait2 implements Linux system call epoll_pwait2(2).
func sysEpollPwait2(t *Task, a args) (uint64, error) {
	timeout, err := t.timeoutOf(a[3])
	if err != nil {
		return 0, err
	}
	return t.epollWait(a, timeout)
}

func (t *Task) epollWait(a args, timeout time.Duration) (uint64, error) {
	max := int(int32(a[2]))
	if max <= 0 || max > 0x7fffffff/linuxabi.EpollEventSize {
		return 0, linuxabi.EINVAL
	}
	eo, ep, err := t.epoll(int(a[0]))
	if err != nil {
		return 0, err
	}
	defer eo.put()
	var evs []poll.Event
	err = t.withMask(a[4], a[5], func() error {
		var err error
		evs, err = ep.Wait(max, timeout, t.interrupt())
		if err == linuxabi.EINTR {
			return errRestartNoHand // epoll_wait is never restarted after a handler (EINTR)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	b := make([]byte, linuxabi.EpollEventSize*len(evs))
	for i, e := range evs {
		ev := linuxabi.EpollEvent{Events: e.Events, Data: e.Data}
		ev.Marshal(b[linuxabi.EpollEventSize*i:])
	}
	if err := t.copyOut(a[1], b); err != nil {
		return 0, err
	}
	return uint64(len(evs)), nil
}

// eventFile is an eventfd (fs/eventfd.c).
type eventFile struct {
	anonFile
	e *eventfd.EventFD
}

func (f *eventFile) Read(t *Task, p []byte) (int, error) {
	return f.e.Read(p, nonblock(f), t.interrupt())
}
func (f *eventFile) Write(t *Task, p []byte) (int, error) {
	return f.e.Write(p, nonblock(f), t.interrupt())
}
func (f *eventFile) Ioctl(*Task, uint32, uint64) (uint64, error) { return 0, linuxabi.ENOTTY }
func (f *eventFile) Poll() uint32                                { return f.e.Poll() }
func (f *eventFile) Changed() <-chan struct{}                    { return f.e.Changed() }
func (f *eventFile) Release()                                    {}

// sysEventfd2 implements Linux system call eventfd2(2).
func sysEventfd2(t *Task, a args) (uint64, error) {
	flags := int(a[1])
	if flags&^(linuxabi.EFD_SEMAPHORE|linuxabi.EFD_CLOEXEC|linuxabi.EFD_NONBLOCK) != 0 {
		return 0, linuxabi.EINVAL
	}
	f := &eventFile{e: eventfd.New(uint32(a[0]), flags&linuxabi.EFD_SEMAPHORE != 0)}
	t.k.initAnon(&f.anonFile, linuxabi.O_RDWR|flags&linuxabi.EFD_NONBLOCK, 0o600)
	fd, err := t.p.files.install(newOpenFile(f), 0, flags&linuxabi.EFD_CLOEXEC != 0, t.nofile())
	return uint64(fd), err
}
