package poll

import (
	"slices"
	"testing"
	"time"

	"github.com/tamix/tamix/linuxabi"
)

var _ Pollable = (*Epoll)(nil)

func TestCtlErrors(t *testing.T) {
	ep := NewEpoll()
	f, g := &fakeFile{}, &fakeFile{}
	inner := NewEpoll()
	for _, tc := range []struct {
		name   string
		op, fd int
		file   Pollable
		events uint32
		want   error
	}{
		{"add", EPOLL_CTL_ADD, 3, f, EPOLLIN, nil},
		{"add again", EPOLL_CTL_ADD, 3, f, EPOLLOUT, linuxabi.EEXIST},
		{"same file, other fd", EPOLL_CTL_ADD, 4, f, EPOLLIN, nil},
		{"mod", EPOLL_CTL_MOD, 3, f, EPOLLOUT, nil},
		{"mod unknown", EPOLL_CTL_MOD, 5, g, EPOLLIN, linuxabi.ENOENT},
		{"del unknown", EPOLL_CTL_DEL, 3, g, 0, linuxabi.ENOENT},
		{"bad op", 0, 3, g, EPOLLIN, linuxabi.EINVAL},
		{"bad op 4", 4, 3, g, EPOLLIN, linuxabi.EINVAL},
		{"self", EPOLL_CTL_ADD, 6, ep, EPOLLIN, linuxabi.EINVAL},
		{"exclusive", EPOLL_CTL_ADD, 5, g, EPOLLIN | EPOLLEXCLUSIVE | EPOLLET, nil},
		{"mod exclusive item", EPOLL_CTL_MOD, 5, g, EPOLLIN, linuxabi.EINVAL},
		{"mod with exclusive", EPOLL_CTL_MOD, 3, f, EPOLLIN | EPOLLEXCLUSIVE, linuxabi.EINVAL},
		{"exclusive with RDNORM", EPOLL_CTL_ADD, 7, &fakeFile{}, EPOLLIN | EPOLLRDNORM | EPOLLEXCLUSIVE, linuxabi.EINVAL},
		{"exclusive with ONESHOT", EPOLL_CTL_ADD, 7, &fakeFile{}, EPOLLIN | EPOLLONESHOT | EPOLLEXCLUSIVE, linuxabi.EINVAL},
		{"exclusive epoll", EPOLL_CTL_ADD, 8, inner, EPOLLIN | EPOLLEXCLUSIVE, linuxabi.EINVAL},
		{"del", EPOLL_CTL_DEL, 3, f, 0, nil},
		{"del again", EPOLL_CTL_DEL, 3, f, 0, linuxabi.ENOENT},
	} {
		if err := ep.Ctl(tc.op, tc.fd, tc.file, tc.events, 0); err != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := ep.Wait(0, 0, nil); err != linuxabi.EINVAL {
		t.Errorf("Wait(0): %v, want EINVAL", err)
	}
}

func TestLevelTriggered(t *testing.T) {
	ep := NewEpoll()
	f := &fakeFile{mask: POLLIN | POLLOUT}
	ep.Ctl(EPOLL_CTL_ADD, 3, f, EPOLLIN, 42)
	for range 2 {
		got, err := ep.Wait(10, 0, nil)
		if err != nil || !slices.Equal(got, []Event{{EPOLLIN, 42}}) {
			t.Errorf("Wait = %v, %v", got, err)
		}
	}
	f.set(POLLOUT | POLLHUP)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{EPOLLHUP, 42}}) {
		t.Errorf("HUP: %v", got)
	}
	f.set(0)
	if got, _ := ep.Wait(10, time.Millisecond, nil); len(got) != 0 {
		t.Errorf("nothing ready: %v", got)
	}
	ep.Ctl(EPOLL_CTL_MOD, 3, f, EPOLLOUT, 43)
	f.set(POLLOUT)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{EPOLLOUT, 43}}) {
		t.Errorf("after MOD: %v", got)
	}
}

