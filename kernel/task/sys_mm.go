package task

import (
	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_BRK, sysBrk, Full, "")
	register(linuxabi.SYS_MMAP, sysMmap, Partial, "MAP_SHARED of files outside tmpfs (device nodes, procfs): ENODEV")
	register(linuxabi.SYS_MUNMAP, sysMunmap, Full, "")
	register(linuxabi.SYS_MPROTECT, sysMprotect, Full, "")
	register(linuxabi.SYS_MREMAP, sysMremap, Full, "")
	register(linuxabi.SYS_MADVISE, sysMadvise, Partial, "DONTNEED/FREE discard; hints accepted; others EINVAL")
}

// sysBrk implements Linux system call brk(2).
func sysBrk(t *Task, a args) (uint64, error) { return t.space.Brk(a[0]), nil }

// sysMmap implements Linux system call mmap(2).
func sysMmap(t *Task, a args) (uint64, error) {
	addr, length, prot, flags, fd, off := a[0], a[1], a[2], int(a[3]), int(int32(a[4])), a[5]
	if prot&^uint64(mm.PROT_READ|mm.PROT_WRITE|mm.PROT_EXEC) != 0 {
		return 0, linuxabi.EINVAL
	}
	var b mm.Backing
	if flags&linuxabi.MAP_ANONYMOUS == 0 {
		f, err := t.file(fd)
		if err != nil {
			return 0, err
		}
		defer f.put()
		vf, ok := f.File.(vfsFile)
		if !ok || vf.Inode().Mode()&linuxabi.S_IFMT != linuxabi.S_IFREG {
			return 0, linuxabi.ENODEV
		}
		if flags&linuxabi.MAP_TYPE != linuxabi.MAP_PRIVATE && !vf.Inode().Mappable() {
			return 0, linuxabi.ENODEV
		}
		acc := vf.Flags() & linuxabi.O_ACCMODE
		if acc == linuxabi.O_WRONLY {
			return 0, linuxabi.EACCES
		}
		if flags&linuxabi.MAP_TYPE == linuxabi.MAP_SHARED && prot&uint64(mm.PROT_WRITE) != 0 && acc != linuxabi.O_RDWR {
			return 0, linuxabi.EACCES
		}
		b = fileBacking{vf.File}
	}
	return t.space.Mmap(addr, length, mm.Prot(prot), flags, b, off)
}

// sysMunmap implements Linux system call munmap(2).
func sysMunmap(t *Task, a args) (uint64, error) { return 0, t.space.Munmap(a[0], a[1]) }

// sysMprotect implements Linux system call mprotect(2).
func sysMprotect(t *Task, a args) (uint64, error) {
	const growsUpDown = 0x01000000 | 0x02000000 // PROT_GROWSDOWN, PROT_GROWSUP
	if a[2]&^(uint64(mm.PROT_READ|mm.PROT_WRITE|mm.PROT_EXEC)|growsUpDown) != 0 {
		return 0, linuxabi.EINVAL
	}
	return 0, t.space.Mprotect(a[0], a[1], mm.Prot(a[2]&7))
}

// sysMremap implements Linux system call mremap(2).
func sysMremap(t *Task, a args) (uint64, error) {
	return t.space.Mremap(a[0], a[1], a[2], int(a[3]), a[4])
}

// sysMadvise implements Linux system call madvise(2).
func sysMadvise(t *Task, a args) (uint64, error) {
	return 0, t.space.Madvise(a[0], a[1], int(a[2]))
}
