package task

import (
	"encoding/binary"

	"golang.org/x/arch/arm64/arm64asm"
)

// emulateMRS emulates an EL0 read of a CPU ID register, which the CPU
// reports as an undefined instruction, as Linux's emulate_mrs does
// (arch/arm64/kernel/cpufeature.c, Documentation/arch/arm64/cpu-feature-registers.rst):
// the trapped instruction is decoded, and if it is an MRS of a register in
// the ID space (op0 3, op1 0, CRn 0) the sanitised value is written to
// its target and the instruction skipped.
func (t *Task) emulateMRS() bool {
	var b [4]byte
	if t.space.CopyIn(b[:], t.ctx.PC) != nil {
		return false
	}
	inst, err := arm64asm.Decode(b[:])
	if err != nil || inst.Op != arm64asm.MRS {
		return false
	}
	// MRS <Xt>, <sysreg>: 1101 0101 0011 o0 op1 CRn CRm op2 Rt
	// (Arm ARM C6.2.243); op0 is 2 + o0.
	w := binary.LittleEndian.Uint32(b[:])
	return t.mrs(2+(w>>19)&1, (w>>16)&7, (w>>12)&0xf, (w>>8)&0xf, (w>>5)&7, int(w&0x1f))
}

// emulateSysReg handles an MSR/MRS trapped with its own exception class
// (EC 0x18), whose ISS carries the encoding (Arm ARM D17.2.37, "ISS
// encoding for an exception from MSR, MRS, or System instruction").
func (t *Task) emulateSysReg(esr uint64) bool {
	iss := uint32(esr & 0x1ffffff)
	if iss&1 == 0 { // a write: MSR
		return false
	}
	return t.mrs((iss>>20)&3, (iss>>14)&7, (iss>>10)&0xf, (iss>>1)&0xf, (iss>>17)&7, int((iss>>5)&0x1f))
}

func (t *Task) mrs(op0, op1, crn, crm, op2 uint32, rt int) bool {
	if op0 != 3 || op1 != 0 || crn != 0 {
		return false
	}
	v, ok := t.k.hw.IDRegister(op0, op1, crn, crm, op2)
	if !ok {
		return false
	}
	if rt != 31 { // XZR
		t.ctx.X[rt] = v
	}
	t.ctx.PC += 4
	return true
}
