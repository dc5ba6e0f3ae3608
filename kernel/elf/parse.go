// Package elf is the hardware-independent half of the ELF loader: it reads
// and checks an arm64 executable's headers (Parse), works out where its
// segments go for a given load bias (Binary.Plan), and lays out the initial
// process stack (BuildStack), all as Linux's fs/binfmt_elf.c and fs/exec.c
// do for a native arm64 task with 4 KiB pages and 48-bit user addresses.
// Mapping pages and copying the stack image into them is the caller's part.
//
// The format follows the System V gABI ("ELF spec" below: the ELF-64 Object
// File Format and the gABI's "Program Header" chapter). Where Linux is more
// lenient or stricter than the specification, behaviour follows Linux,
// except where a comment says otherwise.
//
// Parse never panics on malformed input; it returns an error instead.
// Errors wrap ErrNoExec or ErrInvalid, which stand for the errno that
// Linux's execve returns in the same case (ENOEXEC, EINVAL); errors from
// the io.ReaderAt are returned wrapped as they are.
package elf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Sizes and limits as Linux defines them for arm64.
const (
	// pageSize is ELF_MIN_ALIGN: PAGE_SIZE with the 4 KiB granule.
	pageSize = 4096
	// taskSize is TASK_SIZE_64 (= DEFAULT_MAP_WINDOW_64) with VA_BITS=48.
	taskSize = 1 << 48
	// pathMax is PATH_MAX (include/uapi/linux/limits.h), NUL included.
	pathMax = 4096
)

// DefaultPIEBase is where Linux puts a position-independent program (ET_DYN
// with PT_INTERP) when it does not randomise: arm64's ELF_ET_DYN_BASE,
// 2 * DEFAULT_MAP_WINDOW_64 / 3, rounded down to a page. LoadBias turns it
// into the program's load bias.
const DefaultPIEBase = (2 * taskSize / 3) &^ (pageSize - 1)

// ELF file layout and constants, ELF spec "ELF Header" and "Program Header".
const (
	ehdrSize = 64 // sizeof(Elf64_Ehdr)
	phdrSize = 56 // sizeof(Elf64_Phdr)

	elfClass64  = 2   // ELFCLASS64
	elfData2LSB = 1   // ELFDATA2LSB
	emAArch64   = 183 // EM_AARCH64

	ptLoad     = 1          // PT_LOAD
	ptInterp   = 3          // PT_INTERP
	ptTLS      = 7          // PT_TLS
	ptGNUStack = 0x6474e551 // PT_GNU_STACK

	pfX = 1 // PF_X
	pfW = 2 // PF_W
	pfR = 4 // PF_R
)

// Type is the ELF file type, e_type.
type Type uint16

// The file types Linux executes.
const (
	TypeExec Type = 2 // ET_EXEC: linked at fixed addresses
	TypeDyn  Type = 3 // ET_DYN: position independent (PIE, static PIE, ld.so)
)

// Prot is a mapping's protection, with the bit values of mmap's PROT_*.
type Prot uint8

// Protection bits.
const (
	ProtRead  Prot = 1 // PROT_READ
	ProtWrite Prot = 2 // PROT_WRITE
	ProtExec  Prot = 4 // PROT_EXEC
)

// Segment is one PT_LOAD program header, before any load bias.
type Segment struct {
	Vaddr  uint64 // p_vaddr
	Offset uint64 // p_offset
	Filesz uint64 // p_filesz: bytes that come from the file
	Memsz  uint64 // p_memsz: bytes in memory; past Filesz they are zero
	Prot   Prot   // from p_flags, as binfmt_elf.c's make_prot
}

// Binary is what Parse learnt from an executable's headers.
type Binary struct {
	Type  Type   // e_type
	Entry uint64 // e_entry, before the load bias
	Phoff uint64 // e_phoff
	Phnum int    // e_phnum

	// Loads are the PT_LOAD segments, in file order, which Parse has
	// checked to be ascending and not to share a page.
	Loads []Segment

	// Align is the largest power-of-two p_align among the PT_LOAD
	// segments, at least a page: binfmt_elf.c's maximum_alignment.
	Align uint64

	// Interp is the path in the first PT_INTERP segment, without its NUL
	// terminator; "" if there is none.
	Interp string

	// ExecStack is set when the last PT_GNU_STACK has PF_X. Without a
	// PT_GNU_STACK the stack is not executable: on native arm64 Linux's
	// elf_read_implies_exec is false (arch/arm64/include/asm/elf.h).
	ExecStack bool

	// TLS reports a PT_TLS segment. Linux ignores it (the C library sets
	// up thread-local storage); it is kept for diagnostics.
	TLS bool
}

// ErrNoExec is wrapped by the errors for files Linux refuses with ENOEXEC
// ("Exec format error").
var ErrNoExec = errors.New("exec format error")

