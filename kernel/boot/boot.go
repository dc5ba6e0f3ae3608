// Package boot is the hardware-independent start of the kernel: it brings
// up the kernel log, reads the command line, prints the banner and looks
// for init, as Linux's start_kernel and kernel_init do (init/main.c).
package boot

import (
	"fmt"
	"io"
	"runtime"

	"github.com/tamix/tamix/kernel/cmdline"
	"github.com/tamix/tamix/kernel/klog"
	"github.com/tamix/tamix/kernel/machine"
)

// Version is the kernel release uname(2) will report.
const Version = "0.1.0"

// logSize is the kernel log buffer (CONFIG_LOG_BUF_SHIFT=17).
const logSize = 1 << 17

// Kernel is the running kernel's global state.
type Kernel struct {
	M       machine.Machine
	Log     *klog.Log
	Cmdline *cmdline.Cmdline
}

// K is the kernel, once Start has run.
var K *Kernel

// Start boots the kernel on m; the banner counter is the generic-timer
// count at which the banner line is printed.
func Start(m machine.Machine) {
	info := m.Info()
	k := &Kernel{M: m}
	k.Cmdline, _ = cmdline.Parse(info.Bootargs)
	k.Log = klog.New(logSize, m.Uptime, k.console())
	level := k.Cmdline.LogLevel
	k.Log.SetConsoleLevel(level)
	K = k
	panicTimeout = k.Cmdline.Panic

	k.banner(info)
	for _, w := range warnings(info.Bootargs) {
		k.Log.Printf(klog.KernWarning, "%s", w)
	}

	if v, ok := k.Cmdline.Param("tamix.test"); ok {
		k.selfTest(v)
	}

	k.runInit(info)
}

// console picks the log's console as Linux's console= does: the board's
// UART is ttyAMA0; when console= names only other devices (tty0, ttyS0,
// null…), which tamix does not have, the log goes to the ring buffer only.
func (k *Kernel) console() io.Writer {
	if len(k.Cmdline.Console) == 0 {
		return k.M.Console()
	}
	for _, c := range k.Cmdline.Console {
		if c.Name == "ttyAMA" && c.Index == 0 {
			return k.M.Console()
		}
	}
	return io.Discard
}

func warnings(bootargs string) []string {
	_, w := cmdline.Parse(bootargs)
	return w
}

func (k *Kernel) banner(info *machine.Info) {
	l := k.Log
	count := k.M.Counter()
	l.Printf(klog.KernInfo, "Booting tamix on physical CPU 0x%010x [0x%08x]", info.MPIDR&0xff00ffffff, info.MIDR)
	l.Printf(klog.KernNotice, "tamix version %s (%s, %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	l.Printf(klog.KernInfo, "Machine model: %s", info.Model)
	var ram uint64
	for _, r := range info.RAM {
		ram += r.Size
		l.Printf(klog.KernInfo, "Memory: [mem %#010x-%#010x]", r.Base, r.End()-1)
	}
	l.Printf(klog.KernInfo, "Memory: %dK total, runtime window %dK at %#x, page-frame pool %dK",
		ram>>10, info.Runtime.Size>>10, info.Runtime.Base, info.FramePool>>10)
	l.Printf(klog.KernNotice, "Kernel command line: %s", info.Bootargs)
	l.Printf(klog.KernInfo, "irqchip: %s", info.IRQChip)
	if info.ParkedCPUs > 0 {
		l.Printf(klog.KernInfo, "smp: running on CPU 0 only; %d secondary CPUs parked in WFI", info.ParkedCPUs)
	}
	l.Printf(klog.KernInfo, "console: %s", info.Console)
	l.Printf(klog.KernInfo, "clocksource: arch_sys_counter at %d Hz, tick %d Hz; wall clock: %s", info.TimerFreq, info.HZ, info.Clock)
	l.Printf(klog.KernInfo, "random: %s", info.Entropy)
	k.checkRandom()
	l.Printf(klog.KernNotice, "tamix: %s at EL%d (entered at EL%d), %d MiB RAM, banner at counter %d (%s since reset)",
		info.CPU, info.EL, info.BootEL, ram>>20, count, ticksToDuration(count, info.TimerFreq))
}

// ticksToDuration formats a counter value as milliseconds with
// microsecond precision.
func ticksToDuration(ticks, freq uint64) string {
	if freq == 0 {
		return "unknown"
	}
	us := ticks/freq*1e6 + ticks%freq*1e6/freq
	return fmt.Sprintf("%d.%03d ms", us/1000, us%1000)
}

// runInit looks for init as kernel_init does (init/main.c): the
// initramfs is unpacked into a tmpfs root, /dev gets its nodes, and the
// first of rdinit=, init=, /sbin/init, /etc/init, /bin/init and /bin/sh
// that runs becomes PID 1. When init exits the kernel panics, as Linux
// does.
func (k *Kernel) runInit(info *machine.Info) {
	u, ok := k.M.(Userland)
	if !ok {
		Panic("No working init found.  Try passing init= option to kernel. See Linux Documentation/admin-guide/init.rst for guidance.")
	}
	tk, err := k.startUserland(u, info)
	if err != nil {
		Panic("VFS: cannot set up the root filesystem: %v", err)
	}
	var tried []string
	if k.Cmdline.RDInit != "" || info.Initrd != nil {
		tried = append(tried, k.rdinit())
	}
	if k.Cmdline.Init != "" {
		tried = append(tried, k.Cmdline.Init)
	}
	tried = append(tried, "/sbin/init", "/etc/init", "/bin/init", "/bin/sh")
	for _, path := range tried {
		err := tk.StartInit(path, []string{path}, []string{"HOME=/", "TERM=linux"})
		if err == nil {
			status := <-tk.InitExited()
			Panic("Attempted to kill init! exitcode=0x%08x", status)
		}
		k.Log.Printf(klog.KernErr, "Run %s as init process failed (error %d)", path, -int(errnoOf(err)))
	}
	Panic("No working init found.  Try passing init= option to kernel. See Linux Documentation/admin-guide/init.rst for guidance.")
}

func (k *Kernel) rdinit() string {
	if k.Cmdline.RDInit != "" {
		return k.Cmdline.RDInit
	}
	return "/init"
}

// checkRandom draws from the entropy source twice, as a smoke check that
// it produces data, and reports the pool ready as Linux's crng does.
func (k *Kernel) checkRandom() {
	var a, b [32]byte
	k.M.Random(a[:])
	k.M.Random(b[:])
	if a == b || a == [32]byte{} {
		k.Log.Printf(klog.KernErr, "random: entropy source returned repeated data")
		return
	}
	k.Log.Printf(klog.KernNotice, "random: crng init done")
}
