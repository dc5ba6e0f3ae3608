package task

import (
	"encoding/binary"
	"math"
	"sync"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// POSIX record locks and open file description locks (fcntl(2),
// "Advisory record locking"; fs/locks.c). A lock covers a byte range of
// an inode and belongs to a process (F_SETLK: released when the process
// closes any descriptor of the file, or exits) or to an open file
// description (F_OFD_SETLK: released when its last descriptor closes).
// Read locks share, write locks exclude; a lock never conflicts with its
// owner's own, which it replaces or splits instead. Deadlock detection
// (EDEADLK) is not done.
type lockTable struct {
	mu      sync.Mutex
	locks   map[*vfs.Inode][]fileLock
	changed chan struct{} // closed, and replaced, when any lock goes
}

type fileLock struct {
	owner      any // *Process or *openFile
	pid        int // l_pid as F_GETLK reports it: the owner's, -1 for OFD locks
	write      bool
	start, end int64 // inclusive
}

func (l *fileLock) conflicts(o *fileLock) bool {
	return l.owner != o.owner && (l.write || o.write) && l.start <= o.end && o.start <= l.end
}

// fileLocks are all the record locks: inodes are the kernel's, so one
// table serves (as epolls does for epoll registrations).
var fileLocks lockTable

// flock is struct flock on arm64: l_type, l_whence, l_start, l_len, l_pid.
type flock struct {
	typ, whence int16
	start, len  int64
	pid         int32
}

const flockSize = 32

func (f *flock) unmarshal(b []byte) {
	le := binary.LittleEndian
	f.typ, f.whence = int16(le.Uint16(b)), int16(le.Uint16(b[2:]))
	f.start, f.len, f.pid = int64(le.Uint64(b[8:])), int64(le.Uint64(b[16:])), int32(le.Uint32(b[24:]))
}

func (f *flock) marshal(b []byte) {
	le := binary.LittleEndian
	le.PutUint16(b, uint16(f.typ))
	le.PutUint16(b[2:], uint16(f.whence))
	le.PutUint64(b[8:], uint64(f.start))
	le.PutUint64(b[16:], uint64(f.len))
	le.PutUint32(b[24:], uint32(f.pid))
}

// span turns l_whence, l_start and l_len into an inclusive byte range
// (flock_to_posix_lock): l_len 0 reaches to the end of any file, a
// negative one covers the bytes before l_start.
func span(f *flock, file *openFile) (int64, int64, error) {
	var base int64
	switch f.whence {
	case linuxabi.SEEK_SET:
	case linuxabi.SEEK_CUR:
		pos, err := file.Seek(0, linuxabi.SEEK_CUR)
		if err != nil {
			return 0, 0, err
		}
		base = pos
	case linuxabi.SEEK_END:
		base = file.Stat().Size
	default:
		return 0, 0, linuxabi.EINVAL
	}
	start := base + f.start
	if start < 0 {
		return 0, 0, linuxabi.EINVAL
	}
	switch {
	case f.len > 0:
		return start, start + f.len - 1, nil
	case f.len < 0:
		if start+f.len < 0 {
			return 0, 0, linuxabi.EINVAL
		}
		return start + f.len, start - 1, nil
	}
	return start, math.MaxInt64, nil
}

// recordLock handles F_GETLK, F_SETLK, F_SETLKW and their OFD forms.
func (t *Task) recordLock(f *openFile, cmd, va uint64) error {
	var b [flockSize]byte
	if err := t.copyIn(va, b[:]); err != nil {
		return err
	}
	var fl flock
	fl.unmarshal(b[:])
	ofd := cmd == linuxabi.F_OFD_GETLK || cmd == linuxabi.F_OFD_SETLK || cmd == linuxabi.F_OFD_SETLKW
	if ofd && fl.pid != 0 {
		return linuxabi.EINVAL
	}
	switch fl.typ {
	case linuxabi.F_RDLCK, linuxabi.F_WRLCK, linuxabi.F_UNLCK:
	default:
		return linuxabi.EINVAL
	}
	i := f.Inode()
	if i == nil {
		return linuxabi.EBADF
	}
	start, end, err := span(&fl, f)
	if err != nil {
		return err
	}
	req := fileLock{owner: t.p, pid: t.p.pid, write: fl.typ == linuxabi.F_WRLCK, start: start, end: end}
	if ofd {
		req.owner, req.pid = f, -1
	}
	locks := &fileLocks
	if cmd == linuxabi.F_GETLK || cmd == linuxabi.F_OFD_GETLK {
		if fl.typ == linuxabi.F_UNLCK {
			return linuxabi.EINVAL
		}
		if c, ok := locks.conflict(i, &req); ok {
			fl = flock{typ: linuxabi.F_RDLCK, start: c.start, pid: int32(c.pid)}
			if c.write {
				fl.typ = linuxabi.F_WRLCK
			}
			if c.end != math.MaxInt64 {
				fl.len = c.end - c.start + 1
			}
		} else {
			fl.typ = linuxabi.F_UNLCK
		}
		fl.marshal(b[:])
		return t.copyOut(va, b[:])
	}
	acc := f.Flags() & linuxabi.O_ACCMODE
	if fl.typ == linuxabi.F_RDLCK && acc == linuxabi.O_WRONLY || fl.typ == linuxabi.F_WRLCK && acc == linuxabi.O_RDONLY {
		return linuxabi.EBADF
	}
	wait := cmd == linuxabi.F_SETLKW || cmd == linuxabi.F_OFD_SETLKW
	for {
		ch, err := locks.set(i, &req, fl.typ == linuxabi.F_UNLCK)
		if err == nil || !wait {
			return err
		}
		select {
		case <-ch:
		case <-t.interrupt():
			return errRestartSys
		}
	}
}

// conflict returns a lock that keeps req from being taken.
func (lt *lockTable) conflict(i *vfs.Inode, req *fileLock) (fileLock, bool) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	for _, l := range lt.locks[i] {
		if l.conflicts(req) {
			return l, true
		}
	}
	return fileLock{}, false
}

