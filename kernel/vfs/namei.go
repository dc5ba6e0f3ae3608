package vfs

import (
	"strings"

	"github.com/tamix/tamix/linuxabi"
)

// Caller is the calling task as path operations see it: its root
// directory (chroot(2)), where absolute paths and symbolic links start and
// ".." stops; the owner new inodes get, its fsuid and fsgid; its
// umask(2), which creating operations apply to the mode they are given;
// and its thread group and thread IDs, which synthetic filesystems
// answer for (/proc/self, /proc/thread-self).
type Caller struct {
	Root   *Inode
	UID    uint32
	GID    uint32
	Groups []uint32 // supplementary groups, for permission checks
	Umask  uint32
	PID    int
	TID    int
}

// lastType says what the last component of a path is, as nd->last_type
// does in fs/namei.c.
type lastType int

const (
	lastNorm   lastType = iota // a name
	lastRoot                   // none: the path is all slashes
	lastDot                    // "."
	lastDotDot                 // ".."
)

// nameidata is the state of one path walk, struct nameidata in
// fs/namei.c.
type nameidata struct {
	c        Caller
	root     *Inode
	dir      *Inode // the directory the walk is in
	last     string // the last component, once walk has returned
	lastType lastType
	slash    bool // slashes follow the last component
	links    int  // symbolic links followed: total_link_count
	// jumped is where a magic link took the walk (nd_jump_link()),
	// while its last component is that link.
	jumped *Dentry
}

// Lookup resolves path to an inode, as stat(2) and the other calls that
// take a path do (filename_lookup() and path_lookupat() in fs/namei.c).
// A relative path starts at dir: the working directory, or the directory
// of an *at call's dirfd. A final symbolic link is followed unless flags
// has AT_SYMLINK_NOFOLLOW; a trailing slash requires a directory and
// makes a final symbolic link followed even then. An empty path is
// ENOENT: AT_EMPTY_PATH is for the caller to handle.
func Lookup(c Caller, dir *Inode, path string, flags int) (*Inode, error) {
	nd, err := parentAt(c, dir, path)
	if err != nil {
		return nil, err
	}
	return nd.lookupLast(flags&linuxabi.AT_SYMLINK_NOFOLLOW == 0, false)
}

// parentAt checks path and walks all of it but the last component
// (filename_parentat()): the returned nameidata's dir is the directory
// that holds that component.
func parentAt(c Caller, dir *Inode, path string) (*nameidata, error) {
	switch {
	case path == "":
		return nil, linuxabi.ENOENT
	case len(path) >= PathMax:
		return nil, linuxabi.ENAMETOOLONG
	case path[0] != '/' && !dir.isDir():
		return nil, linuxabi.ENOTDIR
	}
	nd := &nameidata{c: c, root: c.Root, dir: dir}
	if err := nd.walk(path); err != nil {
		return nil, err
	}
	return nd, nil
}

// walk is link_path_walk(): it resolves every component of path but the
// last, from nd.dir or, for an absolute path, from nd.root, following
// symbolic links on the way. It leaves nd.dir at the directory holding
// the last component, which nd.last, nd.lastType and nd.slash describe.
func (nd *nameidata) walk(path string) error {
	if path[0] == '/' {
		nd.dir = nd.root
	}
	path = strings.TrimLeft(path, "/")
	nd.slash = false
	if path == "" {
		nd.last, nd.lastType = "", lastRoot
		return nil
	}
	for {
		name, rest, _ := strings.Cut(path, "/")
		rest = strings.TrimLeft(rest, "/")
		if rest == "" {
			nd.last, nd.slash = name, len(path) > len(name)
			switch name {
			case ".":
				nd.lastType = lastDot
			case "..":
				nd.lastType = lastDotDot
			default:
				nd.lastType = lastNorm
			}
			return nil
		}
		if err := nd.step(name); err != nil {
			return err
		}
		path = rest
	}
}

