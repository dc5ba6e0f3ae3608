package fault

import "testing"

func TestESRFields(t *testing.T) {
	e := ESR(0x0000001296000045)
	if e.EC() != ECDataAbortSame || !e.IL() || e.ISS() != 0x45 || e.ISS2() != 0x12 {
		t.Errorf("%#x: EC %#x IL %v ISS %#x ISS2 %#x", uint64(e), e.EC(), e.IL(), e.ISS(), e.ISS2())
	}
	e = ESR(0x54000010) // SVC #0x10 from AArch64, IL 0
	if e.EC() != ECSVC64 || e.IL() || e.ISS() != 0x10 {
		t.Errorf("%#x: EC %#x IL %v ISS %#x", uint64(e), e.EC(), e.IL(), e.ISS())
	}
}

func TestClassString(t *testing.T) {
	for _, tc := range []struct {
		ec   uint32
		want string
	}{
		{ECUnknown, "Unknown/Uncategorized"},
		{ECWFx, "WFI/WFE"},
		{0x02, "UNRECOGNIZED EC"},
		{ECFPAccess, "ASIMD"},
		{0x0A, "UNRECOGNIZED EC"},
		{ECBTI, "BTI"},
		{ECIllegalState, "PSTATE.IL"},
		{0x11, "SVC (AArch32)"},
		{ECSVC64, "SVC (AArch64)"},
		{ECSysReg, "MSR/MRS (AArch64)"},
		{ECSVE, "SVE"},
		{ECFPAC, "FPAC"},
		{ECSME, "SME"},
		{ECInstAbortLower, "IABT (lower EL)"},
		{ECInstAbortSame, "IABT (current EL)"},
		{ECPCAlign, "PC Alignment"},
		{0x23, "UNRECOGNIZED EC"},
		{ECDataAbortLower, "DABT (lower EL)"},
		{ECDataAbortSame, "DABT (current EL)"},
		{ECSPAlign, "SP Alignment"},
		{ECMOPS, "MOPS"},
		{ECFPExc64, "FP (AArch64)"},
		{ECGCS, "Guarded Control Stack"},
		{ECSError, "SError"},
		{ECBreakpointSame, "Breakpoint (current EL)"},
		{ECSoftStepLower, "Software Step (lower EL)"},
		{ECWatchpointSame, "Watchpoint (current EL)"},
		{0x3A, "Vector catch (AArch32)"},
		{ECBRK64, "BRK (AArch64)"},
		{0x3F, "UNRECOGNIZED EC"},
	} {
		// Set every other bit to check EC is masked out of the register.
		e := ESR(uint64(tc.ec)<<26 | 0xffffffff_03ffffff)
		if got := e.ClassString(); got != tc.want {
			t.Errorf("EC %#02x: got %q, want %q", tc.ec, got, tc.want)
		}
	}
}
