package boot

import (
	"time"

	"github.com/tamix/tamix/kernel/klog"
)

// selfTest runs a boot-time check named by tamix.test= (used by the QEMU
// smoke tests in tests/boot):
//
//	fault    dereference a nil pointer in the kernel: oops and panic
//	ticks    wait for 100 timer interrupts and report how long they took
//	console  read one line from the console through its receive interrupt
//	poweroff power the machine off, as reboot(LINUX_REBOOT_CMD_POWER_OFF)
//
// and the board's own (machine.Machine.SelfTest).
func (k *Kernel) selfTest(name string) {
	switch name {
	case "fault":
		k.Log.Printf(klog.KernInfo, "selftest: kernel NULL pointer dereference")
		var p *uint64
		k.Log.Printf(klog.KernInfo, "selftest: read %d", *p)
	case "ticks":
		const want = 100
		t0, n0 := k.M.Uptime(), k.M.Ticks()
		for k.M.Ticks()-n0 < want {
			time.Sleep(time.Millisecond)
		}
		t1, n1 := k.M.Uptime(), k.M.Ticks()
		k.Log.Printf(klog.KernInfo, "selftest: %d timer interrupts in %d ms (%d total)", n1-n0, (t1-t0)/1e6, n1)
	case "console":
		k.Log.Printf(klog.KernInfo, "selftest: type a line")
		var line []byte
		for {
			c, err := k.M.ReadConsole()
			if err != nil || c == '\r' || c == '\n' {
				break
			}
			line = append(line, c)
		}
		k.Log.Printf(klog.KernInfo, "selftest: received %q", line)
	case "poweroff":
		k.Log.Printf(klog.KernEmerg, "reboot: Power down")
		k.M.PowerOff()
	default:
		k.Log.Printf(klog.KernInfo, "selftest: %s", name)
		if !k.M.SelfTest(name) {
			k.Log.Printf(klog.KernWarning, "selftest: unknown test %q", name)
		}
	}
}
