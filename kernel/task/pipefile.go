package task

import (
	"github.com/tamix/tamix/kernel/pipe"
	"github.com/tamix/tamix/linuxabi"
)

// pipeEnd is what the two ends of a pipe have in common.
type pipeEnd interface {
	Read(p []byte, nonblock bool, cancel <-chan struct{}) (int, error)
	Write(p []byte, nonblock bool, cancel <-chan struct{}) (int, error)
	Poll() uint32
	Changed() <-chan struct{}
	Close()
}

// pipeFile is one end of a pipe (fs/pipe.c's pipefifo_fops).
type pipeFile struct {
	anonFile
	pipe *pipe.Pipe
	end  pipeEnd
}

func (k *Kernel) newPipeFile(p *pipe.Pipe, end pipeEnd, flags int) *pipeFile {
	f := &pipeFile{pipe: p, end: end}
	k.initAnon(&f.anonFile, flags, linuxabi.S_IFIFO|0o600)
	return f
}

func (f *pipeFile) Read(t *Task, b []byte) (int, error) {
	return f.end.Read(b, nonblock(f), t.interrupt())
}

func (f *pipeFile) Write(t *Task, b []byte) (int, error) {
	return f.end.Write(b, nonblock(f), t.interrupt())
}

func (f *pipeFile) Ioctl(t *Task, cmd uint32, arg uint64) (uint64, error) {
	if cmd == linuxabi.FIONREAD {
		return 0, t.writeU32(arg, uint32(f.pipe.Buffered()))
	}
	return 0, linuxabi.ENOTTY
}

func (f *pipeFile) Poll() uint32             { return f.end.Poll() }
func (f *pipeFile) Changed() <-chan struct{} { return f.end.Changed() }
func (f *pipeFile) Release()                 { f.end.Close() }
