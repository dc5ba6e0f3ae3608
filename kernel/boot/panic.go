package boot

import (
	"fmt"

	"github.com/tamix/tamix/kernel/klog"
)

// panicTimeout is the panic= parameter: seconds before reboot, 0 = never,
// negative = at once (kernel/panic.c).
var panicTimeout int

// Panic stops the kernel like Linux's panic(): it logs the reason, then
// reboots or halts as panic= says. It does not return.
func Panic(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if K == nil {
		print("Kernel panic - not syncing: ", msg, "\n")
		halt()
	}
	K.Log.Printf(klog.KernEmerg, "Kernel panic - not syncing: %s", msg)
	finish(msg)
}

// Fatal is the Go runtime's exit hook: a Go panic or fatal error in the
// kernel has already printed its message and goroutine traceback.
func Fatal(code int32) {
	msg := fmt.Sprintf("Fatal exception (Go runtime exit %d)", code)
	if K == nil {
		print("Kernel panic - not syncing: ", msg, "\n")
		halt()
	}
	K.Log.Printf(klog.KernEmerg, "Kernel panic - not syncing: %s", msg)
	finish(msg)
}

func finish(msg string) {
	k := K
	if panicTimeout > 0 {
		k.Log.Printf(klog.KernEmerg, "Rebooting in %d seconds..", panicTimeout)
		// Busy-wait: the scheduler may be unusable after a fatal error.
		for end := k.M.Uptime() + int64(panicTimeout)*1e9; k.M.Uptime() < end; {
		}
	}
	if panicTimeout != 0 {
		k.M.Reset()
	}
	k.Log.Printf(klog.KernEmerg, "---[ end Kernel panic - not syncing: %s ]---", msg)
	k.M.Halt()
}

// halt stops a kernel that failed before Start set K.
func halt() {
	for {
	}
}