// set takes (or with unlock, drops) req's range for its owner; EAGAIN and
// the channel to wait on when another owner's lock is in the way.
func (lt *lockTable) set(i *vfs.Inode, req *fileLock, unlock bool) (<-chan struct{}, error) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	if lt.changed == nil {
		lt.changed = make(chan struct{})
	}
	ls := lt.locks[i]
	if !unlock {
		for _, l := range ls {
			if l.conflicts(req) {
				return lt.changed, linuxabi.EAGAIN
			}
		}
	}
	// The owner's own locks in the range give way: cut out [start, end].
	var out []fileLock
	for _, l := range ls {
		if l.owner != req.owner || l.end < req.start || l.start > req.end {
			out = append(out, l)
			continue
		}
		if l.start < req.start {
			left := l
			left.end = req.start - 1
			out = append(out, left)
		}
		if l.end > req.end {
			right := l
			right.start = req.end + 1
			out = append(out, right)
		}
	}
	if !unlock {
		out = append(out, *req)
	}
	lt.store(i, out)
	return nil, nil
}

// release drops owner's locks on i, or on every inode if i is nil
// (close(2) and exit for process locks, the last close for OFD locks).
func (lt *lockTable) release(owner any, i *vfs.Inode) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	for in, ls := range lt.locks {
		if i != nil && in != i {
			continue
		}
		var out []fileLock
		for _, l := range ls {
			if l.owner != owner {
				out = append(out, l)
			}
		}
		if len(out) != len(ls) {
			lt.store(in, out)
		}
	}
}

// store replaces i's locks and wakes the waiters; lt.mu is held.
func (lt *lockTable) store(i *vfs.Inode, ls []fileLock) {
	if lt.locks == nil {
		lt.locks = map[*vfs.Inode][]fileLock{}
	}
	if len(ls) == 0 {
		delete(lt.locks, i)
	} else {
		lt.locks[i] = ls
	}
	if lt.changed != nil {
		close(lt.changed)
	}
	lt.changed = make(chan struct{})
}
