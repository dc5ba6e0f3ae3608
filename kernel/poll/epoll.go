package poll

import (
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/tamix/tamix/linuxabi"
)

// Event is a ready event as epoll_wait(2) returns it: the ready events and
// the data registered with them. (The syscall layer writes struct
// epoll_event, which on arm64 is 16 bytes: events, 4 bytes of padding,
// data.)
type Event struct {
	Events uint32
	Data   uint64
}

// Bits that say how an item is watched rather than what for
// (EP_PRIVATE_BITS in fs/eventpoll.c); a fired EPOLLONESHOT item keeps
// only these, so it reports nothing until EPOLL_CTL_MOD re-arms it.
const privateBits = linuxabi.EPOLLWAKEUP | linuxabi.EPOLLONESHOT | linuxabi.EPOLLET | linuxabi.EPOLLEXCLUSIVE

// exclusiveOK are the events EPOLLEXCLUSIVE may come with
// (EPOLLEXCLUSIVE_OK_BITS).
const exclusiveOK = linuxabi.EPOLLIN | linuxabi.EPOLLOUT | linuxabi.EPOLLERR | linuxabi.EPOLLHUP | linuxabi.EPOLLWAKEUP | linuxabi.EPOLLET | linuxabi.EPOLLEXCLUSIVE

// maxEvents is EP_MAX_EVENTS, the most epoll_wait may ask for.
const maxEvents = (1<<31 - 1) / 16

// Epoll is an epoll instance (fs/eventpoll.c). It watches (fd, file)
// pairs, as Linux does, and is itself Pollable: readable when Wait would
// return an event, so epolls nest.
//
// Linux drops a registration when the file's last reference goes away,
// not when one of its fds is closed: a file still open through a dup'd fd
// stays registered under the closed fd number. The syscall layer calls
// Forget(file) on every Epoll holding file when it releases the file, and
// Close when it releases the epoll itself.
type Epoll struct {
	mu    sync.Mutex
	items []*epitem // in registration order, rotated as events are reported
	// ctl is closed and replaced by every Ctl, Forget and Close, waking
	// Wait and the watcher so they see the new registrations.
	ctl chan struct{}
	// changed is what Changed returned, nil if nobody asked since the
	// watcher last fired; done is closed by Close.
	changed chan struct{}
	done    chan struct{}
	// parents counts the registrations of this epoll in each epoll that
	// watches it; loopMu guards it.
	parents map[*Epoll]int
}

// epitem is a registration (struct epitem).
type epitem struct {
	fd     int
	file   Pollable
	events uint32
	data   uint64
	// seen, for EPOLLET, is the file's Changed channel taken before the
	// poll that last reported it: the item is reported again only once
	// that channel is closed, that is, after a new event.
	seen <-chan struct{}
}

// NewEpoll returns an empty epoll instance (epoll_create1(2)).
func NewEpoll() *Epoll {
	return &Epoll{ctl: make(chan struct{}), done: make(chan struct{}), parents: map[*Epoll]int{}}
}

// loopMu serialises changes to which epolls hold which, so that the loop
// check sees a stable graph (epnested_mutex). It is taken before any
// Epoll's mu.
var loopMu sync.Mutex

// maxNests is EP_MAX_NESTS: a chain of epolls holding epolls may have at
// most this many links, 5 epolls.
const maxNests = 4

