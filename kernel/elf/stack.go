package elf

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
)

// Auxiliary vector entry types (include/uapi/linux/auxvec.h and arm64's
// asm/auxvec.h). They mirror package linuxabi's AT_* constants.
const (
	atNull            = 0
	atIgnore          = 1
	atExecFD          = 2
	atPhdr            = 3
	atPhent           = 4
	atPhnum           = 5
	atPagesz          = 6
	atBase            = 7
	atFlags           = 8
	atEntry           = 9
	atUID             = 11
	atEUID            = 12
	atGID             = 13
	atEGID            = 14
	atPlatform        = 15
	atHWCap           = 16
	atClkTck          = 17
	atSecure          = 23
	atRandom          = 25
	atHWCap2          = 26
	atRseqFeatureSize = 27
	atRseqAlign       = 28
	atHWCap3          = 29
	atHWCap4          = 30
	atExecFn          = 31
	atSysinfoEHdr     = 33
	atMinSigStkSz     = 51
)

// auxOrder is the order in which create_elf_tables emits the auxiliary
// vector on arm64: ARCH_DLINFO first (AT_SYSINFO_EHDR, then AT_MINSIGSTKSZ,
// or AT_IGNORE in its place), then the generic entries. AT_EXECFD and the
// AT_RSEQ_* entries come last, when present.
var auxOrder = [...]uint64{
	atSysinfoEHdr, atMinSigStkSz, atHWCap, atPagesz, atClkTck, atPhdr,
	atPhent, atPhnum, atBase, atFlags, atEntry, atUID, atEUID, atGID,
	atEGID, atSecure, atRandom, atHWCap2, atHWCap3, atHWCap4, atExecFn,
	atPlatform, atExecFD, atRseqFeatureSize, atRseqAlign,
}

// auxRank is an entry type's place in auxOrder; types Linux does not emit on
// arm64 go after all of those.
func auxRank(typ uint64) int {
	if typ == atIgnore {
		typ = atMinSigStkSz
	}
	if i := slices.Index(auxOrder[:], typ); i >= 0 {
		return i
	}
	return len(auxOrder)
}

// Limits on the argument and environment strings (fs/exec.c,
// include/uapi/linux/binfmts.h and limits.h).
const (
	maxArgStrlen = 32 * pageSize // MAX_ARG_STRLEN, NUL included
	argMax       = 131072        // ARG_MAX: 32 pages
	stkLim       = 8 << 20       // _STK_LIM: the default RLIMIT_STACK
)

// platform is arm64's ELF_PLATFORM, the string AT_PLATFORM points at.
const platform = "aarch64"

// AuxEntry is one auxiliary vector entry, Elf64_auxv_t.
type AuxEntry struct {
	Type, Value uint64
}

// StackArgs is what execve puts on a new program's stack.
type StackArgs struct {
	Argv, Envp []string

	// ExecFn is the file name execve was given (bprm->filename), which
	// AT_EXECFN points at.
	ExecFn string

	// Auxv are the auxiliary vector entries the caller knows: AT_PHDR,
	// AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY, the
	// credentials, AT_SECURE, AT_HWCAP, AT_HWCAP2, AT_CLKTCK,
	// AT_MINSIGSTKSZ, AT_SYSINFO_EHDR and so on, in any order. BuildStack
	// adds AT_RANDOM, AT_EXECFN, AT_PLATFORM and the closing AT_NULL, so
	// Auxv must not hold those.
	Auxv []AuxEntry

	// Random are the 16 bytes AT_RANDOM points at.
	Random [16]byte

	// StackLimit is the RLIMIT_STACK soft limit in bytes; 0 stands for
	// Linux's default, _STK_LIM (8 MiB).
	StackLimit uint64
}

// ErrArgListTooLong is E2BIG: the strings do not fit in the limit execve
// allows them.
var ErrArgListTooLong = errors.New("argument list too long")

var (
	errNUL      = &loadError{"argument or environment string contains NUL", ErrInvalid}
	errAuxvType = &loadError{"auxv entry that BuildStack adds itself", ErrInvalid}
	errStackTop = &loadError{"stack top too low for the initial stack", ErrInvalid}
)