// step moves the walk into the directory name, a component that is not
// the last (walk_component() and step_into()): a symbolic link is followed
// to its end, and what it comes to must be a directory (ENOTDIR).
func (nd *nameidata) step(name string) error {
	switch name {
	case ".":
		return nil
	case "..":
		nd.dotdot()
		return nil
	}
	child, err := nd.lookupChild(name)
	if err != nil {
		return err
	}
	if child.typ == linuxabi.S_IFLNK {
		if err := nd.enterLink(child); err != nil {
			return err
		}
		if child, err = nd.lookupLast(true, false); err != nil {
			return err
		}
		nd.jumped = nil
	}
	if !child.isDir() {
		return linuxabi.ENOTDIR
	}
	nd.dir = child
	return nil
}

// lookupLast resolves the last component once walk has returned
// (lookup_last() and the loop around it in path_lookupat()). It follows
// a final symbolic link if follow is set or slashes follow the name,
// walking the link's contents from the link's directory, and requires a
// directory if mustDir is set or slashes follow the name.
func (nd *nameidata) lookupLast(follow, mustDir bool) (*Inode, error) {
	for {
		var res *Inode
		switch {
		case nd.jumped != nil:
			res = nd.jumped.Inode
		case nd.lastType == lastRoot, nd.lastType == lastDot:
			res = nd.dir
		case nd.lastType == lastDotDot:
			nd.dotdot()
			res = nd.dir
		case nd.lastType == lastNorm:
			if nd.slash {
				follow, mustDir = true, true
			}
			child, err := nd.lookupChild(nd.last)
			if err != nil {
				return nil, err
			}
			if child.typ == linuxabi.S_IFLNK && follow {
				if err := nd.enterLink(child); err != nil {
					return nil, err
				}
				continue
			}
			res = child
		}
		if mustDir && !res.isDir() {
			return nil, linuxabi.ENOTDIR
		}
		return res, nil
	}
}

// final is the Dentry of what lookupLast returned, i.
func (nd *nameidata) final(i *Inode) Dentry {
	switch {
	case nd.jumped != nil:
		return *nd.jumped
	case i.isDir() || nd.lastType != lastNorm:
		return Dentry{Inode: i}
	}
	return Dentry{Inode: i, Dir: nd.dir, Name: nd.last}
}

// enterLink follows the symbolic link link, which is in nd.dir
// (pick_link()): a magic link makes the walk jump to the file it names
// (nd.jumped, which the link's own component then resolves to); another
// has its contents walked up to their last component. Following more
// than MaxSymlinks links in one lookup is ELOOP.
func (nd *nameidata) enterLink(link *Inode) error {
	if nd.links >= MaxSymlinks {
		return linuxabi.ELOOP
	}
	nd.links++
	nd.jumped = nil
	if link.link == nil {
		link.touchAtime()
		return nd.walk(link.target)
	}
	d, err := link.link.Follow(nd.c)
	if err != nil {
		return err
	}
	if d.Inode != nil {
		nd.jumped = &d
		return nil
	}
	target, err := link.link.Readlink(nd.c)
	if err != nil {
		return err
	}
	return nd.walk(target)
}

// dotdot moves the walk to the parent directory (follow_dotdot()). The
// caller's root is its own parent; at the root of a mounted filesystem
// ".." is the parent of the directory it is mounted on, and at the
// namespace's root the root itself. A directory something is mounted on
// is entered at the mounted root.
func (nd *nameidata) dotdot() {
	d := nd.dir
	for {
		if d == nd.root {
			return
		}
		if d != d.fs.root {
			break
		}
		mp := d.fs.mountpoint.Load()
		if mp == nil {
			return
		}
		d = mp
	}
	if p := d.parent.Load(); p != nil {
		d = p
	}
	nd.dir = d.mountedRoot()
}

// lookupChild looks name up in nd.dir (lookup_fast() and lookup_slow()),
// going on into what is mounted on it: ENAMETOOLONG for a name longer
// than NameMax, as the filesystems' ->lookup() answer, and ENOENT for a
// name not there.
func (nd *nameidata) lookupChild(name string) (*Inode, error) {
	if len(name) > NameMax {
		return nil, linuxabi.ENAMETOOLONG
	}
	d := nd.dir
	if err := d.Permission(nd.c, MayExec); err != nil { // may_lookup
		return nil, err
	}
	d.mu.RLock()
	child := d.dir.Lookup(name)
	d.mu.RUnlock()
	if child == nil {
		return nil, linuxabi.ENOENT
	}
	return child.mountedRoot(), nil
}
