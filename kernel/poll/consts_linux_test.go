//go:build linux

package poll

import (
	"github.com/tamix/tamix/linuxabi"
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
		{"linuxabi.POLLIN", linuxabi.POLLIN, unix.POLLIN}, {"linuxabi.POLLPRI", linuxabi.POLLPRI, unix.POLLPRI},
		{"linuxabi.POLLOUT", linuxabi.POLLOUT, unix.POLLOUT}, {"linuxabi.POLLERR", linuxabi.POLLERR, unix.POLLERR},
		{"linuxabi.POLLHUP", linuxabi.POLLHUP, unix.POLLHUP}, {"linuxabi.POLLNVAL", linuxabi.POLLNVAL, unix.POLLNVAL},
		{"linuxabi.POLLRDHUP", linuxabi.POLLRDHUP, unix.POLLRDHUP},
		{"linuxabi.EPOLLRDNORM", linuxabi.EPOLLRDNORM, unix.EPOLLRDNORM}, {"linuxabi.EPOLLRDBAND", linuxabi.EPOLLRDBAND, unix.EPOLLRDBAND},
		{"linuxabi.EPOLLWRNORM", linuxabi.EPOLLWRNORM, unix.EPOLLWRNORM}, {"linuxabi.EPOLLWRBAND", linuxabi.EPOLLWRBAND, unix.EPOLLWRBAND},
		{"linuxabi.EPOLLMSG", linuxabi.EPOLLMSG, unix.EPOLLMSG}, {"linuxabi.EPOLLRDHUP", linuxabi.EPOLLRDHUP, unix.EPOLLRDHUP},
		{"linuxabi.EPOLLEXCLUSIVE", linuxabi.EPOLLEXCLUSIVE, unix.EPOLLEXCLUSIVE}, {"linuxabi.EPOLLWAKEUP", linuxabi.EPOLLWAKEUP, unix.EPOLLWAKEUP},
		{"linuxabi.EPOLLONESHOT", linuxabi.EPOLLONESHOT, unix.EPOLLONESHOT}, {"linuxabi.EPOLLET", linuxabi.EPOLLET, unix.EPOLLET},
		{"linuxabi.EPOLL_CTL_ADD", linuxabi.EPOLL_CTL_ADD, unix.EPOLL_CTL_ADD}, {"linuxabi.EPOLL_CTL_DEL", linuxabi.EPOLL_CTL_DEL, unix.EPOLL_CTL_DEL},
		{"linuxabi.EPOLL_CTL_MOD", linuxabi.EPOLL_CTL_MOD, unix.EPOLL_CTL_MOD},
	} {
		if c.got != c.want {
			t.Errorf("%s = %#x, x/sys has %#x", c.name, c.got, c.want)
		}
	}
}
