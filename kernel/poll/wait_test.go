package poll

import (
	"slices"
	"testing"
	"time"

	"github.com/tamix/tamix/linuxabi"
)

func TestWaitReady(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ready []uint32
		masks []uint32
		want  []uint32
	}{
		{"in", []uint32{linuxabi.POLLIN | linuxabi.POLLOUT, 0}, []uint32{linuxabi.POLLIN, linuxabi.POLLIN}, []uint32{linuxabi.POLLIN, 0}},
		{"out", []uint32{linuxabi.POLLIN | linuxabi.POLLOUT}, []uint32{linuxabi.POLLOUT | linuxabi.POLLWRNORM}, []uint32{linuxabi.POLLOUT}},
		{"HUP unasked", []uint32{linuxabi.POLLHUP | linuxabi.POLLIN}, []uint32{linuxabi.POLLOUT}, []uint32{linuxabi.POLLHUP}},
		{"ERR with no events", []uint32{linuxabi.POLLERR}, []uint32{0}, []uint32{linuxabi.POLLERR}},
		{"NVAL", []uint32{linuxabi.POLLNVAL}, []uint32{linuxabi.POLLIN}, []uint32{linuxabi.POLLNVAL}},
		{"RDHUP asked", []uint32{linuxabi.POLLRDHUP | linuxabi.POLLIN}, []uint32{linuxabi.POLLRDHUP}, []uint32{linuxabi.POLLRDHUP}},
		{"none, no wait", []uint32{linuxabi.POLLOUT}, []uint32{linuxabi.POLLIN}, []uint32{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := make([]Pollable, len(tc.ready))
			for i, m := range tc.ready {
				items[i] = &fakeFile{mask: m}
			}
			got, err := Wait(items, tc.masks, 0, nil)
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("Wait = %#x, %v; want %#x", got, err, tc.want)
			}
		})
	}
}

func TestWaitBlocking(t *testing.T) {
	a, b := &fakeFile{}, &fakeFile{}
	done := make(chan []uint32)
	go func() {
		got, err := Wait([]Pollable{a, b}, []uint32{linuxabi.POLLIN, linuxabi.POLLIN}, -1, nil)
		if err != nil {
			t.Error(err)
		}
		done <- got
	}()
	a.set(linuxabi.POLLOUT) // not asked for: no wake-up result
	b.set(linuxabi.POLLIN)
	if got := <-done; !slices.Equal(got, []uint32{0, linuxabi.POLLIN}) {
		t.Errorf("Wait = %#x", got)
	}
}

func TestWaitTimeoutCancel(t *testing.T) {
	f := &fakeFile{}
	got, err := Wait([]Pollable{f}, []uint32{linuxabi.POLLIN}, time.Millisecond, nil)
	if err != nil || !slices.Equal(got, []uint32{0}) {
		t.Errorf("timed out Wait = %#x, %v", got, err)
	}
	cancel := make(chan struct{})
	close(cancel)
	if _, err := Wait([]Pollable{f}, []uint32{linuxabi.POLLIN}, -1, cancel); err != linuxabi.EINTR {
		t.Errorf("canceled Wait: %v, want EINTR", err)
	}
	if _, err := Wait(nil, nil, -1, cancel); err != linuxabi.EINTR {
		t.Errorf("canceled empty Wait: %v, want EINTR", err)
	}
	// Ready beats canceled, as Linux checks readiness first.
	f.set(linuxabi.POLLIN)
	if got, err := Wait([]Pollable{f}, []uint32{linuxabi.POLLIN}, -1, cancel); err != nil || got[0] != linuxabi.POLLIN {
		t.Errorf("ready canceled Wait = %#x, %v", got, err)
	}
	if _, err := Wait([]Pollable{f}, nil, 0, nil); err != linuxabi.EINVAL {
		t.Errorf("mismatched masks: %v, want EINVAL", err)
	}
}
