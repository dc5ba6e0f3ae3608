package mmu

import (
	"errors"
	"fmt"
)

// MemKind is a memory type of the fixed MAIR_EL1 layout; its value is the
// descriptor's AttrIndx (see MAIR).
type MemKind uint8

const (
	Device       MemKind = 0 // Device-nGnRE
	Normal       MemKind = 1 // Normal, Inner and Outer Write-Back RA/WA
	NonCacheable MemKind = 2 // Normal, Inner and Outer Non-cacheable
)

// Perm is the access one Exception level has to a mapping. Exec means
// instructions may be fetched from it at that level.
type Perm struct {
	Read, Write, Exec bool
}

// Attr is the memory type, permissions and TLB scope of a mapping.
//
// Stage 1 permissions are encoded by AP[2:1], PXN and UXN (Arm ARM D8.4),
// which cannot express every Attr. Descriptor rejects, with ErrAttr:
//
//   - Kernel.Read false: EL1 can always read a mapping (no AP value denies
//     it);
//   - User.Write without User.Read: EL0 write implies EL0 read;
//   - User.Read with Kernel.Write != User.Write: AP 0b01 is RW at both
//     levels and 0b11 RO at both, so EL1 RW with EL0 RO (and the reverse)
//     do not exist;
//   - User.Write with Kernel.Exec: a location writable at EL0 is always
//     privileged execute-never in the EL1&0 regime, whatever PXN says;
//   - Exec on Device memory: Device mappings are always PXN and UXN;
//   - an unknown Kind.
//
// EL0 execute-only (User.Exec without User.Read, AP[1]=0 with UXN=0) is
// encodable and accepted. Kernel.Write with Kernel.Exec is accepted too;
// it is the caller's W^X policy to avoid it (with SCTLR_EL1.WXN set the
// hardware treats such a mapping as execute-never).
type Attr struct {
	Kind   MemKind
	Kernel Perm // EL1 access
	User   Perm // EL0 access
	Global bool // nG=0: the entry matches every ASID
}

// ErrAttr reports an Attr that stage 1 descriptors cannot encode.
var ErrAttr = errors.New("mmu: attributes not encodable")

// Descriptor bits (Arm ARM D8.3: VMSAv8-64 descriptor formats, 4 KiB
// granule, 48-bit output address).
const (
	descValid = 1 << 0 // bit[0]
	descTable = 1 << 1 // bit[1]: table at L0-L2, page at L3, 0 for a block
	attrShift = 2      // AttrIndx[2:0], bits[4:2]
	apUser    = 1 << 6 // AP[1]: EL0 has access
	apRO      = 1 << 7 // AP[2]: read-only
	shInner   = 3 << 8 // SH[1:0] = 0b11, Inner Shareable
	accessF   = 1 << 10
	notGlobal = 1 << 11
	pxn       = 1 << 53
	uxn       = 1 << 54

	oaMask   = 0x0000_ffff_ffff_f000 // output or next-table address, bits[47:12]
	leafMask = 0xfffc_0000_0000_0ffc // upper [63:50] and lower [11:2] attributes
)

// bits validates a and returns its block/page attribute bits, AF included.
func (a Attr) bits() (uint64, error) {
	k, u := a.Kernel, a.User
	switch {
	case a.Kind > NonCacheable:
		return 0, fmt.Errorf("%w: unknown memory kind %d", ErrAttr, a.Kind)
	case !k.Read:
		return 0, fmt.Errorf("%w: EL1 can always read", ErrAttr)
	case u.Write && !u.Read:
		return 0, fmt.Errorf("%w: EL0 write without EL0 read", ErrAttr)
	case u.Read && k.Write != u.Write:
		return 0, fmt.Errorf("%w: EL1 and EL0 must agree on write when both read", ErrAttr)
	case u.Write && k.Exec:
		return 0, fmt.Errorf("%w: EL0-writable memory is never EL1-executable", ErrAttr)
	case a.Kind == Device && (k.Exec || u.Exec):
		return 0, fmt.Errorf("%w: device memory is never executable", ErrAttr)
	}
	b := uint64(a.Kind)<<attrShift | accessF
	if a.Kind != Device {
		// Device memory ignores SH; Normal Non-cacheable is Outer
		// Shareable whatever SH says.
		b |= shInner
	}
	if u.Read {
		b |= apUser
	}
	if !k.Write {
		b |= apRO
	}
	if !k.Exec {
		b |= pxn
	}
	if !u.Exec {
		b |= uxn
	}
	if !a.Global {
		b |= notGlobal
	}
	return b, nil
}

// Descriptor returns the descriptor mapping pa with a at level: a 1 GiB
// block at L1, a 2 MiB block at L2 or a 4 KiB page at L3 (Arm ARM D8.3).
// pa must be aligned to that size. The access flag is set; Normal memory is
// Inner Shareable.
func (a Attr) Descriptor(pa uint64, level int) (uint64, error) {
	if level < 1 || level > 3 {
		return 0, fmt.Errorf("mmu: no block or page descriptor at level %d", level)
	}
	if pa >= addrLimit {
		return 0, fmt.Errorf("%w: PA %#x", ErrRange, pa)
	}
	if pa&(levelSize(level)-1) != 0 {
		return 0, fmt.Errorf("%w: PA %#x at level %d", ErrAlign, pa, level)
	}
	b, err := a.bits()
	if err != nil {
		return 0, err
	}
	return leafDesc(pa, level, b), nil
}

// DecodeAttr returns the attributes of a valid block or page descriptor,
// as the hardware applies them: an EL0-writable descriptor decodes as not
// EL1-executable even if its PXN bit is clear. For every Attr a accepted
// by Descriptor, DecodeAttr(a.Descriptor(pa, level)) == a.
func DecodeAttr(desc uint64) Attr {
	user := desc&apUser != 0
	write := desc&apRO == 0
	return Attr{
		Kind:   MemKind(desc >> attrShift & 7),
		Kernel: Perm{Read: true, Write: write, Exec: desc&pxn == 0 && !(user && write)},
		User:   Perm{Read: user, Write: user && write, Exec: desc&uxn == 0},
		Global: desc&notGlobal == 0,
	}
}

// leafDesc builds a block (L1, L2) or page (L3) descriptor from checked
// parts.
func leafDesc(pa uint64, level int, bits uint64) uint64 {
	d := pa | bits | descValid
	if level == 3 {
		d |= descTable
	}
	return d
}

// leafPA returns the output address of a block or page descriptor at level.
func leafPA(d uint64, level int) uint64 {
	return d & oaMask &^ (levelSize(level) - 1)
}
