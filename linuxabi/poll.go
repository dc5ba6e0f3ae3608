package linuxabi

// Pollfd is struct pollfd (poll(2), ppoll(2)).
type Pollfd struct {
	Fd      int32
	Events  int16
	Revents int16
}

// PollfdSize is sizeof(struct pollfd).
const PollfdSize = 8

// Marshal writes p to b[:PollfdSize].
func (p *Pollfd) Marshal(b []byte) {
	_ = b[PollfdSize-1]
	le.PutUint32(b, uint32(p.Fd))
	le.PutUint16(b[4:], uint16(p.Events))
	le.PutUint16(b[6:], uint16(p.Revents))
}

// Unmarshal reads p from b[:PollfdSize].
func (p *Pollfd) Unmarshal(b []byte) {
	_ = b[PollfdSize-1]
	p.Fd = int32(le.Uint32(b))
	p.Events = int16(le.Uint16(b[4:]))
	p.Revents = int16(le.Uint16(b[6:]))
}

// Poll events (include/uapi/asm-generic/poll.h).
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
