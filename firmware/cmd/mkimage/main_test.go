package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tamix/tamix/firmware/linuximage"
)

// TestGoLinkerELF converts a linux/arm64 program linked the way the kernel
// is (-T 0xC0081000 -R 0x1000) and checks the Image against its ELF.
func TestGoLinkerELF(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Go program")
	}
	dir := t.TempDir()
	src := "package main\n\nvar bss [1 << 20]byte\n\nfunc main() { bss[1] = 1; println(bss[1]) }\n"
	for name, body := range map[string]string{"go.mod": "module t\n\ngo 1.26\n", "main.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	elfPath, imgPath := filepath.Join(dir, "t.elf"), filepath.Join(dir, "Image")
	build := exec.Command("go", "build", "-ldflags=-T 0xC0081000 -R 0x1000", "-o", elfPath, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("go build: %v\n%s", err, out)
	}

	var stdout bytes.Buffer
	if err := run([]string{"-o", imgPath, elfPath}, &stdout); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout.String(), "Image: ") || strings.Count(stdout.String(), "\n") != 1 {
		t.Errorf("output %q", stdout.String())
	}
	img, err := os.ReadFile(imgPath)
	if err != nil {
		t.Fatal(err)
	}
	elfData, _ := os.ReadFile(elfPath)
	// The Go linker maps the ELF file from offset 0 at 0xC0080000, so apart
	// from the header page the text segment is the file itself.
	textEnd := min(len(img), 0x10000)
	if !bytes.Equal(img[0x1000:textEnd], elfData[0x1000:textEnd]) {
		t.Error("text does not match the ELF")
	}
	if !bytes.Equal(img[linuximage.HeaderSize:0x1000], make([]byte, 0x1000-linuximage.HeaderSize)) {
		t.Error("ELF headers left in the header page")
	}
	h, err := linuximage.ParseHeader(img)
	if err != nil {
		t.Fatal(err)
	}
	if h.ImageSize <= uint64(len(img))+1<<20-0x1000 || h.ImageSize%0x1000 != 0 {
		t.Errorf("image_size %#x for %#x file bytes and 1 MiB bss", h.ImageSize, len(img))
	}

	stdout.Reset()
	if err := run([]string{"-check", imgPath}, &stdout); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"magic: 0x644d5241", "text_offset: 0x80000", "little endian, 4K pages, near DRAM start", "code1: 0xd503201f"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("-check output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(bad, make([]byte, 64), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{}, {"-o", "x"}, {"-check", bad}, {"-o", filepath.Join(dir, "Image"), bad}} {
		if err := run(args, new(bytes.Buffer)); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
