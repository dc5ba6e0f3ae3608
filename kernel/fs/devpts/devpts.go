// Package devpts is the filesystem of Unix 98 pseudo-terminal slaves
// (fs/devpts/inode.c): an instance holds the pairs opened through it
// (package pty) and shows slave N as the character device /dev/pts/N
// (136:N) while its master is open, next to the ptmx node (5:2) that
// opens new pairs in this instance.
//
// Every mount is a new instance with its own numbering, as in Linux
// since 4.7; /dev/ptmx outside devpts opens pairs in the instance
// mounted at "pts" in its directory (devpts_acquire), which the caller
// finds with InstanceAt.
package devpts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tamix/tamix/kernel/pty"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// Options are the mount options (devpts_parse_param): the owner and
// group of new slaves (the opener's if unset), their mode (0600 by
// default, DEVPTS_DEFAULT_PTY_MODE), the ptmx node's mode (0000,
// DEVPTS_DEFAULT_PTMX_MODE) and the most pairs the instance may hold
// (NR_UNIX98_PTY_MAX by default; pty.Max bounds all instances).
type Options struct {
	UID, GID       uint32
	SetUID, SetGID bool
	Mode           uint32
	PtmxMode       uint32
	Max            int
}

// ParseOptions parses mount(2)'s data for devpts: uid=, gid=, mode=,
// ptmxmode= (octal), max= and newinstance (the default in any case),
// comma-separated; anything else is EINVAL.
func ParseOptions(data string) (Options, error) {
	o := Options{Mode: 0o600, PtmxMode: 0, Max: maxMax}
	for _, opt := range strings.Split(data, ",") {
		if opt == "" || opt == "newinstance" {
			continue
		}
		key, val, _ := strings.Cut(opt, "=")
		base := 10
		if key == "mode" || key == "ptmxmode" {
			base = 8
		}
		n, err := strconv.ParseUint(val, base, 32)
		if err != nil {
			return o, linuxabi.EINVAL
		}
		switch key {
		case "uid":
			o.UID, o.SetUID = uint32(n), true
		case "gid":
			o.GID, o.SetGID = uint32(n), true
		case "mode":
			o.Mode = uint32(n) & vfs.S_IALLUGO
		case "ptmxmode":
			o.PtmxMode = uint32(n) & vfs.S_IALLUGO
		case "max":
			o.Max = min(int(n), maxMax)
		default:
			return o, linuxabi.EINVAL
		}
	}
	return o, nil
}

// maxMax is NR_UNIX98_PTY_MAX, the largest max option.
const maxMax = 1 << 20

// Show is the options as /proc/mounts shows them (devpts_show_options).
func (o Options) Show() string {
	var b strings.Builder
	if o.SetUID {
		fmt.Fprintf(&b, ",uid=%d", o.UID)
	}
	if o.SetGID {
		fmt.Fprintf(&b, ",gid=%d", o.GID)
	}
	fmt.Fprintf(&b, ",mode=%03o,ptmxmode=%03o", o.Mode, o.PtmxMode)
	if o.Max < maxMax {
		fmt.Fprintf(&b, ",max=%d", o.Max)
	}
	return b.String()
}

// Type is the "devpts" filesystem type for vfs.RegisterFilesystem
// (devpts_fs_type); clock and signal are as for New.
func Type(clock func() int64, signal func(pgrp, sig int)) *vfs.FilesystemType {
	return &vfs.FilesystemType{Name: "devpts", Mount: func(_, data string) (*vfs.FS, error) {
		in, err := New(data, clock, signal)
		if err != nil {
			return nil, err
		}
		return in.FS(), nil
	}}
}

// Instance is one mounted devpts: a synthetic filesystem whose root
// holds ptmx and the slave nodes, which users cannot make or remove.
type Instance struct {
	fs    *vfs.FS
	opts  Options
	table *pty.Table
	ptmx  *vfs.Inode

	mu    sync.Mutex
	nodes map[int]*vfs.Inode // the slave nodes, by index
}

// registry maps the nodes and roots of every instance to it, since an
// inode does not name its filesystem.
var registry struct {
	sync.Mutex
	roots  map[*vfs.Inode]*Instance
	ptmx   map[*vfs.Inode]*Instance
	slaves map[*vfs.Inode]*pty.Pair
}

