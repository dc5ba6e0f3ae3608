package initramfs_test

import (
	"github.com/tamix/tamix/linuxabi"
	"testing"

	"github.com/tamix/tamix/kernel/fs/initramfs"
	"github.com/tamix/tamix/kernel/fs/tmpfs"
)

// FuzzUnpack feeds arbitrary bytes to Unpack, which must return, with or
// without an error, and never panic; a second unpack of the same bytes
// into the result must not panic either (every entry then replaces one).
func FuzzUnpack(f *testing.F) {
	entries := archive(
		ent{name: "d", mode: linuxabi.S_IFDIR | 0o755},
		ent{name: "d/f", mode: linuxabi.S_IFREG | 0o644, data: []byte("data")},
		ent{name: "d/l", mode: linuxabi.S_IFLNK | 0o777, data: []byte("f")},
		ent{name: "d/c", mode: linuxabi.S_IFCHR | 0o600, rdevMajor: 1, rdevMinor: 3},
		ent{name: "h1", ino: 5, nlink: 2, mode: linuxabi.S_IFREG | 0o644},
		ent{name: "h2", ino: 5, nlink: 2, mode: linuxabi.S_IFREG | 0o644, data: []byte("x")},
		ent{name: "s", crc: true, mode: linuxabi.S_IFREG | 0o644, data: []byte("sum")},
	)
	f.Add(entries)
	f.Add(gz(f, entries))
	f.Add(append(append(append([]byte{}, entries...), 0, 0, 0, 0), gz(f, entries)...))
	f.Add([]byte("070701"))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, a []byte) {
		fs := tmpfs.New(func() int64 { return 1 })
		_ = initramfs.Unpack(fs, a)
		_ = initramfs.Unpack(fs, a)
	})
}
