package vfs_test

import (
	"sync"
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// echoDev is a character device that records what it is asked.
type echoDev struct {
	mu   sync.Mutex
	offs []int64
	data []byte
}

func (d *echoDev) Read(f *vfs.File, p []byte, off int64) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.offs = append(d.offs, off)
	return copy(p, d.data), nil
}

func (d *echoDev) Write(f *vfs.File, p []byte, off int64) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.offs = append(d.offs, off)
	d.data = append(d.data[:0], p...)
	return len(p), nil
}

func (d *echoDev) Ioctl(f *vfs.File, cmd uint32, arg uint64) (uint64, error) {
	if cmd != 0x5401 {
		return 0, linuxabi.ENOTTY
	}
	return arg + 1, nil
}

func (d *echoDev) Poll(f *vfs.File) uint32 { return linuxabi.POLLOUT }

func TestCharDevice(t *testing.T) {
	e := newEnv(t)
	d := &echoDev{}
	e.ok(vfs.RegisterCharDevice(240, 7, d))
	wantErr(t, "second registration", vfs.RegisterCharDevice(240, 7, d), linuxabi.EBUSY)
	e.ok(vfs.Mknod(e.c, e.root, "dev", linuxabi.S_IFCHR|0o666, vfs.Mkdev(240, 7)))
	f := e.open("dev", linuxabi.O_RDWR|linuxabi.O_TRUNC)
	if n, err := f.Write([]byte("ping")); n != 4 || err != nil {
		t.Fatal(n, err)
	}
	buf := make([]byte, 10)
	if n, _ := f.Read(buf); string(buf[:n]) != "ping" {
		t.Errorf("device read %q", buf[:n])
	}
	f.Pread(buf, 100)
	f.Pwrite(buf[:1], 200)
	if got := d.offs; len(got) != 4 || got[0] != 0 || got[1] != 4 || got[2] != 100 || got[3] != 200 {
		t.Errorf("device offsets %v", got)
	}
	if r, err := f.Ioctl(0x5401, 41); r != 42 || err != nil {
		t.Errorf("ioctl: %d %v", r, err)
	}
	if _, err := f.Ioctl(1, 0); err != linuxabi.ENOTTY {
		t.Errorf("unknown ioctl: %v", err)
	}
	if f.Poll() != linuxabi.POLLOUT {
		t.Error("poll not passed on")
	}
	if _, err := f.Seek(0, linuxabi.SEEK_SET); err != linuxabi.ESPIPE {
		t.Errorf("seek on device: %v", err)
	}
	if st := f.Inode().Stat(); st.Size != 0 || st.Rdev != vfs.Mkdev(240, 7) {
		t.Errorf("device stat %+v", st)
	}
}
