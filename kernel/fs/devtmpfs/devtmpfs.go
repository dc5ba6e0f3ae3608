// Package devtmpfs is the "devtmpfs" filesystem type (drivers/base/
// devtmpfs.c): a tmpfs holding a node for every device tamix has. Linux
// keeps one devtmpfs instance that every mount shows; tamix mounts a
// fresh tmpfs populated with the same nodes each time, so files made in
// one mount are not seen in another.
package devtmpfs

import (
	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
)

// Type is the "devtmpfs" type. Clock and ram are as for tmpfs.Type;
// populate makes the device nodes in a new instance's root (the
// kernel's dev.MakeNodes).
func Type(clock func() int64, ram func() uint64, populate func(c vfs.Caller, dir *vfs.Inode) error) *vfs.FilesystemType {
	return &vfs.FilesystemType{Name: "devtmpfs", Mount: func(_, data string) (*vfs.FS, error) {
		opts := "mode=755"
		if data != "" {
			opts += "," + data
		}
		fs, err := tmpfs.Mount(clock, ram(), opts)
		if err != nil {
			return nil, err
		}
		root := fs.Root()
		if err := populate(vfs.Caller{Root: root}, root); err != nil {
			return nil, err
		}
		return fs, nil
	}}
}
