package signal

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLayoutAgainstHeaders compiles the arm64 UAPI definitions
// (asm/sigcontext.h, asm/ucontext.h, asm/siginfo.h) with the arm64 cross
// compiler and compares sizes and offsets with the frame constants.
// struct rt_sigframe itself is kernel-internal: {siginfo; ucontext}.
func TestLayoutAgainstHeaders(t *testing.T) {
	const cc = "aarch64-linux-gnu-gcc"
	if _, err := exec.LookPath(cc); err != nil {
		t.Skip(cc + " not installed")
	}
	checks := []struct {
		expr string
		want int
	}{
		{"sizeof(siginfo_t) + sizeof(struct ucontext)", RtSigframeSize},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_flags)", offUcFlags},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_link)", offUcLink},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_stack)", offUcStack},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_sigmask)", offUcSigmask},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_mcontext)", offMcontext},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_mcontext.fault_address)", offFaultAddr},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_mcontext.regs)", offRegs},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_mcontext.sp)", offSP},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_mcontext.pc)", offPC},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_mcontext.pstate)", offPSTATE},
		{"sizeof(siginfo_t) + offsetof(struct ucontext, uc_mcontext.__reserved)", offReserved},
		{"sizeof(((struct sigcontext *)0)->__reserved)", reservedSize},
		{"sizeof(struct _aarch64_ctx)", ctxHeadSize},
		{"sizeof(struct fpsimd_context)", fpsimdSize},
		{"offsetof(struct fpsimd_context, fpsr)", offFpsr},
		{"offsetof(struct fpsimd_context, fpcr)", offFpcr},
		{"offsetof(struct fpsimd_context, vregs)", offVregs},
		{"sizeof(struct esr_context)", esrSize},
		{"FPSIMD_MAGIC", FPSIMD_MAGIC},
		{"ESR_MAGIC", ESR_MAGIC},
	}
	var src strings.Builder
	src.WriteString("#include <stddef.h>\n#include <linux/types.h>\n#include <asm/siginfo.h>\n#include <asm/signal.h>\n#include <asm/sigcontext.h>\n#include <asm/ucontext.h>\n")
	for i, c := range checks {
		src.WriteString("long long v" + strconv.Itoa(i) + " = (long long)(" + c.expr + ");\n")
	}
	file := filepath.Join(t.TempDir(), "frame.c")
	if err := os.WriteFile(file, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(cc, "-S", "-o", "-", file).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cc, err, out)
	}
	got := map[string]int64{}
	lines := strings.Split(string(out), "\n")
	for i, l := range lines {
		name, ok := strings.CutSuffix(strings.TrimSpace(l), ":")
		if !ok || !strings.HasPrefix(name, "v") || i+1 == len(lines) {
			continue
		}
		f := strings.Fields(lines[i+1])
		if len(f) == 2 && f[0] == ".xword" {
			v, err := strconv.ParseInt(f[1], 0, 64)
			if err != nil {
				t.Fatal(err)
			}
			got[name] = v
		}
	}
	for i, c := range checks {
		v, ok := got["v"+strconv.Itoa(i)]
		if !ok {
			t.Errorf("%s: no value", c.expr)
		} else if v != int64(c.want) {
			t.Errorf("%s = %d, tamix has %d", c.expr, v, c.want)
		}
	}
}