// Ctl adds, modifies or removes the registration of file under fd
// (epoll_ctl(2)): op is EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL, and
// events and data are ignored for DEL. EPOLLERR and EPOLLHUP are always
// watched; EPOLLWAKEUP is dropped, since nothing suspends. Errors are
// Linux's: EEXIST to add a registered pair, ENOENT to change or remove an
// unregistered one, EINVAL for an unknown op, for watching the epoll
// itself, for EPOLLEXCLUSIVE with MOD, on an epoll, with events other than
// EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP and EPOLLET, or to MOD an item
// added with it, and ELOOP if adding an epoll makes a cycle or nests
// epolls more than 4 deep. The caller returns EBADF for bad fds and EPERM
// for files that cannot be polled (regular files).
func (ep *Epoll) Ctl(op, fd int, file Pollable, events uint32, data uint64) error {
	if op != linuxabi.EPOLL_CTL_ADD && op != linuxabi.EPOLL_CTL_MOD && op != linuxabi.EPOLL_CTL_DEL {
		return linuxabi.EINVAL
	}
	if f, ok := file.(*Epoll); ok && f == ep {
		return linuxabi.EINVAL
	}
	events &^= linuxabi.EPOLLWAKEUP
	if op != linuxabi.EPOLL_CTL_DEL && events&linuxabi.EPOLLEXCLUSIVE != 0 {
		if op == linuxabi.EPOLL_CTL_MOD {
			return linuxabi.EINVAL
		}
		if _, isEpoll := file.(*Epoll); isEpoll || events&^exclusiveOK != 0 {
			return linuxabi.EINVAL
		}
	}
	nested, isEpoll := file.(*Epoll)
	if isEpoll {
		loopMu.Lock()
		defer loopMu.Unlock()
		if op == linuxabi.EPOLL_CTL_ADD && (nested.reaches(ep) || ep.height()+1+nested.depth() > maxNests) {
			return linuxabi.ELOOP
		}
	}

	ep.mu.Lock()
	defer ep.mu.Unlock()
	i := slices.IndexFunc(ep.items, func(it *epitem) bool { return it.fd == fd && it.file == file })
	switch op {
	case linuxabi.EPOLL_CTL_ADD:
		if i >= 0 {
			return linuxabi.EEXIST
		}
		ep.items = append(ep.items, &epitem{fd: fd, file: file, events: events | linuxabi.EPOLLERR | linuxabi.EPOLLHUP, data: data})
		if isEpoll {
			nested.parents[ep]++
		}
	case linuxabi.EPOLL_CTL_MOD:
		if i < 0 {
			return linuxabi.ENOENT
		}
		it := ep.items[i]
		if it.events&linuxabi.EPOLLEXCLUSIVE != 0 {
			return linuxabi.EINVAL
		}
		it.events, it.data, it.seen = events|linuxabi.EPOLLERR|linuxabi.EPOLLHUP, data, nil
	case linuxabi.EPOLL_CTL_DEL:
		if i < 0 {
			return linuxabi.ENOENT
		}
		ep.items = slices.Delete(ep.items, i, i+1)
		if isEpoll {
			nested.unlink(ep)
		}
	}
	ep.notify()
	return nil
}

// Forget removes every registration of file, whatever its fd
// (eventpoll_release_file).
func (ep *Epoll) Forget(file Pollable) {
	loopMu.Lock()
	defer loopMu.Unlock()
	ep.mu.Lock()
	defer ep.mu.Unlock()
	ep.items = slices.DeleteFunc(ep.items, func(it *epitem) bool {
		if it.file != file {
			return false
		}
		if e, ok := file.(*Epoll); ok {
			e.unlink(ep)
		}
		return true
	})
	ep.notify()
}

// Close releases the epoll (ep_free): it drops every registration and
// stops watching for Changed.
func (ep *Epoll) Close() {
	loopMu.Lock()
	defer loopMu.Unlock()
	ep.mu.Lock()
	defer ep.mu.Unlock()
	for _, it := range ep.items {
		if e, ok := it.file.(*Epoll); ok {
			e.unlink(ep)
		}
	}
	ep.items = nil
	select {
	case <-ep.done:
	default:
		close(ep.done)
	}
	ep.notify()
}

// notify wakes whatever waits for the registrations to change.
func (ep *Epoll) notify() {
	close(ep.ctl)
	ep.ctl = make(chan struct{})
}

// Wait returns up to max ready events (epoll_wait(2)), waiting for one if
// none is ready: forever if timeout < 0, not at all if it is 0. It
// returns no events when the timeout passes and linuxabi.EINTR when cancel
// is closed first; max must be in 1…EP_MAX_EVENTS, else linuxabi.EINVAL.
//
// Items are level-triggered unless EPOLLET: reported whenever they are
// ready, and when there are more than max, those reported go to the back
// of the queue, so the next Wait reports the others first. An EPOLLET
// item is reported once per event: after a report, only when the file has
// changed again (its Changed channel closed) and is ready. An
// EPOLLONESHOT item is reported once, then disabled until EPOLL_CTL_MOD.
// EPOLLEXCLUSIVE only matters when several epolls wait on one file and is
// otherwise plain registration here: every waiter is woken.
func (ep *Epoll) Wait(max int, timeout time.Duration, cancel <-chan struct{}) ([]Event, error) {
	if max <= 0 || max > maxEvents {
		return nil, linuxabi.EINVAL
	}
	var timer *time.Timer
	if timeout > 0 {
		timer = time.NewTimer(timeout)
		defer timer.Stop()
	}
	for {
		events, chans := ep.collect(max)
		if len(events) > 0 || timeout == 0 {
			return events, nil
		}
		if closed(cancel) {
			return nil, linuxabi.EINTR
		}
		var expired <-chan time.Time
		if timer != nil {
			expired = timer.C
		}
		switch waitAny(chans, cancel, expired) {
		case canceled:
			return nil, linuxabi.EINTR
		case timedOut:
			return nil, nil
		}
	}
}

