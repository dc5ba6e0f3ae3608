package task

import (
	"sync"
	"sync/atomic"

	"github.com/tamix/tamix/linuxabi"
)

// FDTable is a process's file descriptors (struct files_struct); CLONE_FILES
// shares one.
type FDTable struct {
	users atomic.Int32 // processes sharing the table
	mu    sync.Mutex
	fds   []fdEntry
}

func newFDTable() *FDTable {
	f := &FDTable{}
	f.users.Store(1)
	return f
}

// share adds a process to the table's users (CLONE_FILES).
func (f *FDTable) share() *FDTable { f.users.Add(1); return f }

type fdEntry struct {
	file    *openFile
	cloexec bool
}

// get returns the file fd refers to, with a reference the caller drops
// with put: a concurrent close cannot release it mid-call.
func (f *FDTable) get(fd int) (*openFile, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fd < 0 || fd >= len(f.fds) || f.fds[fd].file == nil {
		return nil, linuxabi.EBADF
	}
	return f.fds[fd].file.get(), nil
}

// install puts file at the lowest free descriptor ≥ min below limit
// (RLIMIT_NOFILE), taking over the caller's reference.
func (f *FDTable) install(file *openFile, min int, cloexec bool, limit int) (int, error) {
	if min < 0 || min >= limit {
		file.put()
		return -1, linuxabi.EINVAL
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for fd := min; fd < limit; fd++ {
		if fd >= len(f.fds) {
			f.fds = append(f.fds, make([]fdEntry, fd+1-len(f.fds))...)
		}
		if f.fds[fd].file == nil {
			f.fds[fd] = fdEntry{file, cloexec}
			return fd, nil
		}
	}
	file.put()
	return -1, linuxabi.EMFILE
}

// installAt puts file at fd, closing what was there (dup2/dup3).
func (f *FDTable) installAt(file *openFile, fd int, cloexec bool, limit int) error {
	if fd < 0 || fd >= limit {
		file.put()
		return linuxabi.EBADF
	}
	f.mu.Lock()
	if fd >= len(f.fds) {
		f.fds = append(f.fds, make([]fdEntry, fd+1-len(f.fds))...)
	}
	old := f.fds[fd].file
	f.fds[fd] = fdEntry{file, cloexec}
	f.mu.Unlock()
	if old != nil {
		old.put()
	}
	return nil
}

// close removes fd.
func (f *FDTable) close(fd int) (*openFile, error) {
	f.mu.Lock()
	if fd < 0 || fd >= len(f.fds) || f.fds[fd].file == nil {
		f.mu.Unlock()
		return nil, linuxabi.EBADF
	}
	old := f.fds[fd].file
	f.fds[fd] = fdEntry{}
	f.mu.Unlock()
	old.put()
	return old, nil
}

func (f *FDTable) cloexec(fd int) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fd < 0 || fd >= len(f.fds) || f.fds[fd].file == nil {
		return false, linuxabi.EBADF
	}
	return f.fds[fd].cloexec, nil
}

func (f *FDTable) setCloexec(fd int, on bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fd < 0 || fd >= len(f.fds) || f.fds[fd].file == nil {
		return linuxabi.EBADF
	}
	f.fds[fd].cloexec = on
	return nil
}

// fork copies the table for a child without CLONE_FILES.
func (f *FDTable) fork() *FDTable {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := newFDTable()
	c.fds = make([]fdEntry, len(f.fds))
	for i, e := range f.fds {
		if e.file != nil {
			c.fds[i] = fdEntry{e.file.get(), e.cloexec}
		}
	}
	return c
}

// closeOnExec closes the close-on-exec descriptors (do_close_on_exec).
func (f *FDTable) closeOnExec() {
	f.mu.Lock()
	var drop []*openFile
	for i, e := range f.fds {
		if e.file != nil && e.cloexec {
			drop = append(drop, e.file)
			f.fds[i] = fdEntry{}
		}
	}
	f.mu.Unlock()
	for _, o := range drop {
		o.put()
	}
}

// release drops a user; the last one closes every descriptor
// (exit_files, put_files_struct).
func (f *FDTable) release() {
	if f.users.Add(-1) != 0 {
		return
	}
	f.mu.Lock()
	fds := f.fds
	f.fds = nil
	f.mu.Unlock()
	for _, e := range fds {
		if e.file != nil {
			e.file.put()
		}
	}
}
