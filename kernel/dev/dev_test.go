package dev_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/tamix/tamix/kernel/dev"
	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// pattern is the test's random source: 0, 1, 2, ... forever.
type pattern struct{ next byte }

func (p *pattern) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = p.next
		p.next++
	}
	return len(b), nil
}

func TestMain(m *testing.M) {
	if err := dev.RegisterMemDevices(&pattern{}); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// setup makes a tmpfs with /dev and its nodes, made by a caller with
// uid 1000 and umask 077 to show neither leaks into the nodes.
func setup(t *testing.T) (vfs.Caller, *vfs.Inode) {
	t.Helper()
	fs := tmpfs.New(func() int64 { return 1 })
	c := vfs.Caller{Root: fs.Root(), UID: 1000, GID: 1000, Umask: 0o077}
	if err := vfs.Mkdir(c, fs.Root(), "dev", 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := vfs.Lookup(c, fs.Root(), "dev", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := dev.MakeNodes(c, d); err != nil {
		t.Fatal(err)
	}
	return c, d
}

func TestRegisterTwiceIsBusy(t *testing.T) {
	if err := dev.RegisterMemDevices(&pattern{}); !errors.Is(err, linuxabi.EBUSY) {
		t.Fatalf("second registration: %v, want EBUSY", err)
	}
}

// The nodes have the types, numbers, owners and modes of Linux's
// devtmpfs (ls -l /dev on Linux: crw-rw-rw- 1,3 null ... crw------- 5,1
// console).
func TestMakeNodes(t *testing.T) {
	c, d := setup(t)
	for _, tc := range []struct {
		name         string
		major, minor uint32
		mode         uint32
	}{
		{"null", 1, 3, 0o20666}, {"zero", 1, 5, 0o20666}, {"full", 1, 7, 0o20666},
		{"random", 1, 8, 0o20666}, {"urandom", 1, 9, 0o20666}, {"tty", 5, 0, 0o20666},
		{"console", 5, 1, 0o20600}, {"ttyAMA0", 204, 64, 0o20600},
	} {
		i, err := vfs.Lookup(c, d, tc.name, linuxabi.AT_SYMLINK_NOFOLLOW)
		if err != nil {
			t.Fatal(err)
		}
		st := i.Stat()
		if st.Mode != tc.mode || st.Rdev != vfs.Mkdev(tc.major, tc.minor) || st.UID != 0 || st.GID != 0 {
			t.Errorf("%s: mode %o rdev %d:%d owner %d:%d", tc.name, st.Mode,
				vfs.Major(st.Rdev), vfs.Minor(st.Rdev), st.UID, st.GID)
		}
	}
	// Running it again over the same nodes changes nothing.
	if err := dev.MakeNodes(c, d); err != nil {
		t.Fatalf("again: %v", err)
	}
}

// Another file in a node's place is not replaced.
func TestMakeNodesConflict(t *testing.T) {
	fs := tmpfs.New(func() int64 { return 1 })
	c := vfs.Caller{Root: fs.Root()}
	if err := vfs.Mknod(c, fs.Root(), "zero", linuxabi.S_IFCHR|0o600, vfs.Mkdev(1, 4)); err != nil {
		t.Fatal(err)
	}
	if err := dev.MakeNodes(c, fs.Root()); !errors.Is(err, linuxabi.EEXIST) {
		t.Fatalf("MakeNodes over 1:4 named zero: %v, want EEXIST", err)
	}
}

// Reads and writes as drivers/char/mem.c and random.c answer them.
func TestMemDevices(t *testing.T) {
	c, d := setup(t)
	open := func(name string) *vfs.File {
		f, err := vfs.Open(c, d, name, linuxabi.O_RDWR, 0)
		if err != nil {
			t.Fatalf("open %s: %v", name, err)
		}
		return f
	}
	junk := func() []byte { return bytes.Repeat([]byte{0xaa}, 10) }
	for _, tc := range []struct {
		name     string
		readN    int
		read     []byte // nil: don't compare
		writeN   int
		writeErr error
	}{
		{"null", 0, []byte{}, 5, nil},
		{"zero", 10, make([]byte, 10), 5, nil},
		{"full", 10, make([]byte, 10), 0, linuxabi.ENOSPC},
		{"random", 10, nil, 5, nil},
		{"urandom", 10, nil, 5, nil},
	} {
		f := open(tc.name)
		buf := junk()
		n, err := f.Read(buf)
		if err != nil || n != tc.readN || tc.read != nil && !bytes.Equal(buf[:n], tc.read) {
			t.Errorf("%s: read %d %x, %v", tc.name, n, buf[:n], err)
		}
		n, err = f.Write([]byte("hello"))
		if n != tc.writeN || !errors.Is(err, tc.writeErr) {
			t.Errorf("%s: write %d, %v; want %d, %v", tc.name, n, err, tc.writeN, tc.writeErr)
		}
		if got := f.Poll(); got != linuxabi.POLLIN|linuxabi.POLLOUT|linuxabi.POLLRDNORM|linuxabi.POLLWRNORM {
			t.Errorf("%s: poll %#x", tc.name, got)
		}
		if _, err := f.Ioctl(0x5401, 0); !errors.Is(err, linuxabi.ENOTTY) {
			t.Errorf("%s: ioctl %v, want ENOTTY", tc.name, err)
		}
	}
	// random and urandom share the source: consecutive bytes.
	a, b := make([]byte, 4), make([]byte, 4)
	open("random").Read(a)
	open("urandom").Read(b)
	if b[0] != a[3]+1 {
		t.Errorf("random %x then urandom %x: not from one source", a, b)
	}
}
