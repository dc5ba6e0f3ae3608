package elf

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The tests here build real arm64 Linux programs into t.TempDir() with the
// host Go toolchain or an aarch64-linux-gnu-gcc cross compiler (Debian's
// gcc-aarch64-linux-gnu), and skip when the tool is missing or fails.

const helloGo = `package main

import "fmt"

var bss [1 << 16]byte

func main() { fmt.Println("hello", len(bss)) }
`

const helloC = `#include <stdio.h>
__thread int tls = 1;
int bss[5000];
int main(void) { printf("hi %d\n", tls + bss[0]); return 0; }
`

// checkReal parses the binary at path, compares the result with what
// debug/elf reads, plans it at bias and checks the loaded image.
func checkReal(t *testing.T, path string, typ Type, interp string, bias func(*Binary) uint64) (*Binary, LoadPlan) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := Parse(strings.NewReader(string(data)), int64(len(data)))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if b.Type != typ || b.Interp != interp || b.Entry != f.Entry || b.Phnum != len(f.Progs) {
		t.Errorf("Parse = type %d interp %q entry %#x phnum %d; debug/elf: type %v entry %#x phnum %d",
			b.Type, b.Interp, b.Entry, b.Phnum, f.Type, f.Entry, len(f.Progs))
	}
	var loads []Segment
	var phdr *elf.Prog
	tls, execStack := false, false
	for _, p := range f.Progs {
		switch p.Type {
		case elf.PT_LOAD:
			loads = append(loads, Segment{Vaddr: p.Vaddr, Offset: p.Off, Filesz: p.Filesz, Memsz: p.Memsz, Prot: prot(uint32(p.Flags))})
		case elf.PT_PHDR:
			phdr = p
		case elf.PT_TLS:
			tls = true
		case elf.PT_GNU_STACK:
			execStack = p.Flags&elf.PF_X != 0
		}
	}
	if len(loads) != len(b.Loads) {
		t.Fatalf("%d PT_LOAD, debug/elf has %d", len(b.Loads), len(loads))
	}
	for i := range loads {
		if b.Loads[i] != loads[i] {
			t.Errorf("PT_LOAD %d = %+v, debug/elf %+v", i, b.Loads[i], loads[i])
		}
	}
	if b.TLS != tls || b.ExecStack != execStack {
		t.Errorf("TLS %v ExecStack %v, want %v %v", b.TLS, b.ExecStack, tls, execStack)
	}

	bs := bias(b)
	p := mustPlan(t, b, bs)
	checkLoaded(t, b, bs, load(t, p, data), data)
	if phdr != nil && p.PhdrVA != phdr.Vaddr+bs {
		t.Errorf("PhdrVA %#x, PT_PHDR says %#x", p.PhdrVA, phdr.Vaddr+bs)
	}
	if p.Entry != f.Entry+bs || p.Phnum != uint64(len(f.Progs)) || p.Phent != 56 {
		t.Errorf("Plan entry %#x phnum %d phent %d", p.Entry, p.Phnum, p.Phent)
	}
	inText := false
	for _, m := range p.Mappings {
		inText = inText || m.Prot&ProtExec != 0 && p.Entry >= m.VA && p.Entry < m.VA+m.Size
	}
	if !inText {
		t.Errorf("entry %#x in no executable mapping of %+v", p.Entry, p.Mappings)
	}
	last := b.Loads[len(b.Loads)-1]
	if p.Brk != pageAlign(bs+last.Vaddr+last.Memsz) {
		t.Errorf("Brk %#x", p.Brk)
	}
	return b, p
}

func pieBias(b *Binary) uint64 { return b.LoadBias(DefaultPIEBase) }

func TestGoStatic(t *testing.T) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		if gobin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command")
		}
	}
	dir := t.TempDir()
	src, out := filepath.Join(dir, "hello.go"), filepath.Join(dir, "hello")
	if err := os.WriteFile(src, []byte(helloGo), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gobin, "build", "-o", out, src)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0", "GOFLAGS=", "GOWORK=off")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("go build for linux/arm64: %v\n%s", err, msg)
	}
	b, p := checkReal(t, out, TypeExec, "", pieBias)
	// Go's arm64 linker puts the text, with the headers, at 0x10000.
	if b.Loads[0].Vaddr != 0x10000 || p.Mappings[0].VA != 0x10000 || p.PhdrVA != 0x10040 {
		t.Errorf("first segment at %#x, mapping at %#x, AT_PHDR %#x", b.Loads[0].Vaddr, p.Mappings[0].VA, p.PhdrVA)
	}
}

// crossGCC returns the aarch64 cross compiler, or skips.
func crossGCC(t *testing.T) string {
	gcc, err := exec.LookPath("aarch64-linux-gnu-gcc")
	if err != nil {
		t.Skip("no aarch64-linux-gnu-gcc (apt-get install gcc-aarch64-linux-gnu)")
	}
	return gcc
}

func TestGCC(t *testing.T) {
	gcc := crossGCC(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "hello.c")
	if err := os.WriteFile(src, []byte(helloC), 0o644); err != nil {
		t.Fatal(err)
	}
	const ldso = "/lib/ld-linux-aarch64.so.1"
	for _, tc := range []struct {
		flag   string
		typ    Type
		interp string
	}{
		{"-static", TypeExec, ""},
		{"-static-pie", TypeDyn, ""},
		{"-pie", TypeDyn, ldso},
		{"-no-pie", TypeExec, ldso},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			out := filepath.Join(dir, "hello"+tc.flag)
			if msg, err := exec.Command(gcc, tc.flag, "-o", out, src).CombinedOutput(); err != nil {
				t.Skipf("%s %s: %v\n%s", gcc, tc.flag, err, msg)
			}
			b, p := checkReal(t, out, tc.typ, tc.interp, pieBias)
			if tc.typ == TypeDyn && p.Mappings[0].VA != 0xaaaa_aaaa_0000 {
				t.Errorf("PIE at %#x", p.Mappings[0].VA)
			}
			if tc.typ == TypeExec && p.Mappings[0].VA != 0x400000 {
				t.Errorf("ET_EXEC at %#x", p.Mappings[0].VA)
			}
			if !b.TLS {
				t.Error("no PT_TLS")
			}
		})
	}
}

// TestInterpreter loads the cross toolchain's dynamic linker as the
// interpreter of a program, at an address mmap might pick.
func TestInterpreter(t *testing.T) {
	gcc := crossGCC(t)
	msg, err := exec.Command(gcc, "-print-file-name=ld-linux-aarch64.so.1").Output()
	path := strings.TrimSpace(string(msg))
	if err != nil || !filepath.IsAbs(path) {
		t.Skipf("no ld-linux-aarch64.so.1: %v %q", err, msg)
	}
	const addr = 0xffff_b7f0_0000
	b, p := checkReal(t, path, TypeDyn, "", func(b *Binary) uint64 { return b.InterpBias(addr) })
	if p.Mappings[0].VA != addr {
		t.Errorf("interpreter at %#x", p.Mappings[0].VA)
	}
	if end := p.Mappings[len(p.Mappings)-1]; end.VA+end.Size != addr+b.MapSize() {
		t.Errorf("image ends at %#x, MapSize %#x", end.VA+end.Size, b.MapSize())
	}
}
