//go:build tamago

package arm64

import (
	"runtime"
	"unsafe"

	"github.com/tamix/tamix/soc/arm64/fault"
)

// Kind says which vector took a fault (the FAULT kinds in vectors_arm64.s).
type Kind uint64

const (
	KindSync    Kind = iota // synchronous exception in the kernel
	KindFIQ                 // FIQ (never routed by tamix)
	KindSError              // asynchronous external abort
	KindNested              // exception while on the exception stack
	KindUser                // from EL0
	KindAArch32             // from AArch32 EL0
)

func (k Kind) String() string {
	return [...]string{"synchronous", "FIQ", "SError", "nested", "AArch32"}[k]
}

// Set by faultEntry (vectors_arm64.s) before it enters faultPanic.
var (
	faultKind  uint64
	faultFrame fault.Frame
	inFault    bool
)

// FaultHandler reports a kernel fault (the kernel prints its oops); code
// holds the instruction bytes from pc-16 to pc+4 that could be read.
var FaultHandler func(kind Kind, f *fault.Frame, code []byte)

// faultPanic runs in the faulting goroutine, called (as faultEntry makes
// it appear) from the faulting instruction.
func faultPanic() {
	f := faultFrame
	kind := Kind(faultKind)
	if inFault {
		print("tamix: fault while handling a fault, pc ", hex(f.ELR).String(), " far ", hex(f.FAR).String(), " esr ", hex(f.ESR).String(), "\n")
		for {
			WFI()
		}
	}
	inFault = true
	if FaultHandler != nil {
		// Report from a fresh goroutine: formatting needs stack, and
		// growing this one means unwinding through the faulting frame,
		// which fails when that frame is a frameless leaf.
		done := make(chan struct{})
		go func() {
			FaultHandler(kind, &f, kernelCode(f.ELR))
			close(done)
		}()
		<-done
	}
	panic("Oops: Fatal exception")
}

// kernelCode returns the instruction bytes around pc when they lie in
// kernel text (so reading them cannot fault again).
func kernelCode(pc uint64) []byte {
	start, end := runtime.TextRegion()
	lo, hi := pc-16, pc+4
	if pc < 16 || lo < start {
		lo = start
	}
	if hi > end {
		hi = end
	}
	if pc < start || pc >= end || lo >= hi {
		return nil
	}
	b := make([]byte, hi-lo)
	copy(b, unsafe.Slice((*byte)(unsafe.Pointer(uintptr(lo))), hi-lo))
	return b
}

type hex uint64

func (h hex) String() string {
	const digits = "0123456789abcdef"
	var b [18]byte
	b[0], b[1] = '0', 'x'
	for i := 0; i < 16; i++ {
		b[17-i] = digits[(h>>(4*i))&0xf]
	}
	return string(b[:])
}
