package signal

import (
	"errors"
	"testing"

	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/uctx"
)

func testContext() *uctx.Context {
	var c uctx.Context
	for i := range c.X {
		c.X[i] = 0x1000_0000_0000_0000 + uint64(i)*0x1111
	}
	for i := range c.V {
		c.V[i] = 0xa5a5_0000_0000_0000 ^ uint64(i)*0x0101_0101
	}
	c.SP = 0x7fff_f000_1238 // not 16-aligned on purpose
	c.PC = 0x40_1000
	c.PSTATE = 0x6000_0000 // Z and C, EL0t
	c.FPSR = 0x0800_009f
	c.FPCR = 0x0340_0000
	c.TPIDR = 0x55_0000
	return &c
}

func testFrame() *Frame {
	return &Frame{
		Info:     linuxabi.SiginfoKill(linuxabi.SIGUSR1, linuxabi.SI_USER, 42, 1000),
		Handler:  0x40_2000,
		Restorer: 0x40_3000,
		Flags:    linuxabi.SA_SIGINFO | linuxabi.SA_RESTORER,
		Mask:     linuxabi.SIGINT.Mask() | linuxabi.SIGRTMIN.Mask(),
	}
}

// userSigreturn models the handler returning through the restorer: the
// stack pointer is back at the frame.
func userSigreturn(ctx *uctx.Context, addr uint64) { ctx.SP = addr }

