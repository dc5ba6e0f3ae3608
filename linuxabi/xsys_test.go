package linuxabi

import (
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// xsys is golang.org/x/sys/unix as built for linux/arm64, type-checked
// from its generated files with arm64 sizes, so the host tests (which
// run on any GOARCH) can compare tamix's layouts and constants against
// it.
type xsys struct {
	pkg   *types.Package
	sizes types.Sizes
}

var (
	xsysOnce sync.Once
	xsysPkg  *xsys
	xsysErr  string
)

// xsysFiles are the x/sys files that hold linux/arm64 numbers and types.
var xsysFiles = []string{
	"ztypes_linux.go", "ztypes_linux_arm64.go",
	"zerrors_linux.go", "zerrors_linux_arm64.go",
	"zsysnum_linux_arm64.go",
}

func loadXsys(t *testing.T) *xsys {
	t.Helper()
	xsysOnce.Do(func() {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/sys").Output()
		if err != nil {
			xsysErr = "go list golang.org/x/sys: " + err.Error()
			return
		}
		dir := filepath.Join(strings.TrimSpace(string(out)), "unix")
		fset := token.NewFileSet()
		var files []*ast.File
		for _, name := range xsysFiles {
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
			if err != nil {
				xsysErr = err.Error()
				return
			}
			files = append(files, f)
		}
		sizes := types.SizesFor("gc", "arm64")
		conf := types.Config{
			Importer: importer.Default(),
			Sizes:    sizes,
			// The files refer to functions and types defined in
			// other files of the package; the numbers and struct
			// layouts needed here do not depend on them.
			Error: func(error) {},
		}
		pkg, _ := conf.Check("unix", fset, files, nil)
		xsysPkg = &xsys{pkg, sizes}
	})
	if xsysPkg == nil {
		t.Skip("x/sys not available: ", xsysErr)
	}
	return xsysPkg
}

// Const returns the value of x/sys constant name, ok false if absent.
func (x *xsys) Const(name string) (int64, bool) {
	c, ok := x.pkg.Scope().Lookup(name).(*types.Const)
	if !ok {
		return 0, false
	}
	v, exact := constant.Int64Val(constant.ToInt(c.Val()))
	if !exact {
		// Values such as 0xffffffff80000000 typed unsigned.
		u, _ := constant.Uint64Val(constant.ToInt(c.Val()))
		v = int64(u)
	}
	return v, true
}

// Consts returns all constants whose names start with prefix.
func (x *xsys) Consts(prefix string) map[string]int64 {
	m := map[string]int64{}
	for _, name := range x.pkg.Scope().Names() {
		if strings.HasPrefix(name, prefix) {
			if v, ok := x.Const(name); ok {
				m[name] = v
			}
		}
	}
	return m
}

// Struct returns the arm64 size of x/sys type name and the offsets of its
// fields by name.
func (x *xsys) Struct(t *testing.T, name string) (size int64, off map[string]int64) {
	t.Helper()
	tn, ok := x.pkg.Scope().Lookup(name).(*types.TypeName)
	if !ok {
		t.Fatalf("x/sys has no type %s", name)
	}
	st, ok := tn.Type().Underlying().(*types.Struct)
	if !ok {
		t.Fatalf("x/sys %s is not a struct", name)
	}
	fields := make([]*types.Var, st.NumFields())
	for i := range fields {
		fields[i] = st.Field(i)
	}
	offs := x.sizes.Offsetsof(fields)
	off = map[string]int64{}
	for i, f := range fields {
		off[f.Name()] = offs[i]
	}
	return x.sizes.Sizeof(tn.Type()), off
}

// wantConsts checks that every name in got has the same value in x/sys.
func wantConsts(t *testing.T, got map[string]int64) {
	t.Helper()
	x := loadXsys(t)
	for name, v := range got {
		w, ok := x.Const(name)
		if !ok {
			t.Errorf("%s: not in x/sys", name)
			continue
		}
		if v != w {
			t.Errorf("%s = %#x, x/sys has %#x", name, v, w)
		}
	}
}

// Offset returns the arm64 offset of the field path ("Atim.Sec") in x/sys
// struct name and the size of that field.
func (x *xsys) Offset(t *testing.T, name, path string) (off, size int64) {
	t.Helper()
	tn, ok := x.pkg.Scope().Lookup(name).(*types.TypeName)
	if !ok {
		t.Fatalf("x/sys has no type %s", name)
	}
	typ := tn.Type()
	for _, part := range strings.Split(path, ".") {
		st, ok := typ.Underlying().(*types.Struct)
		if !ok {
			t.Fatalf("x/sys %s: %s is not in a struct", name, path)
		}
		fields := make([]*types.Var, st.NumFields())
		for i := range fields {
			fields[i] = st.Field(i)
		}
		offs := x.sizes.Offsetsof(fields)
		found := false
		for i, f := range fields {
			if f.Name() == part {
				off += offs[i]
				typ = f.Type()
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("x/sys %s has no field %s", name, path)
		}
	}
	return off, x.sizes.Sizeof(typ)
}
