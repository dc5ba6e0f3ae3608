package boot

import (
	"bytes"
	"runtime"

	"github.com/tamix/tamix/kernel/klog"
	"github.com/tamix/tamix/soc/arm64/fault"
)

var reporter = fault.Reporter{Symbolize: symbolize}

// symbolize names a kernel pc as function+offset, as kallsyms would.
func symbolize(pc uint64) string {
	f := runtime.FuncForPC(uintptr(pc))
	if f == nil {
		return ""
	}
	return f.Name() + "+" + hexString(pc-uint64(f.Entry()))
}

func hexString(v uint64) string {
	const digits = "0123456789abcdef"
	b := []byte{'0', 'x'}
	started := false
	for i := 60; i >= 0; i -= 4 {
		d := v >> uint(i) & 0xf
		if d != 0 || started || i == 0 {
			b = append(b, digits[d])
			started = true
		}
	}
	return string(b)
}

// Oops reports a fault taken in the kernel (arm64.FaultHandler); the
// faulting goroutine panics afterwards, and its traceback follows.
func Oops(kind string, f *fault.Frame, code []byte) {
	esr := fault.ESR(f.ESR)
	title := fault.KernelFaultTitle(esr, f.FAR)
	if kind != "synchronous" {
		title = "Oops - " + kind + " exception"
	}
	var buf bytes.Buffer
	reporter.Oops(&buf, title, f, code)
	for _, line := range bytes.Split(bytes.TrimRight(buf.Bytes(), "\n"), []byte("\n")) {
		if K != nil {
			K.Log.Printf(klog.KernEmerg, "%s", line)
		} else {
			print(string(line), "\n")
		}
	}
}
