package procfs

import (
	"sync"

	"github.com/tamix/tamix/kernel/vfs"
)

// entry is one name of a directory and how its inode is made, in the
// directory parent: a pid_entry of fs/proc/base.c.
type entry struct {
	name string
	make func(parent *vfs.Inode, name string) *vfs.Inode
}

// dir is a directory whose entries list works out when asked; the inodes
// are made on first use and kept while the name stays listed.
type dir struct {
	self *vfs.Inode
	list func() []entry

	mu    sync.Mutex
	cache map[string]*vfs.Inode
}

// newDir makes a directory called name in parent whose entries list gives.
func (p *procfs) newDir(parent *vfs.Inode, name string, mode uint32, list func() []entry) *vfs.Inode {
	d := &dir{list: list, cache: map[string]*vfs.Inode{}}
	d.self = p.fs.NewDir(parent, name, mode, d)
	return d.self
}

// inode is the inode of e, made once.
func (d *dir) inode(e entry) *vfs.Inode {
	d.mu.Lock()
	defer d.mu.Unlock()
	if i := d.cache[e.name]; i != nil {
		return i
	}
	i := e.make(d.self, e.name)
	d.cache[e.name] = i
	return i
}

func (d *dir) Lookup(name string) *vfs.Inode {
	for _, e := range d.list() {
		if e.name == name {
			return d.inode(e)
		}
	}
	return nil
}

// ReadDir gives entry k the position k+2, and drops the inodes of names
// no longer listed.
func (d *dir) ReadDir(from int64, emit func(name string, child *vfs.Inode, next int64) bool) {
	ents := d.list()
	d.prune(ents)
	for k := from - 2; k >= 0 && k < int64(len(ents)); k++ {
		if !emit(ents[k].name, d.inode(ents[k]), k+3) {
			return
		}
	}
}

func (d *dir) prune(ents []entry) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.cache) <= len(ents) {
		return
	}
	live := make(map[string]bool, len(ents))
	for _, e := range ents {
		live[e.name] = true
	}
	for n := range d.cache {
		if !live[n] {
			delete(d.cache, n)
		}
	}
}

func (d *dir) Len() int               { return len(d.list()) }
func (d *dir) Size() int64            { return 0 }
func (d *dir) Add(string, *vfs.Inode) { panic("procfs: fixed directory") }
func (d *dir) Remove(string)          { panic("procfs: fixed directory") }

// file is an entry for a generated file.
func (p *procfs) file(name string, mode uint32, g vfs.Generator) entry {
	return entry{name, func(*vfs.Inode, string) *vfs.Inode { return p.fs.NewGenerated(mode, g) }}
}

// text is an entry for a generated file of fixed text made by f.
func (p *procfs) text(name string, f func() string) entry {
	return p.file(name, 0o444, func(vfs.Caller) ([]byte, error) { return []byte(f()), nil })
}

// subdir is an entry for a directory whose entries list gives.
func (p *procfs) subdir(name string, mode uint32, list func() []entry) entry {
	return entry{name, func(parent *vfs.Inode, n string) *vfs.Inode { return p.newDir(parent, n, mode, list) }}
}

// link is an entry for a symbolic link computed by l.
func (p *procfs) link(name string, mode uint32, l vfs.DynamicLink) entry {
	return entry{name, func(*vfs.Inode, string) *vfs.Inode { return p.fs.NewDynamicLink(mode, l) }}
}

// fixed returns a list function for a fixed table of entries.
func fixed(ents ...entry) func() []entry { return func() []entry { return ents } }

// textLink is a DynamicLink whose text target computes and which is
// followed by walking the text (/proc/self, /proc/mounts).
type textLink func(c vfs.Caller) (string, error)

func (l textLink) Readlink(c vfs.Caller) (string, error) { return l(c) }
func (l textLink) Follow(vfs.Caller) (vfs.Dentry, error) { return vfs.Dentry{}, nil }

// magicLink is a DynamicLink that jumps to the file target finds
// (proc_pid_get_link() and nd_jump_link()).
type magicLink func(c vfs.Caller) (vfs.Dentry, string, error)

func (l magicLink) Readlink(c vfs.Caller) (string, error) {
	_, s, err := l(c)
	return s, err
}

func (l magicLink) Follow(c vfs.Caller) (vfs.Dentry, error) {
	d, _, err := l(c)
	if err == nil && d.Inode == nil {
		return d, errNoEnt
	}
	return d, err
}
