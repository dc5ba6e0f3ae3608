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
		{"in", []uint32{POLLIN | POLLOUT, 0}, []uint32{POLLIN, POLLIN}, []uint32{POLLIN, 0}},
		{"out", []uint32{POLLIN | POLLOUT}, []uint32{POLLOUT | POLLWRNORM}, []uint32{POLLOUT}},
		{"HUP unasked", []uint32{POLLHUP | POLLIN}, []uint32{POLLOUT}, []uint32{POLLHUP}},
		{"ERR with no events", []uint32{POLLERR}, []uint32{0}, []uint32{POLLERR}},
		{"NVAL", []uint32{POLLNVAL}, []uint32{POLLIN}, []uint32{POLLNVAL}},
		{"RDHUP asked", []uint32{POLLRDHUP | POLLIN}, []uint32{POLLRDHUP}, []uint32{POLLRDHUP}},
		{"none, no wait", []uint32{POLLOUT}, []uint32{POLLIN}, []uint32{0}},
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
		got, err := Wait([]Pollable{a, b}, []uint32{POLLIN, POLLIN}, -1, nil)
		if err != nil {
			t.Error(err)
		}
		done <- got
	}()
	a.set(POLLOUT) // not asked for: no wake-up result
	b.set(POLLIN)
	if got := <-done; !slices.Equal(got, []uint32{0, POLLIN}) {
		t.Errorf("Wait = %#x", got)
	}
}

func TestWaitTimeoutCancel(t *testing.T) {
	f := &fakeFile{}
	got, err := Wait([]Pollable{f}, []uint32{POLLIN}, time.Millisecond, nil)
	if err != nil || !slices.Equal(got, []uint32{0}) {
		t.Errorf("timed out Wait = %#x, %v", got, err)
	}
	cancel := make(chan struct{})
	close(cancel)
	if _, err := Wait([]Pollable{f}, []uint32{POLLIN}, -1, cancel); err != linuxabi.EINTR {
		t.Errorf("canceled Wait: %v, want EINTR", err)
	}
	if _, err := Wait(nil, nil, -1, cancel); err != linuxabi.EINTR {
		t.Errorf("canceled empty Wait: %v, want EINTR", err)
	}
	// Ready beats canceled, as Linux checks readiness first.
	f.set(POLLIN)
	if got, err := Wait([]Pollable{f}, []uint32{POLLIN}, -1, cancel); err != nil || got[0] != POLLIN {
		t.Errorf("ready canceled Wait = %#x, %v", got, err)
	}
	if _, err := Wait([]Pollable{f}, nil, 0, nil); err != linuxabi.EINVAL {
		t.Errorf("mismatched masks: %v, want EINVAL", err)
	}
}