// TestRotation: with more ready items than max, the next Wait starts with
// those not reported.
func TestRotation(t *testing.T) {
	ep := NewEpoll()
	for i := range 3 {
		ep.Ctl(EPOLL_CTL_ADD, i, &fakeFile{mask: POLLIN}, EPOLLIN, uint64(i))
	}
	var order []uint64
	for range 3 {
		got, _ := ep.Wait(2, 0, nil)
		for _, e := range got {
			order = append(order, e.Data)
		}
	}
	if want := []uint64{0, 1, 2, 0, 1, 2}; !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}

func TestEdgeTriggered(t *testing.T) {
	ep := NewEpoll()
	f := &fakeFile{mask: POLLIN}
	ep.Ctl(EPOLL_CTL_ADD, 3, f, EPOLLIN|EPOLLET, 1)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{EPOLLIN, 1}}) {
		t.Errorf("first Wait: %v", got)
	}
	if got, _ := ep.Wait(10, 0, nil); len(got) != 0 {
		t.Errorf("no new event, yet %v", got)
	}
	if ep.Poll() != 0 {
		t.Error("epoll readable with no new event")
	}
	f.set(POLLIN) // more data
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{EPOLLIN, 1}}) {
		t.Errorf("after a new event: %v", got)
	}
	// A blocked Wait wakes for the next event.
	done := make(chan []Event)
	go func() {
		got, _ := ep.Wait(10, -1, nil)
		done <- got
	}()
	f.set(POLLIN)
	if got := <-done; !slices.Equal(got, []Event{{EPOLLIN, 1}}) {
		t.Errorf("blocked Wait: %v", got)
	}
}

func TestOneShot(t *testing.T) {
	ep := NewEpoll()
	f := &fakeFile{mask: POLLIN}
	ep.Ctl(EPOLL_CTL_ADD, 3, f, EPOLLIN|EPOLLONESHOT, 1)
	if got, _ := ep.Wait(10, 0, nil); len(got) != 1 {
		t.Errorf("first Wait: %v", got)
	}
	f.set(POLLIN | POLLHUP)
	if got, _ := ep.Wait(10, 0, nil); len(got) != 0 {
		t.Errorf("disabled item reported %v", got)
	}
	if err := ep.Ctl(EPOLL_CTL_ADD, 3, f, EPOLLIN, 0); err != linuxabi.EEXIST {
		t.Errorf("disabled item is still registered: ADD %v", err)
	}
	ep.Ctl(EPOLL_CTL_MOD, 3, f, EPOLLIN|EPOLLONESHOT, 2)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{EPOLLIN | EPOLLHUP, 2}}) {
		t.Errorf("re-armed: %v", got)
	}
}

func TestEpollWaitBlocking(t *testing.T) {
	ep := NewEpoll()
	f := &fakeFile{}
	ep.Ctl(EPOLL_CTL_ADD, 3, f, EPOLLIN, 7)
	cancel := make(chan struct{})
	close(cancel)
	if _, err := ep.Wait(1, -1, cancel); err != linuxabi.EINTR {
		t.Errorf("canceled: %v, want EINTR", err)
	}
	done := make(chan []Event)
	go func() {
		got, _ := ep.Wait(1, -1, nil)
		done <- got
	}()
	f.set(POLLIN)
	if got := <-done; !slices.Equal(got, []Event{{EPOLLIN, 7}}) {
		t.Errorf("woken: %v", got)
	}
	// A registration made while waiting counts.
	ep2 := NewEpoll()
	go func() {
		got, _ := ep2.Wait(1, -1, nil)
		done <- got
	}()
	ep2.Ctl(EPOLL_CTL_ADD, 4, &fakeFile{mask: POLLOUT}, EPOLLOUT, 8)
	if got := <-done; !slices.Equal(got, []Event{{EPOLLOUT, 8}}) {
		t.Errorf("woken by Ctl: %v", got)
	}
}

