// Command mkimage converts the kernel ELF into an arm64 Linux Image
// (Linux Documentation/arch/arm64/booting.rst §4), or with -check prints
// the header of an existing Image.
//
//	mkimage [-base 0xC0080000] [-text-offset 0x80000] -o Image tamix.elf
//	mkimage -check Image
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tamix/tamix/firmware/linuximage"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mkimage:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("mkimage", flag.ContinueOnError)
	base := fs.Uint64("base", 0xC0080000, "virtual address of Image byte 0 (the header page)")
	textOffset := fs.Uint64("text-offset", 0x80000, "header text_offset: load offset from a 2 MiB aligned RAM base")
	out := fs.String("o", "", "output Image `file`")
	check := fs.String("check", "", "print the header of Image `file` and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *check != "" {
		return printHeader(*check, stdout)
	}
	if *out == "" || fs.NArg() != 1 {
		return errors.New("usage: mkimage [-base addr] [-text-offset off] -o Image kernel.elf | mkimage -check Image")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	img, h, err := linuximage.FromELF(f, linuximage.Layout{Base: *base, TextOffset: *textOffset})
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, img, 0o644); err != nil {
		return err
	}
	entry, _ := h.BranchTarget()
	_, err = fmt.Fprintf(stdout, "Image: %d bytes (image_size %d, entry +%#x)\n", len(img), h.ImageSize, entry)
	return err
}

// printHeader prints the parsed header of the Image in file, one field a line.
func printHeader(file string, w io.Writer) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	h, err := linuximage.ParseHeader(b)
	if err != nil {
		return err
	}
	branch := "not a B"
	if off, err := h.BranchTarget(); err == nil {
		branch = fmt.Sprintf("b %+#x", off)
	}
	_, err = fmt.Fprintf(w, `file: %d bytes
code0: %#08x (%s)
code1: %#08x
text_offset: %#x
image_size: %#x
flags: %#x (%s, %s pages, %s)
res2: %#x
res3: %#x
res4: %#x
magic: %#x
res5: %#x
`, len(b), h.Code0, branch, h.Code1, h.TextOffset, h.ImageSize,
		h.Flags, pick(h.Flags&linuximage.FlagBigEndian != 0, "big endian", "little endian"),
		pageSizes[h.Flags&linuximage.FlagPageMask>>1], pick(h.Flags&linuximage.FlagPlaceAny != 0, "place anywhere", "near DRAM start"),
		h.Res2, h.Res3, h.Res4, h.Magic, h.Res5)
	return err
}

// pageSizes names the flags page size field values (booting.rst §4).
var pageSizes = [...]string{"unspecified", "4K", "16K", "64K"}

func pick(c bool, t, f string) string {
	if c {
		return t
	}
	return f
}
