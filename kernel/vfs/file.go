package vfs

import (
	"sync"
	"sync/atomic"

	"github.com/tamix/tamix/linuxabi"
)

// File is an open file description, Linux's struct file: what Open
// returns and file descriptors refer to. It is safe for concurrent use.
type File struct {
	inode  *Inode
	flags  atomic.Int64 // f_flags: access mode and status flags
	dev    Device       // a character device's driver
	dentry Dentry       // how Open reached the inode: f_path
	opener Caller       // who opened it, for a generated file

	// mu is f_pos_lock: it serializes the calls that use and move the
	// file position, and guards snap. The position itself is atomic so
	// that /proc/<pid>/fdinfo can read it without waiting (f_pos).
	mu   sync.Mutex
	pos  atomic.Int64
	snap []byte // a generated file's contents (synthetic.go)
}

// Inode is the inode the file is open on.
func (f *File) Inode() *Inode { return f.inode }

// Pos is the file position (fdinfo's pos), read without waiting for a
// call that is moving it.
func (f *File) Pos() int64 { return f.pos.Load() }

// Dentry is the file as Open reached it, the name its path is made of
// (f_path).
func (f *File) Dentry() Dentry { return f.dentry }

// Flags are the file's access mode and status flags, as fcntl(2)
// F_GETFL reports them: Open's flags without O_CREAT, O_EXCL, O_NOCTTY,
// O_TRUNC and O_CLOEXEC.
func (f *File) Flags() int { return int(f.flags.Load()) }

// SetFlags changes the status flags fcntl(2) F_SETFL may change
// (setfl() in fs/fcntl.c): O_APPEND, O_NONBLOCK, O_NOATIME, O_DIRECT and
// O_ASYNC; the others in flags are ignored.
func (f *File) SetFlags(flags int) {
	const settable = linuxabi.O_APPEND | linuxabi.O_NONBLOCK | linuxabi.O_NOATIME | linuxabi.O_DIRECT | linuxabi.O_ASYNC
	old := f.Flags()
	f.flags.Store(int64(old&^settable | flags&settable))
}

// canRead and canWrite check the access mode: EBADF for a file not open
// for it, or opened with O_PATH.
func (f *File) canRead() error {
	if acc := f.Flags() & linuxabi.O_ACCMODE; f.Flags()&linuxabi.O_PATH != 0 || acc != linuxabi.O_RDONLY && acc != linuxabi.O_RDWR {
		return linuxabi.EBADF
	}
	return nil
}

func (f *File) canWrite() error {
	if acc := f.Flags() & linuxabi.O_ACCMODE; f.Flags()&linuxabi.O_PATH != 0 || acc != linuxabi.O_WRONLY && acc != linuxabi.O_RDWR {
		return linuxabi.EBADF
	}
	return nil
}

// Read reads at the file position and advances it (read(2)). Reading a
// directory is EISDIR; at or past the end of a file it reads nothing.
func (f *File) Read(p []byte) (int, error) {
	if err := f.canRead(); err != nil {
		return 0, err
	}
	if f.dev != nil {
		n, err := f.dev.Read(f, p, f.position())
		f.advance(n)
		return n, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.read(p, f.pos.Load())
	f.pos.Add(int64(n))
	return n, err
}

// Pread reads at off and leaves the file position alone (pread(2));
// a negative off is EINVAL.
func (f *File) Pread(p []byte, off int64) (int, error) {
	if err := f.canRead(); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, linuxabi.EINVAL
	}
	if f.dev != nil {
		return f.dev.Read(f, p, off)
	}
	if f.inode.gen != nil {
		f.mu.Lock()
		defer f.mu.Unlock()
	}
	return f.read(p, off)
}

// read reads a directory or regular file at off (vfs_read() and
// filemap_read()): an access when it asks for bytes, unless O_NOATIME.
func (f *File) read(p []byte, off int64) (int, error) {
	i := f.inode
	switch {
	case i.isDir():
		return 0, linuxabi.EISDIR
	case off+int64(len(p)) < 0: // rw_verify_area()
		return 0, linuxabi.EINVAL
	case len(p) == 0:
		return 0, nil
	case i.gen != nil:
		return f.readGenerated(p, off)
	}
	i.mu.RLock()
	n := i.file.ReadAt(p, off)
	i.mu.RUnlock()
	if f.Flags()&linuxabi.O_NOATIME == 0 {
		i.touchAtime()
	}
	return n, nil
}

// Write writes at the file position, or at the end of the file with
// O_APPEND, and moves the position past what it wrote (write(2)).
// Writing past the end leaves a hole that reads as zeros; a file cannot
// grow past MaxFileSize (EFBIG).
func (f *File) Write(p []byte) (int, error) {
	if err := f.canWrite(); err != nil {
		return 0, err
	}
	if f.dev != nil {
		n, err := f.dev.Write(f, p, f.position())
		f.advance(n)
		return n, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n, end, err := f.write(p, f.pos.Load())
	if err == nil {
		f.pos.Store(end)
	}
	return n, err
}

// Pwrite writes at off and leaves the file position alone (pwrite(2));
// a negative off is EINVAL. With O_APPEND it appends whatever off is, a
// Linux bug pwrite(2) documents.
func (f *File) Pwrite(p []byte, off int64) (int, error) {
	if err := f.canWrite(); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, linuxabi.EINVAL
	}
	if f.dev != nil {
		return f.dev.Write(f, p, off)
	}
	n, _, err := f.write(p, off)
	return n, err
}

