package elf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// stack is an initial stack decoded the way a C library's start code reads
// it, from sp up.
type stack struct {
	argc       uint64
	argv, envp []string
	argvAddr   []uint64
	envpAddr   []uint64
	auxv       []AuxEntry
	auxEnd     uint64 // just past AT_NULL
}

func decode(t *testing.T, image []byte, sp, top uint64) stack {
	t.Helper()
	if uint64(len(image)) != top-sp {
		t.Fatalf("image is %d bytes, top-sp = %d", len(image), top-sp)
	}
	word := func(addr uint64) uint64 {
		if addr < sp || addr+8 > top {
			t.Fatalf("word at %#x outside the stack [%#x, %#x)", addr, sp, top)
		}
		return binary.LittleEndian.Uint64(image[addr-sp:])
	}
	cstr := func(addr uint64) string {
		if addr < sp || addr >= top {
			t.Fatalf("string at %#x outside the stack", addr)
		}
		s := image[addr-sp:]
		n := bytes.IndexByte(s, 0)
		if n < 0 {
			t.Fatalf("string at %#x not terminated", addr)
		}
		return string(s[:n])
	}
	var st stack
	at := sp
	st.argc = word(at)
	at += 8
	for ; word(at) != 0; at += 8 {
		st.argvAddr = append(st.argvAddr, word(at))
		st.argv = append(st.argv, cstr(word(at)))
	}
	for at += 8; word(at) != 0; at += 8 {
		st.envpAddr = append(st.envpAddr, word(at))
		st.envp = append(st.envp, cstr(word(at)))
	}
	for at += 8; ; at += 16 {
		e := AuxEntry{word(at), word(at + 8)}
		if e.Type == atNull {
			st.auxEnd = at + 16
			break
		}
		st.auxv = append(st.auxv, e)
	}
	return st
}

func auxVal(t *testing.T, st stack, typ uint64) uint64 {
	t.Helper()
	for _, e := range st.auxv {
		if e.Type == typ {
			return e.Value
		}
	}
	t.Fatalf("no auxv entry %d", typ)
	return 0
}

func TestBuildStack(t *testing.T) {
	const top = 0xffff_ffff_f000
	args := StackArgs{
		Argv:   []string{"/bin/prog", "-x", ""},
		Envp:   []string{"HOME=/", "TERM=vt100"},
		ExecFn: "./prog",
		// Deliberately out of Linux's order, with a type Linux does
		// not emit on arm64 (AT_NOTELF) that goes last.
		Auxv: []AuxEntry{
			{10, 1}, {atEntry, 0x400100}, {atPhdr, 0x400040}, {atHWCap2, 0x2},
			{atHWCap, 0xefff}, {atSysinfoEHdr, 0xffff_f7ff_e000}, {atMinSigStkSz, 5120},
			{atPagesz, 4096}, {atClkTck, 100}, {atPhent, 56}, {atPhnum, 3},
			{atBase, 0}, {atFlags, 0}, {atUID, 1000}, {atEUID, 1001}, {atGID, 1002},
			{atEGID, 1003}, {atSecure, 0},
		},
		Random: [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
	}
	image, sp, err := BuildStack(top, args)
	if err != nil {
		t.Fatal(err)
	}
	if sp%16 != 0 {
		t.Errorf("sp %#x not 16-byte aligned", sp)
	}
	st := decode(t, image, sp, top)
	if st.argc != 3 || !reflect.DeepEqual(st.argv, args.Argv) || !reflect.DeepEqual(st.envp, args.Envp) {
		t.Errorf("argc %d argv %q envp %q", st.argc, st.argv, st.envp)
	}

	var types []uint64
	for _, e := range st.auxv {
		types = append(types, e.Type)
	}
	wantTypes := []uint64{
		atSysinfoEHdr, atMinSigStkSz, atHWCap, atPagesz, atClkTck, atPhdr, atPhent,
		atPhnum, atBase, atFlags, atEntry, atUID, atEUID, atGID, atEGID, atSecure,
		atRandom, atHWCap2, atExecFn, atPlatform, 10,
	}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("auxv order %v,\nwant %v", types, wantTypes)
	}
	if v := auxVal(t, st, atUID); v != 1000 {
		t.Errorf("AT_UID = %d", v)
	}

	// The strings: argv, envp, then the file name, packed up to the
	// 8-byte end marker below top.
	execFn := auxVal(t, st, atExecFn)
	if got := string(image[execFn-sp : top-8-sp]); got != "./prog\x00" {
		t.Errorf("AT_EXECFN string %q", got)
	}
	if !bytes.Equal(image[top-8-sp:], make([]byte, 8)) {
		t.Error("end marker not zero")
	}
	next := st.argvAddr[0]
	for i, addr := range append(st.argvAddr, st.envpAddr...) {
		if addr != next {
			t.Errorf("string %d at %#x, want %#x", i, addr, next)
		}
		next = addr + uint64(len(cstrAt(image, sp, addr))) + 1
	}
	if next != execFn {
		t.Errorf("file name at %#x, want %#x", execFn, next)
	}

	// Below the strings, 16-byte aligned: "aarch64", then the random
	// bytes, then at most 15 bytes of padding above the vector.
	plat := auxVal(t, st, atPlatform)
	if plat != (st.argvAddr[0]&^15)-8 || cstrAt(image, sp, plat) != "aarch64" {
		t.Errorf("AT_PLATFORM at %#x: %q", plat, cstrAt(image, sp, plat))
	}
	rnd := auxVal(t, st, atRandom)
	if rnd != plat-16 || !bytes.Equal(image[rnd-sp:rnd-sp+16], args.Random[:]) {
		t.Errorf("AT_RANDOM at %#x: % x", rnd, image[rnd-sp:rnd-sp+16])
	}
	if st.auxEnd > rnd || rnd-st.auxEnd >= 16 {
		t.Errorf("vector ends at %#x, random bytes at %#x", st.auxEnd, rnd)
	}
}

