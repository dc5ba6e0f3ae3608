//go:build tamago

package platform

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"github.com/tamix/tamix/drivers/uart/pl011"
	"github.com/tamix/tamix/kernel/devicetree"
	"github.com/tamix/tamix/kernel/machine"
	"github.com/tamix/tamix/kernel/mm/frame"
	"github.com/tamix/tamix/soc/arm64"
	"github.com/tamix/tamix/soc/mmio"
)

// HZ is the timer interrupt rate (Linux arm64's default CONFIG_HZ).
const HZ = 250

// Controller is an interrupt controller as the platform drives it.
type Controller interface {
	Enable(irq int)
	// Next acknowledges and returns a pending interrupt.
	Next() (irq int, ok bool)
	Done(irq int)
}

// Board is what a board package supplies.
type Board interface {
	// Interrupts brings up the interrupt controller described in dt.
	Interrupts(dt *devicetree.Tree) (c Controller, name string, err error)
	// Decode turns an interrupt specifier of a node whose interrupt
	// parent is parent into the controller's interrupt number.
	Decode(parent *devicetree.Node, cells []uint32) (int, error)
	// Devices brings up the entropy source, wall clock and power control.
	Devices(p *Platform, dt *devicetree.Tree) error
}

// Platform is one board's instance; its fields above the line are the
// board's static description.
type Platform struct {
	Name      string
	MMIO      machine.Region // physical range mapped at mmio.Base
	EarlyUART uint64         // PL011 physical address before the DT is read
	UARTClock uint32         // PL011 UARTCLK, 0 = keep the firmware's divisor
	Board     Board

	// Set by Devices.
	RandomF    func([]byte)
	Entropy    string
	PowerOffF  func()
	ResetF     func()
	WallclockF func() int64
	ClockName  string

	dtb      []byte
	dt       *devicetree.Tree
	uart     pl011.UART
	intc     Controller
	handlers map[int]func()
	ticks    atomic.Uint64
	random   func([]byte)
	pool     *frame.Pool
	info     machine.Info
}

func (p *Platform) earlyConsole() {
	mmio.SetWindow(p.MMIO.Base, p.MMIO.Size)
	p.uart = pl011.UART{Base: mmio.VA(p.EarlyUART), Clock: p.UARTClock, Baud: 115200}
	p.uart.Init()
}

// Init discovers the machine from the device tree and brings up memory,
// interrupts, the tick and the devices; it returns the machine for the
// kernel.
func (p *Platform) Init() machine.Machine {
	if p.dtb == nil {
		panic("tamix: no flattened device tree at x0 (pass -dtb, or boot through firmware that provides one)")
	}
	dt, err := devicetree.Parse(p.dtb)
	if err != nil {
		panic("tamix: bad device tree: " + err.Error())
	}
	p.dt = dt
	p.info = machine.Info{
		Model:     dt.Model(),
		MIDR:      arm64.MIDR(),
		MPIDR:     arm64.MPIDR(),
		EL:        arm64.EL(),
		BootEL:    arm64.BootEL(),
		Bootargs:  dt.Bootargs(),
		TimerFreq: arm64.TimerFreq(),
		HZ:        HZ,
	}
	p.info.CPU = cpuName(p.info.MIDR)
	if err := p.initMemory(); err != nil {
		panic("tamix: memory: " + err.Error())
	}
	p.parkSecondaries()
	if err := p.initInterrupts(); err != nil {
		panic("tamix: interrupts: " + err.Error())
	}
	if err := p.Board.Devices(p, dt); err != nil {
		panic("tamix: devices: " + err.Error())
	}
	if p.RandomF == nil {
		p.seedFromDT()
	}
	p.random = p.RandomF
	p.info.Entropy = p.Entropy
	p.info.Clock = p.ClockName
	return p
}

// irqOf returns the first interrupt of node n as a controller number.
func (p *Platform) irqOf(n *devicetree.Node, index int) (int, error) {
	specs, err := n.Interrupts()
	if err != nil {
		return 0, err
	}
	if index >= len(specs) {
		return 0, fmt.Errorf("%s has %d interrupts, want index %d", n.Name, len(specs), index)
	}
	return p.Board.Decode(n.InterruptParent(), specs[index])
}

func (p *Platform) initInterrupts() error {
	intc, name, err := p.Board.Interrupts(p.dt)
	if err != nil {
		return err
	}
	p.info.IRQChip = name
	p.intc = intc
	p.handlers = map[int]func(){}

	// Generic timer: interrupts are secure phys, non-secure phys, virtual,
	// hypervisor (arm,arch_timer binding); tamix uses the virtual timer.
	timers := p.dt.FindCompatible("arm,armv8-timer", "arm,armv7-timer")
	if len(timers) == 0 {
		return fmt.Errorf("no arm,armv8-timer node")
	}
	timerIRQ, err := p.irqOf(timers[0], 2)
	if err != nil {
		return err
	}
	period := arm64.TimerFreq() / HZ
	next := arm64.CNTVCT() + period
	p.handlers[timerIRQ] = func() {
		// Deadlines advance by whole periods, so late handling does not
		// stretch the tick; a handler more than a period late skips ahead.
		next += period
		if now := arm64.CNTVCT(); next <= now {
			next = now + period
		}
		arm64.ArmTimerAt(next)
		p.ticks.Add(1)
	}

	// Console receive: /chosen stdout-path when it names a PL011, else
	// the first PL011 (the Pi's stdout-path is the mini UART, while
	// console=ttyAMA0 and QEMU's serial port are UART0).
	uartNode, _ := p.dt.StdoutPath()
	if uartNode == nil || !uartNode.Compatible("arm,pl011") {
		uartNode = nil
		if n := p.dt.FindCompatible("arm,pl011"); len(n) > 0 {
			uartNode = n[0]
		}
	}
	console := fmt.Sprintf("PL011 at %#x (polled, early)", p.EarlyUART)
	if uartNode != nil && uartNode.Compatible("arm,pl011") {
		regs, err := uartNode.Reg()
		if err == nil && len(regs) > 0 {
			p.uart.Base = mmio.VA(regs[0].Base)
			if irq, err := p.irqOf(uartNode, 0); err == nil {
				p.uart.EnableRx(4096)
				p.handlers[irq] = p.uart.HandleIRQ
				intc.Enable(irq)
				console = fmt.Sprintf("ttyAMA0 (PL011 at %#x, irq %d)", regs[0].Base, irq)
			}
		}
	}
	p.info.Console = console

	go arm64.ServiceInterrupts(p.isr)
	intc.Enable(timerIRQ)
	arm64.ArmTimerAt(next)
	return nil
}

