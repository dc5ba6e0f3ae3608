package vfs

import (
	"strings"

	"github.com/tamix/tamix/linuxabi"
)

// Dentry is a file as a path walk reached it: its inode and, for a file
// that is not a directory, the directory and name it was reached by. A
// directory has one name, which it keeps itself; other files may have
// several, and Linux's dentry says which one was used. It is what
// d_path() turns into a path.
type Dentry struct {
	Inode *Inode
	Dir   *Inode // the directory holding a non-directory; nil for a directory
	Name  string
}

// PathOf is the path of the directory d from c's root (prepend_path() in
// fs/d_path.c): the names of d and the directories above it, crossing
// from each mounted filesystem's root to its mountpoint. If the walk up
// reaches the top of the namespace (or of a detached filesystem) without
// meeting c's root, the path is from there and reachable is false.
func PathOf(c Caller, d *Inode) (path string, reachable bool) {
	var parts []string
	for d != c.Root {
		if d == d.fs.root {
			mp := d.fs.mountpoint.Load()
			if mp == nil {
				break
			}
			d = mp
			continue
		}
		p := d.parent.Load()
		if p == nil {
			break
		}
		parts = append(parts, d.dirName())
		d = p
	}
	var b strings.Builder
	for k := len(parts) - 1; k >= 0; k-- {
		b.WriteString("/")
		b.WriteString(parts[k])
	}
	if b.Len() == 0 {
		b.WriteString("/")
	}
	return b.String(), d == c.Root
}

// Path is d's path from c's root as /proc/<pid>/fd and getcwd(2) show
// it (d_path()): "(unreachable)" before a path not under c's root, and
// " (deleted)" after the path of a file whose last link is gone (d_path()
// and __d_path()).
func (d Dentry) Path(c Caller) string {
	dir, name := d.Inode, ""
	if d.Dir != nil {
		dir, name = d.Dir, d.Name
	}
	p, ok := PathOf(c, dir)
	if name != "" {
		p = strings.TrimSuffix(p, "/") + "/" + name
	}
	if !ok {
		p = "(unreachable)" + p
	}
	if d.Inode.deleted() {
		p += " (deleted)"
	}
	return p
}

// Getcwd is getcwd(2)'s answer for the working directory cwd
// (sys_getcwd() in fs/d_path.c): ENOENT once the directory is removed,
// "(unreachable)" before a path not under c's root.
func Getcwd(c Caller, cwd *Inode) (string, error) {
	if cwd.deleted() {
		return "", linuxabi.ENOENT
	}
	p, ok := PathOf(c, cwd)
	if !ok {
		p = "(unreachable)" + p
	}
	return p, nil
}

// deleted reports whether the inode has lost its last name: a removed
// directory, a file with no links.
func (i *Inode) deleted() bool {
	if i.isDir() {
		i.mu.RLock()
		defer i.mu.RUnlock()
		return i.dead
	}
	i.attrMu.Lock()
	defer i.attrMu.Unlock()
	return i.nlink == 0 && i.gen == nil && i.link == nil
}

// dirName is the name of a directory in its parent.
func (i *Inode) dirName() string {
	if n := i.name.Load(); n != nil {
		return *n
	}
	return ""
}
