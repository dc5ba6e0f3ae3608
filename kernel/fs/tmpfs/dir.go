package tmpfs

import (
	"sort"

	"github.com/tamix/tamix/kernel/vfs"
)

// firstPos is the position of the first entry: 0 and 1 are "." and "..",
// as DIR_OFFSET_MIN is in fs/libfs.c.
const firstPos = 2

// bogoDirentSize is what each entry adds to a directory's size, which
// starts at two of them for "." and ".." (BOGO_DIRENT_SIZE in
// mm/shmem.c).
const bogoDirentSize = 20

// dir is a directory: its entries by name, and in the order of their
// positions for readdir. Like the offset maps of Linux's tmpfs
// (simple_offset_add()), each entry gets the next position when it is
// added and keeps it, so a position handed out by getdents64(2) still
// means the same place after entries before it are removed.
type dir struct {
	names   map[string]*entry
	order   []*entry // ascending positions; removed entries have a nil inode
	removed int      // removed entries still in order
	next    int64    // position of the next entry added
}

type entry struct {
	name  string
	inode *vfs.Inode
	pos   int64
}

func (d *dir) Lookup(name string) *vfs.Inode {
	if e := d.names[name]; e != nil {
		return e.inode
	}
	return nil
}

func (d *dir) Add(name string, child *vfs.Inode) {
	e := &entry{name: name, inode: child, pos: d.next}
	d.next++
	d.names[name] = e
	d.order = append(d.order, e)
}

// Remove drops name; order is compacted once half of it is removed
// entries, which keeps removal constant time on average.
func (d *dir) Remove(name string) {
	e := d.names[name]
	delete(d.names, name)
	e.inode = nil
	d.removed++
	if d.removed > len(d.order)/2 {
		live := d.order[:0]
		for _, e := range d.order {
			if e.inode != nil {
				live = append(live, e)
			}
		}
		clear(d.order[len(live):])
		d.order, d.removed = live, 0
	}
}

func (d *dir) Len() int { return len(d.names) }

func (d *dir) Size() int64 { return int64(len(d.names)+2) * bogoDirentSize }

func (d *dir) ReadDir(from int64, emit func(name string, child *vfs.Inode, next int64) bool) {
	i := sort.Search(len(d.order), func(i int) bool { return d.order[i].pos >= from })
	for _, e := range d.order[i:] {
		if e.inode != nil && !emit(e.name, e.inode, e.pos+1) {
			return
		}
	}
}
