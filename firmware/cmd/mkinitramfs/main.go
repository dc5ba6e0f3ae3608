// Command mkinitramfs builds the gzip'd newc initramfs tamix boots into:
// Debian's busybox-static as /bin/busybox and /bin/sh, an /init script,
// and any extra files.
//
//	mkinitramfs -busybox out/debs/busybox -init firmware/initramfs/init -o out/initramfs.cpio.gz [dst=src ...]
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/tamix/tamix/tests/cpio"
)

func main() {
	busybox := flag.String("busybox", "out/debs/busybox", "busybox-static arm64 binary")
	initScript := flag.String("init", "firmware/initramfs/init", "the /init script")
	out := flag.String("o", "out/initramfs.cpio.gz", "output file")
	flag.Parse()
	if err := build(*busybox, *initScript, *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "mkinitramfs:", err)
		os.Exit(1)
	}
}

func build(busybox, initScript, out string, extra []string) error {
	bb, err := os.ReadFile(busybox)
	if err != nil {
		return err
	}
	init, err := os.ReadFile(initScript)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	w := cpio.NewWriter(gz)
	dirs := map[string]bool{}
	// add writes an entry after its missing parent directories, outermost first.
	add := func(name string, mode uint32, data []byte) error {
		var missing []string
		for d := path.Dir(name); d != "." && d != "/" && !dirs[d]; d = path.Dir(d) {
			missing = append(missing, d)
		}
		for i := len(missing) - 1; i >= 0; i-- {
			dirs[missing[i]] = true
			if err := w.Add(missing[i], cpio.ModeDir|0o755, nil); err != nil {
				return err
			}
		}
		if mode&cpio.ModeDir != 0 {
			dirs[name] = true
		}
		return w.Add(name, mode, data)
	}
	if err := add("bin/busybox", cpio.ModeRegular|0o755, bb); err != nil {
		return err
	}
	if err := add("bin/sh", cpio.ModeSymlink|0o777, []byte("busybox")); err != nil {
		return err
	}
	if err := add("init", cpio.ModeRegular|0o755, init); err != nil {
		return err
	}
	for _, dir := range []string{"dev", "tmp", "root", "etc"} {
		if err := add(dir, cpio.ModeDir|0o755, nil); err != nil {
			return err
		}
	}
	for _, e := range extra {
		dst, src, ok := strings.Cut(e, "=")
		if !ok {
			return fmt.Errorf("%q: want dst=src", e)
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := add(strings.TrimPrefix(dst, "/"), cpio.ModeRegular|0o755, data); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