// write writes a regular file at off, or at its end with O_APPEND
// (generic_write_checks() and generic_perform_write()), and returns the
// count and the offset after the data; a write of nothing changes
// nothing.
func (f *File) write(p []byte, off int64) (int, int64, error) {
	if off+int64(len(p)) < 0 {
		return 0, off, linuxabi.EINVAL
	}
	i := f.inode
	if i.gen != nil { // a seq_file without ->write: vfs_write()
		return 0, off, linuxabi.EINVAL
	}
	if len(p) == 0 {
		return 0, off, nil
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if f.Flags()&linuxabi.O_APPEND != 0 {
		off = i.file.Size()
	}
	if off >= MaxFileSize {
		return 0, off, linuxabi.EFBIG
	}
	if room := MaxFileSize - off; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := i.file.WriteAt(p, off)
	if n == 0 {
		return 0, off, err
	}
	i.modified(i.fs.clock())
	return n, off + int64(n), nil
}

// Seek moves the file position (lseek(2)) and returns it. For a regular
// file (generic_file_llseek_size() and shmem_file_llseek()) SEEK_DATA and
// SEEK_HOLE find the next data or hole at or after off, ENXIO if off is
// negative or not before the end of the file (or, for SEEK_DATA, only a
// hole follows). A directory takes SEEK_SET and SEEK_CUR, with positions
// getdents64(2) handed out as d_off. A position past the end is allowed,
// a negative one is EINVAL, as is another whence. Other types cannot
// seek: ESPIPE.
func (f *File) Seek(off int64, whence int) (int64, error) {
	if f.Flags()&linuxabi.O_PATH != 0 {
		return 0, linuxabi.EBADF
	}
	i := f.inode
	if i.typ != linuxabi.S_IFREG && i.typ != linuxabi.S_IFDIR {
		return 0, linuxabi.ESPIPE
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case whence == linuxabi.SEEK_SET:
	case whence == linuxabi.SEEK_CUR:
		off += f.pos.Load()
	case i.isDir(), i.gen != nil: // seq_lseek(): SEEK_SET and SEEK_CUR only
		return 0, linuxabi.EINVAL
	case whence == linuxabi.SEEK_END:
		i.mu.RLock()
		off += i.file.Size()
		i.mu.RUnlock()
	case whence == linuxabi.SEEK_DATA || whence == linuxabi.SEEK_HOLE:
		var err error
		if off, err = i.seekHoleData(off, whence); err != nil {
			return 0, err
		}
	default:
		return 0, linuxabi.EINVAL
	}
	if off < 0 {
		return 0, linuxabi.EINVAL
	}
	f.pos.Store(off)
	return off, nil
}

// seekHoleData is SEEK_DATA and SEEK_HOLE on a regular file
// (mapping_seek_hole_data()).
func (i *Inode) seekHoleData(off int64, whence int) (int64, error) {
	i.mu.RLock()
	defer i.mu.RUnlock()
	if off < 0 || off >= i.file.Size() {
		return 0, linuxabi.ENXIO
	}
	if whence == linuxabi.SEEK_HOLE {
		return i.file.SeekHole(off), nil
	}
	data, ok := i.file.SeekData(off)
	if !ok {
		return 0, linuxabi.ENXIO
	}
	return data, nil
}

// Truncate sets the size of the regular file open for writing
// (ftruncate(2), do_ftruncate()): EINVAL for a negative size, another
// type or a file not open for writing.
func (f *File) Truncate(size int64) error {
	switch {
	case size < 0:
		return linuxabi.EINVAL
	case f.Flags()&linuxabi.O_PATH != 0:
		return linuxabi.EBADF
	case f.inode.typ != linuxabi.S_IFREG || f.canWrite() != nil:
		return linuxabi.EINVAL
	}
	f.inode.truncate(size)
	return nil
}

// Ioctl passes an ioctl(2) to a character device's driver; other files
// have none: ENOTTY.
func (f *File) Ioctl(cmd uint32, arg uint64) (uint64, error) {
	switch {
	case f.Flags()&linuxabi.O_PATH != 0:
		return 0, linuxabi.EBADF
	case f.dev == nil:
		return 0, linuxabi.ENOTTY
	}
	return f.dev.Ioctl(f, cmd, arg)
}

// Poll reports the POLL* events ready on the file: a character device's
// driver says; regular files and directories are always ready
// (DEFAULT_POLLMASK), and an O_PATH file is POLLNVAL.
func (f *File) Poll() uint32 {
	switch {
	case f.Flags()&linuxabi.O_PATH != 0:
		return linuxabi.POLLNVAL
	case f.dev != nil:
		return f.dev.Poll(f)
	}
	return linuxabi.POLLIN | linuxabi.POLLOUT | linuxabi.POLLRDNORM | linuxabi.POLLWRNORM
}

// position and advance read and move the position of a device file.
// Linux does not hold f_pos_lock across a device's read or write, which
// may block, and neither does File.
func (f *File) position() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pos.Load()
}

func (f *File) advance(n int) {
	f.mu.Lock()
	f.pos.Add(int64(n))
	f.mu.Unlock()
}