func init() {
	registry.roots = map[*vfs.Inode]*Instance{}
	registry.ptmx = map[*vfs.Inode]*Instance{}
	registry.slaves = map[*vfs.Inode]*pty.Pair{}
	if err := vfs.RegisterCharDevice(pty.PtmxMajor, pty.PtmxMinor, ptmxDevice{}); err != nil {
		panic(err)
	}
	for n := range pty.Max {
		if err := vfs.RegisterCharDevice(pty.SlaveMajor, uint32(n), slaveDevice{}); err != nil {
			panic(err)
		}
	}
}

// ptmxDevice and slaveDevice are the drivers the VFS opens 5:2 and 136:N
// with. Opens through the system calls make their own files, which pair
// the master with its file and count the slave's opens; these serve
// what else opens the nodes: a ptmx so opened has no pair, and is EIO,
// as a tty whose open failed (TTY_IO_ERROR); a slave reads and writes
// its pair without waiting for signals.
type (
	ptmxDevice  struct{}
	slaveDevice struct{}
)

func (ptmxDevice) Read(*vfs.File, []byte, int64) (int, error)      { return 0, linuxabi.EIO }
func (ptmxDevice) Write(*vfs.File, []byte, int64) (int, error)     { return 0, linuxabi.EIO }
func (ptmxDevice) Ioctl(*vfs.File, uint32, uint64) (uint64, error) { return 0, linuxabi.EIO }
func (ptmxDevice) Poll(*vfs.File) uint32                           { return linuxabi.POLLERR }

func (slaveDevice) Read(f *vfs.File, b []byte, _ int64) (int, error) {
	if p := SlaveOf(f.Inode()); p != nil {
		return p.ReadSlave(b, f.Flags()&linuxabi.O_NONBLOCK != 0, nil)
	}
	return 0, nil // hung up
}

func (slaveDevice) Write(f *vfs.File, b []byte, _ int64) (int, error) {
	if p := SlaveOf(f.Inode()); p != nil {
		return p.WriteSlave(b, f.Flags()&linuxabi.O_NONBLOCK != 0, nil)
	}
	return 0, linuxabi.EIO
}

func (slaveDevice) Ioctl(*vfs.File, uint32, uint64) (uint64, error) { return 0, linuxabi.ENOTTY }

func (slaveDevice) Poll(f *vfs.File) uint32 {
	if p := SlaveOf(f.Inode()); p != nil {
		return p.PollSlave()
	}
	return linuxabi.POLLIN | linuxabi.POLLOUT | linuxabi.POLLERR | linuxabi.POLLHUP | linuxabi.POLLRDNORM | linuxabi.POLLWRNORM
}

// New makes an instance with the given mount options (a mount's data);
// clock is the filesystem clock, signal raises the slaves' signals (see
// pty.NewTable).
func New(data string, clock func() int64, signal func(pgrp, sig int)) (*Instance, error) {
	o, err := ParseOptions(data)
	if err != nil {
		return nil, err
	}
	in := &Instance{opts: o, table: pty.NewTable(signal), nodes: map[int]*vfs.Inode{}}
	in.fs = vfs.NewSyntheticFS(store{in}, clock, 0o755, func(*vfs.FS, *vfs.Inode) vfs.DirStore { return root{in} })
	in.ptmx = in.fs.NewDevice(linuxabi.S_IFCHR|o.PtmxMode, vfs.Mkdev(pty.PtmxMajor, pty.PtmxMinor))
	registry.Lock()
	registry.roots[in.fs.Root()] = in
	registry.ptmx[in.ptmx] = in
	registry.Unlock()
	return in, nil
}

// FS is the instance's filesystem, for mounting.
func (in *Instance) FS() *vfs.FS { return in.fs }

// InstanceAt is the instance whose root is dir (a path walk's result
// for a directory where devpts is mounted), nil if there is none.
func InstanceAt(dir *vfs.Inode) *Instance {
	registry.Lock()
	defer registry.Unlock()
	return registry.roots[dir]
}

// PtmxOf is the instance whose ptmx node i is, nil if it is not one.
func PtmxOf(i *vfs.Inode) *Instance {
	registry.Lock()
	defer registry.Unlock()
	return registry.ptmx[i]
}

// SlaveOf is the pair whose slave node i is, nil if it is not one (or
// its master has closed).
func SlaveOf(i *vfs.Inode) *pty.Pair {
	registry.Lock()
	defer registry.Unlock()
	return registry.slaves[i]
}