func TestBuildRestoreRoundTrip(t *testing.T) {
	orig := testContext()
	ctx := *orig
	f := testFrame()
	f.FaultAddr, f.ESR = 0xdead_0000, 0x9200_0047
	addr, img, err := Build(&ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if addr%16 != 0 || len(img) < FrameSize {
		t.Fatalf("addr %#x len %d", addr, len(img))
	}
	if addr+uint64(len(img)) > orig.SP || orig.SP-addr > RtSigframeSize+2*16 {
		t.Errorf("frame [%#x,+%d) not just below sp %#x", addr, len(img), orig.SP)
	}
	// Handler entry state (setup_return).
	want := map[string][2]uint64{
		"x0": {ctx.X[0], uint64(linuxabi.SIGUSR1)}, "x1": {ctx.X[1], addr},
		"x2": {ctx.X[2], addr + linuxabi.SiginfoSize}, "sp": {ctx.SP, addr},
		"pc": {ctx.PC, f.Handler}, "x30": {ctx.X[30], f.Restorer},
		"x29": {ctx.X[29], addr + RtSigframeSize},
	}
	for n, v := range want {
		if v[0] != v[1] {
			t.Errorf("%s = %#x, want %#x", n, v[0], v[1])
		}
	}
	// The frame record holds the interrupted fp, lr.
	rec := img[ctx.X[29]-addr:]
	if le.Uint64(rec) != orig.X[29] || le.Uint64(rec[8:]) != orig.X[30] {
		t.Errorf("frame record %#x %#x", le.Uint64(rec), le.Uint64(rec[8:]))
	}
	var si linuxabi.Siginfo
	si.Unmarshal(img)
	if si != f.Info {
		t.Errorf("siginfo %+v", si)
	}
	if le.Uint64(img[offFaultAddr:]) != f.FaultAddr {
		t.Errorf("fault_address")
	}
	esr := img[offReserved+fpsimdSize:]
	if le.Uint32(esr) != ESR_MAGIC || le.Uint32(esr[4:]) != esrSize || le.Uint64(esr[8:]) != f.ESR {
		t.Errorf("esr_context % x", esr[:16])
	}

	// The handler clobbers everything, then returns.
	ctx = uctx.Context{TPIDR: orig.TPIDR}
	userSigreturn(&ctx, addr)
	mask, ss, err := Restore(&ctx, img[:FrameSize])
	if err != nil {
		t.Fatal(err)
	}
	if mask != f.Mask {
		t.Errorf("mask %#x, want %#x", mask, f.Mask)
	}
	if ss.Flags != linuxabi.SS_DISABLE {
		t.Errorf("uc_stack flags %#x, want SS_DISABLE", ss.Flags)
	}
	if ctx != *orig {
		t.Errorf("restored context differs:\n got %+v\nwant %+v", ctx, *orig)
	}
}

func TestNoSiginfo(t *testing.T) {
	ctx := testContext()
	f := testFrame()
	f.Flags = linuxabi.SA_RESTORER
	x1, x2 := ctx.X[1], ctx.X[2]
	_, img, err := Build(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if ctx.X[1] != x1 || ctx.X[2] != x2 {
		t.Errorf("x1/x2 changed without SA_SIGINFO")
	}
	for _, c := range img[:linuxabi.SiginfoSize] {
		if c != 0 {
			t.Fatalf("siginfo written without SA_SIGINFO")
		}
	}
	// No ESR: the terminator follows fpsimd_context.
	if h := img[offReserved+fpsimdSize:]; le.Uint64(h) != 0 {
		t.Errorf("no terminator after fpsimd: % x", h[:8])
	}
}

func TestNoRestorer(t *testing.T) {
	f := testFrame()
	f.Flags &^= linuxabi.SA_RESTORER
	if _, _, err := Build(testContext(), f); !errors.Is(err, linuxabi.EFAULT) {
		t.Errorf("err = %v, want EFAULT", err)
	}
}

func TestAlignment(t *testing.T) {
	for sp := uint64(0x8000_0000); sp < 0x8000_0000+64; sp++ {
		ctx := testContext()
		ctx.SP = sp
		addr, img, err := Build(ctx, testFrame())
		if err != nil {
			t.Fatal(err)
		}
		rec := addr + RtSigframeSize
		if addr%16 != 0 || rec%16 != 0 || rec+frameRecSize > sp || rec+frameRecSize+16 <= sp-15 {
			t.Errorf("sp %#x: frame %#x record %#x", sp, addr, rec)
		}
		if addr+uint64(len(img)) != rec+frameRecSize {
			t.Errorf("sp %#x: image ends %#x", sp, addr+uint64(len(img)))
		}
	}
}

func TestAltStack(t *testing.T) {
	ss := linuxabi.StackT{Sp: 0x9000_0000, Size: linuxabi.SIGSTKSZ}
	onTop := ss.Sp + ss.Size
	tests := []struct {
		name      string
		sp, flags uint64
		ss        linuxabi.StackT
		use       bool
		saved     uint32
	}{
		{"SA_ONSTACK", 0x7000_0000, linuxabi.SA_ONSTACK, ss, true, 0},
		{"no SA_ONSTACK", 0x7000_0000, 0, ss, false, 0},
		{"disabled", 0x7000_0000, linuxabi.SA_ONSTACK, linuxabi.StackT{}, false, linuxabi.SS_DISABLE},
		{"already on it", onTop - 0x100, linuxabi.SA_ONSTACK, ss, false, linuxabi.SS_ONSTACK},
		{"top is on it", onTop, linuxabi.SA_ONSTACK, ss, false, linuxabi.SS_ONSTACK},
		{"base is not", ss.Sp, linuxabi.SA_ONSTACK, ss, true, 0},
		{"autodisarm", onTop - 0x100, linuxabi.SA_ONSTACK,
			linuxabi.StackT{Sp: ss.Sp, Size: ss.Size, Flags: linuxabi.SS_AUTODISARM}, true, linuxabi.SS_AUTODISARM},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := UseAltStack(tc.sp, tc.flags, tc.ss); got != tc.use {
				t.Fatalf("UseAltStack = %v, want %v", got, tc.use)
			}
			ctx := testContext()
			ctx.SP = tc.sp
			f := testFrame()
			f.Flags |= tc.flags
			f.AltStack, f.OnAltStack = tc.ss, tc.use
			addr, img, err := Build(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			top := tc.sp
			if tc.use {
				top = tc.ss.Sp + tc.ss.Size
			}
			if end := addr + uint64(len(img)); end > top || top-end >= 16 {
				t.Errorf("frame ends %#x, stack top %#x", end, top)
			}
			var saved linuxabi.StackT
			saved.Unmarshal(img[offUcStack:])
			if saved.Sp != tc.ss.Sp || saved.Size != tc.ss.Size || saved.Flags != tc.saved {
				t.Errorf("uc_stack %+v, want flags %#x", saved, tc.saved)
			}
		})
	}
}

func restoreErr(t *testing.T, edit func(img []byte, ctx *uctx.Context)) (*uctx.Context, error) {
	t.Helper()
	ctx := testContext()
	f := testFrame()
	f.ESR = 0x9200_0047
	addr, img, err := Build(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	userSigreturn(ctx, addr)
	edit(img, ctx)
	_, _, err = Restore(ctx, img)
	return ctx, err
}

func TestRestoreRejects(t *testing.T) {
	tests := []struct {
		name string
		edit func(img []byte, ctx *uctx.Context)
	}{
		{"misaligned sp", func(_ []byte, c *uctx.Context) { c.SP += 8 }},
		{"bad fpsimd magic", func(b []byte, _ *uctx.Context) { le.PutUint32(b[offReserved:], 0x46508002) }},
		{"bad fpsimd size", func(b []byte, _ *uctx.Context) { le.PutUint32(b[offReserved+4:], fpsimdSize+16) }},
		{"unknown record", func(b []byte, _ *uctx.Context) { le.PutUint32(b[offReserved+fpsimdSize:], 0x53564501) }},
		{"no fpsimd", func(b []byte, _ *uctx.Context) {
			clear(b[offReserved : offReserved+fpsimdSize+esrSize])
		}},
		{"record past end", func(b []byte, _ *uctx.Context) { le.PutUint32(b[offReserved+fpsimdSize+4:], reservedSize) }},
		{"misaligned record", func(b []byte, _ *uctx.Context) { le.PutUint32(b[offReserved+fpsimdSize+4:], 12) }},
		{"zero-size record", func(b []byte, _ *uctx.Context) { le.PutUint32(b[offReserved+fpsimdSize+4:], 0) }},
		{"terminator with size", func(b []byte, _ *uctx.Context) {
			le.PutUint32(b[offReserved+fpsimdSize+esrSize+4:], 16)
		}},
		{"two fpsimd", func(b []byte, _ *uctx.Context) {
			copy(b[offReserved+fpsimdSize:], b[offReserved:offReserved+fpsimdSize])
		}},
	}
	for _, tc := range tests {
		if _, err := restoreErr(t, tc.edit); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
	if _, err := restoreErr(t, func(b []byte, c *uctx.Context) {}); err != nil {
		t.Errorf("unmodified frame: %v", err)
	}
	ctx := testContext()
	if _, _, err := Restore(ctx, make([]byte, FrameSize-1)); err == nil {
		t.Errorf("short image accepted")
	}
}

func TestRestorePSTATE(t *testing.T) {
	tests := []struct {
		in, out uint64
		ok      bool
	}{
		{0x6000_0000, 0x6000_0000, true},
		{0xf000_0000 | 1<<12 | 3<<10, 0xf000_0000 | 1<<12 | 3<<10, true}, // NZCV, SSBS, BTYPE kept
		{0x6000_0000 | 1<<21, 0x6000_0000, true},                         // SS cleared
		{0x6000_0000 | 1<<40 | 1<<5 | 1<<22, 0x6000_0000, true},          // RES0 cleared
		{0x6000_0005, 0x6000_0000, false},                                // EL1h
		{0x6000_0004, 0x6000_0000, false},                                // EL1t
		{0x6000_0010, 0x6000_0000, false},                                // AArch32
		{0x6000_0080, 0x6000_0000, false},                                // IRQs masked
		{0x6000_03c0, 0x6000_0000, false},                                // DAIF
	}
	for _, tc := range tests {
		ctx, err := restoreErr(t, func(b []byte, _ *uctx.Context) { le.PutUint64(b[offPSTATE:], tc.in) })
		if (err == nil) != tc.ok || ctx.PSTATE != tc.out {
			t.Errorf("pstate %#x: got %#x, err %v; want %#x ok=%v", tc.in, ctx.PSTATE, err, tc.out, tc.ok)
		}
	}
}
