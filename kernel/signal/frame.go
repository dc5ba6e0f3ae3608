package signal

import (
	"encoding/binary"

	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/uctx"
)

var le = binary.LittleEndian

// Frame describes a signal being delivered.
type Frame struct {
	Info     linuxabi.Siginfo
	Handler  uint64 // sa_handler
	Restorer uint64 // sa_restorer
	Flags    uint64 // sa_flags
	// Mask is the blocked set to save in uc_sigmask: the mask before
	// delivery, which rt_sigreturn reinstates.
	Mask uint64
	// AltStack is the thread's sigaltstack state (a zero Size means
	// disabled); it is saved in uc_stack.
	AltStack linuxabi.StackT
	// OnAltStack delivers on top of AltStack rather than below ctx.SP
	// (see UseAltStack).
	OnAltStack bool
	// FaultAddr is saved in sigcontext.fault_address; ESR, when not
	// zero, adds an esr_context record, as Linux does for faults
	// (thread.fault_code).
	FaultAddr uint64
	ESR       uint64
}

// UseAltStack reports whether a signal with sa_flags flags, interrupting
// a thread at sp, goes on the alternate stack ss: SA_ONSTACK is set, an
// alternate stack is configured, and sp is not already on it (Linux's
// sigsp and sas_ss_flags in include/linux/sched/signal.h).
func UseAltStack(sp, flags uint64, ss linuxabi.StackT) bool {
	return flags&linuxabi.SA_ONSTACK != 0 && altStackFlags(sp, ss) == 0
}

// OnStack reports whether sp is on the alternate stack ss (on_sig_stack:
// never with SS_AUTODISARM, whose stack is disarmed while in use).
func OnStack(sp uint64, ss linuxabi.StackT) bool {
	if ss.Flags&linuxabi.SS_AUTODISARM != 0 {
		return false
	}
	return sp > ss.Sp && sp-ss.Sp <= ss.Size
}

// altStackFlags is sas_ss_flags: SS_DISABLE, SS_ONSTACK or 0.
func altStackFlags(sp uint64, ss linuxabi.StackT) uint32 {
	if ss.Size == 0 {
		return linuxabi.SS_DISABLE
	}
	if OnStack(sp, ss) {
		return linuxabi.SS_ONSTACK
	}
	return 0
}

// Build writes the frame below the current (or alternate) stack of ctx,
// into the returned bytes at the returned address (16-byte aligned), and
// sets ctx for the handler as setup_rt_frame and setup_return do:
// x0 = signo, x1 = &info and x2 = &uc (when SA_SIGINFO), sp = frame,
// pc = handler, x30 = restorer, x29 = the frame record, which holds the
// interrupted x29 and x30. image covers [addr, addr+len(image)), the
// frame and the record; the caller copies it out and, if that faults,
// restores ctx and forces SIGSEGV.
//
// Linux falls back to the vDSO's sigreturn trampoline without
// SA_RESTORER; tamix has no vDSO, so Build returns EFAULT (the C
// libraries and Go always set SA_RESTORER).
//
// With SS_AUTODISARM the caller disarms the alternate stack after Build
// (sas_ss_reset in __save_altstack); uc_stack keeps the armed values.
func Build(ctx *uctx.Context, f *Frame) (addr uint64, image []byte, err error) {
	if f.Flags&linuxabi.SA_RESTORER == 0 || f.Restorer == 0 {
		return 0, nil, linuxabi.EFAULT
	}
	top := ctx.SP
	if f.OnAltStack {
		top = f.AltStack.Sp + f.AltStack.Size
	}
	// get_sigframe: the frame record below the top, then the frame.
	rec := (top - frameRecSize) &^ 15
	addr = rec - RtSigframeSize
	if addr > top {
		return 0, nil, linuxabi.EFAULT // wrapped below address 0
	}
	image = make([]byte, rec+frameRecSize-addr)
	b := image

	if f.Flags&linuxabi.SA_SIGINFO != 0 {
		f.Info.Marshal(b[offInfo:])
	}
	// uc_flags and uc_link are zero.
	saved := f.AltStack
	saved.Flags = altStackFlags(ctx.SP, f.AltStack) | f.AltStack.Flags&linuxabi.SS_FLAG_BITS
	saved.Marshal(b[offUcStack:])
	le.PutUint64(b[offUcSigmask:], f.Mask)

	le.PutUint64(b[offFaultAddr:], f.FaultAddr)
	for i, x := range ctx.X {
		le.PutUint64(b[offRegs+8*i:], x)
	}
	le.PutUint64(b[offSP:], ctx.SP)
	le.PutUint64(b[offPC:], ctx.PC)
	le.PutUint64(b[offPSTATE:], ctx.PSTATE)

	r := b[offReserved : offReserved+reservedSize]
	putHead(r, FPSIMD_MAGIC, fpsimdSize)
	le.PutUint32(r[offFpsr:], uint32(ctx.FPSR))
	le.PutUint32(r[offFpcr:], uint32(ctx.FPCR))
	for i, v := range ctx.V {
		le.PutUint64(r[offVregs+8*i:], v)
	}
	next := fpsimdSize
	if f.ESR != 0 {
		putHead(r[next:], ESR_MAGIC, esrSize)
		le.PutUint64(r[next+ctxHeadSize:], f.ESR)
		next += esrSize
	}
	putHead(r[next:], 0, 0) // terminator (already zero; explicit)

	// The frame record: the interrupted fp and lr.
	le.PutUint64(b[rec-addr:], ctx.X[29])
	le.PutUint64(b[rec-addr+8:], ctx.X[30])

	ctx.X[0] = uint64(f.Info.Signo)
	if f.Flags&linuxabi.SA_SIGINFO != 0 {
		ctx.X[1] = addr + offInfo
		ctx.X[2] = addr + offUc
	}
	ctx.SP = addr
	ctx.X[29] = rec
	ctx.PC = f.Handler
	ctx.X[30] = f.Restorer
	return addr, image, nil
}

func putHead(b []byte, magic, size uint32) {
	le.PutUint32(b, magic)
	le.PutUint32(b[4:], size)
}
