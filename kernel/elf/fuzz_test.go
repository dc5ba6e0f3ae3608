package elf

import (
	"bytes"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	f.Add(exe().build())
	f.Add(pie().build())
	f.Add(withPhdr(phdr{typ: ptLoad, off: 0x123, vaddr: 0x500010, memsz: 0x2000}).build())
	f.Add(withPhdr(phdr{typ: ptTLS, off: 0x2e10, vaddr: 0x412e10, filesz: 8, memsz: 16}).build())
	f.Add(mutate(func(e *testELF) { e.size = ehdrSize }).build())
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		biases := []uint64{0, b.LoadBias(DefaultPIEBase), b.InterpBias(0x7f00_0000_0000), b.InterpBias(taskSize - b.MapSize())}
		for _, bias := range biases {
			p, err := b.Plan(bias)
			if err != nil {
				continue
			}
			checkPlan(t, p, len(data))
			if p.Brk%pageSize != 0 || p.Brk > taskSize || p.Entry >= taskSize {
				t.Fatalf("Plan(%#x) = %+v", bias, p)
			}
			for _, m := range p.Mappings {
				if m.VA+m.Size > p.Brk {
					t.Fatalf("mapping %+v above brk %#x", m, p.Brk)
				}
			}
		}
	})
}

func FuzzBuildStack(f *testing.F) {
	f.Add("/bin/sh\x01-c\x01echo hi", "HOME=/\x01PATH=/bin", "/bin/sh", uint64(25), uint64(7))
	f.Add("", "", "", uint64(0), uint64(0))
	f.Fuzz(func(t *testing.T, argv, envp, execFn string, auxType, auxVal uint64) {
		const top = 0x7fff_ffff_f000
		a := StackArgs{ExecFn: execFn, Auxv: []AuxEntry{{auxType, auxVal}}}
		if argv != "" {
			a.Argv = strings.Split(argv, "\x01")
		}
		if envp != "" {
			a.Envp = strings.Split(envp, "\x01")
		}
		image, sp, err := BuildStack(top, a)
		if err != nil {
			return
		}
		st := decode(t, image, sp, top)
		if sp%16 != 0 || st.argc != uint64(len(st.argv)) || len(st.envp) != len(a.Envp) {
			t.Fatalf("sp %#x, argc %d, argv %q, envp %q", sp, st.argc, st.argv, st.envp)
		}
	})
}
