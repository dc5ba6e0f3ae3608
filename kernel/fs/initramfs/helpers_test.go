package initramfs_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"github.com/tamix/tamix/linuxabi"
	"testing"
	"time"

	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
)

// ent is one archive entry with every newc field settable.
type ent struct {
	name                 string
	ino, mode, uid, gid  uint32
	nlink, mtime         uint32
	data                 []byte
	devMajor, devMinor   uint32
	rdevMajor, rdevMinor uint32
	crc                  bool
	badSum               bool   // a crc entry whose check field is wrong
	rawName              []byte // the name bytes as stored, NUL and all, instead of name
}

// newc encodes e with its padding (buffer-format.rst).
func (e ent) newc() []byte {
	name := e.rawName
	if name == nil {
		name = append([]byte(e.name), 0)
	}
	magic, check := "070701", uint32(0)
	if e.crc {
		magic = "070702"
		for _, c := range e.data {
			check += uint32(c)
		}
		if e.badSum {
			check++
		}
	}
	nlink := e.nlink
	if nlink == 0 {
		nlink = 1
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", magic,
		e.ino, e.mode, e.uid, e.gid, nlink, e.mtime, len(e.data),
		e.devMajor, e.devMinor, e.rdevMajor, e.rdevMinor, len(name), check)
	b.Write(name)
	pad4(&b)
	b.Write(e.data)
	pad4(&b)
	return b.Bytes()
}

func pad4(b *bytes.Buffer) {
	for b.Len()%4 != 0 {
		b.WriteByte(0)
	}
}

// archive is the entries followed by a trailer.
func archive(ents ...ent) []byte {
	var b []byte
	for _, e := range ents {
		b = append(b, e.newc()...)
	}
	return append(b, ent{name: "TRAILER!!!"}.newc()...)
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// fsEnv is a tmpfs to unpack into.
type fsEnv struct {
	t  *testing.T
	fs *vfs.FS
	c  vfs.Caller
}

func newFS(t *testing.T) *fsEnv {
	fs := tmpfs.New(func() int64 { return 5e18 }) // "now", later than any archive time
	return &fsEnv{t: t, fs: fs, c: vfs.Caller{Root: fs.Root()}}
}

func (e *fsEnv) lookup(path string) (*vfs.Inode, error) {
	return vfs.Lookup(e.c, e.fs.Root(), path, linuxabi.AT_SYMLINK_NOFOLLOW)
}

func (e *fsEnv) stat(path string) vfs.Stat {
	e.t.Helper()
	i, err := e.lookup(path)
	if err != nil {
		e.t.Fatalf("%s: %v", path, err)
	}
	return i.Stat()
}

func (e *fsEnv) read(path string) string {
	e.t.Helper()
	f, err := vfs.Open(e.c, e.fs.Root(), path, linuxabi.O_RDONLY, 0)
	if err != nil {
		e.t.Fatalf("open %s: %v", path, err)
	}
	var out []byte
	buf := make([]byte, 1<<16)
	for {
		n, err := f.Read(buf)
		if err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			return string(out)
		}
		out = append(out, buf[:n]...)
	}
}

func (e *fsEnv) exists(path string) bool {
	_, err := e.lookup(path)
	return err == nil
}

func timeOf(sec int64) time.Time { return time.Unix(sec, 0) }
