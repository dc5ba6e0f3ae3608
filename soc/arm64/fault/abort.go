package fault

import (
	"fmt"
	"strings"
)

// pageSize is tamix's translation granule: Linux calls a kernel fault
// below it a NULL pointer dereference.
const pageSize = 4096

// ISS fields of data and instruction aborts (Arm ARM D19.2 "ESR_EL1", ISS
// encoding for an exception from a Data Abort / an Instruction Abort), and
// of ISS2 for data aborts.
const (
	issISV   = 1 << 24 // syndrome valid: SAS, SSE, SRT, SF, AR hold
	issSSE   = 1 << 21 // sign extension
	issSF    = 1 << 15 // 64-bit register
	issAR    = 1 << 14 // acquire/release
	issFnV   = 1 << 10 // FAR not valid
	issEA    = 1 << 9  // external abort type
	issCM    = 1 << 8  // cache maintenance
	issS1PTW = 1 << 7  // stage 2 fault on a stage 1 walk
	issWnR   = 1 << 6  // write, not read

	iss2TnD       = 1 << 10 // tag not data
	iss2TagAccess = 1 << 9
	iss2GCS       = 1 << 8
	iss2Overlay   = 1 << 6
	iss2DirtyBit  = 1 << 5
)

// IsAbort reports whether e is a data or instruction abort, from the
// current or a lower EL: the classes whose ISS holds a fault status code.
func (e ESR) IsAbort() bool {
	switch e.EC() {
	case ECInstAbortLower, ECInstAbortSame, ECDataAbortLower, ECDataAbortSame:
		return true
	}
	return false
}

// isDataAbort is Linux's esr_is_data_abort.
func (e ESR) isDataAbort() bool {
	ec := e.EC()
	return ec == ECDataAbortLower || ec == ECDataAbortSame
}

// DFSC returns the fault status code of an abort, ISS[5:0] (DFSC for data
// aborts, IFSC for instruction aborts).
func (e ESR) DFSC() uint32 { return uint32(e) & 0x3f }

// WnR reports ISS[6] of a data abort: the access was a write. (Cache
// maintenance and address translation instructions report a write; see
// the CM bit.)
func (e ESR) WnR() bool { return e&issWnR != 0 }

// FaultString names the fault status code as Linux's fault_info[] does
// (arch/arm64/mm/fault.c).
func (e ESR) FaultString() string { return faultNames[e.DFSC()] }

// faultNames is the name column of Linux's fault_info[], indexed by DFSC
// (Arm ARM D19.2 "ESR_EL1", DFSC encodings).
var faultNames = [64]string{
	"ttbr address size fault",
	"level 1 address size fault",
	"level 2 address size fault",
	"level 3 address size fault",
	"level 0 translation fault",
	"level 1 translation fault",
	"level 2 translation fault",
	"level 3 translation fault",
	"level 0 access flag fault",
	"level 1 access flag fault",
	"level 2 access flag fault",
	"level 3 access flag fault",
	"level 0 permission fault",
	"level 1 permission fault",
	"level 2 permission fault",
	"level 3 permission fault",
	"synchronous external abort",
	"synchronous tag check fault",
	"unknown 18",
	"level -1 (translation table walk)",
	"level 0 (translation table walk)",
	"level 1 (translation table walk)",
	"level 2 (translation table walk)",
	"level 3 (translation table walk)",
	"synchronous parity or ECC error",
	"unknown 25",
	"unknown 26",
	"level -1 synchronous parity error (translation table walk)",
	"level 0 synchronous parity error (translation table walk)",
	"level 1 synchronous parity error (translation table walk)",
	"level 2 synchronous parity error (translation table walk)",
	"level 3 synchronous parity error (translation table walk)",
	"unknown 32",
	"alignment fault",
	"unknown 34",
	"unknown 35",
	"unknown 36",
	"unknown 37",
	"unknown 38",
	"unknown 39",
	"unknown 40",
	"level -1 address size fault",
	"unknown 42",
	"level -1 translation fault",
	"unknown 44",
	"unknown 45",
	"unknown 46",
	"unknown 47",
	"TLB conflict abort",
	"Unsupported atomic hardware update fault",
	"unknown 50",
	"unknown 51",
	"implementation fault (lockdown abort)",
	"implementation fault (unsupported exclusive)",
	"unknown 54",
	"unknown 55",
	"unknown 56",
	"unknown 57",
	"unknown 58",
	"unknown 59",
	"unknown 60",
	"section domain fault",
	"page domain fault",
	"unknown 63",
}

