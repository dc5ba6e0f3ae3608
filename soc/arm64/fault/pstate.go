package fault

import "fmt"

// PSTATE bits of an SPSR_EL1 value for an exception taken from AArch64
// (Arm ARM C5.2, "SPSR_EL1"); Linux's PSR_* in
// arch/arm64/include/uapi/asm/ptrace.h.
const (
	psrN    = 1 << 31
	psrZ    = 1 << 30
	psrC    = 1 << 29
	psrV    = 1 << 28
	psrTCO  = 1 << 25 // tag check override
	psrDIT  = 1 << 24 // data independent timing
	psrUAO  = 1 << 23 // user access override
	psrPAN  = 1 << 22 // privileged access never
	psrSSBS = 1 << 12 // speculative store bypass safe
	psrD    = 1 << 9
	psrA    = 1 << 8
	psrI    = 1 << 7
	psrF    = 1 << 6

	psrBTYPEShift = 10 // BTYPE, bits [11:10]
)

// btypes spells BTYPE as Linux's print_pstate does.
var btypes = [4]string{"--", "jc", "-c", "j-"}

// PSTATEString formats spsr as Linux's print_pstate()
// (arch/arm64/kernel/process.c) does for an AArch64 context, without the
// "pstate: " label: "600003c5 (nZCv DAIF -PAN -UAO -TCO -DIT -SSBS
// BTYPE=--)". A flag letter is upper case when the bit is set.
func PSTATEString(spsr uint64) string {
	return fmt.Sprintf("%08x (%c%c%c%c %c%c%c%c %cPAN %cUAO %cTCO %cDIT %cSSBS BTYPE=%s)",
		spsr,
		letter(spsr, psrN, 'N', 'n'),
		letter(spsr, psrZ, 'Z', 'z'),
		letter(spsr, psrC, 'C', 'c'),
		letter(spsr, psrV, 'V', 'v'),
		letter(spsr, psrD, 'D', 'd'),
		letter(spsr, psrA, 'A', 'a'),
		letter(spsr, psrI, 'I', 'i'),
		letter(spsr, psrF, 'F', 'f'),
		letter(spsr, psrPAN, '+', '-'),
		letter(spsr, psrUAO, '+', '-'),
		letter(spsr, psrTCO, '+', '-'),
		letter(spsr, psrDIT, '+', '-'),
		letter(spsr, psrSSBS, '+', '-'),
		btypes[spsr>>psrBTYPEShift&3])
}

// letter returns set if spsr has mask set, clear otherwise.
func letter(spsr, mask uint64, set, clear rune) rune {
	if spsr&mask != 0 {
		return set
	}
	return clear
}
