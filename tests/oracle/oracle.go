// Package oracle runs commands on Linux itself — Debian's arm64 kernel in
// the same QEMU, with Debian's busybox-static as userland — so end-to-end
// tests can compare tamix's behaviour with Linux's. The Debian pieces come
// from fetch-debs (run by `make test`) into $TAMIX_OUT/debs.
package oracle

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/tamix/tamix/tests/cpio"
	"github.com/tamix/tamix/tests/qemu"
)

// Result is what a command did.
type Result struct {
	Stdout string // console output of the command (CRs removed)
	Status int    // exit status as the shell reports it ($?)
}

// Initramfs builds a gzip'd newc archive with busybox as /bin/busybox
// (plus /bin/sh) and an /init script that runs script under busybox sh,
// brackets its output with markers, reports $? and powers off.
func Initramfs(busybox []byte, script string) ([]byte, error) {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	w := cpio.NewWriter(gz)
	w.Add("bin", cpio.ModeDir|0o755, nil)
	w.Add("bin/busybox", cpio.ModeRegular|0o755, busybox)
	w.Add("bin/sh", cpio.ModeSymlink|0o777, []byte("busybox"))
	w.Add("dev", cpio.ModeDir|0o755, nil)
	w.Add("proc", cpio.ModeDir|0o755, nil)
	w.Add("tmp", cpio.ModeDir|0o1777, nil)
	init := "#!/bin/busybox sh\n" +
		"export PATH=/bin\n/bin/busybox --install -s /bin\n" +
		"echo @@begin\n" + script + "\necho \"@@status $?\"\npoweroff -f\n"
	if err := w.Add("init", cpio.ModeRegular|0o755, []byte(init)); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var resultRE = regexp.MustCompile(`(?s)@@begin\n(.*)@@status (\d+)\n`)

// Linux runs script on Debian's kernel under QEMU virt and returns its
// output and status.
func Linux(script string, timeout time.Duration) (Result, error) {
	dir := os.Getenv("TAMIX_OUT")
	if dir == "" {
		return Result{}, fmt.Errorf("TAMIX_OUT is not set: run through `make test`")
	}
	debs := filepath.Join(dir, "debs")
	busybox, err := os.ReadFile(filepath.Join(debs, "busybox"))
	if err != nil {
		return Result{}, fmt.Errorf("%v (tests/oracle/fetch-debs fetches it)", err)
	}
	rd, err := Initramfs(busybox, script)
	if err != nil {
		return Result{}, err
	}
	tmp, err := os.CreateTemp("", "oracle-*.cpio.gz")
	if err != nil {
		return Result{}, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(rd); err != nil {
		return Result{}, err
	}
	tmp.Close()
	r, err := qemu.StartArgs(timeout, "-M", "virt", "-cpu", "cortex-a53", "-m", "1G", "-nic", "none",
		"-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
		"-kernel", filepath.Join(debs, "vmlinuz"), "-initrd", tmp.Name(),
		"-append", "console=ttyAMA0 quiet panic=-1")
	if err != nil {
		return Result{}, err
	}
	if exited, err := r.Wait(); !exited {
		return Result{}, fmt.Errorf("Linux did not power off: %v\n%s", err, r.Output())
	}
	m := resultRE.FindStringSubmatch(r.Output())
	if m == nil {
		return Result{}, fmt.Errorf("no result markers in Linux's output:\n%s", r.Output())
	}
	status, _ := strconv.Atoi(m[2])
	return Result{Stdout: m[1], Status: status}, nil
}