// KernelFaultTitle returns the title Oops expects for an exception the
// kernel cannot handle, as Linux words it.
//
// For an abort it is the die_kernel_fault() headline without its address
// (Oops appends " at virtual address <far>"), with the message Linux's
// __do_kernel_fault() picks: "write to read-only memory", "execute from
// non-executable memory" or "read from unreadable memory" for an EL1
// permission fault, "NULL pointer dereference" when far is below the page
// size, "paging request" otherwise; fault codes that Linux does not handle
// as page faults (do_bad, do_sea) are named by FaultString, as
// do_mem_abort() does. Linux dies on a synchronous external abort without
// that headline; tamix reports every kernel abort alike.
//
// For other classes it is the die() string of Linux's EL1 handler: "Oops -
// Undefined instruction" (do_el1_undef), "Oops - BTI", "Oops - FPAC",
// "Oops - GCS", "SP/PC alignment exception" (do_sp_pc_abort), and "Oops"
// for the rest.
func KernelFaultTitle(esr ESR, far uint64) string {
	if esr.IsAbort() {
		return "Unable to handle kernel " + abortMessage(esr, far)
	}
	switch esr.EC() {
	case ECUnknown:
		return "Oops - Undefined instruction"
	case ECBTI:
		return "Oops - BTI"
	case ECFPAC:
		return "Oops - FPAC"
	case ECGCS:
		return "Oops - GCS"
	case ECPCAlign, ECSPAlign:
		return "SP/PC alignment exception"
	}
	return "Oops"
}

// abortMessage is the message of __do_kernel_fault() for page faults, the
// fault_info[] name for the other fault codes.
func abortMessage(esr ESR, far uint64) string {
	fsc := esr.DFSC()
	if !isPageFault(fsc) {
		return esr.FaultString()
	}
	ec := esr.EC()
	if fsc&0x3c == 0x0c && (ec == ECDataAbortSame || ec == ECInstAbortSame) {
		switch {
		case esr.WnR():
			return "write to read-only memory"
		case ec == ECInstAbortSame:
			return "execute from non-executable memory"
		}
		return "read from unreadable memory"
	}
	if far < pageSize {
		return "NULL pointer dereference"
	}
	return "paging request"
}

// isPageFault reports whether Linux's fault_info[] sends fsc to
// do_translation_fault, do_page_fault, do_alignment_fault or
// do_tag_check_fault, which end in __do_kernel_fault for the kernel.
func isPageFault(fsc uint32) bool {
	switch {
	case fsc >= 0x04 && fsc <= 0x0f: // translation, access flag, permission
		return true
	case fsc == 0x11, fsc == 0x21, fsc == 0x2b: // tag check, alignment, level -1 translation
		return true
	}
	return false
}

// memAbortDecode writes what Linux's mem_abort_decode() and
// data_abort_decode() print (arch/arm64/mm/fault.c).
func memAbortDecode(b *strings.Builder, esr ESR) {
	il := 16
	if esr.IL() {
		il = 32
	}
	b.WriteString("Mem abort info:\n")
	fmt.Fprintf(b, "  ESR = 0x%016x\n", uint64(esr))
	fmt.Fprintf(b, "  EC = 0x%02x: %s, IL = %d bits\n", esr.EC(), esr.ClassString(), il)
	fmt.Fprintf(b, "  SET = %d, FnV = %d\n", esr.bits(11, 2), bit(esr, issFnV))
	fmt.Fprintf(b, "  EA = %d, S1PTW = %d\n", bit(esr, issEA), bit(esr, issS1PTW))
	fmt.Fprintf(b, "  FSC = 0x%02x: %s\n", esr.DFSC(), esr.FaultString())
	if !esr.isDataAbort() {
		return
	}
	iss2 := ESR(esr.ISS2())
	b.WriteString("Data abort info:\n")
	if esr&issISV != 0 {
		fmt.Fprintf(b, "  Access size = %d byte(s)\n", 1<<esr.bits(22, 2))
		fmt.Fprintf(b, "  SSE = %d, SRT = %d\n", bit(esr, issSSE), esr.bits(16, 5))
		fmt.Fprintf(b, "  SF = %d, AR = %d\n", bit(esr, issSF), bit(esr, issAR))
	} else {
		fmt.Fprintf(b, "  ISV = 0, ISS = 0x%08x, ISS2 = 0x%08x\n", esr.ISS(), esr.ISS2())
	}
	fmt.Fprintf(b, "  CM = %d, WnR = %d, TnD = %d, TagAccess = %d\n",
		bit(esr, issCM), bit(esr, issWnR), bit(iss2, iss2TnD), bit(iss2, iss2TagAccess))
	fmt.Fprintf(b, "  GCS = %d, Overlay = %d, DirtyBit = %d, Xs = %d\n",
		bit(iss2, iss2GCS), bit(iss2, iss2Overlay), bit(iss2, iss2DirtyBit), iss2.bits(0, 5))
}

// bits returns the width-bit field of e at bit shift.
func (e ESR) bits(shift, width uint) uint64 { return uint64(e) >> shift & (1<<width - 1) }

// bit returns 1 if e has mask set, 0 otherwise.
func bit(e ESR, mask ESR) int {
	if e&mask != 0 {
		return 1
	}
	return 0
}
