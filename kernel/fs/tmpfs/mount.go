package tmpfs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// options are a tmpfs's mount options (struct shmem_options): its size
// in pages and its number of inodes (0 for no limit), and its root's
// mode and owner.
type options struct {
	set      bool   // parsed from mount data (false for New's defaults)
	blocks   uint64 // size, in pages
	inodes   uint64
	mode     uint32
	uid, gid uint32
	ram      uint64 // pages of RAM, which the defaults and "%" sizes are from
}

// Type is the "tmpfs" filesystem type for vfs.RegisterFilesystem
// (shmem_fs_type). Clock is as for New; ram gives the memory size in
// bytes, which the default size (half of it) and inode count are made
// from, as shmem_default_max_blocks() and shmem_default_max_inodes() do.
func Type(clock func() int64, ram func() uint64) *vfs.FilesystemType {
	return &vfs.FilesystemType{Name: "tmpfs", Mount: func(_, data string) (*vfs.FS, error) {
		return Mount(clock, ram(), data)
	}}
}

// Mount makes a tmpfs with the options in data, as mount(2) passes them
// (shmem_parse_one()): size (bytes with a k, m, g, t, p or e suffix, or a
// percentage of RAM), nr_blocks, nr_inodes, mode (octal), uid, gid, and
// inode64 or inode32, which change nothing here. Another option, or a
// bad value, is EINVAL.
func Mount(clock func() int64, ram uint64, data string) (*vfs.FS, error) {
	s := &store{opts: options{set: true, mode: 0o1777, ram: ram / pageSize}}
	s.opts.blocks, s.opts.inodes = s.opts.ram/2, s.opts.ram/2
	for _, o := range strings.Split(data, ",") {
		if o == "" {
			continue
		}
		key, val, _ := strings.Cut(o, "=")
		var err error
		switch key {
		case "size":
			var size uint64
			if size, err = parseSize(val, s.opts.ram); err == nil {
				s.opts.blocks = (size + pageSize - 1) / pageSize
			}
		case "nr_blocks":
			s.opts.blocks, err = memparse(val)
		case "nr_inodes":
			s.opts.inodes, err = memparse(val)
		case "mode":
			var m uint64
			m, err = strconv.ParseUint(val, 8, 32)
			s.opts.mode = uint32(m) & vfs.S_IALLUGO
		case "uid", "gid":
			var id uint64
			if id, err = strconv.ParseUint(val, 10, 32); err == nil && key == "uid" {
				s.opts.uid = uint32(id)
			} else if err == nil {
				s.opts.gid = uint32(id)
			}
		case "inode64", "inode32":
		default:
			err = linuxabi.EINVAL
		}
		if err != nil {
			return nil, linuxabi.EINVAL
		}
	}
	fs := vfs.NewFS(s, clock)
	if err := fs.Root().Chmod(s.opts.mode); err != nil {
		return nil, err
	}
	fs.Root().Chown(s.opts.uid, s.opts.gid)
	return fs, nil
}

// memparse reads a number with an optional binary suffix, as the
// kernel's memparse() does.
func memparse(s string) (uint64, error) {
	shift := 0
	if n := len(s); n > 0 {
		if k := strings.IndexByte("kmgtpe", s[n-1]|0x20); k >= 0 {
			shift, s = 10*(k+1), s[:n-1]
		}
	}
	v, err := strconv.ParseUint(s, 0, 64)
	if err != nil {
		return 0, err
	}
	return v << shift, nil
}

// parseSize reads tmpfs's size option: memparse's form or a percentage
// of the ram pages.
func parseSize(s string, ram uint64) (uint64, error) {
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseUint(p, 10, 64)
		return v * ram * pageSize / 100, err
	}
	return memparse(s)
}

// ShowOptions is shmem_show_options(): the options that differ from the
// defaults, then inode64, which Debian's kernels (CONFIG_TMPFS_INODE64)
// always show.
func (s *store) ShowOptions() string {
	o := s.opts
	if !o.set {
		return ""
	}
	var b strings.Builder
	if o.blocks != o.ram/2 {
		fmt.Fprintf(&b, ",size=%dk", o.blocks*(pageSize/1024))
	}
	if o.inodes != o.ram/2 {
		fmt.Fprintf(&b, ",nr_inodes=%d", o.inodes)
	}
	if o.mode != 0o1777 {
		fmt.Fprintf(&b, ",mode=%03o", o.mode)
	}
	if o.uid != 0 {
		fmt.Fprintf(&b, ",uid=%d", o.uid)
	}
	if o.gid != 0 {
		fmt.Fprintf(&b, ",gid=%d", o.gid)
	}
	b.WriteString(",inode64")
	return b.String()
}

// StatFS is shmem_statfs(): sizes only where there are limits.
func (s *store) StatFS() vfs.FSStat {
	st := vfs.FSStat{Type: linuxabi.TMPFS_MAGIC, Bsize: pageSize, Namelen: vfs.NameMax}
	if s.opts.blocks != 0 {
		used := uint64(s.pages.Load())
		st.Blocks = s.opts.blocks
		st.Bfree = s.opts.blocks - min(used, s.opts.blocks)
		st.Bavail = st.Bfree
	}
	if s.opts.inodes != 0 {
		used := uint64(s.inodes.Load())
		st.Files = s.opts.inodes
		st.Ffree = s.opts.inodes - min(used, s.opts.inodes)
	}
	return st
}