// BuildStack lays out a new program's initial stack below top, the address
// just past the stack's highest byte (page-aligned in Linux), and returns
// the bytes from the new stack pointer sp up to top.
//
// The layout is Linux's, without its randomisation. From the top down,
// fs/exec.c leaves an 8-byte NULL end marker and copies ExecFn, then the
// environment strings, then the argument strings, each NUL-terminated and
// each vector in ascending address order. create_elf_tables then rounds
// down to 16 bytes (arm64's arch_align_stack), stores ELF_PLATFORM
// ("aarch64") and the 16 AT_RANDOM bytes, and below them, from sp up: argc,
// the argv pointers and a NULL, the envp pointers and a NULL, and the
// auxiliary vector ending in AT_NULL, with sp rounded down to 16 bytes
// (STACK_ROUND), so padding lies between the vector and the random bytes.
//
// As do_execveat_common does since Linux 5.18, an empty Argv becomes a
// single empty string. The strings (ExecFn's included) may take at most a
// quarter of StackLimit, capped at 6 MiB, but never less than ARG_MAX,
// after room for the argv and envp pointers is set aside
// (bprm_stack_limits); each may be at most MAX_ARG_STRLEN bytes with its
// NUL. Beyond either limit BuildStack returns ErrArgListTooLong.
func BuildStack(top uint64, a StackArgs) (image []byte, sp uint64, err error) {
	argv := a.Argv
	if len(argv) == 0 {
		argv = []string{""}
	}
	if err := checkStrings(a, argv); err != nil {
		return nil, 0, err
	}
	for _, e := range a.Auxv {
		switch e.Type {
		case atNull, atRandom, atExecFn, atPlatform:
			return nil, 0, errAuxvType
		}
	}

	// Addresses, top down, as Linux assigns them.
	strBytes := uint64(len(a.ExecFn) + 1)
	for _, s := range a.Envp {
		strBytes += uint64(len(s) + 1)
	}
	for _, s := range argv {
		strBytes += uint64(len(s) + 1)
	}
	nAux := len(a.Auxv) + 4 // with AT_RANDOM, AT_EXECFN, AT_PLATFORM, AT_NULL
	items := uint64(len(argv)+1+len(a.Envp)+1) + 1
	// Above the alignment: the end marker and the strings. Below it: the
	// platform string, the random bytes and the vectors.
	above := 8 + strBytes
	below := uint64(len(platform)+1) + 16 + uint64(nAux)*16 + items*8
	if top < above || (top-above)&^15 < below {
		return nil, 0, errStackTop
	}
	strs := top - above // lowest string byte: argv[0]
	platAddr := strs&^15 - uint64(len(platform)+1)
	randAddr := platAddr - 16
	sp = (randAddr - uint64(nAux)*16 - items*8) &^ 15

	image = make([]byte, top-sp)
	le := binary.LittleEndian
	put := func(addr, v uint64) { le.PutUint64(image[addr-sp:], v) }
	copy(image[platAddr-sp:], platform)
	copy(image[randAddr-sp:], a.Random[:])

	// The strings, argv's first, and the pointer vectors.
	at := sp
	put(at, uint64(len(argv)))
	at += 8
	str := strs
	for _, list := range [][]string{argv, a.Envp} {
		for _, s := range list {
			put(at, str)
			at += 8
			copy(image[str-sp:], s)
			str += uint64(len(s) + 1)
		}
		at += 8 // NULL terminator; image is zeroed
	}
	execFnAddr := str
	copy(image[str-sp:], a.ExecFn)

	aux := append(slices.Clone(a.Auxv),
		AuxEntry{atRandom, randAddr},
		AuxEntry{atExecFn, execFnAddr},
		AuxEntry{atPlatform, platAddr})
	slices.SortStableFunc(aux, func(x, y AuxEntry) int {
		return auxRank(x.Type) - auxRank(y.Type)
	})
	for _, e := range aux {
		put(at, e.Type)
		put(at+8, e.Value)
		at += 16
	}
	// AT_NULL is already zero.
	return image, sp, nil
}

// checkStrings applies execve's limits to the strings, as
// bprm_stack_limits, copy_string_kernel and copy_strings do. argv is Argv
// or its replacement.
func checkStrings(a StackArgs, argv []string) error {
	rlim := a.StackLimit
	if rlim == 0 {
		rlim = stkLim
	}
	limit := max(min(stkLim/4*3, rlim/4), argMax)
	// Room for max(argc, 1) + envc pointers; len(argv) is max(argc, 1).
	ptrs := uint64(len(argv)+len(a.Envp)) * 8
	if limit <= ptrs {
		return ErrArgListTooLong
	}
	limit -= ptrs
	var total uint64
	for _, list := range [][]string{{a.ExecFn}, a.Envp, argv} {
		for _, s := range list {
			n := uint64(len(s)) + 1
			if n > maxArgStrlen {
				return ErrArgListTooLong
			}
			if strings.IndexByte(s, 0) >= 0 {
				return errNUL
			}
			if total += n; total > limit {
				return ErrArgListTooLong
			}
		}
	}
	return nil
}
