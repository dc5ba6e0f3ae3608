package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tamix/tamix/tests/oracle"
	"github.com/tamix/tamix/tests/qemu"
)

var glibcLinux struct {
	once sync.Once
	res  map[string]Result
	err  error
}

// selectedGlibc is the glibc suite, or the cases matching $DIFF_CASES.
func selectedGlibc(t *testing.T) []Case { return selectFrom(t, glibcCases()) }

func glibcInitramfs(t *testing.T, cases []Case) []byte {
	t.Helper()
	bb, err := oracle.Busybox()
	if err != nil {
		t.Fatal(err)
	}
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	rd, err := GlibcInitramfs(bb, filepath.Join(os.Getenv("TAMIX_OUT"), "debs", "glibc"), progsDir, cases)
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

func glibcLinuxResults(t *testing.T) map[string]Result {
	t.Helper()
	cases := selectedGlibc(t)
	if len(cases) == 0 {
		t.Skip("no glibc case selected")
	}
	rd := glibcInitramfs(t, cases)
	glibcLinux.once.Do(func() {
		t.Logf("glibc initramfs: %d KiB", len(rd)>>10)
		glibcLinux.res, glibcLinux.err = bootLinux(t, rd)
	})
	if glibcLinux.err != nil {
		t.Fatal(glibcLinux.err)
	}
	return glibcLinux.res
}

// TestGlibcLinuxBaseline checks the glibc suite's table against Linux.
func TestGlibcLinuxBaseline(t *testing.T) {
	res := glibcLinuxResults(t)
	for _, c := range selectedGlibc(t) {
		r, ok := res[c.Name]
		switch {
		case !ok:
			t.Errorf("%s: did not run on Linux", c.Name)
		case r.Status != c.Status:
			t.Errorf("%s: Linux status %d, table says %d; output:\n%s", c.Name, r.Status, c.Status, r.Output)
		case os.Getenv("DIFF_SHOW") != "":
			t.Logf("=== %s (status %d)\n%s", c.Name, r.Status, r.Output)
		}
	}
}

func glibcTamix(t *testing.T, board string) {
	want := glibcLinuxResults(t)
	cases := selectedGlibc(t)
	bootTamix(t, board, "glibc", glibcInitramfs(t, cases), cases, want)
}

func TestGlibcTamixVirt(t *testing.T) {
	t.Parallel()
	glibcTamix(t, "virt")
}

func TestGlibcTamixRaspi3b(t *testing.T) {
	t.Parallel()
	glibcTamix(t, "raspi3b")
}

// bootLinux runs an initramfs of cases on Linux.
func bootLinux(t *testing.T, rd []byte) (map[string]Result, error) {
	start := time.Now()
	out, err := oracle.Boot(rd, linuxTimeout)
	if err != nil {
		return nil, fmt.Errorf("Linux boot: %v", err)
	}
	res, err := Parse(out)
	if err != nil {
		return nil, fmt.Errorf("Linux: %v\nconsole tail:\n%s", err, tail(out))
	}
	t.Logf("Linux ran %d cases in %v", len(res), time.Since(start).Round(time.Second))
	return res, nil
}

// bootTamix runs an initramfs of cases on tamix and compares the results
// with Linux's; on failure the whole console goes beside the kernels, in
// SUITE-console-BOARD.log, for a panic's full trace.
func bootTamix(t *testing.T, board, suite string, rd []byte, cases []Case, want map[string]Result) {
	if !qemu.Available() {
		t.Fatal("qemu-system-aarch64 is not installed (apt-get install qemu-system-arm)")
	}
	img, err := qemu.ImagePath(board)
	if err != nil {
		t.Fatal(err)
	}
	rdPath := filepath.Join(t.TempDir(), "initramfs.cpio.gz")
	if err := os.WriteFile(rdPath, rd, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, err := qemu.Start(qemu.Config{Board: board, Image: img, Initrd: rdPath,
		Append: "console=ttyAMA0 panic=-1", Timeout: tamixTimeout}, repo)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Kill()
	exited, _ := r.Wait()
	t.Logf("tamix %s ran %d cases in %v", board, len(cases), time.Since(start).Round(time.Second))
	out := r.Output()
	got, perr := Parse(out)
	report := Compare(cases, want, got, "tamix-"+board)
	switch {
	case !exited:
		t.Errorf("tamix on %s did not power off within %v", board, tamixTimeout)
	case perr != nil:
		t.Errorf("tamix on %s: %v", board, perr)
	}
	if report != "" {
		t.Error(report)
	}
	if t.Failed() {
		log := filepath.Join(os.Getenv("TAMIX_OUT"), suite+"-console-"+board+".log")
		os.WriteFile(log, []byte(out), 0o644)
		t.Logf("tamix %s console tail (all of it in %s):\n%s", board, log, tail(out))
	}
}