// ErrInvalid is wrapped by the errors for which Linux's execve returns
// EINVAL: segments it cannot place in the address space.
var ErrInvalid = errors.New("invalid argument")

// loadError is a reason for refusing a file, wrapping the errno class.
type loadError struct {
	msg  string
	kind error
}

func (e *loadError) Error() string { return "elf: " + e.msg }
func (e *loadError) Unwrap() error { return e.kind }

// The reasons Parse gives, in the order it checks them.
var (
	errShort       = &loadError{"file shorter than an ELF header", ErrNoExec}
	errMagic       = &loadError{"bad ELF magic", ErrNoExec}
	errClass       = &loadError{"not ELFCLASS64", ErrNoExec}
	errData        = &loadError{"not little-endian", ErrNoExec}
	errType        = &loadError{"not ET_EXEC or ET_DYN", ErrNoExec}
	errMachine     = &loadError{"not EM_AARCH64", ErrNoExec}
	errPhentsize   = &loadError{"e_phentsize is not sizeof(Elf64_Phdr)", ErrNoExec}
	errPhnum       = &loadError{"program header table empty or larger than a page", ErrNoExec}
	errPhdrRange   = &loadError{"program header table outside the file", ErrNoExec}
	errInterpSize  = &loadError{"PT_INTERP size not in [2, PATH_MAX]", ErrNoExec}
	errInterpRange = &loadError{"PT_INTERP outside the file", ErrNoExec}
	errInterpPath  = &loadError{"PT_INTERP path empty or not NUL-terminated", ErrNoExec}
	errFilesz      = &loadError{"PT_LOAD p_filesz larger than p_memsz", ErrInvalid}
	errLoadAddr    = &loadError{"PT_LOAD beyond the user address space", ErrInvalid}
	errLoadAlign   = &loadError{"PT_LOAD p_vaddr and p_offset differ modulo the page size", ErrInvalid}
	errLoadRange   = &loadError{"PT_LOAD file bytes outside the file", ErrNoExec}
	errLoadOrder   = &loadError{"PT_LOAD not ascending or sharing a page with the previous one", ErrNoExec}
	errNoLoad      = &loadError{"no PT_LOAD segment", ErrInvalid}
)

// Parse reads and checks the ELF header and program headers of the size-byte
// file r, as load_elf_binary and load_elf_phdrs do before they map anything:
//
//   - the magic, e_type ET_EXEC or ET_DYN and elf_check_arch's EM_AARCH64;
//     also ELFCLASS64 and little-endian, which Linux leaves implied;
//   - e_phentsize == sizeof(Elf64_Phdr), and 1 to 4096/56 = 73 program
//     headers: load_elf_phdrs refuses a table of more than 64 KiB or more
//     than ELF_MIN_ALIGN bytes, and the page is the tighter bound;
//   - the first PT_INTERP: 2 to PATH_MAX bytes, ending in NUL;
//   - each PT_LOAD: p_filesz <= p_memsz and the segment below TASK_SIZE
//     (load_elf_binary's set_brk overflow check, with a zero bias), and
//     p_vaddr congruent to p_offset modulo the page size when it maps file
//     bytes (elf_map's mmap offset must be page-aligned).
//
// Stricter than Linux, so that a Plan is always consistent: Parse refuses
// file bytes outside the file (Linux maps them and the process gets SIGBUS),
// PT_LOAD segments out of the ascending p_vaddr order the ELF spec requires,
// or sharing a page with the one before (Linux overlays them with MAP_FIXED,
// one segment's contents and protection winning), an empty PT_INTERP path
// (Linux fails its open with ENOENT), and, for ET_EXEC too, a file without
// PT_LOAD (Linux refuses that for ET_DYN only).
func Parse(r io.ReaderAt, size int64) (*Binary, error) {
	if size < ehdrSize {
		return nil, errShort
	}
	var eh [ehdrSize]byte
	if err := readAt(r, eh[:], 0); err != nil {
		return nil, fmt.Errorf("elf: reading the ELF header: %w", err)
	}
	le := binary.LittleEndian
	switch {
	case string(eh[:4]) != "\x7fELF":
		return nil, errMagic
	case eh[4] != elfClass64:
		return nil, errClass
	case eh[5] != elfData2LSB:
		return nil, errData
	}
	b := &Binary{
		Type:  Type(le.Uint16(eh[16:])),
		Entry: le.Uint64(eh[24:]),
		Phoff: le.Uint64(eh[32:]),
		Phnum: int(le.Uint16(eh[56:])),
		Align: pageSize,
	}
	switch {
	case b.Type != TypeExec && b.Type != TypeDyn:
		return nil, errType
	case le.Uint16(eh[18:]) != emAArch64:
		return nil, errMachine
	case le.Uint16(eh[54:]) != phdrSize:
		return nil, errPhentsize
	case b.Phnum == 0 || b.Phnum*phdrSize > pageSize:
		return nil, errPhnum
	}
	tab := make([]byte, b.Phnum*phdrSize)
	if !inFile(b.Phoff, uint64(len(tab)), size) {
		return nil, errPhdrRange
	}
	if err := readAt(r, tab, int64(b.Phoff)); err != nil {
		return nil, fmt.Errorf("elf: reading the program headers: %w", err)
	}
	sawInterp := false
	for i := 0; i < b.Phnum; i++ {
		ph := tab[i*phdrSize : (i+1)*phdrSize]
		flags := le.Uint32(ph[4:])
		off, filesz := le.Uint64(ph[8:]), le.Uint64(ph[32:])
		switch le.Uint32(ph[0:]) {
		case ptLoad:
			s := Segment{
				Vaddr:  le.Uint64(ph[16:]),
				Offset: off,
				Filesz: filesz,
				Memsz:  le.Uint64(ph[40:]),
				Prot:   prot(flags),
			}
			if err := b.addLoad(s, le.Uint64(ph[48:]), size); err != nil {
				return nil, err
			}
		case ptInterp:
			if sawInterp {
				continue // load_elf_binary stops at the first
			}
			sawInterp = true
			path, err := readInterp(r, off, filesz, size)
			if err != nil {
				return nil, err
			}
			b.Interp = path
		case ptGNUStack:
			b.ExecStack = flags&pfX != 0
		case ptTLS:
			b.TLS = true
		}
	}
	if len(b.Loads) == 0 {
		return nil, errNoLoad
	}
	return b, nil
}

