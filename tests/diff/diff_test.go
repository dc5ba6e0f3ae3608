package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tamix/tamix/tests/oracle"
	"github.com/tamix/tamix/tests/qemu"
)

const (
	linuxTimeout = 300 * time.Second // Linux runs the suite in 30-60 s alone; go test runs packages side by side on 2 cores
	tamixTimeout = 300 * time.Second
	tailLines    = 40 // console lines quoted when a boot fails
)

var (
	repo, _  = filepath.Abs("../..")
	progsDir string
	buildErr error
)

// TestMain builds the programs into $TAMIX_OUT/progs (only what is out of
// date); a build failure fails every test that boots.
func TestMain(m *testing.M) {
	if out := os.Getenv("TAMIX_OUT"); out == "" {
		buildErr = fmt.Errorf("TAMIX_OUT is not set: run through `make test`")
	} else {
		progsDir = filepath.Join(out, "progs")
		buildErr = Build(repo, progsDir)
	}
	os.Exit(m.Run())
}

// selected is Cases, or those whose name matches $DIFF_CASES.
func selected(t *testing.T) []Case { return selectFrom(t, Cases) }

// selectFrom is all, or the cases of all whose name matches $DIFF_CASES.
func selectFrom(t *testing.T, all []Case) []Case {
	pat := os.Getenv("DIFF_CASES")
	if pat == "" {
		return all
	}
	re, err := regexp.Compile(pat)
	if err != nil {
		t.Fatalf("DIFF_CASES: %v", err)
	}
	var cs []Case
	for _, c := range all {
		if re.MatchString(c.Name) {
			cs = append(cs, c)
		}
	}
	return cs
}

func initramfs(t *testing.T, cases []Case) []byte {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	bb, err := oracle.Busybox()
	if err != nil {
		t.Fatal(err)
	}
	rd, err := Initramfs(bb, progsDir, cases)
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

func tail(s string) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(l[max(len(l)-tailLines, 0):], "\n")
}

var linux struct {
	once sync.Once
	res  map[string]Result
	err  error
}

// linuxResults boots Linux once per test binary run and caches its results.
func linuxResults(t *testing.T) map[string]Result {
	t.Helper()
	cases := selected(t)
	rd := initramfs(t, cases)
	linux.once.Do(func() { linux.res, linux.err = bootLinux(t, rd) })
	if linux.err != nil {
		t.Fatal(linux.err)
	}
	return linux.res
}

// Every case ran on Linux with the status the table declares, so the
// table is checked against the reference before tamix is held to it.
func TestLinuxBaseline(t *testing.T) {
	res := linuxResults(t)
	for _, c := range selected(t) {
		r, ok := res[c.Name]
		if !ok {
			t.Errorf("%s: did not run on Linux", c.Name)
			continue
		}
		if os.Getenv("DIFF_SHOW") != "" {
			t.Logf("=== %s (status %d)\n%s", c.Name, r.Status, r.Output)
		}
		if r.Status != c.Status {
			t.Errorf("%s: Linux status %d, table says %d; output:\n%s", c.Name, r.Status, c.Status, r.Output)
		}
	}
}

func tamix(t *testing.T, board string) {
	want := linuxResults(t)
	cases := selected(t)
	bootTamix(t, board, "diff", initramfs(t, cases), cases, want)
}

func TestTamixVirt(t *testing.T) {
	t.Parallel()
	tamix(t, "virt")
}

func TestTamixRaspi3b(t *testing.T) {
	t.Parallel()
	tamix(t, "raspi3b")
}

var benchRE = regexp.MustCompile(`(?m)^bench (\S+) ([\d.]+) ns/op$`)

func benchBoot(t *testing.T, boot func(rd []byte) (string, error)) map[string]float64 {
	t.Helper()
	rd := initramfs(t, []Case{{"bench", "/progs/bench 3", 0}})
	out, err := boot(rd)
	if err != nil {
		t.Fatalf("%v\nconsole tail:\n%s", err, tail(out))
	}
	ns := map[string]float64{}
	for _, m := range benchRE.FindAllStringSubmatch(out, -1) {
		ns[m[1]], _ = strconv.ParseFloat(m[2], 64)
	}
	if len(ns) == 0 {
		t.Fatalf("no bench lines\nconsole tail:\n%s", tail(out))
	}
	return ns
}

// TestBench (TAMIX_BENCH=1, `make bench`) runs tests/progs/bench on Linux
// and on tamix virt in the same QEMU machine and prints tamix/Linux.
func TestBench(t *testing.T) {
	if os.Getenv("TAMIX_BENCH") == "" {
		t.Skip("set TAMIX_BENCH=1 (make bench)")
	}
	lin := benchBoot(t, func(rd []byte) (string, error) { return oracle.Boot(rd, linuxTimeout) })
	img, err := qemu.ImagePath("virt")
	if err != nil {
		t.Fatal(err)
	}
	tam := benchBoot(t, func(rd []byte) (string, error) {
		p := filepath.Join(t.TempDir(), "bench.cpio.gz")
		if err := os.WriteFile(p, rd, 0o644); err != nil {
			return "", err
		}
		r, err := qemu.Start(qemu.Config{Board: "virt", Image: img, Initrd: p,
			Append: "console=ttyAMA0 panic=-1", Timeout: tamixTimeout}, repo)
		if err != nil {
			return "", err
		}
		if exited, _ := r.Wait(); !exited {
			return r.Output(), fmt.Errorf("tamix did not power off within %v", tamixTimeout)
		}
		return r.Output(), nil
	})
	fmt.Printf("%-16s %12s %12s %8s\n", "bench", "linux ns/op", "tamix ns/op", "ratio")
	for _, name := range []string{"null_syscall", "write_devnull", "pipe_pingpong", "mmap_touch", "fork_exit", "fork_exec", "pipeline"} {
		l, ok1 := lin[name]
		x, ok2 := tam[name]
		if !ok1 || !ok2 {
			t.Errorf("%s: missing (linux %v, tamix %v)", name, ok1, ok2)
			continue
		}
		fmt.Printf("%-16s %12.1f %12.1f %8.2f\n", name, l, x, x/l)
	}
}
