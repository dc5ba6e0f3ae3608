//go:build linux

package mm

import (
	"github.com/tamix/tamix/linuxabi"
	"testing"

	"golang.org/x/sys/unix"
)

func TestConstantsMatchLinux(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"PROT_READ", int(PROT_READ), unix.PROT_READ},
		{"PROT_WRITE", int(PROT_WRITE), unix.PROT_WRITE},
		{"PROT_EXEC", int(PROT_EXEC), unix.PROT_EXEC},
		{"PROT_NONE", int(PROT_NONE), unix.PROT_NONE},
		{"linuxabi.MAP_SHARED", linuxabi.MAP_SHARED, unix.MAP_SHARED},
		{"linuxabi.MAP_PRIVATE", linuxabi.MAP_PRIVATE, unix.MAP_PRIVATE},
		{"linuxabi.MAP_SHARED_VALIDATE", linuxabi.MAP_SHARED_VALIDATE, unix.MAP_SHARED_VALIDATE},
		{"linuxabi.MAP_TYPE", linuxabi.MAP_TYPE, unix.MAP_TYPE},
		{"linuxabi.MAP_FIXED", linuxabi.MAP_FIXED, unix.MAP_FIXED},
		{"linuxabi.MAP_ANONYMOUS", linuxabi.MAP_ANONYMOUS, unix.MAP_ANONYMOUS},
		{"linuxabi.MAP_GROWSDOWN", linuxabi.MAP_GROWSDOWN, unix.MAP_GROWSDOWN},
		{"linuxabi.MAP_DENYWRITE", linuxabi.MAP_DENYWRITE, unix.MAP_DENYWRITE},
		{"linuxabi.MAP_EXECUTABLE", linuxabi.MAP_EXECUTABLE, unix.MAP_EXECUTABLE},
		{"linuxabi.MAP_LOCKED", linuxabi.MAP_LOCKED, unix.MAP_LOCKED},
		{"linuxabi.MAP_NORESERVE", linuxabi.MAP_NORESERVE, unix.MAP_NORESERVE},
		{"linuxabi.MAP_POPULATE", linuxabi.MAP_POPULATE, unix.MAP_POPULATE},
		{"linuxabi.MAP_NONBLOCK", linuxabi.MAP_NONBLOCK, unix.MAP_NONBLOCK},
		{"linuxabi.MAP_STACK", linuxabi.MAP_STACK, unix.MAP_STACK},
		{"linuxabi.MAP_HUGETLB", linuxabi.MAP_HUGETLB, unix.MAP_HUGETLB},
		{"linuxabi.MAP_SYNC", linuxabi.MAP_SYNC, unix.MAP_SYNC},
		{"linuxabi.MAP_FIXED_NOREPLACE", linuxabi.MAP_FIXED_NOREPLACE, unix.MAP_FIXED_NOREPLACE},
		{"linuxabi.MREMAP_MAYMOVE", linuxabi.MREMAP_MAYMOVE, unix.MREMAP_MAYMOVE},
		{"linuxabi.MREMAP_FIXED", linuxabi.MREMAP_FIXED, unix.MREMAP_FIXED},
		{"linuxabi.MREMAP_DONTUNMAP", linuxabi.MREMAP_DONTUNMAP, unix.MREMAP_DONTUNMAP},
		{"linuxabi.MADV_NORMAL", linuxabi.MADV_NORMAL, unix.MADV_NORMAL},
		{"linuxabi.MADV_RANDOM", linuxabi.MADV_RANDOM, unix.MADV_RANDOM},
		{"linuxabi.MADV_SEQUENTIAL", linuxabi.MADV_SEQUENTIAL, unix.MADV_SEQUENTIAL},
		{"linuxabi.MADV_WILLNEED", linuxabi.MADV_WILLNEED, unix.MADV_WILLNEED},
		{"linuxabi.MADV_DONTNEED", linuxabi.MADV_DONTNEED, unix.MADV_DONTNEED},
		{"linuxabi.MADV_FREE", linuxabi.MADV_FREE, unix.MADV_FREE},
		{"linuxabi.MADV_HUGEPAGE", linuxabi.MADV_HUGEPAGE, unix.MADV_HUGEPAGE},
		{"linuxabi.MADV_NOHUGEPAGE", linuxabi.MADV_NOHUGEPAGE, unix.MADV_NOHUGEPAGE},
		{"SIGBUS", SIGBUS, int(unix.SIGBUS)},
		{"SIGKILL", SIGKILL, int(unix.SIGKILL)},
		{"SIGSEGV", SIGSEGV, int(unix.SIGSEGV)},
	} {
		if c.got != c.want {
			t.Errorf("%s = %#x, Linux has %#x", c.name, c.got, c.want)
		}
	}
}
