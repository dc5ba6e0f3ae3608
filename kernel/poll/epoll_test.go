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
		{"add", linuxabi.EPOLL_CTL_ADD, 3, f, linuxabi.EPOLLIN, nil},
		{"add again", linuxabi.EPOLL_CTL_ADD, 3, f, linuxabi.EPOLLOUT, linuxabi.EEXIST},
		{"same file, other fd", linuxabi.EPOLL_CTL_ADD, 4, f, linuxabi.EPOLLIN, nil},
		{"mod", linuxabi.EPOLL_CTL_MOD, 3, f, linuxabi.EPOLLOUT, nil},
		{"mod unknown", linuxabi.EPOLL_CTL_MOD, 5, g, linuxabi.EPOLLIN, linuxabi.ENOENT},
		{"del unknown", linuxabi.EPOLL_CTL_DEL, 3, g, 0, linuxabi.ENOENT},
		{"bad op", 0, 3, g, linuxabi.EPOLLIN, linuxabi.EINVAL},
		{"bad op 4", 4, 3, g, linuxabi.EPOLLIN, linuxabi.EINVAL},
		{"self", linuxabi.EPOLL_CTL_ADD, 6, ep, linuxabi.EPOLLIN, linuxabi.EINVAL},
		{"exclusive", linuxabi.EPOLL_CTL_ADD, 5, g, linuxabi.EPOLLIN | linuxabi.EPOLLEXCLUSIVE | linuxabi.EPOLLET, nil},
		{"mod exclusive item", linuxabi.EPOLL_CTL_MOD, 5, g, linuxabi.EPOLLIN, linuxabi.EINVAL},
		{"mod with exclusive", linuxabi.EPOLL_CTL_MOD, 3, f, linuxabi.EPOLLIN | linuxabi.EPOLLEXCLUSIVE, linuxabi.EINVAL},
		{"exclusive with RDNORM", linuxabi.EPOLL_CTL_ADD, 7, &fakeFile{}, linuxabi.EPOLLIN | linuxabi.EPOLLRDNORM | linuxabi.EPOLLEXCLUSIVE, linuxabi.EINVAL},
		{"exclusive with ONESHOT", linuxabi.EPOLL_CTL_ADD, 7, &fakeFile{}, linuxabi.EPOLLIN | linuxabi.EPOLLONESHOT | linuxabi.EPOLLEXCLUSIVE, linuxabi.EINVAL},
		{"exclusive epoll", linuxabi.EPOLL_CTL_ADD, 8, inner, linuxabi.EPOLLIN | linuxabi.EPOLLEXCLUSIVE, linuxabi.EINVAL},
		{"del", linuxabi.EPOLL_CTL_DEL, 3, f, 0, nil},
		{"del again", linuxabi.EPOLL_CTL_DEL, 3, f, 0, linuxabi.ENOENT},
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
	f := &fakeFile{mask: linuxabi.POLLIN | linuxabi.POLLOUT}
	ep.Ctl(linuxabi.EPOLL_CTL_ADD, 3, f, linuxabi.EPOLLIN, 42)
	for range 2 {
		got, err := ep.Wait(10, 0, nil)
		if err != nil || !slices.Equal(got, []Event{{linuxabi.EPOLLIN, 42}}) {
			t.Errorf("Wait = %v, %v", got, err)
		}
	}
	f.set(linuxabi.POLLOUT | linuxabi.POLLHUP)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{linuxabi.EPOLLHUP, 42}}) {
		t.Errorf("HUP: %v", got)
	}
	f.set(0)
	if got, _ := ep.Wait(10, time.Millisecond, nil); len(got) != 0 {
		t.Errorf("nothing ready: %v", got)
	}
	ep.Ctl(linuxabi.EPOLL_CTL_MOD, 3, f, linuxabi.EPOLLOUT, 43)
	f.set(linuxabi.POLLOUT)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{linuxabi.EPOLLOUT, 43}}) {
		t.Errorf("after MOD: %v", got)
	}
}

