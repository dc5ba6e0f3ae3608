// Package dev holds tamix's memory devices, the character devices of
// major 1 that drivers/char/mem.c and drivers/char/random.c give Linux
// (/dev/null, zero, full, random and urandom), and MakeNodes, which makes
// the standard nodes of /dev as devtmpfs would.
package dev

import (
	"io"
	"sync"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// MemMajor is the major number of the memory devices (MEM_MAJOR in
// include/uapi/linux/major.h); the minors are devlist's in mem.c.
const (
	MemMajor     = 1
	NullMinor    = 3
	ZeroMinor    = 5
	FullMinor    = 7
	RandomMinor  = 8
	URandomMinor = 9
)

// defaultPoll is what poll(2) reports for a device without a poll
// method, DEFAULT_POLLMASK in include/linux/poll.h: always ready.
const defaultPoll = linuxabi.POLLIN | linuxabi.POLLOUT | linuxabi.POLLRDNORM | linuxabi.POLLWRNORM

// RegisterMemDevices registers the drivers of /dev/null (1:3), zero
// (1:5), full (1:7), random (1:8) and urandom (1:9); random and urandom
// read from random, which must never run dry (the kernel's CRNG once it
// is seeded). It fails with EBUSY if one of the numbers has a driver.
func RegisterMemDevices(random io.Reader) error {
	r := &randomDev{src: random}
	for _, d := range []struct {
		minor uint32
		dev   vfs.Device
	}{
		{NullMinor, null{}}, {ZeroMinor, zero{}}, {FullMinor, full{}},
		{RandomMinor, r}, {URandomMinor, r},
	} {
		if err := vfs.RegisterCharDevice(MemMajor, d.minor, d.dev); err != nil {
			return err
		}
	}
	return nil
}

// noIoctl is the answer of a device without an ioctl method: vfs_ioctl()
// returns ENOTTY when a file has no unlocked_ioctl.
func noIoctl() (uint64, error) { return 0, linuxabi.ENOTTY }

// null is /dev/null: reads find the end of the file (read_null()),
// writes succeed and are thrown away (write_null()).
type null struct{}

func (null) Read(*vfs.File, []byte, int64) (int, error)        { return 0, nil }
func (null) Write(_ *vfs.File, p []byte, _ int64) (int, error) { return len(p), nil }
func (null) Ioctl(*vfs.File, uint32, uint64) (uint64, error)   { return noIoctl() }
func (null) Poll(*vfs.File) uint32                             { return defaultPoll }

// zero is /dev/zero: reads fill the buffer with zeros
// (read_iter_zero()); writes are /dev/null's (zero_fops uses
// write_zero, which is write_null).
type zero struct{}

func (zero) Read(_ *vfs.File, p []byte, _ int64) (int, error)  { clear(p); return len(p), nil }
func (zero) Write(_ *vfs.File, p []byte, _ int64) (int, error) { return len(p), nil }
func (zero) Ioctl(*vfs.File, uint32, uint64) (uint64, error)   { return noIoctl() }
func (zero) Poll(*vfs.File) uint32                             { return defaultPoll }

// full is /dev/full: reads are /dev/zero's, every write fails with
// ENOSPC (write_full()).
type full struct{}

func (full) Read(_ *vfs.File, p []byte, _ int64) (int, error) { clear(p); return len(p), nil }
func (full) Write(*vfs.File, []byte, int64) (int, error)      { return 0, linuxabi.ENOSPC }
func (full) Ioctl(*vfs.File, uint32, uint64) (uint64, error)  { return noIoctl() }
func (full) Poll(*vfs.File) uint32                            { return defaultPoll }

// randomDev is /dev/random and /dev/urandom, which since Linux 5.6
// differ only before the CRNG is seeded (random_read_iter() and
// urandom_read_iter() in drivers/char/random.c); tamix's source is
// seeded from the start, so both read from it. Writes are accepted
// whole, as random_write_iter() mixes them into the input pool; tamix's
// source takes no input, so they are discarded. The RND* ioctls are not
// supported.
type randomDev struct {
	mu  sync.Mutex // serializes reads of src, which need not be safe for concurrent use
	src io.Reader
}

// Read fills p from the source; a source that fails is EIO, unless some
// bytes were read, which are returned.
func (r *randomDev) Read(_ *vfs.File, p []byte, _ int64) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n, err := io.ReadFull(r.src, p)
	if err != nil && n == 0 {
		return 0, linuxabi.EIO
	}
	return n, nil
}

func (r *randomDev) Write(_ *vfs.File, p []byte, _ int64) (int, error) { return len(p), nil }
func (r *randomDev) Ioctl(*vfs.File, uint32, uint64) (uint64, error)   { return noIoctl() }

// Poll is random_poll() with a seeded CRNG: always readable and
// writable.
func (r *randomDev) Poll(*vfs.File) uint32 { return defaultPoll }
