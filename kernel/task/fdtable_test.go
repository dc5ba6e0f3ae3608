package task

import (
	"testing"

	"github.com/tamix/tamix/linuxabi"
)

// countFile is a File that counts its releases.
type countFile struct {
	anonFile
	released *int
}

func (f *countFile) Read(*Task, []byte) (int, error)             { return 0, nil }
func (f *countFile) Write(*Task, []byte) (int, error)            { return 0, nil }
func (f *countFile) Ioctl(*Task, uint32, uint64) (uint64, error) { return 0, linuxabi.ENOTTY }
func (f *countFile) Poll() uint32                                { return 0 }
func (f *countFile) Changed() <-chan struct{}                    { return nil }
func (f *countFile) Release()                                    { *f.released++ }

func newCount() (*openFile, *int) {
	n := new(int)
	return newOpenFile(&countFile{released: n}), n
}

func TestFDTableLowestFree(t *testing.T) {
	tab := newFDTable()
	for want := range 3 {
		f, _ := newCount()
		if fd, err := tab.install(f, 0, false, 10); fd != want || err != nil {
			t.Fatalf("install = %d, %v; want %d", fd, err, want)
		}
	}
	if _, err := tab.close(1); err != nil {
		t.Fatal(err)
	}
	f, _ := newCount()
	if fd, _ := tab.install(f, 0, false, 10); fd != 1 {
		t.Errorf("reuse: got %d, want 1", fd)
	}
	f, _ = newCount()
	if fd, _ := tab.install(f, 5, false, 10); fd != 5 {
		t.Errorf("F_DUPFD 5: got %d", fd)
	}
}

func TestFDTableLimits(t *testing.T) {
	tab := newFDTable()
	for _, c := range []struct {
		min, limit int
		want       error
	}{
		{-1, 10, linuxabi.EINVAL}, // F_DUPFD with a negative start
		{10, 10, linuxabi.EINVAL}, // at RLIMIT_NOFILE
	} {
		f, n := newCount()
		if _, err := tab.install(f, c.min, false, c.limit); err != c.want {
			t.Errorf("install(min %d, limit %d) = %v, want %v", c.min, c.limit, err, c.want)
		}
		if *n != 1 {
			t.Errorf("refused file not released")
		}
	}
	f, _ := newCount()
	tab.install(f, 0, false, 1)
	f, n := newCount()
	if _, err := tab.install(f, 0, false, 1); err != linuxabi.EMFILE || *n != 1 {
		t.Errorf("full table: %v, released %d; want EMFILE, 1", err, *n)
	}
	if _, err := tab.close(7); err != linuxabi.EBADF {
		t.Errorf("close of a free fd: %v", err)
	}
}

// A file is released when its last descriptor, in any table, closes.
func TestFDTableSharing(t *testing.T) {
	tab := newFDTable()
	f, n := newCount()
	fd, _ := tab.install(f, 0, false, 10)
	tab.installAt(f.get(), 4, true, 10) // dup3(fd, 4, O_CLOEXEC)
	child := tab.fork()
	tab.close(fd)
	tab.close(4)
	if *n != 0 {
		t.Fatal("released while the child still holds it")
	}
	child.closeOnExec() // drops 4
	if c, err := child.cloexec(fd); c || err != nil {
		t.Errorf("fd %d: cloexec %v, %v", fd, c, err)
	}
	shared := child.share()
	child.release()
	if *n != 0 {
		t.Fatal("released while a sharer remains")
	}
	shared.release()
	if *n != 1 {
		t.Errorf("released %d times, want 1", *n)
	}
}

func TestAnonFileSetFlags(t *testing.T) {
	f := &countFile{released: new(int)}
	f.flags.Store(int64(linuxabi.O_WRONLY))
	f.SetFlags(linuxabi.O_NONBLOCK | linuxabi.O_RDWR | linuxabi.O_APPEND)
	if got := f.Flags(); got != linuxabi.O_WRONLY|linuxabi.O_NONBLOCK|linuxabi.O_APPEND {
		t.Errorf("flags %#o: F_SETFL must keep the access mode", got)
	}
}