// collect reports up to max ready events (ep_send_events) and returns the
// channels to wait on if there are none.
func (ep *Epoll) collect(max int) ([]Event, []<-chan struct{}) {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	var events []Event
	var reported []*epitem
	chans := []<-chan struct{}{ep.ctl}
	for _, it := range ep.items {
		if len(events) == max {
			break
		}
		ch := it.file.Changed()
		chans = append(chans, ch)
		ready := it.ready()
		if ready == 0 {
			continue
		}
		events = append(events, Event{ready, it.data})
		switch {
		case it.events&linuxabi.EPOLLONESHOT != 0:
			it.events &= privateBits
		case it.events&linuxabi.EPOLLET != 0:
			it.seen = ch
		default:
			reported = append(reported, it)
		}
	}
	// Level-triggered items go back on the ready list's tail.
	if len(reported) > 0 {
		ep.items = slices.DeleteFunc(ep.items, func(it *epitem) bool { return slices.Contains(reported, it) })
		ep.items = append(ep.items, reported...)
	}
	return events, chans
}

// ready returns the events it would report now.
func (it *epitem) ready() uint32 {
	if it.seen != nil && !closed(it.seen) {
		return 0
	}
	return it.file.Poll() & it.events &^ privateBits
}

// Poll reports POLLIN|POLLRDNORM if Wait would return an event
// (ep_eventpoll_poll).
func (ep *Epoll) Poll() uint32 {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	for _, it := range ep.items {
		if it.ready() != 0 {
			return linuxabi.POLLIN | linuxabi.POLLRDNORM
		}
	}
	return 0
}

// Changed returns a channel closed when a watched file or the set of
// registrations changes. Until then a goroutine waits for it; Close ends
// that goroutine, and after Close nothing changes any more.
func (ep *Epoll) Changed() <-chan struct{} {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	if ep.changed != nil {
		return ep.changed
	}
	ch := make(chan struct{})
	ep.changed = ch
	if closed(ep.done) {
		return ch
	}
	cases := []reflect.SelectCase{
		{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ep.done)},
		{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ep.ctl)},
	}
	for _, it := range ep.items {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(it.file.Changed())})
	}
	go func() {
		reflect.Select(cases)
		ep.mu.Lock()
		if ep.changed == ch {
			ep.changed = nil
		}
		ep.mu.Unlock()
		close(ch)
	}()
	return ch
}

// reaches reports whether to is ep or nested in it (the loop check of
// ep_loop_check).
func (ep *Epoll) reaches(to *Epoll) bool {
	if ep == to {
		return true
	}
	for _, n := range ep.nestedEpolls() {
		if n.reaches(to) {
			return true
		}
	}
	return false
}

// depth is how many levels of epolls ep holds below itself.
func (ep *Epoll) depth() int {
	d := 0
	for _, n := range ep.nestedEpolls() {
		d = max(d, n.depth()+1)
	}
	return d
}

// height is how many levels of epolls hold ep.
func (ep *Epoll) height() int {
	h := 0
	for p := range ep.parents {
		h = max(h, p.height()+1)
	}
	return h
}

// unlink notes that parent no longer holds ep, once per registration.
func (ep *Epoll) unlink(parent *Epoll) {
	if ep.parents[parent]--; ep.parents[parent] == 0 {
		delete(ep.parents, parent)
	}
}

func (ep *Epoll) nestedEpolls() []*Epoll {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	var n []*Epoll
	for _, it := range ep.items {
		if e, ok := it.file.(*Epoll); ok {
			n = append(n, e)
		}
	}
	return n
}