// addLoad checks one PT_LOAD against the file and the segments before it,
// and records it.
func (b *Binary) addLoad(s Segment, align uint64, size int64) error {
	if s.Filesz > s.Memsz {
		return errFilesz
	}
	if s.Vaddr >= taskSize || s.Memsz > taskSize-s.Vaddr {
		return errLoadAddr
	}
	if s.Filesz > 0 {
		if s.Vaddr%pageSize != s.Offset%pageSize {
			return errLoadAlign
		}
		if !inFile(s.Offset, s.Filesz, size) {
			return errLoadRange
		}
	}
	if n := len(b.Loads); n > 0 {
		prev := b.Loads[n-1]
		if pageStart(s.Vaddr) < pageAlign(prev.Vaddr+prev.Memsz) {
			return errLoadOrder
		}
	}
	if align&(align-1) == 0 && align > b.Align {
		b.Align = align // a power of two above a page is page-aligned
	}
	b.Loads = append(b.Loads, s)
	return nil
}

// readInterp reads the PT_INTERP path as load_elf_binary does.
func readInterp(r io.ReaderAt, off, filesz uint64, size int64) (string, error) {
	if filesz < 2 || filesz > pathMax {
		return "", errInterpSize
	}
	if !inFile(off, filesz, size) {
		return "", errInterpRange
	}
	buf := make([]byte, filesz)
	if err := readAt(r, buf, int64(off)); err != nil {
		return "", fmt.Errorf("elf: reading PT_INTERP: %w", err)
	}
	// The path is a C string: it ends at its first NUL, and the last byte
	// must be one.
	if buf[0] == 0 || buf[filesz-1] != 0 {
		return "", errInterpPath
	}
	for i, c := range buf {
		if c == 0 {
			buf = buf[:i]
			break
		}
	}
	return string(buf), nil
}

// prot turns p_flags into mmap protection bits, as make_prot does (arm64's
// arch_elf_adjust_prot would add PROT_BTI from PT_GNU_PROPERTY; tamix does
// not use BTI).
func prot(flags uint32) Prot {
	var p Prot
	if flags&pfR != 0 {
		p |= ProtRead
	}
	if flags&pfW != 0 {
		p |= ProtWrite
	}
	if flags&pfX != 0 {
		p |= ProtExec
	}
	return p
}

// inFile reports whether the n bytes at off lie within a size-byte file.
func inFile(off, n uint64, size int64) bool {
	return off <= uint64(size) && n <= uint64(size)-off
}

// readAt fills buf from r at off. A ReaderAt may report io.EOF along with a
// full read at the end of its input; that is success.
func readAt(r io.ReaderAt, buf []byte, off int64) error {
	n, err := r.ReadAt(buf, off)
	if n == len(buf) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// pageStart and pageAlign are binfmt_elf.c's ELF_PAGESTART and ELF_PAGEALIGN.
func pageStart(v uint64) uint64 { return v &^ (pageSize - 1) }
func pageAlign(v uint64) uint64 { return (v + pageSize - 1) &^ (pageSize - 1) }
