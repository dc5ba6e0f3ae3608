// Package boot_test boots tamix in QEMU, on both the virt and raspi3b
// machines, and checks what a Linux user would: the banner, the timer
// tick, the kernel oops, the panic= policy and the "no init" panic.
package boot_test

import (
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/tamix/tamix/tests/qemu"
)

var boards = []string{"virt", "raspi3b"}

const timeout = 60 * time.Second

func boot(t *testing.T, board, cmdline string) *qemu.Run {
	t.Helper()
	if !qemu.Available() {
		t.Fatal("qemu-system-aarch64 is not installed (apt-get install qemu-system-arm)")
	}
	img, err := qemu.ImagePath(board)
	if err != nil {
		t.Fatal(err)
	}
	repo, _ := filepath.Abs("../..")
	r, err := qemu.Start(qemu.Config{Board: board, Image: img, Append: cmdline, Timeout: timeout}, repo)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r.Kill()
		if t.Failed() {
			t.Logf("console:\n%s", r.Output())
		}
	})
	return r
}

func expect(t *testing.T, r *qemu.Run, pattern string) []string {
	t.Helper()
	m, err := r.Expect(regexp.MustCompile(pattern))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// exits checks that QEMU ended by itself (a reset under -no-reboot).
func exits(t *testing.T, r *qemu.Run) {
	t.Helper()
	if exited, err := r.Wait(); !exited {
		t.Fatalf("QEMU did not exit by itself: %v", err)
	}
}

func forBoards(t *testing.T, f func(t *testing.T, board string)) {
	for _, b := range boards {
		t.Run(b, func(t *testing.T) {
			t.Parallel()
			f(t, b)
		})
	}
}

// The banner names CPU, EL, memory and the command line; without an
// initramfs the kernel panics as Linux does, and panic=-1 with QEMU's
// -no-reboot ends the run.
func TestBannerAndNoInit(t *testing.T) {
	forBoards(t, func(t *testing.T, board string) {
		r := boot(t, board, "console=ttyAMA0 panic=-1")
		expect(t, r, `\[ *\d+\.\d{6}\] Booting tamix on physical CPU 0x0000000000 \[0x410fd034\]`)
		expect(t, r, `Kernel command line: console=ttyAMA0 panic=-1\n`)
		m := expect(t, r, `tamix: Cortex-A53 r0p4 at EL1 \(entered at EL(\d)\), (\d+) MiB RAM, banner at counter (\d+) \((\d+\.\d+) ms since reset\)`)
		if mib, _ := strconv.Atoi(m[2]); mib < 512 {
			t.Errorf("RAM %s MiB, want the machine's 1 GiB (less firmware/MMIO holes)", m[2])
		}
		t.Logf("%s: boot to banner: counter %s = %s ms (entered at EL%s)", board, m[3], m[4], m[1])
		expect(t, r, `Kernel panic - not syncing: No working init found\.  Try passing init= option to kernel\. See Linux Documentation/admin-guide/init\.rst for guidance\.`)
		exits(t, r)
	})
}

// The generic timer's interrupt arrives, at least 100 times, through the
// board's interrupt controller.
func TestTimerInterrupts(t *testing.T) {
	forBoards(t, func(t *testing.T, board string) {
		r := boot(t, board, "console=ttyAMA0 panic=-1 tamix.test=ticks")
		m := expect(t, r, `selftest: (\d+) timer interrupts in (\d+) ms`)
		n, _ := strconv.Atoi(m[1])
		ms, _ := strconv.Atoi(m[2])
		if n < 100 {
			t.Fatalf("%d timer interrupts, want >= 100", n)
		}
		// 100 ticks at HZ=250 take 400 ms of guest time; allow TCG's slack.
		if ms < 300 || ms > 2000 {
			t.Errorf("100 ticks took %d ms, want about 400", ms)
		}
		exits(t, r)
	})
}

// A kernel NULL dereference prints Linux's oops, with the faulting
// instruction disassembled and a Go traceback, then panics.
func TestKernelOops(t *testing.T) {
	forBoards(t, func(t *testing.T, board string) {
		r := boot(t, board, "console=ttyAMA0 panic=-1 tamix.test=fault")
		expect(t, r, `Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000`)
		expect(t, r, `ESR = 0x0*9600000[45]`)
		expect(t, r, `EC = 0x25: DABT \(current EL\), IL = 32 bits`)
		expect(t, r, `FSC = 0x0[45]: level [01] translation fault`)
		expect(t, r, `Internal error: Oops: 0*9600000[45] \[#1\] SMP`)
		expect(t, r, `pc : .*boot\.\(\*Kernel\)\.selfTest\+0x`)
		expect(t, r, `x1 *: [0-9a-f]{16}`)
		expect(t, r, `Code: [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} \([0-9a-f]{8}\)`)
		expect(t, r, `Disassembly: ldr`)
		expect(t, r, `goroutine \d+ .*\[running\]:(.|\n)*selfTest`)
		expect(t, r, `Kernel panic - not syncing: Fatal exception`)
		exits(t, r)
	})
}

// Typed console input reaches the kernel through the PL011 receive
// interrupt.
func TestConsoleReceive(t *testing.T) {
	forBoards(t, func(t *testing.T, board string) {
		r := boot(t, board, "console=ttyAMA0 panic=-1 tamix.test=console")
		expect(t, r, `selftest: type a line`)
		if err := r.Send("hello, tamix\r"); err != nil {
			t.Fatal(err)
		}
		expect(t, r, `selftest: received "hello, tamix"`)
		exits(t, r)
	})
}

// panic=N reboots after N seconds; panic=0 (the default) halts after the
// end marker; quiet keeps informational lines off the console.
func TestPanicPolicy(t *testing.T) {
	forBoards(t, func(t *testing.T, board string) {
		r := boot(t, board, "console=ttyAMA0 panic=1")
		expect(t, r, `Kernel panic - not syncing: No working init found`)
		expect(t, r, `Rebooting in 1 seconds\.\.`)
		exits(t, r)

		r = boot(t, board, "console=ttyAMA0 quiet")
		m := expect(t, r, `---\[ end Kernel panic - not syncing: No working init found.*\]---`)
		if out := r.Output(); regexp.MustCompile(`Booting tamix|Kernel command line`).MatchString(out) {
			t.Errorf("quiet printed informational lines:\n%s", out)
		}
		_ = m
	})
}

// The hardware entropy source feeds the kernel: virtio-rng on virt, the
// BCM2835 RNG on the Pi.
func TestEntropySource(t *testing.T) {
	want := map[string]string{"virt": `random: virtio-rng at 0x[0-9a-f]+`, "raspi3b": `random: BCM2835 RNG at 0x3f104000`}
	forBoards(t, func(t *testing.T, board string) {
		r := boot(t, board, "console=ttyAMA0 panic=-1")
		expect(t, r, want[board])
		expect(t, r, `random: crng init done`)
		exits(t, r)
	})
}

// The plain QEMU command line (128 MiB, no RNG device) boots too, seeded
// from the device tree's rng-seed.
func TestVirtDefaults(t *testing.T) {
	img, err := qemu.ImagePath("virt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := qemu.StartArgs(timeout, "-M", "virt", "-cpu", "cortex-a53", "-display", "none", "-serial", "stdio",
		"-monitor", "none", "-no-reboot", "-kernel", img, "-append", "console=ttyAMA0 panic=-1")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Kill()
	expect(t, r, `Memory: \[mem 0x0040000000-0x0047ffffff\]`)
	expect(t, r, `random: no hardware RNG; ChaCha8 seeded from /chosen rng-seed \(32 bytes\)`)
	expect(t, r, `Kernel panic - not syncing: No working init found`)
	exits(t, r)
}

// Kernel text is mapped read-only: writing to it oopses with Linux's
// permission-fault report.
func TestKernelTextReadOnly(t *testing.T) {
	forBoards(t, func(t *testing.T, board string) {
		r := boot(t, board, "console=ttyAMA0 panic=-1 tamix.test=wx")
		expect(t, r, `Unable to handle kernel write to read-only memory at virtual address 00000000c0081000`)
		expect(t, r, `FSC = 0x0f: level 3 permission fault`)
		expect(t, r, `Kernel panic - not syncing: Fatal exception`)
		exits(t, r)
	})
}

// Boot to banner costs under 50 ms of guest time: with -icount shift=0
// one instruction is one nanosecond of virtual time, so the count is
// independent of the host's speed and load (docs/benchmarks.md).
func TestBootToBannerGuestTime(t *testing.T) {
	forBoards(t, func(t *testing.T, board string) {
		img, err := qemu.ImagePath(board)
		if err != nil {
			t.Fatal(err)
		}
		repo, _ := filepath.Abs("../..")
		c := qemu.Config{Board: board, Image: img, Append: "console=ttyAMA0 panic=-1", Timeout: timeout}
		args, err := c.Args(repo)
		if err != nil {
			t.Fatal(err)
		}
		r, err := qemu.StartArgs(timeout, append(args, "-icount", "shift=0")...)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Kill()
		m := expect(t, r, `banner at counter (\d+) \((\d+)\.(\d+) ms since reset\)`)
		ms, _ := strconv.Atoi(m[2])
		t.Logf("%s: banner at counter %s (%s.%s ms of guest time)", board, m[1], m[2], m[3])
		if ms >= 50 {
			t.Errorf("boot to banner took %d ms of guest time, want < 50", ms)
		}
		exits(t, r)
	})
}

// A program runs at EL0 in its own address space and its system calls
// (SVC) come back to the kernel with its registers intact.
func TestUserModeRoundTrip(t *testing.T) {
	forBoards(t, func(t *testing.T, board string) {
		r := boot(t, board, "console=ttyAMA0 panic=-1 tamix.test=user")
		expect(t, r, `user: write\(1, "hello from EL0"\)`)
		m := expect(t, r, `user: exit\(42\) after 1002 system calls; 1000 getpid round trips took (\d+) us`)
		t.Logf("%s: 1000 EL0 round trips in %s us", board, m[1])
		expect(t, r, `No working init found`)
		exits(t, r)
	})
}

// The PL031 gives virt the wall clock (QEMU sets it from the host).
func TestVirtWallClock(t *testing.T) {
	r := boot(t, "virt", "console=ttyAMA0 panic=-1")
	m := expect(t, r, `wall clock: PL031 at 0x9010000, (\S+ UTC)`)
	got, err := time.Parse("2006-01-02T15:04:05 MST", m[1])
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(got); d < -time.Minute || d > time.Minute {
		t.Errorf("wall clock %v is %v away from the host's", got, d)
	}
	exits(t, r)
}

// QEMU virt's other configurations: GICv3 (system-register CPU interface,
// also when entered at EL2) and entry at EL2 with virtualization=on. The
// tick and the console's receive interrupt work in each.
func TestVirtVariants(t *testing.T) {
	img, err := qemu.ImagePath("virt")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ machine, irqchip, el string }{
		{"virt,gic-version=3", "GICv3", "1"},
		{"virt,gic-version=3,virtualization=on", "GICv3", "2"},
		{"virt,virtualization=on", "GICv2", "2"},
	} {
		t.Run(c.machine, func(t *testing.T) {
			t.Parallel()
			r, err := qemu.StartArgs(timeout, "-M", c.machine, "-cpu", "cortex-a53", "-m", "1G", "-nic", "none",
				"-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot", "-kernel", img,
				"-append", "console=ttyAMA0 panic=-1 tamix.test=console")
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				r.Kill()
				if t.Failed() {
					t.Logf("console:\n%s", r.Output())
				}
			}()
			expect(t, r, `irqchip: `+c.irqchip)
			expect(t, r, `\(entered at EL`+c.el+`\)`)
			expect(t, r, `selftest: type a line`)
			if err := r.Send("v3\r"); err != nil {
				t.Fatal(err)
			}
			expect(t, r, `selftest: received "v3"`)
			exits(t, r)
		})
	}
}

// Power-off ends the machine: PSCI SYSTEM_OFF on virt (QEMU exits even
// without -no-reboot), the watchdog with the halt marker on the Pi.
func TestPowerOff(t *testing.T) {
	forBoards(t, func(t *testing.T, board string) {
		r := boot(t, board, "console=ttyAMA0 tamix.test=poweroff")
		expect(t, r, `reboot: Power down`)
		exits(t, r)
		if out := r.Output(); regexp.MustCompile(`No working init found`).MatchString(out) {
			t.Errorf("kernel went on after power-off:\n%s", out)
		}
	})
}
