// Package sysfs is the small part of Linux's /sys (fs/sysfs) that common
// programs read: the CPU lists under /sys/devices/system/cpu, which
// glibc's get_nprocs() and get_nprocs_conf(), nproc and Python's
// os.cpu_count() consult. tamix runs on one CPU, so each list is "0".
package sysfs

import (
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// Type is the "sysfs" filesystem type (sysfs_fs_type).
func Type(clock func() int64) *vfs.FilesystemType {
	return &vfs.FilesystemType{Name: "sysfs", Mount: func(_, data string) (*vfs.FS, error) {
		if data != "" {
			return nil, linuxabi.EINVAL
		}
		return New(clock), nil
	}}
}

// store answers statfs as sysfs does (SYSFS_MAGIC, kernfs's
// simple_statfs()).
type store struct{}

func (store) NewDir() vfs.DirStore   { panic("sysfs: no mkdir") }
func (store) NewFile() vfs.FileStore { panic("sysfs: no create") }
func (store) StatFS() vfs.FSStat {
	return vfs.FSStat{Type: linuxabi.SYSFS_MAGIC, Bsize: 4096, Namelen: vfs.NameMax}
}

// New makes a /sys.
func New(clock func() int64) *vfs.FS {
	rootDir := vfs.NewFixedDir()
	fs := vfs.NewSyntheticFS(store{}, clock, 0o555, func(*vfs.FS, *vfs.Inode) vfs.DirStore { return rootDir })
	dir := func(parent *vfs.Inode, pd *vfs.FixedDir, name string) (*vfs.Inode, *vfs.FixedDir) {
		d := vfs.NewFixedDir()
		i := fs.NewDir(parent, name, 0o755, d)
		pd.Put(name, i)
		return i, d
	}
	devices, devicesDir := dir(fs.Root(), rootDir, "devices")
	system, systemDir := dir(devices, devicesDir, "system")
	_, cpuDir := dir(system, systemDir, "cpu")
	oneCPU := func(vfs.Caller) ([]byte, error) { return []byte("0\n"), nil }
	for _, name := range []string{"online", "possible", "present"} {
		cpuDir.Put(name, fs.NewGenerated(0o444, oneCPU))
	}
	return fs
}
