package vfs_test

import (
	"errors"
	"github.com/tamix/tamix/linuxabi"
	"sync/atomic"
	"testing"

	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
)

// clock is a settable test clock.
type clock struct{ ns atomic.Int64 }

func (c *clock) now() int64    { return c.ns.Load() }
func (c *clock) set(ns int64)  { c.ns.Store(ns) }
func (c *clock) tick(ns int64) { c.ns.Add(ns) }

// env is a fresh tmpfs with a root caller.
type env struct {
	t     *testing.T
	fs    *vfs.FS
	root  *vfs.Inode
	c     vfs.Caller
	clock *clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clk := &clock{}
	clk.set(1_000_000_000_000)
	fs := tmpfs.New(clk.now)
	return &env{t: t, fs: fs, root: fs.Root(), c: vfs.Caller{Root: fs.Root()}, clock: clk}
}

// ok fails the test on an error.
func (e *env) ok(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) mkdir(path string) {
	e.t.Helper()
	e.ok(vfs.Mkdir(e.c, e.root, path, 0o755))
}

func (e *env) symlink(target, path string) {
	e.t.Helper()
	e.ok(vfs.Symlink(e.c, target, e.root, path))
}

// write makes path a regular file holding data.
func (e *env) write(path, data string) *vfs.Inode {
	e.t.Helper()
	f, err := vfs.Open(e.c, e.root, path, linuxabi.O_WRONLY|linuxabi.O_CREAT|linuxabi.O_TRUNC, 0o644)
	e.ok(err)
	_, err = f.Write([]byte(data))
	e.ok(err)
	return f.Inode()
}

// read returns the contents of path.
func (e *env) read(path string) string {
	e.t.Helper()
	f, err := vfs.Open(e.c, e.root, path, linuxabi.O_RDONLY, 0)
	e.ok(err)
	return readAll(e.t, f)
}

func readAll(t *testing.T, f *vfs.File) string {
	t.Helper()
	var out []byte
	buf := make([]byte, 1000)
	for {
		n, err := f.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return string(out)
		}
		out = append(out, buf[:n]...)
	}
}

// get looks path up without following a final link.
func (e *env) get(path string) *vfs.Inode {
	e.t.Helper()
	i, err := vfs.Lookup(e.c, e.root, path, linuxabi.AT_SYMLINK_NOFOLLOW)
	e.ok(err)
	return i
}

func (e *env) stat(path string) vfs.Stat {
	e.t.Helper()
	return e.get(path).Stat()
}

// exists reports whether path names something.
func (e *env) exists(path string) bool {
	_, err := vfs.Lookup(e.c, e.root, path, linuxabi.AT_SYMLINK_NOFOLLOW)
	return err == nil
}

// wantErr fails unless err is want (nil for success).
func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}
