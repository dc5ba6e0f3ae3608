// Package cpio writes newc cpio archives (the initramfs format, Linux
// Documentation/driver-api/early-userspace/buffer-format.rst) for the
// end-to-end tests' initramfs images.
package cpio

import (
	"fmt"
	"io"
)

// Writer appends newc ("070701") entries.
type Writer struct {
	w   io.Writer
	n   int64
	ino uint32
	err error
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w, ino: 1} }

// Mode bits for entries (S_IF* from Linux's stat.h).
const (
	ModeDir     = 0o040000
	ModeRegular = 0o100000
	ModeSymlink = 0o120000
)

func (cw *Writer) write(b []byte) {
	if cw.err != nil {
		return
	}
	n, err := cw.w.Write(b)
	cw.n += int64(n)
	cw.err = err
}

func (cw *Writer) pad() {
	if r := cw.n % 4; r != 0 {
		cw.write(make([]byte, 4-r))
	}
}

// Add writes one entry: name (relative, no leading "/"), mode with type
// bits, and data (the target for a symlink).
func (cw *Writer) Add(name string, mode uint32, data []byte) error {
	nlink := 1
	if mode&0o170000 == ModeDir {
		nlink = 2
	}
	hdr := fmt.Sprintf("070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		cw.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name)+1, 0)
	cw.ino++
	cw.write([]byte(hdr))
	cw.write(append([]byte(name), 0))
	cw.pad()
	cw.write(data)
	cw.pad()
	return cw.err
}

// Close writes the TRAILER!!! entry.
func (cw *Writer) Close() error {
	cw.ino = 0
	return cw.Add("TRAILER!!!", 0, nil)
}
