package tmpfs_test

import (
	"encoding/binary"
	"testing"

	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
)

// env is a fresh tmpfs seen by a root caller.
type env struct {
	t    *testing.T
	root *vfs.Inode
	c    vfs.Caller
}

func newEnv(t *testing.T) *env {
	t.Helper()
	fs := tmpfs.New(func() int64 { return 1 })
	return &env{t: t, root: fs.Root(), c: vfs.Caller{Root: fs.Root()}}
}

func (e *env) ok(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// open opens path with flags, making it with mode 0644 under O_CREAT.
func (e *env) open(path string, flags int) *vfs.File {
	e.t.Helper()
	f, err := vfs.Open(e.c, e.root, path, flags, 0o644)
	e.ok(err)
	return f
}

// dirent is one linux_dirent64 record.
type dirent struct {
	ino  uint64
	off  int64
	typ  uint8
	name string
}

// readdir reads records from f with a buffer of size bytes until the end
// of the directory, or only one buffer if once is set.
func readdir(t *testing.T, f *vfs.File, size int, once bool) []dirent {
	t.Helper()
	var out []dirent
	buf := make([]byte, size)
	for {
		n, err := f.ReadDir(buf)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return out
		}
		for b := buf[:n]; len(b) > 0; {
			reclen := int(binary.LittleEndian.Uint16(b[16:]))
			name := b[19:reclen]
			for i, c := range name {
				if c == 0 {
					name = name[:i]
					break
				}
			}
			out = append(out, dirent{
				ino: binary.LittleEndian.Uint64(b), off: int64(binary.LittleEndian.Uint64(b[8:])),
				typ: b[18], name: string(name),
			})
			b = b[reclen:]
		}
		if once {
			return out
		}
	}
}

// names lists the names of ents other than "." and "..".
func names(ents []dirent) []string {
	var out []string
	for _, d := range ents {
		if d.name != "." && d.name != ".." {
			out = append(out, d.name)
		}
	}
	return out
}