// TestRotation: with more ready items than max, the next Wait starts with
// those not reported.
func TestRotation(t *testing.T) {
	ep := NewEpoll()
	for i := range 3 {
		ep.Ctl(linuxabi.EPOLL_CTL_ADD, i, &fakeFile{mask: linuxabi.POLLIN}, linuxabi.EPOLLIN, uint64(i))
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
	f := &fakeFile{mask: linuxabi.POLLIN}
	ep.Ctl(linuxabi.EPOLL_CTL_ADD, 3, f, linuxabi.EPOLLIN|linuxabi.EPOLLET, 1)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{linuxabi.EPOLLIN, 1}}) {
		t.Errorf("first Wait: %v", got)
	}
	if got, _ := ep.Wait(10, 0, nil); len(got) != 0 {
		t.Errorf("no new event, yet %v", got)
	}
	if ep.Poll() != 0 {
		t.Error("epoll readable with no new event")
	}
	f.set(linuxabi.POLLIN) // more data
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{linuxabi.EPOLLIN, 1}}) {
		t.Errorf("after a new event: %v", got)
	}
	// A blocked Wait wakes for the next event.
	done := make(chan []Event)
	go func() {
		got, _ := ep.Wait(10, -1, nil)
		done <- got
	}()
	f.set(linuxabi.POLLIN)
	if got := <-done; !slices.Equal(got, []Event{{linuxabi.EPOLLIN, 1}}) {
		t.Errorf("blocked Wait: %v", got)
	}
}

func TestOneShot(t *testing.T) {
	ep := NewEpoll()
	f := &fakeFile{mask: linuxabi.POLLIN}
	ep.Ctl(linuxabi.EPOLL_CTL_ADD, 3, f, linuxabi.EPOLLIN|linuxabi.EPOLLONESHOT, 1)
	if got, _ := ep.Wait(10, 0, nil); len(got) != 1 {
		t.Errorf("first Wait: %v", got)
	}
	f.set(linuxabi.POLLIN | linuxabi.POLLHUP)
	if got, _ := ep.Wait(10, 0, nil); len(got) != 0 {
		t.Errorf("disabled item reported %v", got)
	}
	if err := ep.Ctl(linuxabi.EPOLL_CTL_ADD, 3, f, linuxabi.EPOLLIN, 0); err != linuxabi.EEXIST {
		t.Errorf("disabled item is still registered: ADD %v", err)
	}
	ep.Ctl(linuxabi.EPOLL_CTL_MOD, 3, f, linuxabi.EPOLLIN|linuxabi.EPOLLONESHOT, 2)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{linuxabi.EPOLLIN | linuxabi.EPOLLHUP, 2}}) {
		t.Errorf("re-armed: %v", got)
	}
}

func TestEpollWaitBlocking(t *testing.T) {
	ep := NewEpoll()
	f := &fakeFile{}
	ep.Ctl(linuxabi.EPOLL_CTL_ADD, 3, f, linuxabi.EPOLLIN, 7)
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
	f.set(linuxabi.POLLIN)
	if got := <-done; !slices.Equal(got, []Event{{linuxabi.EPOLLIN, 7}}) {
		t.Errorf("woken: %v", got)
	}
	// A registration made while waiting counts.
	ep2 := NewEpoll()
	go func() {
		got, _ := ep2.Wait(1, -1, nil)
		done <- got
	}()
	ep2.Ctl(linuxabi.EPOLL_CTL_ADD, 4, &fakeFile{mask: linuxabi.POLLOUT}, linuxabi.EPOLLOUT, 8)
	if got := <-done; !slices.Equal(got, []Event{{linuxabi.EPOLLOUT, 8}}) {
		t.Errorf("woken by Ctl: %v", got)
	}
}

