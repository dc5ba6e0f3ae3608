//go:build linux

package pipe_test

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tamix/tamix/kernel/pipe"
)

// The poll bits are Linux's; x/sys spells POLLRDNORM and POLLWRNORM only
// with an E, as epoll(7) has them, with the same values.
func TestPollConstants(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"POLLIN", pipe.POLLIN, unix.POLLIN},
		{"POLLOUT", pipe.POLLOUT, unix.POLLOUT},
		{"POLLERR", pipe.POLLERR, unix.POLLERR},
		{"POLLHUP", pipe.POLLHUP, unix.POLLHUP},
		{"POLLRDNORM", pipe.POLLRDNORM, unix.EPOLLRDNORM},
		{"POLLWRNORM", pipe.POLLWRNORM, unix.EPOLLWRNORM},
	} {
		if c.got != c.want {
			t.Errorf("%s = %#x, want %#x", c.name, c.got, c.want)
		}
	}
}
