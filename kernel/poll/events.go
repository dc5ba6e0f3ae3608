package poll

// Poll event bits (include/uapi/asm-generic/poll.h), the same in poll(2)'s
// revents and in epoll(7)'s events.
const (
	POLLIN     = 0x1
	POLLPRI    = 0x2
	POLLOUT    = 0x4
	POLLERR    = 0x8
	POLLHUP    = 0x10
	POLLNVAL   = 0x20
	POLLRDNORM = 0x40
	POLLRDBAND = 0x80
	POLLWRNORM = 0x100
	POLLWRBAND = 0x200
	POLLMSG    = 0x400
	POLLRDHUP  = 0x2000
)

// alwaysPolled are the events poll(2) and epoll_wait(2) report whether or
// not they were asked for.
const alwaysPolled = POLLERR | POLLHUP | POLLNVAL

// epoll(7) event flags beyond the poll bits, and epoll_ctl(2) operations
// (include/uapi/linux/eventpoll.h).
const (
	EPOLLIN        = POLLIN
	EPOLLPRI       = POLLPRI
	EPOLLOUT       = POLLOUT
	EPOLLERR       = POLLERR
	EPOLLHUP       = POLLHUP
	EPOLLRDNORM    = POLLRDNORM
	EPOLLRDBAND    = POLLRDBAND
	EPOLLWRNORM    = POLLWRNORM
	EPOLLWRBAND    = POLLWRBAND
	EPOLLMSG       = POLLMSG
	EPOLLRDHUP     = POLLRDHUP
	EPOLLEXCLUSIVE = 1 << 28
	EPOLLWAKEUP    = 1 << 29
	EPOLLONESHOT   = 1 << 30
	EPOLLET        = 1 << 31

	EPOLL_CTL_ADD = 1
	EPOLL_CTL_DEL = 2
	EPOLL_CTL_MOD = 3
)
