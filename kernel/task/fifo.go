package task

import (
	"sync"

	"github.com/tamix/tamix/kernel/pipe"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// fifos are the pipes of the FIFOs that are open, by inode: every open of
// a FIFO attaches to the same pipe (fs/pipe.c, fifo_open).
type fifoTable struct {
	mu    sync.Mutex
	pipes map[*vfs.Inode]*pipe.Pipe
}

func (f *fifoTable) pipe(i *vfs.Inode) *pipe.Pipe {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pipes == nil {
		f.pipes = map[*vfs.Inode]*pipe.Pipe{}
	}
	p := f.pipes[i]
	if p == nil {
		p = pipe.New()
		f.pipes[i] = p
	}
	return p
}

// forget drops a FIFO's pipe when no end is open any more, so its next
// open starts empty as Linux's does (free_pipe_info on the last release).
func (f *fifoTable) forget(i *vfs.Inode, p *pipe.Pipe) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, w := p.Ends(); r == 0 && w == 0 && f.pipes[i] == p {
		delete(f.pipes, i)
	}
}

// fifoFile is an open FIFO: one or, with O_RDWR, both ends of its pipe.
type fifoFile struct {
	vfsFile
	k     *Kernel
	pipe  *pipe.Pipe
	read  *pipe.ReadEnd
	write *pipe.WriteEnd
}

// openFIFO attaches an opened FIFO to its pipe, waiting as fifo_open
// does: a reader for a writer and a writer for a reader unless
// O_NONBLOCK (a non-blocking writer without readers is ENXIO); O_RDWR
// never waits.
func (k *Kernel) openFIFO(t *Task, f *vfs.File) (File, error) {
	i := f.Inode()
	p := k.fifos.pipe(i)
	ff := &fifoFile{vfsFile: vfsFile{f}, k: k, pipe: p}
	nb := f.Flags()&linuxabi.O_NONBLOCK != 0
	var waitFor func() bool
	switch f.Flags() & linuxabi.O_ACCMODE {
	case linuxabi.O_RDONLY:
		ff.read = p.OpenRead()
		waitFor = func() bool { _, w := p.Ends(); return w > 0 }
	case linuxabi.O_WRONLY:
		if r, _ := p.Ends(); r == 0 && nb {
			k.fifos.forget(i, p)
			return nil, linuxabi.ENXIO
		}
		ff.write = p.OpenWrite()
		waitFor = func() bool { r, _ := p.Ends(); return r > 0 }
	default:
		ff.read, ff.write = p.OpenRead(), p.OpenWrite()
		return ff, nil
	}
	if nb {
		return ff, nil
	}
	for {
		ch := p.Changed()
		if waitFor() {
			return ff, nil
		}
		select {
		case <-ch:
		case <-t.interrupt():
			ff.Release()
			return nil, errRestartSys
		}
	}
}

func (f *fifoFile) Read(t *Task, b []byte) (int, error) {
	if f.read == nil {
		return 0, linuxabi.EBADF
	}
	return f.read.Read(b, nonblock(f), t.interrupt())
}

func (f *fifoFile) Write(t *Task, b []byte) (int, error) {
	if f.write == nil {
		return 0, linuxabi.EBADF
	}
	return f.write.Write(b, nonblock(f), t.interrupt())
}

func (f *fifoFile) Pread([]byte, int64) (int, error)  { return 0, linuxabi.ESPIPE }
func (f *fifoFile) Pwrite([]byte, int64) (int, error) { return 0, linuxabi.ESPIPE }
func (f *fifoFile) Seek(int64, int) (int64, error)    { return 0, linuxabi.ESPIPE }

func (f *fifoFile) Ioctl(t *Task, cmd uint32, arg uint64) (uint64, error) {
	if cmd == linuxabi.FIONREAD {
		return 0, t.writeU32(arg, uint32(f.pipe.Buffered()))
	}
	return 0, linuxabi.ENOTTY
}

func (f *fifoFile) Poll() uint32 {
	var ev uint32
	if f.read != nil {
		ev |= f.read.Poll()
	}
	if f.write != nil {
		ev |= f.write.Poll()
	}
	return ev
}

func (f *fifoFile) Changed() <-chan struct{} { return f.pipe.Changed() }

func (f *fifoFile) Release() {
	if f.read != nil {
		f.read.Close()
	}
	if f.write != nil {
		f.write.Close()
	}
	f.k.fifos.forget(f.Inode(), f.pipe)
}
