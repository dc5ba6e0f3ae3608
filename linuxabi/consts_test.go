package linuxabi

import (
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ownConsts type-checks this package's non-test sources and returns every
// exported integer constant, so the tests below cover each constant
// without a hand-kept list.
func ownConsts(t *testing.T, skip func(file string) bool) map[string]int64 {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		if skip(n) {
			continue
		}
		src, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, n, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importer.Default(), Sizes: types.SizesFor("gc", "arm64")}
	// Skipped files may declare names the others use; only the
	// constants matter here.
	conf.Error = func(error) {}
	pkg, _ := conf.Check("linuxabi", fset, files, nil)
	m := map[string]int64{}
	for _, n := range pkg.Scope().Names() {
		c, ok := pkg.Scope().Lookup(n).(*types.Const)
		if !ok || !c.Exported() || c.Val().Kind() != constant.Int {
			continue
		}
		v, exact := constant.Int64Val(c.Val())
		if !exact {
			u, _ := constant.Uint64Val(c.Val())
			v = int64(u)
		}
		m[n] = v
	}
	return m
}

// abiFile reports whether file is one of the hand-written ABI files
// TestConstants covers: not the generated syscall table (TestSyscallNumbers)
// and not the error and terminal files, which have their own tests.
func abiFile(file string) bool {
	return file != "sysno_gen.go" && !strings.HasPrefix(file, "errno") && file != "termios.go"
}

// cName maps a tamix constant to its UAPI spelling where they differ.
var cName = map[string]string{
	"WALL": "__WALL", "WCLONE": "__WCLONE", "WNOTHREAD": "__WNOTHREAD",
	"NSIG": "_NSIG", "O_ASYNC": "FASYNC",
}

// xsysDiffers are constants where x/sys gives the C library's view, not
// the kernel's.
var xsysDiffers = map[string]string{
	// glibc defines O_LARGEFILE as 0 on 64-bit; the kernel's flag is
	// 0x20000 on arm64 and force_o_largefile sets it in f_flags, so
	// F_GETFL returns it.
	"O_LARGEFILE": "glibc",
}

// unchecked are Linux-named constants neither oracle has, with where
// Linux declares them.
var unchecked = map[string]string{
	"TASK_COMM_LEN":        "include/linux/sched.h (kernel-internal)",
	"AT_RSEQ_FEATURE_SIZE": "include/uapi/linux/auxvec.h (Linux 6.3, newer than the headers)",
	"AT_RSEQ_ALIGN":        "include/uapi/linux/auxvec.h (Linux 6.3, newer than the headers)",
}

// TestConstants checks every exported Linux-named constant of the ABI
// files against two oracles, golang.org/x/sys/unix for linux/arm64 and the
// arm64 UAPI headers: it must agree with each oracle that has it, and at
// least one must have it.
func TestConstants(t *testing.T) {
	own := ownConsts(t, func(f string) bool { return !abiFile(f) })
	var names []string
	for n := range own {
		// Go-style names (StatSize, NumSyscalls) are tamix's own;
		// the layout tests check them.
		if strings.ToUpper(n) == n {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	x := loadXsys(t)
	cn := func(n string) string {
		if c, ok := cName[n]; ok {
			return c
		}
		return n
	}
	var cnames []string
	for _, n := range names {
		cnames = append(cnames, cn(n))
	}
	def := cDefined(t, cnames)
	exprs := map[string]string{}
	for _, n := range names {
		if def[cn(n)] {
			exprs[n] = cn(n)
		}
	}
	hdr := cValues(t, exprs)
	same := func(a, b int64) bool { return a == b || uint32(a) == uint32(b) && (a>>32 == 0 || b>>32 == 0) }
	for _, n := range names {
		v := own[n]
		xv, xok := x.Const(n)
		hv, hok := hdr[n]
		if xok && !same(v, xv) && xsysDiffers[n] == "" {
			t.Errorf("%s = %#x, x/sys has %#x", n, v, xv)
		}
		if hok && !same(v, hv) {
			t.Errorf("%s = %#x, headers have %#x", n, v, hv)
		}
		if !xok && !hok && unchecked[n] == "" {
			t.Errorf("%s: in neither x/sys nor the headers", n)
		}
	}
}
