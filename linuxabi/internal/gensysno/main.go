// Command gensysno writes linuxabi/sysno_gen.go, the arm64 system call
// numbers, from the Linux UAPI headers for arm64.
//
// arm64 uses the asm-generic table (include/uapi/asm-generic/unistd.h),
// configured by arch/arm64/include/uapi/asm/unistd.h, which defines the
// __ARCH_WANT_* switches and then includes the generic file. gensysno
// reads the arm64 header, follows that include, and evaluates the few
// preprocessor forms the two files use, with __BITS_PER_LONG == 64 and
// neither __SYSCALL_COMPAT nor __ARCH_NOMMU defined, as for a 64-bit arm64
// kernel. The __NR3264_* numbers get their 64-bit names (fcntl, lseek,
// newfstatat, fstat, mmap, fadvise64, ...) through the aliases at the end
// of the generic file.
//
// Usage (from linuxabi, through go generate):
//
//	go run ./internal/gensysno [-include /usr/aarch64-linux-gnu/include] [-o sysno_gen.go]
//
// The headers come from Debian's linux-libc-dev-arm64-cross package.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
)

func main() {
	include := flag.String("include", "/usr/aarch64-linux-gnu/include", "arm64 UAPI include directory")
	out := flag.String("o", "sysno_gen.go", "output file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gensysno: ")

	tab, err := Load(*include)
	if err != nil {
		log.Fatal(err)
	}
	src, err := Generate(tab)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "gensysno: %d syscalls, %d numbers\n", len(tab.Calls), tab.Count)
}
