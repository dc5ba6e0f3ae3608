package task

import (
	"sync/atomic"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// File is an open file description as the system calls see it: a VFS
// file, a terminal, a pipe end, an eventfd, an epoll instance. Blocking
// operations take the calling task so they can be interrupted by its
// signals (they return errRestartSys then).
type File interface {
	Read(t *Task, p []byte) (int, error)
	Write(t *Task, p []byte) (int, error)
	Pread(p []byte, off int64) (int, error)
	Pwrite(p []byte, off int64) (int, error)
	Seek(off int64, whence int) (int64, error)
	ReadDir(buf []byte) (int, error)
	Stat() vfs.Stat
	Ioctl(t *Task, cmd uint32, arg uint64) (uint64, error)
	// Poll reports the ready POLL* events; Changed is closed at the next
	// change (nil for a file that is always ready).
	Poll() uint32
	Changed() <-chan struct{}
	Flags() int
	SetFlags(flags int)
	// Inode is the VFS inode the file is open on, nil for anonymous
	// files.
	Inode() *vfs.Inode
	// Release is called when the last descriptor referring to the file
	// is closed.
	Release()
}

// openFile is a File with the count of descriptors (in every table)
// that refer to it.
type openFile struct {
	File
	refs atomic.Int32
}

func newOpenFile(f File) *openFile {
	o := &openFile{File: f}
	o.refs.Store(1)
	return o
}

func (o *openFile) get() *openFile { o.refs.Add(1); return o }

func (o *openFile) put() {
	if o.refs.Add(-1) == 0 {
		forgetEverywhere(o)
		if i := o.Inode(); i != nil {
			fileLocks.release(o, i) // OFD locks go with the last descriptor
		}
		o.Release()
	}
}

// nonblock reports whether f has O_NONBLOCK.
func nonblock(f File) bool { return f.Flags()&linuxabi.O_NONBLOCK != 0 }

// interrupted maps a wait cut short by a signal to the restart error.
func interrupted(err error) error {
	if err == linuxabi.EINTR {
		return errRestartSys
	}
	return err
}

// anonFile is the part of File that anonymous files (pipes, eventfds,
// epoll) share: status flags, no seeking, no directory, an anonymous
// inode's stat.
type anonFile struct {
	flags atomic.Int64
	stat  vfs.Stat
}

func (a *anonFile) Pread([]byte, int64) (int, error)  { return 0, linuxabi.ESPIPE }
func (a *anonFile) Pwrite([]byte, int64) (int, error) { return 0, linuxabi.ESPIPE }
func (a *anonFile) Seek(int64, int) (int64, error)    { return 0, linuxabi.ESPIPE }
func (a *anonFile) ReadDir([]byte) (int, error)       { return 0, linuxabi.ENOTDIR }
func (a *anonFile) Stat() vfs.Stat                    { return a.stat }
func (a *anonFile) Flags() int                        { return int(a.flags.Load()) }
func (a *anonFile) Inode() *vfs.Inode                 { return nil }
func (a *anonFile) SetFlags(flags int) {
	const settable = linuxabi.O_APPEND | linuxabi.O_NONBLOCK | linuxabi.O_NOATIME | linuxabi.O_DIRECT | linuxabi.O_ASYNC
	a.flags.Store(int64(a.Flags()&^settable | flags&settable))
}

var anonIno atomic.Uint64

// initAnon sets up an anonymous file of type mode as pipefs and
// anon_inodefs make them: a private inode number, owner root, the
// current time.
func (k *Kernel) initAnon(a *anonFile, flags int, mode uint32) {
	now := k.hw.Realtime()
	a.stat = vfs.Stat{Ino: anonIno.Add(1), Mode: mode, Nlink: 1, Blksize: vfs.BlockSize,
		Atime: now, Mtime: now, Ctime: now, Dev: vfs.Mkdev(0, 12)}
	a.flags.Store(int64(flags))
}

// vfsFile is a file of the VFS: regular files, directories, symlinks
// opened with O_PATH, and the memory devices.
type vfsFile struct{ *vfs.File }

func (f vfsFile) Read(_ *Task, p []byte) (int, error)  { return f.File.Read(p) }
func (f vfsFile) Write(_ *Task, p []byte) (int, error) { return f.File.Write(p) }
func (f vfsFile) Stat() vfs.Stat                       { return f.File.Inode().Stat() }
func (f vfsFile) Changed() <-chan struct{}             { return nil }
func (f vfsFile) Release()                             {}
func (f vfsFile) Ioctl(_ *Task, cmd uint32, arg uint64) (uint64, error) {
	return f.File.Ioctl(cmd, arg)
}