func cstrAt(image []byte, sp, addr uint64) string {
	s := image[addr-sp:]
	return string(s[:bytes.IndexByte(s, 0)])
}

// TestBuildStackExact checks a small stack byte for byte.
func TestBuildStackExact(t *testing.T) {
	const top = 0x7fff_ffff_f000
	image, sp, err := BuildStack(top, StackArgs{Argv: []string{"a"}, ExecFn: "/x", Random: [16]byte{0: 0xaa, 15: 0xbb}})
	if err != nil {
		t.Fatal(err)
	}
	// Strings "a\0/x\0" at top-13; aligned down to top-16; "aarch64\0"
	// at top-24; random bytes at top-40; 4 words of argc/argv/envp and
	// 4 auxv pairs below, rounded down: sp = top-144.
	if sp != top-144 {
		t.Fatalf("sp = top-%d", top-sp)
	}
	w := func(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
	want := bytes.Join([][]byte{
		w(1), w(top - 13), w(0), w(0), // argc, argv, NULL, envp NULL
		w(atRandom), w(top - 40), w(atExecFn), w(top - 11), w(atPlatform), w(top - 24), w(atNull), w(0),
		make([]byte, 8), // padding
		{0xaa, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbb},
		[]byte("aarch64\x00"),
		make([]byte, 3), // alignment
		[]byte("a\x00/x\x00"),
		make([]byte, 8), // end marker
	}, nil)
	if !bytes.Equal(image, want) {
		t.Errorf("image\n% x\nwant\n% x", image, want)
	}
}

func TestBuildStackEmptyArgv(t *testing.T) {
	const top = 0x1000_0000
	image, sp, err := BuildStack(top, StackArgs{Envp: []string{"A=B"}, ExecFn: "/bin/x"})
	if err != nil {
		t.Fatal(err)
	}
	st := decode(t, image, sp, top)
	if st.argc != 1 || !reflect.DeepEqual(st.argv, []string{""}) || !reflect.DeepEqual(st.envp, []string{"A=B"}) {
		t.Errorf("argc %d argv %q envp %q", st.argc, st.argv, st.envp)
	}
}

func TestBuildStackAuxOrder(t *testing.T) {
	// AT_IGNORE stands in for AT_MINSIGSTKSZ; entries of one type keep
	// their order; AT_RSEQ_* and AT_EXECFD follow AT_PLATFORM.
	image, sp, err := BuildStack(0x1000_0000, StackArgs{Auxv: []AuxEntry{
		{atRseqAlign, 32}, {atRseqFeatureSize, 28}, {atExecFD, 3}, {200, 1}, {atHWCap, 1},
		{atIgnore, 0}, {atSysinfoEHdr, 0x1000}, {200, 2}, {atHWCap3, 3},
	}})
	if err != nil {
		t.Fatal(err)
	}
	st := decode(t, image, sp, 0x1000_0000)
	var got []AuxEntry
	for _, e := range st.auxv {
		if e.Type != atRandom && e.Type != atExecFn && e.Type != atPlatform {
			got = append(got, e)
		} else {
			got = append(got, AuxEntry{e.Type, 0})
		}
	}
	want := []AuxEntry{
		{atSysinfoEHdr, 0x1000}, {atIgnore, 0}, {atHWCap, 1}, {atRandom, 0}, {atHWCap3, 3},
		{atExecFn, 0}, {atPlatform, 0}, {atExecFD, 3}, {atRseqFeatureSize, 28}, {atRseqAlign, 32},
		{200, 1}, {200, 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("auxv %v,\nwant %v", got, want)
	}
}

func TestBuildStackLimits(t *testing.T) {
	const top = 0x1_0000_0000
	long := func(n int) string { return strings.Repeat("x", n) }
	for _, tc := range []struct {
		name string
		a    StackArgs
		want error
	}{
		{"longest string", StackArgs{Argv: []string{long(maxArgStrlen - 1)}}, nil},
		{"string too long", StackArgs{Argv: []string{long(maxArgStrlen)}}, ErrArgListTooLong},
		{"env string too long", StackArgs{Envp: []string{long(maxArgStrlen)}}, ErrArgListTooLong},
		{"file name too long", StackArgs{ExecFn: long(maxArgStrlen)}, ErrArgListTooLong},
		// Default RLIMIT_STACK 8 MiB: a quarter, 2 MiB, less the
		// pointers. 16 strings of 128 KiB with their NULs fill 2 MiB.
		{"15 long strings", StackArgs{Argv: strings.Split(strings.Repeat(long(maxArgStrlen-1)+",", 15)[:15*maxArgStrlen-1], ",")}, nil},
		{"16 long strings", StackArgs{Argv: strings.Split(strings.Repeat(long(maxArgStrlen-1)+",", 16)[:16*maxArgStrlen-1], ",")}, ErrArgListTooLong},
		// A small limit still allows ARG_MAX (128 KiB): here exactly
		// 131072 - 8 bytes for one pointer, file name "" included.
		{"ARG_MAX exactly", StackArgs{Argv: []string{long(argMax - 8 - 2)}, StackLimit: 4096}, nil},
		{"ARG_MAX + 1", StackArgs{Argv: []string{long(argMax - 8 - 1)}, StackLimit: 4096}, ErrArgListTooLong},
		{"env counts", StackArgs{Argv: []string{long(argMax - 16 - 3)}, Envp: []string{""}, StackLimit: 4096}, nil},
		{"env counts + 1", StackArgs{Argv: []string{long(argMax - 16 - 2)}, Envp: []string{""}, StackLimit: 4096}, ErrArgListTooLong},
		// Only pointers: 16384 of them fill ARG_MAX.
		{"too many pointers", StackArgs{Envp: make([]string, argMax/8-1), StackLimit: 4096}, ErrArgListTooLong},
		// RLIMIT_STACK infinity: capped at 3/4 of _STK_LIM, 6 MiB.
		{"6 MiB cap", StackArgs{Envp: make([]string, 6<<20/9), StackLimit: ^uint64(0)}, ErrArgListTooLong},
		{"under 6 MiB", StackArgs{Envp: make([]string, 6<<20/9-1), StackLimit: ^uint64(0)}, nil},
		{"NUL in argv", StackArgs{Argv: []string{"a\x00b"}}, errNUL},
		{"NUL in envp", StackArgs{Envp: []string{"\x00"}}, errNUL},
		{"NUL in file name", StackArgs{ExecFn: "/x\x00"}, errNUL},
		{"AT_RANDOM given", StackArgs{Auxv: []AuxEntry{{atRandom, 1}}}, errAuxvType},
		{"AT_EXECFN given", StackArgs{Auxv: []AuxEntry{{atExecFn, 1}}}, errAuxvType},
		{"AT_PLATFORM given", StackArgs{Auxv: []AuxEntry{{atPlatform, 1}}}, errAuxvType},
		{"AT_NULL given", StackArgs{Auxv: []AuxEntry{{atNull, 0}}}, errAuxvType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			image, sp, err := BuildStack(top, tc.a)
			if err != tc.want {
				t.Fatalf("BuildStack = %v, want %v", err, tc.want)
			}
			if err == nil {
				decode(t, image, sp, top)
			}
		})
	}
}

func TestBuildStackTop(t *testing.T) {
	a := StackArgs{Argv: []string{"a"}, ExecFn: "/x"}
	// The exact layout needs 144 bytes from a 16-byte aligned top.
	if _, sp, err := BuildStack(144, a); err != nil || sp != 0 {
		t.Errorf("top 144: sp %#x, %v", sp, err)
	}
	for _, top := range []uint64{0, 8, 100} {
		if _, _, err := BuildStack(top, a); !errors.Is(err, ErrInvalid) {
			t.Errorf("top %d: %v", top, err)
		}
	}
	// An unaligned top still yields an aligned sp.
	image, sp, err := BuildStack(0x10007, a)
	if err != nil || sp%16 != 0 {
		t.Fatalf("unaligned top: sp %#x, %v", sp, err)
	}
	decode(t, image, sp, 0x10007)
}
