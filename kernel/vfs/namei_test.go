package vfs_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// namedTree makes the tree the lookup tests walk:
//
//	/a/b/c/g   file
//	/f         file
//	/abs -> /a/b, /rel -> a/b, /slashed -> a/b/, /a/b/up -> ../..
//	/tofile -> f, /dangling -> nowhere, /self -> self
//	/n0 -> f, /n1 -> n0, ... /n40 -> n39
//	/d0 -> a, /d1 -> d0, ... /d40 -> d39
func namedTree(t *testing.T) *env {
	e := newEnv(t)
	e.mkdir("a")
	e.mkdir("a/b")
	e.mkdir("a/b/c")
	e.write("a/b/c/g", "g")
	e.write("f", "f")
	for l, target := range map[string]string{
		"abs": "/a/b", "rel": "a/b", "slashed": "a/b/", "a/b/up": "../..",
		"tofile": "f", "dangling": "nowhere", "self": "self",
		"n0": "f", "d0": "a",
	} {
		e.symlink(target, l)
	}
	for i := 1; i <= 40; i++ {
		e.symlink(fmt.Sprintf("n%d", i-1), fmt.Sprintf("n%d", i))
		e.symlink(fmt.Sprintf("d%d", i-1), fmt.Sprintf("d%d", i))
	}
	return e
}

func TestLookup(t *testing.T) {
	e := namedTree(t)
	root, a, f := e.root, e.get("a"), e.get("f")
	const nofollow = linuxabi.AT_SYMLINK_NOFOLLOW
	long := strings.Repeat("x", vfs.NameMax+1)
	for _, tt := range []struct {
		start *vfs.Inode
		path  string
		flags int
		want  string // the path of the inode found, or the error
	}{
		{root, "/", 0, "/"},
		{root, "a", 0, "/a"},
		{root, "/a/b/c/g", 0, "/a/b/c/g"},
		{a, "b/c", 0, "/a/b/c"},
		{a, "/a", 0, "/a"},
		{a, ".", 0, "/a"},
		{a, "..", 0, "/"},
		{root, ".", 0, "/"},
		{root, "..", 0, "/"},
		{root, "/../../a/../..", 0, "/"},
		{a, "b/../b/./c/", 0, "/a/b/c"},
		{root, "//a///b//", 0, "/a/b"},
		{root, "a/", 0, "/a"},
		{root, "f", 0, "/f"},
		{root, "f/", 0, "ENOTDIR"},
		{root, "f/.", 0, "ENOTDIR"},
		{root, "f/..", 0, "ENOTDIR"},
		{root, "f/x", 0, "ENOTDIR"},
		{f, "x", 0, "ENOTDIR"},
		{f, ".", 0, "ENOTDIR"},
		{f, "/a", 0, "/a"},
		{root, "", 0, "ENOENT"},
		{root, "nope", 0, "ENOENT"},
		{root, "nope/", 0, "ENOENT"},
		{root, "nope/x", 0, "ENOENT"},
		{root, "a/nope/..", 0, "ENOENT"},

		{root, "abs", 0, "/a/b"},
		{root, "abs", nofollow, "/abs"},
		{root, "abs/", nofollow, "/a/b"}, // a trailing slash follows
		{root, "abs/.", nofollow, "/a/b"},
		{root, "abs/c/g", 0, "/a/b/c/g"},
		{root, "rel/c", 0, "/a/b/c"},
		{a, "../rel/c", 0, "/a/b/c"},
		{root, "abs/..", 0, "/a"}, // ".." of where the link led, not lexical
		{root, "slashed", 0, "/a/b"},
		{root, "a/b/up", 0, "/"},
		{root, "a/b/up/a", 0, "/a"},
		{root, "tofile", 0, "/f"},
		{root, "tofile", nofollow, "/tofile"},
		{root, "tofile/", 0, "ENOTDIR"},
		{root, "tofile/", nofollow, "ENOTDIR"},
		{root, "tofile/x", 0, "ENOTDIR"},
		{root, "dangling", 0, "ENOENT"},
		{root, "dangling", nofollow, "/dangling"},
		{root, "dangling/", nofollow, "ENOENT"},
		{root, "self", 0, "ELOOP"},
		{root, "self", nofollow, "/self"},
		{root, "self/x", 0, "ELOOP"},

		{root, "n39", 0, "/f"},    // 40 links
		{root, "n40", 0, "ELOOP"}, // 41
		{root, "n40", nofollow, "/n40"},
		{root, "d39/b", 0, "/a/b"},         // 40 links on the way
		{root, "d40/b", 0, "ELOOP"},        // 41
		{root, "d19/../d19/b", 0, "/a/b"},  // 20 + 20
		{root, "d20/../d19/b", 0, "ELOOP"}, // 21 + 20: the count is per lookup
		{root, "d10/../n29", 0, "ELOOP"},   // 11 + 30

		{root, long, 0, "ENAMETOOLONG"},
		{root, long[1:], 0, "ENOENT"},
		{root, long + "/..", 0, "ENAMETOOLONG"},
		{root, "nope/" + long, 0, "ENOENT"},
		{root, "a" + strings.Repeat("/", vfs.PathMax-2), 0, "/a"},
		{root, "a" + strings.Repeat("/", vfs.PathMax-1), 0, "ENAMETOOLONG"},
	} {
		i, err := vfs.Lookup(e.c, tt.start, tt.path, tt.flags)
		got := ""
		if err != nil {
			got = err.Error()
		} else if want := tt.want; want[0] == '/' {
			if i != e.get(want) {
				got = fmt.Sprintf("inode %d, not %s's %d", i.Ino(), want, e.get(want).Ino())
			} else {
				got = want
			}
		}
		if got != tt.want {
			t.Errorf("Lookup(%q, %#x): %s, want %s", trim(tt.path), tt.flags, got, tt.want)
		}
	}
}

