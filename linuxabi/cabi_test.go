package linuxabi

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The second oracle: the Linux arm64 UAPI headers (Debian's
// linux-libc-dev-arm64-cross) as the arm64 cross compiler sees them.
// cValues compiles "long long v_NAME = (expr);" for each entry to
// assembly and reads the values back, so nothing has to run on arm64.

const cCompiler = "aarch64-linux-gnu-gcc"

// cHeaders are the UAPI headers the constants and types come from.
var cHeaders = []string{
	"linux/types.h", "asm/signal.h", "asm/siginfo.h", "linux/auxvec.h",
	"linux/futex.h", "linux/fcntl.h", "linux/reboot.h", "linux/prctl.h",
	"linux/sched.h", "linux/wait.h", "linux/resource.h", "linux/uio.h",
	"linux/stat.h", "linux/time.h", "asm/ioctls.h", "linux/random.h",
	"linux/mman.h", "linux/eventpoll.h", "linux/poll.h", "linux/utsname.h",
	"linux/sysinfo.h", "linux/signal.h", "linux/fs.h", "asm/sigcontext.h", "asm/ucontext.h", "linux/times.h",
	// glibc, for the access(2) modes and d_type values.
	"unistd.h", "dirent.h",
}

func cValues(t *testing.T, exprs map[string]string) map[string]int64 {
	t.Helper()
	if _, err := exec.LookPath(cCompiler); err != nil {
		t.Skip(cCompiler + " not installed")
	}
	var src strings.Builder
	for _, h := range cHeaders {
		fmt.Fprintf(&src, "#include <%s>\n", h)
	}
	names := make([]string, 0, len(exprs))
	for n := range exprs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&src, "long long v_%s = (long long)(%s);\n", n, exprs[n])
	}
	dir := t.TempDir()
	c := filepath.Join(dir, "abi.c")
	if err := os.WriteFile(c, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(cCompiler, "-S", "-o", "-", c).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cCompiler, err, out)
	}
	vals := map[string]int64{}
	var cur string
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		if n, ok := strings.CutPrefix(l, "v_"); ok && strings.HasSuffix(n, ":") {
			cur = strings.TrimSuffix(n, ":")
			continue
		}
		if cur == "" {
			continue
		}
		switch f := strings.Fields(l); {
		case len(f) == 2 && f[0] == ".xword":
			v, err := strconv.ParseInt(f[1], 0, 64)
			if err != nil {
				t.Fatalf("v_%s: %q", cur, l)
			}
			vals[cur] = v
		case len(f) == 2 && f[0] == ".zero" && f[1] == "8":
			vals[cur] = 0
		default:
			t.Fatalf("v_%s: unexpected %q", cur, l)
		}
		cur = ""
	}
	for _, n := range names {
		if _, ok := vals[n]; !ok {
			t.Fatalf("no value for %s in compiler output", n)
		}
	}
	return vals
}

// cDefined reports which of names the headers define as macros.
func cDefined(t *testing.T, names []string) map[string]bool {
	t.Helper()
	exprs := map[string]string{}
	for _, n := range names {
		exprs[n] = "0\n#ifdef " + n + "\n+1\n#endif\n"
	}
	def := map[string]bool{}
	for n, v := range cValues(t, exprs) {
		def[n] = v == 1
	}
	return def
}
