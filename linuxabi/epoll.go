package linuxabi

// EpollEvent is struct epoll_event (include/uapi/linux/eventpoll.h).
// Only x86-64 packs it; on arm64 the 64-bit data is 8-aligned, so the
// struct is 16 bytes with 4 bytes of padding after Events.
type EpollEvent struct {
	Events uint32
	_      uint32
	Data   uint64
}

// EpollEventSize is sizeof(struct epoll_event) on arm64.
const EpollEventSize = 16

// Marshal writes e to b[:EpollEventSize].
func (e *EpollEvent) Marshal(b []byte) {
	_ = b[EpollEventSize-1]
	le.PutUint32(b, e.Events)
	le.PutUint32(b[4:], 0)
	le.PutUint64(b[8:], e.Data)
}

// Unmarshal reads e from b[:EpollEventSize].
func (e *EpollEvent) Unmarshal(b []byte) {
	_ = b[EpollEventSize-1]
	e.Events = le.Uint32(b)
	e.Data = le.Uint64(b[8:])
}

// epoll_create1(2), epoll_ctl(2) and event bits.
const (
	EPOLL_CLOEXEC = O_CLOEXEC

	EPOLL_CTL_ADD = 1
	EPOLL_CTL_DEL = 2
	EPOLL_CTL_MOD = 3

	EPOLLIN        = 0x1
	EPOLLPRI       = 0x2
	EPOLLOUT       = 0x4
	EPOLLERR       = 0x8
	EPOLLHUP       = 0x10
	EPOLLNVAL      = 0x20
	EPOLLRDNORM    = 0x40
	EPOLLRDBAND    = 0x80
	EPOLLWRNORM    = 0x100
	EPOLLWRBAND    = 0x200
	EPOLLMSG       = 0x400
	EPOLLRDHUP     = 0x2000
	EPOLLEXCLUSIVE = 1 << 28
	EPOLLWAKEUP    = 1 << 29
	EPOLLONESHOT   = 1 << 30
	EPOLLET        = 1 << 31
)

// eventfd2(2) flags (include/uapi/linux/eventfd.h).
const (
	EFD_SEMAPHORE = 0x1
	EFD_CLOEXEC   = O_CLOEXEC
	EFD_NONBLOCK  = O_NONBLOCK
)
