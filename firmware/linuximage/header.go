// Package linuximage builds and parses arm64 Linux kernel Images, the
// format boot loaders (QEMU's -kernel, U-Boot's booti, the Raspberry Pi
// firmware's kernel8.img) expect, as specified by Linux
// Documentation/arch/arm64/booting.rst, section 4 "Call the kernel image".
package linuximage

import (
	"encoding/binary"
	"errors"
	"fmt"
)

const (
	// Magic is the header's magic field, "ARM\x64" in little endian.
	Magic = 0x644d5241
	// HeaderSize is the size of the Image header in bytes.
	HeaderSize = 64
)

// Flags bits (booting.rst §4, "Header notes").
const (
	FlagBigEndian = 1 << 0 // bit 0: kernel endianness, 1 = big endian
	FlagPage4K    = 1 << 1 // bits 1-2: page size, 1 = 4K
	FlagPageMask  = 3 << 1
	FlagPlaceAny  = 1 << 3 // bit 3: may be placed anywhere in RAM (0 = near the start of DRAM)
)

// Instruction encodings used for code0 and code1.
const (
	insnB     = 0x14000000 // B imm26: branch to PC + imm26*4
	insnBMask = 0xfc000000
	insnNOP   = 0xd503201f
)

// Header is the 64-byte arm64 Image header (booting.rst §4). All fields
// are little endian.
type Header struct {
	Code0, Code1 uint32 // executable code; the boot loader jumps to Image byte 0
	TextOffset   uint64 // offset of the Image from a 2 MiB aligned RAM base
	ImageSize    uint64 // effective Image size, including bss
	Flags        uint64 // kernel flags, see the Flag constants
	Res2         uint64
	Res3         uint64
	Res4         uint64
	Magic        uint32 // Magic
	Res5         uint32 // offset to a PE header (EFI stub); 0 when absent
}

// ParseHeader decodes the header at the start of b and validates its magic.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderSize {
		return Header{}, fmt.Errorf("linuximage: %d bytes, header needs %d", len(b), HeaderSize)
	}
	le := binary.LittleEndian
	h := Header{
		Code0:      le.Uint32(b[0:]),
		Code1:      le.Uint32(b[4:]),
		TextOffset: le.Uint64(b[8:]),
		ImageSize:  le.Uint64(b[16:]),
		Flags:      le.Uint64(b[24:]),
		Res2:       le.Uint64(b[32:]),
		Res3:       le.Uint64(b[40:]),
		Res4:       le.Uint64(b[48:]),
		Magic:      le.Uint32(b[56:]),
		Res5:       le.Uint32(b[60:]),
	}
	if h.Magic != Magic {
		return Header{}, fmt.Errorf("linuximage: bad magic %#x, want %#x", h.Magic, Magic)
	}
	return h, nil
}

// Marshal encodes h into HeaderSize bytes.
func (h Header) Marshal() []byte {
	b := make([]byte, 0, HeaderSize)
	le := binary.LittleEndian
	b = le.AppendUint32(b, h.Code0)
	b = le.AppendUint32(b, h.Code1)
	for _, v := range [...]uint64{h.TextOffset, h.ImageSize, h.Flags, h.Res2, h.Res3, h.Res4} {
		b = le.AppendUint64(b, v)
	}
	b = le.AppendUint32(b, h.Magic)
	return le.AppendUint32(b, h.Res5)
}

// errNotBranch is returned by BranchTarget when code0 is not a B.
var errNotBranch = errors.New("linuximage: code0 is not a B instruction")

// BranchTarget decodes code0 as an AArch64 B instruction and returns the
// Image offset it jumps to (code0 sits at offset 0, so this is the entry
// point's offset for Images built by FromELF).
func (h Header) BranchTarget() (int64, error) {
	if h.Code0&insnBMask != insnB {
		return 0, errNotBranch
	}
	imm := int64(h.Code0&^insnBMask) << 38 >> 38 // sign-extend imm26
	return imm * 4, nil
}

// encodeB returns a B instruction at Image offset 0 jumping to off, which
// must be 4-byte aligned and within B's ±128 MiB range.
func encodeB(off uint64) uint32 {
	return insnB | uint32(off/4)&^insnBMask
}
