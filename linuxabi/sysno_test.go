package linuxabi

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSyscallNumbers checks the generated table against x/sys: the same
// name has the same number, and x/sys has nothing below NumSyscalls that
// the table lacks.
func TestSyscallNumbers(t *testing.T) {
	x := loadXsys(t)
	xs := x.Consts("SYS_")
	if len(xs) < 300 {
		t.Fatalf("x/sys has only %d SYS_ constants", len(xs))
	}
	have := map[string]bool{}
	for nr, name := range SyscallNames {
		if name == "" {
			continue
		}
		c := "SYS_" + strings.ToUpper(name)
		have[c] = true
		w, ok := xs[c]
		if !ok {
			t.Errorf("%s (%d) not in x/sys", c, nr)
		} else if w != int64(nr) {
			t.Errorf("%s = %d, x/sys has %d", c, nr, w)
		}
	}
	for c, nr := range xs {
		// 244 is __NR_arch_specific_syscall, the start of a range
		// arm64 leaves empty; x/sys is generated from newer headers.
		if !have[c] && nr < NumSyscalls && c != "SYS_ARCH_SPECIFIC_SYSCALL" {
			t.Errorf("x/sys %s = %d missing from SyscallNames", c, nr)
		}
	}
	for nr, want := range map[int]int{SYS_IO_SETUP: 0, SYS_FCNTL: 25, SYS_NEWFSTATAT: 79, SYS_FSTAT: 80,
		SYS_MMAP: 222, SYS_FADVISE64: 223, SYS_CLONE3: 435, SYS_EXIT_GROUP: 94, SYS_RT_SIGRETURN: 139} {
		if nr != want {
			t.Errorf("constant %d, want %d", nr, want)
		}
	}
	if SyscallName(SYS_OPENAT) != "openat" || SyscallName(244) != "" || SyscallName(1<<40) != "" {
		t.Errorf("SyscallName: %q %q", SyscallName(SYS_OPENAT), SyscallName(244))
	}
}

// TestSysnoGenUpToDate regenerates sysno_gen.go into a temporary
// directory and compares.
func TestSysnoGenUpToDate(t *testing.T) {
	const hdr = "/usr/aarch64-linux-gnu/include/asm/unistd.h"
	if _, err := os.Stat(hdr); err != nil {
		t.Skip("arm64 UAPI headers (linux-libc-dev-arm64-cross) not installed")
	}
	if testing.Short() {
		t.Skip("runs go run")
	}
	out := filepath.Join(t.TempDir(), "sysno_gen.go")
	cmd := exec.Command("go", "run", "./internal/gensysno", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gensysno: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("sysno_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("sysno_gen.go is stale; run go generate ./linuxabi")
	}
}
