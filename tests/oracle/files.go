package oracle

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tamix/tamix/tests/cpio"
	"github.com/tamix/tamix/tests/qemu"
)

// File is one extra initramfs entry: Mode carries the type bits
// (cpio.ModeRegular, cpio.ModeDir, cpio.ModeSymlink) and permissions;
// Data is the content, or the target of a symlink.
type File struct {
	Mode uint32
	Data []byte
}

// InitramfsFiles is Initramfs with extra entries: files maps archive paths
// (relative, e.g. "progs/hello") to their contents. Parent directories
// that files does not list are created 0755; entries are written parents
// first, in sorted order, so the archive is reproducible.
func InitramfsFiles(busybox []byte, script string, files map[string]File) ([]byte, error) {
	all := map[string]File{
		"bin":         {cpio.ModeDir | 0o755, nil},
		"bin/busybox": {cpio.ModeRegular | 0o755, busybox},
		"bin/sh":      {cpio.ModeSymlink | 0o777, []byte("busybox")},
		"dev":         {cpio.ModeDir | 0o755, nil},
		"proc":        {cpio.ModeDir | 0o755, nil},
		"tmp":         {cpio.ModeDir | 0o1777, nil},
		"init": {cpio.ModeRegular | 0o755, []byte("#!/bin/busybox sh\n" +
			"export PATH=/bin\n/bin/busybox --install -s /bin\n" +
			"echo @@begin\n" + script + "\necho \"@@status $?\"\npoweroff -f\n")},
	}
	for name, f := range files {
		name = strings.TrimPrefix(path.Clean(name), "/")
		if _, ok := all[name]; ok && name != "tmp" && name != "dev" && name != "proc" && name != "bin" {
			return nil, fmt.Errorf("oracle: %s is part of the base initramfs", name)
		}
		all[name] = f
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if _, ok := all[d]; !ok {
				all[d] = File{cpio.ModeDir | 0o755, nil}
			}
		}
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	// Sorting by path puts every directory before its contents.
	sort.Strings(names)
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	w := cpio.NewWriter(gz)
	for _, n := range names {
		if err := w.Add(n, all[n].Mode, all[n].Data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Busybox returns Debian's busybox-static from $TAMIX_OUT/debs.
func Busybox() ([]byte, error) {
	dir := os.Getenv("TAMIX_OUT")
	if dir == "" {
		return nil, fmt.Errorf("TAMIX_OUT is not set: run through `make test`")
	}
	b, err := os.ReadFile(filepath.Join(dir, "debs", "busybox"))
	if err != nil {
		return nil, fmt.Errorf("%v (tests/oracle/fetch-debs fetches it)", err)
	}
	return b, nil
}

// Boot boots Debian's kernel under QEMU virt (the same machine Linux uses)
// with initramfs and returns the console text (CRs removed). It fails when
// the guest does not power off within timeout; the error carries the
// console.
func Boot(initramfs []byte, timeout time.Duration) (string, error) {
	dir := os.Getenv("TAMIX_OUT")
	if dir == "" {
		return "", fmt.Errorf("TAMIX_OUT is not set: run through `make test`")
	}
	tmp, err := os.CreateTemp("", "oracle-*.cpio.gz")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(initramfs); err != nil {
		tmp.Close()
		return "", err
	}
	tmp.Close()
	r, err := qemu.StartArgs(timeout, "-M", "virt", "-cpu", "cortex-a53", "-m", "1G", "-nic", "none",
		"-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
		"-kernel", filepath.Join(dir, "debs", "vmlinuz"), "-initrd", tmp.Name(),
		"-append", "console=ttyAMA0 quiet panic=-1")
	if err != nil {
		return "", err
	}
	if exited, err := r.Wait(); !exited {
		return r.Output(), fmt.Errorf("Linux did not power off within %v: %v\n%s", timeout, err, r.Output())
	}
	return r.Output(), nil
}
