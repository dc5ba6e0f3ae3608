//go:build linux

package poll

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestConsts checks the event bits and epoll_ctl operations against x/sys
// (the same on every Linux architecture but sparc and mips, which tamix
// is not).
func TestConsts(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"POLLIN", POLLIN, unix.POLLIN}, {"POLLPRI", POLLPRI, unix.POLLPRI},
		{"POLLOUT", POLLOUT, unix.POLLOUT}, {"POLLERR", POLLERR, unix.POLLERR},
		{"POLLHUP", POLLHUP, unix.POLLHUP}, {"POLLNVAL", POLLNVAL, unix.POLLNVAL},
		{"POLLRDHUP", POLLRDHUP, unix.POLLRDHUP},
		{"EPOLLRDNORM", EPOLLRDNORM, unix.EPOLLRDNORM}, {"EPOLLRDBAND", EPOLLRDBAND, unix.EPOLLRDBAND},
		{"EPOLLWRNORM", EPOLLWRNORM, unix.EPOLLWRNORM}, {"EPOLLWRBAND", EPOLLWRBAND, unix.EPOLLWRBAND},
		{"EPOLLMSG", EPOLLMSG, unix.EPOLLMSG}, {"EPOLLRDHUP", EPOLLRDHUP, unix.EPOLLRDHUP},
		{"EPOLLEXCLUSIVE", EPOLLEXCLUSIVE, unix.EPOLLEXCLUSIVE}, {"EPOLLWAKEUP", EPOLLWAKEUP, unix.EPOLLWAKEUP},
		{"EPOLLONESHOT", EPOLLONESHOT, unix.EPOLLONESHOT}, {"EPOLLET", EPOLLET, unix.EPOLLET},
		{"EPOLL_CTL_ADD", EPOLL_CTL_ADD, unix.EPOLL_CTL_ADD}, {"EPOLL_CTL_DEL", EPOLL_CTL_DEL, unix.EPOLL_CTL_DEL},
		{"EPOLL_CTL_MOD", EPOLL_CTL_MOD, unix.EPOLL_CTL_MOD},
	} {
		if c.got != c.want {
			t.Errorf("%s = %#x, x/sys has %#x", c.name, c.got, c.want)
		}
	}
}