// isr runs in the interrupt-servicing goroutine after each IRQ.
func (p *Platform) isr() {
	for {
		irq, ok := p.intc.Next()
		if !ok {
			return
		}
		if h := p.handlers[irq]; h != nil {
			h()
		}
		p.intc.Done(irq)
	}
}

func (p *Platform) Info() *machine.Info        { return &p.info }
func (p *Platform) Console() io.Writer         { return &p.uart }
func (p *Platform) ReadConsole() (byte, error) { return p.uart.ReadByte() }
func (p *Platform) Counter() uint64            { return arm64.CNTPCT() }
func (p *Platform) Uptime() int64              { return arm64.Nanotime() }
func (p *Platform) Ticks() uint64              { return p.ticks.Load() }
func (p *Platform) Random(b []byte)            { getRandomData(b) }

// Wallclock returns the board clock's seconds since the epoch.
func (p *Platform) Wallclock() int64 {
	if p.WallclockF == nil {
		return 0
	}
	return p.WallclockF()
}

func (p *Platform) PowerOff() { p.PowerOffF(); p.Halt() }
func (p *Platform) Reset()    { p.ResetF(); p.Halt() }

// SelfTest runs the hardware self-tests:
//
//	wx   write to kernel text, which must fault (text is read-only)
//	user run a small program at EL0 and serve its system calls
func (p *Platform) SelfTest(name string) bool {
	switch name {
	case "wx":
		arm64.WriteKernelText()
		return true
	case "user":
		if err := p.userSelfTest(); err != nil {
			fmt.Fprintf(&p.uart, "user: %v\n", err)
		}
		return true
	}
	return false
}

// Halt masks interrupts and waits forever.
func (p *Platform) Halt() {
	arm64.DisableIRQ()
	for {
		arm64.WFI()
	}
}

// exit is the runtime's exit hook (a fatal Go panic in the kernel).
var Exit func(code int32)

func (p *Platform) exit(code int32) {
	if Exit != nil {
		Exit(code)
	}
	p.Halt()
}

// cpuName names the core from MIDR_EL1 (Arm ARM D19.2.100).
func cpuName(midr uint64) string {
	impl, part := midr>>24&0xff, midr>>4&0xfff
	name := fmt.Sprintf("CPU implementer %#x part %#x", impl, part)
	if impl == 0x41 {
		switch part {
		case 0xd03:
			name = "Cortex-A53"
		case 0xd07:
			name = "Cortex-A57"
		case 0xd08:
			name = "Cortex-A72"
		case 0xd0c:
			name = "Neoverse-N1"
		case 0xd0b:
			name = "Cortex-A76"
		}
	}
	return fmt.Sprintf("%s r%dp%d", name, midr>>20&0xf, midr&0xf)
}

// seedFromDT falls back on the boot loader's /chosen rng-seed (QEMU fills
// it from the host's entropy), expanded with ChaCha8, as Linux credits
// it through add_bootloader_randomness (drivers/of/fdt.c).
func (p *Platform) seedFromDT() {
	chosen := p.dt.Path("/chosen")
	if chosen == nil {
		return
	}
	seed, ok := chosen.Prop("rng-seed")
	if !ok || len(seed) < 32 {
		return
	}
	var key [32]byte
	copy(key[:], seed)
	gen := rand.NewChaCha8(key)
	var mu sync.Mutex
	p.RandomF = func(b []byte) {
		mu.Lock()
		gen.Read(b)
		mu.Unlock()
	}
	p.Entropy = fmt.Sprintf("no hardware RNG; ChaCha8 seeded from /chosen rng-seed (%d bytes)", len(seed))
}

// parkSecondaries sends the CPUs other than the boot CPU that wait on a
// spin table (the Pi's firmware and QEMU's raspi3b stub: enable-method
// "spin-table", cpu-release-addr) to sleep in WFI. Left in the
// firmware's loop they spin on WFE, which costs a real Pi power and QEMU
// a host thread each, and they would jump wherever a stray store to the
// release address pointed. PSCI machines (virt) keep theirs off.
func (p *Platform) parkSecondaries() {
	cpus := p.dt.Path("/cpus")
	if cpus == nil {
		return
	}
	boot := arm64.MPIDR() & 0xff_ffff
	var addrs []uint64
	for _, c := range cpus.Children {
		m, _ := c.String("enable-method")
		reg, ok := c.U32("reg")
		addr, ok2 := c.U64("cpu-release-addr")
		if m != "spin-table" || !ok || !ok2 || uint64(reg) == boot {
			continue
		}
		addrs = append(addrs, addr)
	}
	p.info.ParkedCPUs = arm64.ParkSpinTableCPUs(addrs)
}