// Pairs returns the pairs of every instance.
func Pairs() []*pty.Pair {
	registry.Lock()
	defer registry.Unlock()
	s := make([]*pty.Pair, 0, len(registry.slaves))
	for _, p := range registry.slaves {
		s = append(s, p)
	}
	return s
}

// Open makes a pair for a ptmx opener with the given filesystem user and
// group IDs and its slave node, owned as the mount options say
// (devpts_new_index, devpts_pty_new). Beyond the max option it fails
// with ENOSPC.
func (in *Instance) Open(uid, gid uint32) (*pty.Pair, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.nodes) >= in.opts.Max {
		return nil, linuxabi.ENOSPC
	}
	p, err := in.table.Open()
	if err != nil {
		return nil, err
	}
	if in.opts.SetUID {
		uid = in.opts.UID
	}
	if in.opts.SetGID {
		gid = in.opts.GID
	}
	node := in.fs.NewDevice(linuxabi.S_IFCHR|in.opts.Mode, vfs.Mkdev(pty.SlaveMajor, uint32(p.Index())))
	node.SetOwner(uid, gid)
	in.nodes[p.Index()] = node
	registry.Lock()
	registry.slaves[node] = p
	registry.Unlock()
	return p, nil
}

// Close closes p's master: the slave is hung up and its node removed
// (devpts_pty_kill). It returns the session p's slave controlled, as
// pty.Pair.CloseMaster.
func (in *Instance) Close(p *pty.Pair) (session int) {
	in.mu.Lock()
	node := in.nodes[p.Index()]
	delete(in.nodes, p.Index())
	in.mu.Unlock()
	registry.Lock()
	delete(registry.slaves, node)
	registry.Unlock()
	return p.CloseMaster()
}

// SlaveNode opens p's slave node as open(2) with flags does, for
// TIOCGPTPEER (ptm_open_peer).
func (in *Instance) SlaveNode(p *pty.Pair, flags int) (*vfs.File, error) {
	root := in.fs.Root()
	return vfs.Open(vfs.Caller{Root: root}, root, strconv.Itoa(p.Index()), flags, 0)
}

// store is the instance's vfs.Store: it reports the options and
// statfs(2) numbers (simple_statfs with DEVPTS_SUPER_MAGIC); the
// synthetic filesystem never asks it for directories or files.
type store struct{ in *Instance }

func (store) NewDir() vfs.DirStore   { return nil }
func (store) NewFile() vfs.FileStore { return nil }

func (s store) ShowOptions() string { return s.in.opts.Show() }

func (store) StatFS() vfs.FSStat {
	return vfs.FSStat{Type: linuxabi.DEVPTS_SUPER_MAGIC, Bsize: 4096, Namelen: vfs.NameMax}
}

// root is the root directory's entries: ptmx, then the slaves by index.
// Positions are 2 for ptmx and 3+N for slave N, so they stay while the
// entries do.
type root struct{ in *Instance }

func (r root) Lookup(name string) *vfs.Inode {
	if name == "ptmx" {
		return r.in.ptmx
	}
	n, err := strconv.Atoi(name)
	if err != nil || strconv.Itoa(n) != name {
		return nil
	}
	r.in.mu.Lock()
	defer r.in.mu.Unlock()
	return r.in.nodes[n]
}

func (root) Add(string, *vfs.Inode) { panic("devpts: Add") }
func (root) Remove(string)          { panic("devpts: Remove") }

func (r root) Len() int {
	r.in.mu.Lock()
	defer r.in.mu.Unlock()
	return 1 + len(r.in.nodes)
}

// Size is simple_lookup's directories' st_size: 0.
func (root) Size() int64 { return 0 }

func (r root) ReadDir(from int64, emit func(name string, child *vfs.Inode, next int64) bool) {
	if from <= 2 && !emit("ptmx", r.in.ptmx, 3) {
		return
	}
	r.in.mu.Lock()
	indices := make([]int, 0, len(r.in.nodes))
	for n := range r.in.nodes {
		if int64(n)+3 >= from {
			indices = append(indices, n)
		}
	}
	nodes := make([]*vfs.Inode, len(indices))
	slices.Sort(indices)
	for k, n := range indices {
		nodes[k] = r.in.nodes[n]
	}
	r.in.mu.Unlock()
	for k, n := range indices {
		if !emit(strconv.Itoa(n), nodes[k], int64(n)+4) {
			return
		}
	}
}
