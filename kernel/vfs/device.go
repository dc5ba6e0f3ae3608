package vfs

import (
	"sync"

	"github.com/tamix/tamix/linuxabi"
)

// Mkdev makes a device number from its major and minor numbers, encoded
// as user space sees it in st_dev and st_rdev and passes it to mknod(2):
// glibc's makedev(3), which for majors below 4096 and minors below 2^20
// is the kernel's new_encode_dev() (include/linux/kdev_t.h).
func Mkdev(major, minor uint32) uint64 {
	ma, mi := uint64(major), uint64(minor)
	return ma&0xfffff000<<32 | ma&0xfff<<8 | mi&0xffffff00<<12 | mi&0xff
}

// Major is the major number of a device number made by Mkdev.
func Major(dev uint64) uint32 {
	return uint32(dev>>32&0xfffff000 | dev>>8&0xfff)
}

// Minor is the minor number of a device number made by Mkdev.
func Minor(dev uint64) uint32 {
	return uint32(dev>>12&0xffffff00 | dev&0xff)
}

// Device is the driver of a character device: the file_operations a
// cdev supplies. Open(2) of a character device node looks its driver up
// by the node's device number, as chrdev_open() in fs/char_dev.c does.
//
// The VFS calls the methods without holding any of its locks, so they may
// block. Off is the file offset for Read and Write (the file position,
// or pread(2)'s and pwrite(2)'s offset); a device without positions
// ignores it, and the VFS advances the file position by the count
// returned.
type Device interface {
	Read(f *File, p []byte, off int64) (int, error)
	Write(f *File, p []byte, off int64) (int, error)
	// Ioctl handles the ioctl(2) commands the syscall layer does not
	// handle itself; unknown commands should fail with ENOTTY.
	Ioctl(f *File, cmd uint32, arg uint64) (uint64, error)
	// Poll reports the POLL* events that are ready now.
	Poll(f *File) uint32
}

// chrdevs maps device numbers (Mkdev) to their drivers: the cdev_map of
// fs/char_dev.c.
var chrdevs = struct {
	sync.RWMutex
	m map[uint64]Device
}{m: map[uint64]Device{}}

// RegisterCharDevice makes d the driver of character device major:minor,
// as cdev_add() does. It fails with EBUSY if that number has a driver.
func RegisterCharDevice(major, minor uint32, d Device) error {
	dev := Mkdev(major, minor)
	chrdevs.Lock()
	defer chrdevs.Unlock()
	if _, ok := chrdevs.m[dev]; ok {
		return linuxabi.EBUSY
	}
	chrdevs.m[dev] = d
	return nil
}

// charDevice is the driver of character device dev, or nil.
func charDevice(dev uint64) Device {
	chrdevs.RLock()
	defer chrdevs.RUnlock()
	return chrdevs.m[dev]
}
