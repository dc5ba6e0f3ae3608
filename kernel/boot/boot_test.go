package boot

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/tamix/tamix/kernel/machine"
)

// fakeMachine records what the kernel asks of the board.
type fakeMachine struct {
	info    machine.Info
	console bytes.Buffer
	now     int64
	resets  int
	halts   int
}

// errHalted unwinds Start when the kernel halts or resets.
var errHalted = errors.New("halted")

func (m *fakeMachine) Info() *machine.Info        { return &m.info }
func (m *fakeMachine) Console() io.Writer         { return &m.console }
func (m *fakeMachine) ReadConsole() (byte, error) { return 0, errors.New("no input") }
func (m *fakeMachine) Counter() uint64            { return 3_125_000 } // 50 ms at 62.5 MHz
func (m *fakeMachine) Uptime() int64              { m.now += 1e8; return m.now }
func (m *fakeMachine) Wallclock() int64           { return 0 }
func (m *fakeMachine) Ticks() uint64              { return 0 }
func (m *fakeMachine) Random(b []byte) {
	for i := range b {
		b[i] = byte(int(m.now) + i)
		m.now++
	}
}
func (m *fakeMachine) PowerOff()                 { panic(errHalted) }
func (m *fakeMachine) Reset()                    { m.resets++; panic(errHalted) }
func (m *fakeMachine) Halt()                     { m.halts++; panic(errHalted) }
func (m *fakeMachine) SelfTest(name string) bool { return false }

func newFake(bootargs string) *fakeMachine {
	return &fakeMachine{info: machine.Info{
		Model: "test board", CPU: "Cortex-A53 r0p4", MIDR: 0x410fd034, EL: 1, BootEL: 2,
		RAM:       []machine.Region{{Base: 0x4000_0000, Size: 1 << 30}},
		Runtime:   machine.Region{Base: 0xc000_0000, Size: 64 << 20},
		Bootargs:  bootargs,
		TimerFreq: 62_500_000,
		HZ:        250,
	}}
}

// run boots m until the kernel halts or resets.
func run(t *testing.T, m *fakeMachine) string {
	t.Helper()
	func() {
		defer func() {
			if r := recover(); r != errHalted {
				panic(r)
			}
		}()
		Start(m)
	}()
	return m.console.String()
}

func TestBannerAndNoInitPanic(t *testing.T) {
	m := newFake("console=ttyAMA0")
	out := run(t, m)
	for _, want := range []string{
		"] Booting tamix on physical CPU 0x0000000000 [0x410fd034]\n",
		"] Machine model: test board\n",
		"] Memory: [mem 0x0040000000-0x007fffffff]\n",
		"] Kernel command line: console=ttyAMA0\n",
		"] tamix: Cortex-A53 r0p4 at EL1 (entered at EL2), 1024 MiB RAM, banner at counter 3125000 (50.000 ms since reset)\n",
		"] random: crng init done\n",
		"] Kernel panic - not syncing: No working init found.  Try passing init= option to kernel. See Linux Documentation/admin-guide/init.rst for guidance.\n",
		"] ---[ end Kernel panic - not syncing: No working init found.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console lacks %q:\n%s", want, out)
		}
	}
	if m.halts != 1 || m.resets != 0 {
		t.Errorf("panic=0: halts %d resets %d, want a halt", m.halts, m.resets)
	}
}

func TestPanicTimeouts(t *testing.T) {
	m := newFake("panic=-1")
	out := run(t, m)
	if m.resets != 1 || strings.Contains(out, "Rebooting in") || strings.Contains(out, "end Kernel panic") {
		t.Errorf("panic=-1 must reset at once without the end marker:\n%s", out)
	}
	m = newFake("panic=3")
	start := m.now
	out = run(t, m)
	if m.resets != 1 || !strings.Contains(out, "Rebooting in 3 seconds..\n") {
		t.Errorf("panic=3:\n%s", out)
	}
	if m.now-start < 3e9 {
		t.Errorf("panic=3 waited %d ns", m.now-start)
	}
}

func TestQuietAndLoglevel(t *testing.T) {
	out := run(t, newFake("quiet"))
	if strings.Contains(out, "Booting tamix") || !strings.Contains(out, "Kernel panic - not syncing") {
		t.Errorf("quiet:\n%s", out)
	}
	out = run(t, newFake("loglevel=6"))
	if strings.Contains(out, "Booting tamix") || !strings.Contains(out, "Kernel command line: loglevel=6") {
		t.Errorf("loglevel=6 shows notices, hides info:\n%s", out)
	}
}

// A machine that cannot run programs (the fake has no task.Hardware)
// ends where Linux ends without a usable init.
func TestNoUserland(t *testing.T) {
	m := newFake("rdinit=/sbin/init")
	m.info.Initrd = &machine.Region{Base: 0x4800_0000, Size: 12345}
	out := run(t, m)
	if !strings.Contains(out, "Kernel panic - not syncing: No working init found.") {
		t.Errorf("no userland:\n%s", out)
	}
}

func TestTicksToDuration(t *testing.T) {
	for _, c := range []struct {
		ticks, freq uint64
		want        string
	}{{0, 62_500_000, "0.000 ms"}, {62_500_000, 62_500_000, "1000.000 ms"}, {19_200, 19_200_000, "1.000 ms"}, {5, 0, "unknown"}} {
		if got := ticksToDuration(c.ticks, c.freq); got != c.want {
			t.Errorf("ticksToDuration(%d, %d) = %q, want %q", c.ticks, c.freq, got, c.want)
		}
	}
}

func TestConsoleSelection(t *testing.T) {
	for args, printed := range map[string]bool{
		"":                             true,
		"console=ttyAMA0,115200n8":     true,
		"console=tty0 console=ttyAMA0": true,
		"console=ttyS0":                false,
		"console=null":                 false,
		"console=ttyAMA1":              false,
	} {
		m := newFake(args)
		out := run(t, m)
		if got := strings.Contains(out, "Kernel panic"); got != printed {
			t.Errorf("%q: console output %v, want %v", args, got, printed)
		}
		if K.Log == nil {
			t.Fatal("no log")
		}
	}
}
