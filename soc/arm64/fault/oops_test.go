package fault

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestFrameLayout pins Frame to the layout vectors_arm64.s stores
// (FRAME_SIZE 288).
func TestFrameLayout(t *testing.T) {
	typ := reflect.TypeFor[Frame]()
	if typ.Size() != 288 {
		t.Errorf("Frame is %d bytes, want 288", typ.Size())
	}
	for name, off := range map[string]uintptr{"X": 0, "SP": 248, "ELR": 256, "SPSR": 264, "ESR": 272, "FAR": 280} {
		if f, _ := typ.FieldByName(name); f.Offset != off {
			t.Errorf("Frame.%s at %d, want %d", name, f.Offset, off)
		}
	}
}

func TestDisassemble(t *testing.T) {
	for _, tc := range []struct {
		word uint32
		want string
	}{
		{0xf9400020, "ldr x0, [x1]"},
		{0xb9400000, "ldr w0, [x0]"},
		{0xd503201f, "nop"},
		{0xd65f03c0, "ret"},
		{0xa9bf7bfd, "stp x29, x30, [sp,#-16]!"},
		{0x910003fd, "mov x29, sp"},
		{0xd4200000, "brk #0x0"},
		{0x00000000, "udf #0"},
		{0x0000beef, "udf #48879"},
		{0xffffffff, "?"},
	} {
		if got := Disassemble(tc.word); got != tc.want {
			t.Errorf("%08x: got %q, want %q", tc.word, got, tc.want)
		}
	}
}

// code returns words as the little-endian bytes the caller reads.
func code(words ...uint32) []byte {
	var b []byte
	for _, w := range words {
		b = binary.LittleEndian.AppendUint32(b, w)
	}
	return b
}

// frame returns a kernel frame with recognisable register values.
func frame() *Frame {
	f := &Frame{SP: 0xc7ff3e50, ELR: 0xc0123458, SPSR: 0x60000005}
	for i := range f.X {
		f.X[i] = 0xc0000000 + uint64(i)<<12 | uint64(i)
	}
	f.X[29] = 0xc7ff3e80
	f.X[30] = 0xc0123400
	return f
}

func TestOopsGolden(t *testing.T) {
	null := frame()
	null.X[1] = 0
	null.ESR = 0x96000006
	null.FAR = 0

	undef := frame()
	undef.ESR = 0x02000000
	undef.FAR = 0xdeadbeef // UNKNOWN for this class: not printed
	undef.SPSR = 0x80000004

	for _, tc := range []struct {
		name string
		f    *Frame
		insn []byte
		sym  func(uint64) string
	}{
		{"null_deref", null, code(0xa9bf7bfd, 0x910003fd, 0xd503201f, 0xaa0103e2, 0xf9400020), nil},
		{"undef", undef, code(0xd503201f, 0xa9bf7bfd, 0x910003fd, 0xd503201f, 0x00000000), func(pc uint64) string {
			if pc == 0xc0123400 {
				return "" // unknown: falls back to hex
			}
			return fmt.Sprintf("tamix/kernel.crash+0x%x", pc-0xc0123440)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Reporter{Symbolize: tc.sym}
			var b bytes.Buffer
			r.Oops(&b, KernelFaultTitle(ESR(tc.f.ESR), tc.f.FAR), tc.f, tc.insn)
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestOopsCount checks the [#n] counter of successive reports.
func TestOopsCount(t *testing.T) {
	var r Reporter
	f := frame()
	f.ESR = 0x02000000
	for n := 1; n <= 3; n++ {
		var b strings.Builder
		r.Oops(&b, "Oops - Undefined instruction", f, nil)
		want := fmt.Sprintf("Internal error: Oops - Undefined instruction: 0000000002000000 [#%d] SMP\n", n)
		if !strings.HasPrefix(b.String(), want) {
			t.Errorf("report %d starts %q, want %q", n, strings.SplitAfter(b.String(), "\n")[0], want)
		}
	}
}

// TestOopsShortCode checks the Code and Disassembly lines for every length
// of insn, none of which may panic.
func TestOopsShortCode(t *testing.T) {
	full := code(0x11111111, 0x22222222, 0x33333333, 0x44444444, 0xf9400020)
	for _, tc := range []struct {
		insn []byte
		code string
		dis  string
	}{
		{nil, "Code: ???????? ???????? ???????? ???????? (????????) \n", ""},
		{full[19:], "Code: ???????? ???????? ???????? ???????? (????????) \n", ""},
		{full[16:], "Code: ???????? ???????? ???????? ???????? (f9400020) \n", "Disassembly: ldr x0, [x1]\n"},
		{full[13:], "Code: ???????? ???????? ???????? ???????? (f9400020) \n", "Disassembly: ldr x0, [x1]\n"},
		{full[8:], "Code: ???????? ???????? 33333333 44444444 (f9400020) \n", "Disassembly: ldr x0, [x1]\n"},
		{full, "Code: 11111111 22222222 33333333 44444444 (f9400020) \n", "Disassembly: ldr x0, [x1]\n"},
		{append(code(0x99999999), full...), "Code: 11111111 22222222 33333333 44444444 (f9400020) \n", "Disassembly: ldr x0, [x1]\n"},
		{code(0xffffffff), "Code: ???????? ???????? ???????? ???????? (ffffffff) \n", "Disassembly: ?\n"},
	} {
		var b strings.Builder
		Oops(&b, "Oops", frame(), tc.insn)
		out := b.String()
		i := strings.Index(out, "Code: ")
		if i < 0 {
			t.Fatalf("insn % x: no Code line in\n%s", tc.insn, out)
		}
		if got, want := out[i:], tc.code+tc.dis; got != want {
			t.Errorf("insn % x:\n got %q\nwant %q", tc.insn, got, want)
		}
	}
}
