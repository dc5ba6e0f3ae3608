package fault

import (
	"strings"
	"testing"
)

func TestAbortBits(t *testing.T) {
	for _, tc := range []struct {
		esr   ESR
		abort bool
		wnr   bool
	}{
		{0x96000004, true, false},
		{0x96000046, true, true},
		{0x92000044, true, true}, // from EL0
		{0x86000006, true, false},
		{0x82000007, true, false},
		{0x8a000000, false, false}, // PC alignment
		{0x02000000, false, false},
		{0x56000000, false, false},
	} {
		if got := tc.esr.IsAbort(); got != tc.abort {
			t.Errorf("%#x: IsAbort %v, want %v", uint64(tc.esr), got, tc.abort)
		}
		if got := tc.esr.WnR(); got != tc.wnr {
			t.Errorf("%#x: WnR %v, want %v", uint64(tc.esr), got, tc.wnr)
		}
	}
}

func TestFaultString(t *testing.T) {
	for _, tc := range []struct {
		dfsc uint32
		want string
	}{
		{0x00, "ttbr address size fault"},
		{0x03, "level 3 address size fault"},
		{0x04, "level 0 translation fault"},
		{0x07, "level 3 translation fault"},
		{0x08, "level 0 access flag fault"},
		{0x0b, "level 3 access flag fault"},
		{0x0c, "level 0 permission fault"},
		{0x0f, "level 3 permission fault"},
		{0x10, "synchronous external abort"},
		{0x11, "synchronous tag check fault"},
		{0x12, "unknown 18"},
		{0x13, "level -1 (translation table walk)"},
		{0x17, "level 3 (translation table walk)"},
		{0x18, "synchronous parity or ECC error"},
		{0x1b, "level -1 synchronous parity error (translation table walk)"},
		{0x1f, "level 3 synchronous parity error (translation table walk)"},
		{0x21, "alignment fault"},
		{0x29, "level -1 address size fault"},
		{0x2b, "level -1 translation fault"},
		{0x30, "TLB conflict abort"},
		{0x31, "Unsupported atomic hardware update fault"},
		{0x34, "implementation fault (lockdown abort)"},
		{0x35, "implementation fault (unsupported exclusive)"},
		{0x3d, "section domain fault"},
		{0x3e, "page domain fault"},
		{0x3f, "unknown 63"},
	} {
		e := ESR(ECDataAbortSame<<26 | 1<<25 | 0x40 | tc.dfsc)
		if e.DFSC() != tc.dfsc {
			t.Errorf("%#x: DFSC %#x, want %#x", uint64(e), e.DFSC(), tc.dfsc)
		}
		if got := e.FaultString(); got != tc.want {
			t.Errorf("DFSC %#02x: got %q, want %q", tc.dfsc, got, tc.want)
		}
	}
}

func TestKernelFaultTitle(t *testing.T) {
	for _, tc := range []struct {
		esr  ESR
		far  uint64
		want string
	}{
		{0x96000004, 0, "Unable to handle kernel NULL pointer dereference"},
		{0x96000006, 0xfff, "Unable to handle kernel NULL pointer dereference"},
		{0x96000007, 0x1000, "Unable to handle kernel paging request"},
		{0x9600000b, 0x80001000, "Unable to handle kernel paging request"},
		{0x9600004f, 0x80001000, "Unable to handle kernel write to read-only memory"},
		{0x9600004f, 0x10, "Unable to handle kernel write to read-only memory"},
		{0x9600000e, 0x80001000, "Unable to handle kernel read from unreadable memory"},
		{0x8600000f, 0x80001000, "Unable to handle kernel execute from non-executable memory"},
		{0x86000007, 0x10, "Unable to handle kernel NULL pointer dereference"},
		{0x9200004f, 0x80001000, "Unable to handle kernel paging request"}, // permission, but from EL0
		{0x96000021, 0x80000001, "Unable to handle kernel paging request"},
		{0x9600002b, 0x80000000, "Unable to handle kernel paging request"},
		{0x96000010, 0x80000000, "Unable to handle kernel synchronous external abort"},
		{0x96000000, 0, "Unable to handle kernel ttbr address size fault"},
		{0x96000030, 0, "Unable to handle kernel TLB conflict abort"},
		{0x02000000, 0, "Oops - Undefined instruction"},
		{0x36000000, 0, "Oops - BTI"},
		{0x72000000, 0, "Oops - FPAC"},
		{0xb6000000, 0, "Oops - GCS"},
		{0x8a000000, 0xc0123455, "SP/PC alignment exception"},
		{0x9a000000, 0, "SP/PC alignment exception"},
		{0x56000000, 0, "Oops"},
		{0xf2000800, 0, "Oops"},
	} {
		if got := KernelFaultTitle(tc.esr, tc.far); got != tc.want {
			t.Errorf("%#x far %#x: got %q, want %q", uint64(tc.esr), tc.far, got, tc.want)
		}
	}
}

func TestMemAbortDecode(t *testing.T) {
	for _, tc := range []struct {
		esr  ESR
		want string
	}{
		{0x0000000086000007, `Mem abort info:
  ESR = 0x0000000086000007
  EC = 0x21: IABT (current EL), IL = 32 bits
  SET = 0, FnV = 0
  EA = 0, S1PTW = 0
  FSC = 0x07: level 3 translation fault
`},
		// A valid syndrome (64-bit, sign-extending, acquire, x2) and every
		// other field set but WnR.
		{0x0000077f97e2ff86, `Mem abort info:
  ESR = 0x0000077f97e2ff86
  EC = 0x25: DABT (current EL), IL = 32 bits
  SET = 3, FnV = 1
  EA = 1, S1PTW = 1
  FSC = 0x06: level 2 translation fault
Data abort info:
  Access size = 8 byte(s)
  SSE = 1, SRT = 2
  SF = 1, AR = 1
  CM = 1, WnR = 0, TnD = 1, TagAccess = 1
  GCS = 1, Overlay = 1, DirtyBit = 1, Xs = 31
`},
		{0x0000000092000044, `Mem abort info:
  ESR = 0x0000000092000044
  EC = 0x24: DABT (lower EL), IL = 32 bits
  SET = 0, FnV = 0
  EA = 0, S1PTW = 0
  FSC = 0x04: level 0 translation fault
Data abort info:
  ISV = 0, ISS = 0x00000044, ISS2 = 0x00000000
  CM = 0, WnR = 1, TnD = 0, TagAccess = 0
  GCS = 0, Overlay = 0, DirtyBit = 0, Xs = 0
`},
	} {
		var b strings.Builder
		memAbortDecode(&b, tc.esr)
		if got := b.String(); got != tc.want {
			t.Errorf("%#x:\n got:\n%s\nwant:\n%s", uint64(tc.esr), got, tc.want)
		}
	}
}
