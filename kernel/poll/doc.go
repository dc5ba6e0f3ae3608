// Package poll waits for readiness of file objects: Wait is the common
// core of poll(2), ppoll(2), select(2) and pselect6(2), and Epoll is an
// epoll(7) instance.
//
// A file object is Pollable: Poll reports its current readiness as Linux
// poll event bits and Changed returns a channel that is closed at the next
// change that may alter Poll's answer. Waiters take the channel first,
// then call Poll, then wait on the channel, so no change is missed (what
// poll_wait before ->poll does in fs/select.c). Spurious closes are fine:
// waiters poll again.
//
// Pollables are compared with ==, so they must be of comparable types
// (pointers, as file objects are).
//
// Lock order: an Epoll's lock is taken before the locks of the files it
// watches, which may be Epolls themselves; ELOOP keeps that order acyclic.
package poll
