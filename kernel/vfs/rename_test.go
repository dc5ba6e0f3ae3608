package vfs_test

import (
	"testing"

	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// renameTree makes:
//
//	/a/b/c/   /a/f   /g   /empty/   /full/x   /h1 = /h2 (hard links)
//	/lf -> g
func renameTree(t *testing.T) *env {
	e := newEnv(t)
	for _, d := range []string{"a", "a/b", "a/b/c", "empty", "full"} {
		e.mkdir(d)
	}
	e.write("a/f", "af")
	e.write("g", "g")
	e.write("full/x", "x")
	e.ok(vfs.Link(e.c, e.write("h1", "h"), e.root, "h2"))
	e.symlink("g", "lf")
	return e
}

func TestRenameErrors(t *testing.T) {
	const (
		noreplace = linuxabi.RENAME_NOREPLACE
		exchange  = linuxabi.RENAME_EXCHANGE
	)
	for _, tt := range []struct {
		from, to string
		flags    uint32
		err      error
	}{
		{"nope", "x", 0, linuxabi.ENOENT},
		{"g", "nope/x", 0, linuxabi.ENOENT},
		{"g/x", "y", 0, linuxabi.ENOTDIR},
		{".", "x", 0, linuxabi.EBUSY},
		{"a/..", "x", 0, linuxabi.EBUSY},
		{"/", "x", 0, linuxabi.EBUSY},
		{"g", ".", 0, linuxabi.EBUSY},
		{"g", "a/..", noreplace, linuxabi.EEXIST},
		{"g", "x", noreplace | exchange, linuxabi.EINVAL},
		{"g", "x", linuxabi.RENAME_WHITEOUT, linuxabi.EINVAL},
		{"g", "x", 8, linuxabi.EINVAL},
		{"g/", "x", 0, linuxabi.ENOTDIR},
		{"g", "x/", 0, linuxabi.ENOTDIR},
		{"lf/", "x", 0, linuxabi.ENOTDIR},
		{"g", "a/f", noreplace, linuxabi.EEXIST},
		{"g", "h1", noreplace, linuxabi.EEXIST},
		{"h1", "h2", noreplace, linuxabi.EEXIST},
		{"g", "x", exchange, linuxabi.ENOENT},
		{"g", "empty", 0, linuxabi.EISDIR},
		{"empty", "g", 0, linuxabi.ENOTDIR},
		{"empty", "lf", 0, linuxabi.ENOTDIR},
		{"empty", "full", 0, linuxabi.ENOTEMPTY},
		{"a", "a/b/x", 0, linuxabi.EINVAL},
		{"a", "a/b/c/x", exchange | 0, linuxabi.ENOENT},
		{"a/b", "a/b/c/x", 0, linuxabi.EINVAL},
		{"a/b", "a/b/c", exchange, linuxabi.EINVAL},
		{"a/b/c", "a", 0, linuxabi.ENOTEMPTY},
		{"a/b/c", "a", exchange, linuxabi.EINVAL},
		{"a/b", "a/b", 0, nil},
		{"a/b/c/..", "x", 0, linuxabi.EBUSY},
		{"g", "a/f/", exchange, linuxabi.ENOTDIR},
	} {
		e := renameTree(t)
		err := vfs.Rename(e.c, e.root, tt.from, e.root, tt.to, tt.flags)
		wantErr(t, "Rename("+tt.from+", "+tt.to+")", err, tt.err)
	}
	e := renameTree(t)
	other := tmpfs.New(e.clock.now)
	wantErr(t, "cross-filesystem rename", vfs.Rename(e.c, e.root, "g", other.Root(), "g", 0), linuxabi.EXDEV)
}

func TestRenameFile(t *testing.T) {
	e := renameTree(t)
	g := e.get("g")
	victim := e.get("a/f")
	open := e.open("a/f", linuxabi.O_RDONLY)
	e.clock.tick(1e9)
	e.ok(vfs.Rename(e.c, e.root, "g", e.root, "a/f", 0))
	if e.exists("g") || e.get("a/f") != g {
		t.Fatal("rename over file did not move it")
	}
	if st := victim.Stat(); st.Nlink != 0 || st.Ctime != e.clock.now() {
		t.Errorf("replaced file: nlink %d ctime %d", st.Nlink, st.Ctime)
	}
	if got := readAll(t, open); got != "af" {
		t.Errorf("replaced file still open reads %q", got)
	}
	now := e.clock.now()
	for _, p := range []string{"/", "a"} {
		if st := e.stat(p); st.Mtime != now || st.Ctime != now {
			t.Errorf("%s times after rename: %+v", p, st)
		}
	}
	if st := g.Stat(); st.Ctime != now || st.Nlink != 1 {
		t.Errorf("renamed inode: %+v", st)
	}
	// Two names of one inode: nothing happens.
	e.ok(vfs.Rename(e.c, e.root, "h1", e.root, "h2", 0))
	if !e.exists("h1") || !e.exists("h2") || e.stat("h1").Nlink != 2 {
		t.Error("rename between hard links changed something")
	}
	// A symlink is renamed, not followed; a directory path may end in
	// a slash.
	e.ok(vfs.Rename(e.c, e.root, "lf", e.root, "a/b/lf", 0))
	if got, _ := e.get("a/b/lf").Readlink(e.c); got != "g" {
		t.Error("renamed symlink")
	}
	e.ok(vfs.Rename(e.c, e.root, "empty/", e.root, "empty2/", 0))
}

func TestRenameDir(t *testing.T) {
	e := renameTree(t)
	b := e.get("a/b")
	e.ok(vfs.Rename(e.c, e.root, "a/b", e.root, "full/b", 0))
	if e.get("full/b") != b || e.get("full/b/c/../..") != e.get("full") {
		t.Error("moved dir's .. not updated")
	}
	if a, full := e.stat("a"), e.stat("full"); a.Nlink != 2 || full.Nlink != 3 {
		t.Errorf("nlinks after move: a %d full %d", a.Nlink, full.Nlink)
	}
	// Over an empty directory, which is then removed.
	empty := e.get("empty")
	e.ok(vfs.Rename(e.c, e.root, "full/b", e.root, "empty", 0))
	if e.get("empty") != b || empty.Stat().Nlink != 0 {
		t.Error("rename over empty dir")
	}
	if r, full := e.root.Stat(), e.stat("full"); r.Nlink != 5 || full.Nlink != 2 {
		t.Errorf("nlinks after rename over dir: / %d full %d", r.Nlink, full.Nlink)
	}
	wantErr(t, "mkdir in replaced dir", vfs.Mkdir(e.c, empty, "x", 0o755), linuxabi.ENOENT)
	// Into a removed directory.
	e.mkdir("dead")
	dead := e.get("dead")
	e.ok(vfs.Rmdir(e.c, e.root, "dead"))
	wantErr(t, "rename into removed dir", vfs.Rename(e.c, e.root, "g", dead, "g", 0), linuxabi.ENOENT)
	// Within one directory.
	e.ok(vfs.Rename(e.c, e.root, "empty", e.root, "b", 0))
	if e.get("b") != b || e.root.Stat().Nlink != 5 {
		t.Error("rename of dir in place")
	}
}

func TestRenameExchange(t *testing.T) {
	e := renameTree(t)
	g, b := e.get("g"), e.get("a/b")
	e.ok(vfs.Rename(e.c, e.root, "g", e.root, "a/b", linuxabi.RENAME_EXCHANGE))
	if e.get("g") != b || e.get("a/b") != g {
		t.Fatal("exchange did not swap")
	}
	if e.get("g/c/..") != b || e.get("g/..") != e.root {
		t.Error("exchanged dir's .. not updated")
	}
	if r, a := e.root.Stat(), e.stat("a"); r.Nlink != 6 || a.Nlink != 2 {
		t.Errorf("nlinks after exchange: / %d a %d", r.Nlink, a.Nlink)
	}
	// Two directories, and a directory with a non-empty one.
	e.ok(vfs.Rename(e.c, e.root, "full", e.root, "g/c", linuxabi.RENAME_EXCHANGE))
	if e.read("g/c/x") != "x" || e.get("full/..") != e.root || e.get("g/c/..") != b {
		t.Error("exchange of directories")
	}
	// In one directory.
	e.ok(vfs.Rename(e.c, e.root, "h1", e.root, "lf", linuxabi.RENAME_EXCHANGE))
	if got, _ := e.get("h1").Readlink(e.c); got != "g" || e.read("lf") != "h" {
		t.Error("exchange in one dir")
	}
}
