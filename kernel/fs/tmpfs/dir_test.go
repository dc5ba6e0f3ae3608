package tmpfs_test

import (
	"fmt"
	"github.com/tamix/tamix/linuxabi"
	"slices"
	"sync"
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
)

// A directory's st_size is 20 bytes for each entry, "." and ".."
// included (BOGO_DIRENT_SIZE in mm/shmem.c).
func TestDirSize(t *testing.T) {
	e := newEnv(t)
	e.ok(vfs.Mkdir(e.c, e.root, "d", 0o755))
	for n, want := range []int64{40, 60, 80} {
		if got := mustLookup(e, "d").Stat().Size; got != want {
			t.Errorf("%d entries: size %d, want %d", n, got, want)
		}
		e.ok(vfs.Mknod(e.c, e.root, fmt.Sprintf("d/%d", n), linuxabi.S_IFREG|0o644, 0))
	}
	e.ok(vfs.Unlink(e.c, e.root, "d/0"))
	if got := mustLookup(e, "d").Stat().Size; got != 80 {
		t.Errorf("after unlink: size %d, want 80", got)
	}
}

func mustLookup(e *env, path string) *vfs.Inode {
	e.t.Helper()
	i, err := vfs.Lookup(e.c, e.root, path, linuxabi.AT_SYMLINK_NOFOLLOW)
	e.ok(err)
	return i
}

// Entries come in the order they were made, with types and inode
// numbers; a d_off handed out can be sought back to.
func TestReadDirOrderAndSeek(t *testing.T) {
	e := newEnv(t)
	e.ok(vfs.Mkdir(e.c, e.root, "sub", 0o755))
	e.ok(vfs.Symlink(e.c, "sub", e.root, "link"))
	e.ok(vfs.Mknod(e.c, e.root, "fifo", linuxabi.S_IFIFO|0o644, 0))
	e.open("file", linuxabi.O_WRONLY|linuxabi.O_CREAT)
	d := e.open(".", linuxabi.O_RDONLY|linuxabi.O_DIRECTORY)
	ents := readdir(t, d, 4096, false)
	want := []struct {
		name string
		typ  uint8
	}{{".", linuxabi.DT_DIR}, {"..", linuxabi.DT_DIR}, {"sub", linuxabi.DT_DIR}, {"link", linuxabi.DT_LNK}, {"fifo", linuxabi.DT_FIFO}, {"file", linuxabi.DT_REG}}
	if len(ents) != len(want) {
		t.Fatalf("entries %v", ents)
	}
	for i, w := range want {
		if ents[i].name != w.name || ents[i].typ != w.typ {
			t.Errorf("entry %d: %q type %d, want %q type %d", i, ents[i].name, ents[i].typ, w.name, w.typ)
		}
		if i >= 2 && ents[i].ino != mustLookup(e, w.name).Ino() {
			t.Errorf("%s: d_ino %d", w.name, ents[i].ino)
		}
	}
	// Seek to the d_off of "link": the next entry is "fifo".
	if _, err := d.Seek(ents[3].off, linuxabi.SEEK_SET); err != nil {
		t.Fatal(err)
	}
	if got := names(readdir(t, d, 4096, false)); !slices.Equal(got, []string{"fifo", "file"}) {
		t.Errorf("after seek: %v", got)
	}
}

// Removing entries before the position, or adding new ones, neither
// repeats nor skips the entries that stay: each entry keeps its position
// while it is in the directory, as the offset maps of Linux's tmpfs
// (simple_offset_add(), offset_readdir()) give. New entries come after
// the old ones, so a readdir in progress sees them.
func TestReadDirStableUnderChange(t *testing.T) {
	e := newEnv(t)
	e.ok(vfs.Mkdir(e.c, e.root, "d", 0o755))
	var all []string
	for i := range 100 {
		name := fmt.Sprintf("f%03d", i)
		all = append(all, name)
		e.ok(vfs.Mknod(e.c, e.root, "d/"+name, linuxabi.S_IFREG|0o644, 0))
	}
	d := e.open("d", linuxabi.O_RDONLY|linuxabi.O_DIRECTORY)
	// A record for a 4-character name is 24 bytes: 10 per call.
	var seen []string
	first := names(readdir(t, d, 240, true)) // ".", "..", f000..f007
	seen = append(seen, first...)
	// Remove everything seen and every odd entry not yet seen; add some.
	for _, n := range first {
		e.ok(vfs.Unlink(e.c, e.root, "d/"+n))
	}
	var stay []string
	for i := len(first); i < 100; i++ {
		if i%2 == 1 {
			e.ok(vfs.Unlink(e.c, e.root, "d/"+all[i]))
		} else {
			stay = append(stay, all[i])
		}
	}
	e.ok(vfs.Mknod(e.c, e.root, "d/new", linuxabi.S_IFREG|0o644, 0))
	rest := names(readdir(t, d, 240, false))
	if want := append(stay, "new"); !slices.Equal(rest, want) {
		t.Fatalf("after changes: %v\nwant %v", rest, want)
	}
	seen = append(seen, rest...)
	// A fresh read lists exactly what is there.
	d2 := e.open("d", linuxabi.O_RDONLY|linuxabi.O_DIRECTORY)
	if got := names(readdir(t, d2, 4096, false)); !slices.Equal(got, append(stay, "new")) {
		t.Fatalf("fresh read: %v", got)
	}
	// Renaming within the directory gives the new name a new position,
	// after the others (simple_offset_rename()).
	e.ok(vfs.Rename(e.c, e.root, "d/"+stay[0], e.root, "d/renamed", 0))
	d3 := e.open("d", linuxabi.O_RDONLY|linuxabi.O_DIRECTORY)
	got := names(readdir(t, d3, 4096, false))
	if got[len(got)-1] != "renamed" || slices.Contains(got, stay[0]) {
		t.Fatalf("after rename: %v", got)
	}
}

// Concurrent readers see every entry that stays in the directory exactly
// once while other goroutines add and remove entries (run with -race).
func TestReadDirConcurrent(t *testing.T) {
	e := newEnv(t)
	e.ok(vfs.Mkdir(e.c, e.root, "d", 0o755))
	var stable []string
	for i := range 200 {
		name := fmt.Sprintf("s%03d", i)
		stable = append(stable, name)
		e.ok(vfs.Mknod(e.c, e.root, "d/"+name, linuxabi.S_IFREG|0o644, 0))
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("d/t%d-%d", w, i)
				if err := vfs.Mknod(e.c, e.root, name, linuxabi.S_IFREG|0o644, 0); err != nil {
					t.Error(err)
					return
				}
				if err := vfs.Unlink(e.c, e.root, name); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for range 20 {
		d := e.open("d", linuxabi.O_RDONLY|linuxabi.O_DIRECTORY)
		count := map[string]int{}
		for _, n := range names(readdir(t, d, 256, false)) {
			count[n]++
		}
		for _, n := range stable {
			if count[n] != 1 {
				t.Fatalf("%s seen %d times", n, count[n])
			}
		}
		for n, c := range count {
			if c != 1 {
				t.Fatalf("%s seen %d times", n, c)
			}
		}
	}
	close(stop)
	wg.Wait()
}
