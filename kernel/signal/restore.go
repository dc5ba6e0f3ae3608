package signal

import (
	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/uctx"
)

// PSTATE (SPSR_EL1) bits, ARM ARM C5.2.19.
const (
	psrModeMask = 0xf // M[3:0]; 0 is EL0t
	psrMode32   = 1 << 4
	psrF        = 1 << 6
	psrI        = 1 << 7
	psrA        = 1 << 8
	psrD        = 1 << 9
	psrSS       = 1 << 21
	psrNZCV     = 0xf << 28

	// res0Bits is SPSR_EL1_AARCH64_RES0_BITS of
	// arch/arm64/kernel/ptrace.c: bits user space may not set.
	res0Bits = 0xffffffff00000000 | 3<<26 | 3<<22 | (1<<8-1)<<13 | 1<<5
)

// validUserPSTATE is valid_native_regs with user_regs_reset_single_step
// (no ptrace single-step in tamix): it clears the reserved bits and SS,
// then either accepts an EL0t AArch64 state with D, A, I, F clear or
// forces the state to EL0t keeping only NZCV and reports false.
func validUserPSTATE(p uint64) (uint64, bool) {
	p &^= res0Bits | psrSS
	if p&psrModeMask == 0 && p&(psrMode32|psrD|psrA|psrI|psrF) == 0 {
		return p, true
	}
	return p & psrNZCV, false
}

// Restore reads a frame image (FrameSize bytes copied in from the user at
// ctx.SP at rt_sigreturn) and restores ctx and returns the saved mask and
// the saved altstack, as rt_sigreturn and restore_sigframe do. It fails,
// and the caller sends SIGSEGV, on a misaligned SP, a short image, a
// malformed record list in __reserved (parse_user_sigframe), a missing
// or wrong-sized fpsimd_context, or a PSTATE that is not a valid EL0
// state; ctx is then left with the registers read so far and a sanitised
// PSTATE, as Linux leaves pt_regs.
//
// The caller applies the mask (without SIGKILL and SIGSTOP) and the
// altstack (restore_altstack: do_sigaltstack, whose errors are ignored
// unless EFAULT), and stops any syscall restart.
func Restore(ctx *uctx.Context, image []byte) (mask uint64, stack linuxabi.StackT, err error) {
	if ctx.SP&15 != 0 || len(image) < FrameSize {
		return 0, stack, linuxabi.EFAULT
	}
	b := image
	mask = le.Uint64(b[offUcSigmask:])
	var regs [31]uint64
	for i := range regs {
		regs[i] = le.Uint64(b[offRegs+8*i:])
	}
	ctx.X = regs
	ctx.SP = le.Uint64(b[offSP:])
	ctx.PC = le.Uint64(b[offPC:])
	var ok bool
	ctx.PSTATE, ok = validUserPSTATE(le.Uint64(b[offPSTATE:]))
	if !ok {
		return 0, stack, linuxabi.EINVAL
	}
	fp, err := findFPSIMD(b[offReserved : offReserved+reservedSize])
	if err != nil {
		return 0, stack, err
	}
	ctx.FPSR = uint64(le.Uint32(fp[offFpsr:]))
	ctx.FPCR = uint64(le.Uint32(fp[offFpcr:]))
	for i := range ctx.V {
		ctx.V[i] = le.Uint64(fp[offVregs+8*i:])
	}
	stack.Unmarshal(b[offUcStack:])
	return mask, stack, nil
}

// findFPSIMD walks the records of __reserved as parse_user_sigframe does
// on a CPU with FP/SIMD and without SVE, SME or POE: 16-aligned records
// each at least a header long, one fpsimd_context of exactly its size,
// esr_context ignored, a zero header with zero size ending the list; any
// other magic is invalid. It returns the fpsimd record.
func findFPSIMD(r []byte) ([]byte, error) {
	var fp []byte
	for off := 0; ; {
		if len(r)-off < ctxHeadSize || off%16 != 0 {
			return nil, linuxabi.EINVAL
		}
		magic, size := le.Uint32(r[off:]), le.Uint32(r[off+4:])
		if uint64(len(r)-off) < uint64(size) {
			return nil, linuxabi.EINVAL
		}
		switch magic {
		case 0:
			if size != 0 {
				return nil, linuxabi.EINVAL
			}
			if fp == nil {
				return nil, linuxabi.EINVAL
			}
			return fp, nil
		case FPSIMD_MAGIC:
			if fp != nil || size != fpsimdSize {
				return nil, linuxabi.EINVAL
			}
			fp = r[off : off+fpsimdSize]
		case ESR_MAGIC:
		default:
			return nil, linuxabi.EINVAL
		}
		if size < ctxHeadSize {
			return nil, linuxabi.EINVAL
		}
		off += int(size)
	}
}