func TestForget(t *testing.T) {
	ep := NewEpoll()
	f, g := &fakeFile{mask: POLLIN}, &fakeFile{mask: POLLIN}
	ep.Ctl(EPOLL_CTL_ADD, 3, f, EPOLLIN, 3)
	ep.Ctl(EPOLL_CTL_ADD, 4, f, EPOLLIN, 4) // a dup of fd 3
	ep.Ctl(EPOLL_CTL_ADD, 5, g, EPOLLIN, 5)
	ep.Forget(f)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{EPOLLIN, 5}}) {
		t.Errorf("after Forget: %v", got)
	}
}

func TestNested(t *testing.T) {
	outer, inner := NewEpoll(), NewEpoll()
	defer outer.Close()
	defer inner.Close()
	f := &fakeFile{}
	inner.Ctl(EPOLL_CTL_ADD, 3, f, EPOLLIN, 1)
	if err := outer.Ctl(EPOLL_CTL_ADD, 4, inner, EPOLLIN, 2); err != nil {
		t.Fatal(err)
	}
	if got, _ := outer.Wait(10, 0, nil); len(got) != 0 {
		t.Errorf("nothing ready: %v", got)
	}
	done := make(chan []Event)
	go func() {
		got, _ := outer.Wait(10, -1, nil)
		done <- got
	}()
	f.set(POLLIN)
	if got := <-done; !slices.Equal(got, []Event{{EPOLLIN, 2}}) {
		t.Errorf("outer: %v", got)
	}
	if got, _ := inner.Wait(10, 0, nil); !slices.Equal(got, []Event{{EPOLLIN, 1}}) {
		t.Errorf("inner: %v", got)
	}
	// poll(2) on an epoll.
	if got, err := Wait([]Pollable{inner}, []uint32{POLLIN}, -1, nil); err != nil || got[0] != POLLIN {
		t.Errorf("poll on epoll: %#x, %v", got, err)
	}
}

func TestLoops(t *testing.T) {
	a, b, c := NewEpoll(), NewEpoll(), NewEpoll()
	a.Ctl(EPOLL_CTL_ADD, 1, b, EPOLLIN, 0)
	b.Ctl(EPOLL_CTL_ADD, 2, c, EPOLLIN, 0)
	if err := c.Ctl(EPOLL_CTL_ADD, 3, a, EPOLLIN, 0); err != linuxabi.ELOOP {
		t.Errorf("cycle: %v, want ELOOP", err)
	}
	if err := b.Ctl(EPOLL_CTL_DEL, 2, c, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := c.Ctl(EPOLL_CTL_ADD, 3, a, EPOLLIN, 0); err != nil {
		t.Errorf("no cycle after DEL: %v", err)
	}

	// Five epolls may nest, linked top-down or bottom-up; a sixth may
	// not go below or above them.
	for _, bottomUp := range []bool{false, true} {
		var e [5]*Epoll
		for i := range e {
			e[i] = NewEpoll()
		}
		order := []int{0, 1, 2, 3}
		if bottomUp {
			order = []int{3, 2, 1, 0}
		}
		for _, i := range order {
			if err := e[i].Ctl(EPOLL_CTL_ADD, i, e[i+1], EPOLLIN, 0); err != nil {
				t.Fatalf("bottomUp %v: link %d: %v", bottomUp, i, err)
			}
		}
		if err := e[4].Ctl(EPOLL_CTL_ADD, 9, NewEpoll(), EPOLLIN, 0); err != linuxabi.ELOOP {
			t.Errorf("bottomUp %v: sixth below: %v, want ELOOP", bottomUp, err)
		}
		if err := NewEpoll().Ctl(EPOLL_CTL_ADD, 9, e[0], EPOLLIN, 0); err != linuxabi.ELOOP {
			t.Errorf("bottomUp %v: sixth above: %v, want ELOOP", bottomUp, err)
		}
		// A plain file at the bottom is no epoll.
		if err := e[4].Ctl(EPOLL_CTL_ADD, 9, &fakeFile{}, EPOLLIN, 0); err != nil {
			t.Errorf("bottomUp %v: file below: %v", bottomUp, err)
		}
	}
}
