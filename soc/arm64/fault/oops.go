package fault

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"golang.org/x/arch/arm64/arm64asm"
)

// Frame is the register state saved by the exception entry code.
type Frame struct {
	X    [31]uint64 // x0..x30 (x30 = lr)
	SP   uint64     // interrupted SP
	ELR  uint64     // pc
	SPSR uint64
	ESR  uint64
	FAR  uint64
}

// Reporter writes oops reports. The zero value is ready to use; a Reporter
// must not be copied after first use.
type Reporter struct {
	// Symbolize, if not nil, names a kernel text address for the pc and lr
	// lines, where Linux prints %pS ("name+0xoff/0xsize" with kallsyms),
	// e.g. from runtime.FuncForPC. An empty result leaves the address in
	// hex, as Linux does without kallsyms.
	Symbolize func(pc uint64) string

	dies atomic.Uint32 // Linux's die_counter, the [#n] of the report
}

var std Reporter

// Oops writes a kernel oops report for f with a Reporter that does not
// symbolize addresses; see Reporter.Oops.
func Oops(w io.Writer, title string, f *Frame, insn []byte) {
	std.Oops(w, title, f, insn)
}

// Oops writes a report for the exception f in the layout of Linux's arm64
// oops, in one Write.
//
// For a data or instruction abort, title is the headline that
// die_kernel_fault() prints before " at virtual address <FAR>" and the
// mem_abort_decode() block, and the die() string is "Oops". For any other
// exception class title is the die() string itself, as in "Internal error:
// Oops - Undefined instruction: ...". KernelFaultTitle derives both the way
// Linux does.
//
// Then come the __die() line ("Internal error: <string>: <ESR> [#n] SMP"),
// the __show_regs() lines (pstate, pc, lr, sp, x29..x0 three a line) and
// the dump_kernel_instr() "Code:" line. Not printed: the CPU and
// "Modules linked in" lines, the page table walk and the call trace, which
// this package cannot know.
//
// insn holds the instruction bytes that could be read ending at pc+4:
// the 20 bytes from pc-16 when all are readable, fewer (missing leading
// words) or none otherwise. Unavailable words print as "????????", like
// Linux's. tamix adds a "Disassembly:" line for the word at pc.
func (r *Reporter) Oops(w io.Writer, title string, f *Frame, insn []byte) {
	var b strings.Builder
	esr := ESR(f.ESR)
	die := title
	if esr.IsAbort() {
		fmt.Fprintf(&b, "%s at virtual address %016x\n", title, f.FAR)
		memAbortDecode(&b, esr)
		die = "Oops"
	}
	fmt.Fprintf(&b, "Internal error: %s: %016x [#%d] SMP\n", die, f.ESR, r.dies.Add(1))
	fmt.Fprintf(&b, "pstate: %s\n", PSTATEString(f.SPSR))
	fmt.Fprintf(&b, "pc : %s\n", r.symbol(f.ELR))
	fmt.Fprintf(&b, "lr : %s\n", r.symbol(f.X[30]))
	fmt.Fprintf(&b, "sp : %016x\n", f.SP)
	for i := 29; i >= 0; i -= 3 {
		fmt.Fprintf(&b, "x%-2d: %016x x%-2d: %016x x%-2d: %016x\n",
			i, f.X[i], i-1, f.X[i-1], i-2, f.X[i-2])
	}
	dumpCode(&b, insn)
	io.WriteString(w, b.String())
}

// symbol formats a text address as the pc and lr lines show it: Symbolize's
// name, else what Linux's %pS prints without kallsyms.
func (r *Reporter) symbol(pc uint64) string {
	if r.Symbolize != nil {
		if s := r.Symbolize(pc); s != "" {
			return s
		}
	}
	return fmt.Sprintf("0x%016x", pc)
}

// dumpCode writes the line of Linux's dump_kernel_instr()
// (arch/arm64/kernel/traps.c), the four words before pc and the word at pc
// in parentheses, then the disassembly of the word at pc if it is there.
func dumpCode(b *strings.Builder, insn []byte) {
	const words = 5
	insn = insn[len(insn)%4:]
	if len(insn) > 4*words {
		insn = insn[len(insn)-4*words:]
	}
	missing := words - len(insn)/4
	b.WriteString("Code: ")
	var word uint32
	for i := range words {
		form := "%s "
		if i == words-1 {
			form = "(%s) "
		}
		s := "????????"
		if i >= missing {
			word = binary.LittleEndian.Uint32(insn[4*(i-missing):])
			s = fmt.Sprintf("%08x", word)
		}
		fmt.Fprintf(b, form, s)
	}
	b.WriteString("\n")
	if missing < words {
		fmt.Fprintf(b, "Disassembly: %s\n", Disassemble(word))
	}
}

// Disassemble returns the A64 instruction word in GNU syntax, as objdump
// prints it (golang.org/x/arch/arm64/arm64asm), or "?" if it does not
// decode.
func Disassemble(word uint32) string {
	if word>>16 == 0 {
		// UDF #imm16, permanently undefined (Arm ARM C6.2, "UDF"), which
		// arm64asm does not know.
		return fmt.Sprintf("udf #%d", word)
	}
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], word)
	inst, err := arm64asm.Decode(b[:])
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(arm64asm.GNUSyntax(inst))
}