func TestForget(t *testing.T) {
	ep := NewEpoll()
	f, g := &fakeFile{mask: linuxabi.POLLIN}, &fakeFile{mask: linuxabi.POLLIN}
	ep.Ctl(linuxabi.EPOLL_CTL_ADD, 3, f, linuxabi.EPOLLIN, 3)
	ep.Ctl(linuxabi.EPOLL_CTL_ADD, 4, f, linuxabi.EPOLLIN, 4) // a dup of fd 3
	ep.Ctl(linuxabi.EPOLL_CTL_ADD, 5, g, linuxabi.EPOLLIN, 5)
	ep.Forget(f)
	if got, _ := ep.Wait(10, 0, nil); !slices.Equal(got, []Event{{linuxabi.EPOLLIN, 5}}) {
		t.Errorf("after Forget: %v", got)
	}
}

func TestNested(t *testing.T) {
	outer, inner := NewEpoll(), NewEpoll()
	defer outer.Close()
	defer inner.Close()
	f := &fakeFile{}
	inner.Ctl(linuxabi.EPOLL_CTL_ADD, 3, f, linuxabi.EPOLLIN, 1)
	if err := outer.Ctl(linuxabi.EPOLL_CTL_ADD, 4, inner, linuxabi.EPOLLIN, 2); err != nil {
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
	f.set(linuxabi.POLLIN)
	if got := <-done; !slices.Equal(got, []Event{{linuxabi.EPOLLIN, 2}}) {
		t.Errorf("outer: %v", got)
	}
	if got, _ := inner.Wait(10, 0, nil); !slices.Equal(got, []Event{{linuxabi.EPOLLIN, 1}}) {
		t.Errorf("inner: %v", got)
	}
	// poll(2) on an epoll.
	if got, err := Wait([]Pollable{inner}, []uint32{linuxabi.POLLIN}, -1, nil); err != nil || got[0] != linuxabi.POLLIN {
		t.Errorf("poll on epoll: %#x, %v", got, err)
	}
}

func TestLoops(t *testing.T) {
	a, b, c := NewEpoll(), NewEpoll(), NewEpoll()
	a.Ctl(linuxabi.EPOLL_CTL_ADD, 1, b, linuxabi.EPOLLIN, 0)
	b.Ctl(linuxabi.EPOLL_CTL_ADD, 2, c, linuxabi.EPOLLIN, 0)
	if err := c.Ctl(linuxabi.EPOLL_CTL_ADD, 3, a, linuxabi.EPOLLIN, 0); err != linuxabi.ELOOP {
		t.Errorf("cycle: %v, want ELOOP", err)
	}
	if err := b.Ctl(linuxabi.EPOLL_CTL_DEL, 2, c, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := c.Ctl(linuxabi.EPOLL_CTL_ADD, 3, a, linuxabi.EPOLLIN, 0); err != nil {
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
			if err := e[i].Ctl(linuxabi.EPOLL_CTL_ADD, i, e[i+1], linuxabi.EPOLLIN, 0); err != nil {
				t.Fatalf("bottomUp %v: link %d: %v", bottomUp, i, err)
			}
		}
		if err := e[4].Ctl(linuxabi.EPOLL_CTL_ADD, 9, NewEpoll(), linuxabi.EPOLLIN, 0); err != linuxabi.ELOOP {
			t.Errorf("bottomUp %v: sixth below: %v, want ELOOP", bottomUp, err)
		}
		if err := NewEpoll().Ctl(linuxabi.EPOLL_CTL_ADD, 9, e[0], linuxabi.EPOLLIN, 0); err != linuxabi.ELOOP {
			t.Errorf("bottomUp %v: sixth above: %v, want ELOOP", bottomUp, err)
		}
		// A plain file at the bottom is no epoll.
		if err := e[4].Ctl(linuxabi.EPOLL_CTL_ADD, 9, &fakeFile{}, linuxabi.EPOLLIN, 0); err != nil {
			t.Errorf("bottomUp %v: file below: %v", bottomUp, err)
		}
	}
}
