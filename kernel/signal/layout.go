// Package signal builds and restores the arm64 Linux signal frame, struct
// rt_sigframe (arch/arm64/kernel/signal.c), that a handler runs on and
// rt_sigreturn(2) reads back.
//
// The frame, from its 16-byte-aligned base upwards:
//
//	siginfo_t          128 bytes
//	struct ucontext    (arch/arm64/include/uapi/asm/ucontext.h)
//	  uc_flags, uc_link, uc_stack (stack_t), uc_sigmask + padding to 128 bytes,
//	  uc_mcontext: struct sigcontext (asm/sigcontext.h, 16-aligned)
//	    fault_address, regs[31], sp, pc, pstate,
//	    __reserved[4096]: fpsimd_context, esr_context (faults only),
//	    then a zero _aarch64_ctx header
//	struct frame_record {fp, lr} just above, at the top of the frame
//
// The offsets are computed from those definitions; the tests compare them
// with the arm64 UAPI headers through the arm64 cross compiler.
package signal

import "github.com/tamix/tamix/linuxabi"

// Offsets within struct rt_sigframe.
const (
	offInfo      = 0
	offUc        = linuxabi.SiginfoSize                     // struct ucontext
	offUcFlags   = offUc + 0                                // uc_flags
	offUcLink    = offUc + 8                                // uc_link
	offUcStack   = offUc + 16                               // uc_stack
	offUcSigmask = offUcStack + linuxabi.StackTSize         // uc_sigmask
	ucSigsetArea = 1024 / 8                                 // sigset_t plus __unused
	offMcontext  = (offUcSigmask + ucSigsetArea + 15) &^ 15 // uc_mcontext, 16-aligned

	offFaultAddr = offMcontext + 0            // fault_address
	offRegs      = offMcontext + 8            // regs[31]
	offSP        = offRegs + 31*8             // sp
	offPC        = offSP + 8                  // pc
	offPSTATE    = offPC + 8                  // pstate
	offReserved  = (offPSTATE + 8 + 15) &^ 15 // __reserved[4096], 16-aligned
	reservedSize = 4096

	// RtSigframeSize is sizeof(struct rt_sigframe).
	RtSigframeSize = offReserved + reservedSize
)

// Records in __reserved (asm/sigcontext.h).
const (
	ctxHeadSize = 8 // struct _aarch64_ctx {u32 magic, size}

	FPSIMD_MAGIC = 0x46508001
	ESR_MAGIC    = 0x45535201

	// fpsimd_context: head, fpsr, fpcr, vregs[32] (__uint128_t).
	fpsimdSize   = 16 + 32*16
	offFpsr      = 8
	offFpcr      = 12
	offVregs     = 16
	esrSize      = 16 // esr_context: head, u64 esr
	frameRecSize = 16 // struct frame_record {u64 fp, lr}
)

// FrameSize is the number of bytes Restore needs, read at the user's SP
// when rt_sigreturn is called: the whole struct rt_sigframe (the kernel
// checks access_ok over sizeof(*frame)).
const FrameSize = RtSigframeSize
