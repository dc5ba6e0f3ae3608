package vfs_test

import (
	"fmt"
	"github.com/tamix/tamix/linuxabi"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/tamix/tamix/kernel/vfs"
)

// TestConcurrent runs namespace changes, lookups, directory reads and
// file I/O from many goroutines over a small tree, so that renames
// between directories cross each other in both directions, then checks
// that the tree is consistent. Run it with -race; a deadlock fails it
// after a minute.
func TestConcurrent(t *testing.T) {
	e := newEnv(t)
	dirs := []string{"a", "b", "a/x", "b/y", "a/x/z"}
	for _, d := range dirs {
		e.mkdir(d)
	}
	shared := e.open("shared", linuxabi.O_RDWR|linuxabi.O_CREAT)
	places := append([]string{""}, dirs...)
	pick := func(r *rand.Rand) string {
		p := places[r.IntN(len(places))]
		return fmt.Sprintf("%s/n%d", p, r.IntN(4))
	}
	const workers, ops = 16, 2000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			buf := make([]byte, 512)
			for range ops {
				p, q := pick(r), pick(r)
				switch r.IntN(11) {
				case 0:
					vfs.Mkdir(e.c, e.root, p, 0o755)
				case 1:
					vfs.Rmdir(e.c, e.root, p)
				case 2:
					if f, err := vfs.Open(e.c, e.root, p, linuxabi.O_CREAT|linuxabi.O_WRONLY, 0o644); err == nil {
						f.Write(buf[:r.IntN(len(buf))])
					}
				case 3:
					vfs.Unlink(e.c, e.root, p)
				case 4, 5:
					vfs.Rename(e.c, e.root, p, e.root, q, uint32(r.IntN(3)))
				case 6:
					if i, err := vfs.Lookup(e.c, e.root, p, 0); err == nil {
						vfs.Link(e.c, i, e.root, q)
					}
				case 7:
					vfs.Symlink(e.c, q, e.root, p)
					vfs.Lookup(e.c, e.root, p+"/..", 0)
				case 8:
					if f, err := vfs.Open(e.c, e.root, places[r.IntN(len(places))]+"/.", linuxabi.O_RDONLY, 0); err == nil {
						f.ReadDir(buf[:r.IntN(len(buf))])
						f.Inode().Stat()
					}
				case 9:
					shared.Pwrite(buf[:100], int64(r.IntN(8192)))
					shared.Truncate(int64(r.IntN(8192)))
				case 10:
					shared.Read(buf)
					shared.Seek(int64(r.IntN(8192)), linuxabi.SEEK_DATA)
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		buf := make([]byte, 1<<20)
		t.Fatalf("deadlock:\n%s", buf[:runtime.Stack(buf, true)])
	}
	checkTree(t, e)
}

// checkTree walks the whole tree and checks link counts and "..".
func checkTree(t *testing.T, e *env) {
	names := map[*vfs.Inode]int{}
	var walk func(dir *vfs.Inode, path string)
	walk = func(dir *vfs.Inode, path string) {
		f, err := vfs.Open(e.c, dir, ".", linuxabi.O_RDONLY, 0)
		e.ok(err)
		subdirs := 0
		for _, d := range readDir(t, f, 4096)[2:] {
			i, err := vfs.Lookup(e.c, dir, d.name, linuxabi.AT_SYMLINK_NOFOLLOW)
			e.ok(err)
			if i.Ino() != d.ino {
				t.Errorf("%s/%s: d_ino %d, inode %d", path, d.name, d.ino, i.Ino())
			}
			if i.Mode()&linuxabi.S_IFMT == linuxabi.S_IFDIR {
				subdirs++
				if up, _ := vfs.Lookup(e.c, i, "..", 0); up != dir {
					t.Errorf("%s/%s/.. is not %s", path, d.name, path)
				}
				walk(i, path+"/"+d.name)
			} else {
				names[i]++
			}
		}
		if st := dir.Stat(); st.Nlink != uint32(2+subdirs) {
			t.Errorf("%s: nlink %d with %d subdirectories", path, st.Nlink, subdirs)
		}
	}
	walk(e.root, "")
	for i, n := range names {
		if st := i.Stat(); st.Nlink != uint32(n) {
			t.Errorf("inode %d: nlink %d with %d names", i.Ino(), st.Nlink, n)
		}
	}
}
