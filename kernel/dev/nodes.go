package dev

import (
	"errors"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// Node is a device node MakeNodes makes in /dev.
type Node struct {
	Name         string
	Major, Minor uint32
	Perm         uint32 // permission bits
}

// Nodes are the nodes MakeNodes makes, with the modes devtmpfs gives
// them: the memory devices 0666 (devlist in drivers/char/mem.c), /dev/tty
// and /dev/ptmx 0666 (tty_devnode() in drivers/tty/tty_io.c; the
// pseudo-terminals appear once devpts is mounted on /dev/pts), and the
// console and the
// PL011 serial port ttyAMA0 (SERIAL_AMBA_MAJOR 204, minor 64, in
// drivers/tty/serial/amba-pl011.c) devtmpfs's default 0600.
var Nodes = []Node{
	{"null", MemMajor, NullMinor, 0o666},
	{"zero", MemMajor, ZeroMinor, 0o666},
	{"full", MemMajor, FullMinor, 0o666},
	{"random", MemMajor, RandomMinor, 0o666},
	{"urandom", MemMajor, URandomMinor, 0o666},
	{"tty", 5, 0, 0o666},
	{"console", 5, 1, 0o600},
	{"ptmx", 5, 2, 0o666},
	{"ttyAMA0", 204, 64, 0o600},
}

// MakeNodes makes the character device nodes of Nodes in the directory
// dev, owned by root with exactly their modes, whatever c's umask, as
// devtmpfs's handle_create() does. A node that already exists with the
// same type and number (say, from the initramfs) is left as it is; any
// other file of that name is EEXIST.
func MakeNodes(c vfs.Caller, dev *vfs.Inode) error {
	for _, n := range Nodes {
		rdev := vfs.Mkdev(n.Major, n.Minor)
		err := vfs.Mknod(c, dev, n.Name, linuxabi.S_IFCHR|n.Perm, rdev)
		if errors.Is(err, linuxabi.EEXIST) {
			i, lerr := vfs.Lookup(c, dev, n.Name, linuxabi.AT_SYMLINK_NOFOLLOW)
			if lerr != nil {
				return lerr
			}
			if st := i.Stat(); st.Mode&linuxabi.S_IFMT != linuxabi.S_IFCHR || st.Rdev != rdev {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		i, err := vfs.Lookup(c, dev, n.Name, linuxabi.AT_SYMLINK_NOFOLLOW)
		if err != nil {
			return err
		}
		i.Chown(0, 0)
		if err := i.Chmod(n.Perm); err != nil {
			return err
		}
	}
	return nil
}