// trim shortens a long path for a message.
func trim(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%s...(%d bytes)", s[:20], len(s))
	}
	return s
}

func TestLookupChroot(t *testing.T) {
	e := namedTree(t)
	e.symlink("/b", "a/jail-abs")
	a := e.get("a")
	c := vfs.Caller{Root: a}
	for path, want := range map[string]string{
		"/":           "/a",
		"/..":         "/a",
		"/b/../../..": "/a",
		"/b/c/g":      "/a/b/c/g",
		"/jail-abs/c": "/a/b/c",
		"/b/up":       "/a", // ../.. stops at the root
	} {
		i, err := vfs.Lookup(c, e.root, path, 0)
		if err != nil || i != e.get(want) {
			t.Errorf("chroot Lookup(%q): %v %v, want %s", path, i, err, want)
		}
	}
	// A working directory outside the root is not stopped by it.
	if i, err := vfs.Lookup(c, e.get("f"), "/b", 0); err != nil || i != e.get("a/b") {
		t.Errorf("absolute path from a file: %v", err)
	}
	if i, err := vfs.Lookup(c, e.root, "f", 0); err != nil || i != e.get("f") {
		t.Errorf("relative path outside root: %v", err)
	}
}

func TestLookupAfterRemoval(t *testing.T) {
	e := newEnv(t)
	e.mkdir("d")
	d := e.get("d")
	e.ok(vfs.Rmdir(e.c, e.root, "d"))
	// The removed directory, as a working directory, still has "."
	// and ".." but nothing can be made in it.
	if i, err := vfs.Lookup(e.c, d, ".", 0); err != nil || i != d {
		t.Errorf(`"." in removed dir: %v`, err)
	}
	if i, err := vfs.Lookup(e.c, d, "..", 0); err != nil || i != e.root {
		t.Errorf(`".." in removed dir: %v`, err)
	}
	wantErr(t, "mkdir in removed dir", vfs.Mkdir(e.c, d, "x", 0o755), linuxabi.ENOENT)
	_, err := vfs.Open(e.c, d, "x", linuxabi.O_CREAT|linuxabi.O_WRONLY, 0o644)
	wantErr(t, "create in removed dir", err, linuxabi.ENOENT)
	if st := d.Stat(); st.Nlink != 0 {
		t.Errorf("removed dir nlink %d", st.Nlink)
	}
}
