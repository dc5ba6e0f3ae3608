package diff

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Program is a static Linux/arm64 test program built from tests/progs.
type Program struct {
	Name string // file name under /progs in the initramfs
	Lang string // "c" (aarch64-linux-gnu-gcc -static) or "go"
	Src  string // C source file, or Go package directory, relative to the repository
}

// Programs lists every program the cases run.
var Programs = []Program{
	{"errors", "c", "tests/progs/c/errors.c"},
	{"fileio", "c", "tests/progs/c/fileio.c"},
	{"fds", "c", "tests/progs/c/fds.c"},
	{"dirs", "c", "tests/progs/c/dirs.c"},
	{"mmap", "c", "tests/progs/c/mmap.c"},
	{"mapshared", "c", "tests/progs/c/mapshared.c"},
	{"copyrange", "c", "tests/progs/c/copyrange.c"},
	{"threads", "c", "tests/progs/c/threads.c"},
	{"signals", "c", "tests/progs/c/signals.c"},
	{"procs", "c", "tests/progs/c/procs.c"},
	{"sigtimers", "c", "tests/progs/c/sigtimers.c"},
	{"waitid", "c", "tests/progs/c/waitid.c"},
	{"jobctl", "c", "tests/progs/c/jobctl.c"},
	{"creds", "c", "tests/progs/c/creds.c"},
	{"perms", "c", "tests/progs/c/perms.c"},
	{"execthread", "c", "tests/progs/c/execthread.c"},
	{"misc", "c", "tests/progs/c/misc.c"},
	{"cpuid", "c", "tests/progs/c/cpuid.c"},
	{"locks", "c", "tests/progs/c/locks.c"},
	{"robust", "c", "tests/progs/c/robust.c"},
	{"pty", "c", "tests/progs/c/pty.c"},
	{"ptysh", "c", "tests/progs/c/ptysh.c"},
	{"mounts", "c", "tests/progs/c/mounts.c"},
	{"memhog", "c", "tests/progs/c/memhog.c"},
	{"bench", "c", "tests/progs/bench/bench.c"},
	{"sysfuzz", "c", "tests/progs/fuzz/sysfuzz.c"},
	{"timers", "go", "tests/progs/go/timers"},
	{"atomics", "go", "tests/progs/go/atomics"},
	{"ptygo", "go", "tests/progs/go/pty"},
}

// CC is the cross compiler for the C programs.
var CC = "aarch64-linux-gnu-gcc"

// Build compiles every program into outDir, skipping those whose binary
// is newer than all of their sources (for C, the file and the .h files
// beside it; for Go, the package's .go files).
func Build(repo, outDir string) error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	for _, p := range Programs {
		out := filepath.Join(outDir, p.Name)
		// Build beside the target and rename, so a concurrent run never
		// sees a half-written binary.
		tmp := fmt.Sprintf("%s.tmp%d", out, os.Getpid())
		src := filepath.Join(repo, p.Src)
		var deps []string
		var cmd *exec.Cmd
		switch p.Lang {
		case "c":
			hs, _ := filepath.Glob(filepath.Join(filepath.Dir(src), "*.h"))
			deps = append([]string{src}, hs...)
			cmd = exec.Command(CC, "-static", "-O2", "-Wall", "-Werror", "-o", tmp, src, "-lpthread")
		case "go":
			deps, _ = filepath.Glob(filepath.Join(src, "*.go"))
			shared, _ := filepath.Glob(filepath.Join(repo, "tests/progs/go/probe/*.go"))
			deps = append(deps, shared...)
			cmd = exec.Command("go", "build", "-trimpath", "-o", tmp, "./"+p.Src)
			cmd.Dir = repo
			cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
		default:
			return fmt.Errorf("diff: %s: unknown language %q", p.Name, p.Lang)
		}
		if len(deps) == 0 {
			return fmt.Errorf("diff: %s: no sources at %s", p.Name, src)
		}
		if upToDate(out, deps) {
			continue
		}
		if b, err := cmd.CombinedOutput(); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("diff: building %s: %v\n%s\n%s", p.Name, err, strings.Join(cmd.Args, " "), b)
		}
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
	}
	return nil
}

func upToDate(out string, deps []string) bool {
	st, err := os.Stat(out)
	if err != nil {
		return false
	}
	for _, d := range deps {
		ds, err := os.Stat(d)
		if err != nil || !ds.ModTime().Before(st.ModTime()) {
			return false
		}
	}
	return true
}
