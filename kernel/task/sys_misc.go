package task

import (
	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_UNAME, sysUname, Full, "")
	register(linuxabi.SYS_SETHOSTNAME, sysSethostname, Full, "")
	register(linuxabi.SYS_SETDOMAINNAME, sysSetdomainname, Full, "")
	register(linuxabi.SYS_GETRANDOM, sysGetrandom, Full, "the pool is always initialised")
	register(linuxabi.SYS_SYSLOG, sysSyslog, Full, "")
	register(linuxabi.SYS_REBOOT, sysReboot, Partial, "POWER_OFF, HALT, RESTART, CAD_ON/OFF; no kexec or suspend")
	register(linuxabi.SYS_SYSINFO, sysSysinfo, Partial, "load averages are 0")
	register(linuxabi.SYS_GETRUSAGE, sysGetrusage, Partial, "CPU times only; fault, switch and I/O counters are 0")
	register(linuxabi.SYS_TIMES, sysTimes, Full, "")
}

// sysUname implements Linux system call uname(2).
func sysUname(t *Task, a args) (uint64, error) {
	var b [6 * 65]byte
	u := t.k.utsname()
	for i, s := range []string{"Linux", u.hostname, u.release, u.version, "aarch64", u.domain} {
		copy(b[65*i:65*i+64], s)
	}
	return 0, t.copyOut(a[0], b[:])
}

func (k *Kernel) utsname() utsname {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.uts
}

// sysSethostname implements Linux system call sethostname(2).
func sysSethostname(t *Task, a args) (uint64, error) {
	s, err := t.utsField(a[0], a[1])
	if err != nil {
		return 0, err
	}
	t.k.mu.Lock()
	t.k.uts.hostname = s
	t.k.mu.Unlock()
	return 0, nil
}

// sysSetdomainname implements Linux system call setdomainname(2).
func sysSetdomainname(t *Task, a args) (uint64, error) {
	s, err := t.utsField(a[0], a[1])
	if err != nil {
		return 0, err
	}
	t.k.mu.Lock()
	t.k.uts.domain = s
	t.k.mu.Unlock()
	return 0, nil
}

func (t *Task) utsField(va, n uint64) (string, error) {
	if t.creds().euid != 0 {
		return "", linuxabi.EPERM
	}
	if n > 64 {
		return "", linuxabi.EINVAL
	}
	b := make([]byte, n)
	if err := t.copyIn(va, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// sysGetrandom implements Linux system call getrandom(2).
func sysGetrandom(t *Task, a args) (uint64, error) {
	if a[2]&^(linuxabi.GRND_NONBLOCK|linuxabi.GRND_RANDOM|linuxabi.GRND_INSECURE) != 0 ||
		a[2]&(linuxabi.GRND_RANDOM|linuxabi.GRND_INSECURE) == linuxabi.GRND_RANDOM|linuxabi.GRND_INSECURE {
		return 0, linuxabi.EINVAL
	}
	n := min(a[1], 32<<20) // MAX_RW_COUNT-like bound per call, as get_random_bytes_user chunks
	buf := make([]byte, min(n, ioChunk))
	done := uint64(0)
	for done < n {
		chunk := buf[:min(n-done, uint64(len(buf)))]
		t.k.hw.Random(chunk)
		if err := t.copyOut(a[0]+done, chunk); err != nil {
			if done > 0 {
				return done, nil
			}
			return 0, err
		}
		done += uint64(len(chunk))
	}
	return done, nil
}

// sysSyslog implements Linux system call syslog(2) over the kernel log.
func sysSyslog(t *Task, a args) (uint64, error) {
	action, length := int(int32(a[0])), int(int32(a[2]))
	var buf []byte
	if length > 0 {
		buf = make([]byte, min(length, 1<<20))
	}
	n, err := t.k.log.Syslog(action, buf, length)
	if err != nil {
		return 0, errnoOf(err)
	}
	if n > 0 && buf != nil && n <= len(buf) {
		if err := t.copyOut(a[1], buf[:n]); err != nil {
			return 0, err
		}
	}
	return uint64(n), nil
}

// sysReboot implements Linux system call reboot(2).
func sysReboot(t *Task, a args) (uint64, error) {
	if uint32(a[0]) != linuxabi.LINUX_REBOOT_MAGIC1 {
		return 0, linuxabi.EINVAL
	}
	switch uint32(a[1]) {
	case linuxabi.LINUX_REBOOT_MAGIC2, linuxabi.LINUX_REBOOT_MAGIC2A, linuxabi.LINUX_REBOOT_MAGIC2B, linuxabi.LINUX_REBOOT_MAGIC2C:
	default:
		return 0, linuxabi.EINVAL
	}
	if t.creds().euid != 0 {
		return 0, linuxabi.EPERM
	}
	switch uint32(a[2]) {
	case linuxabi.LINUX_REBOOT_CMD_POWER_OFF:
		t.k.log.Emergf("reboot: Power down")
		t.k.hw.PowerOff()
	case linuxabi.LINUX_REBOOT_CMD_HALT:
		t.k.log.Emergf("reboot: System halted")
		t.k.hw.PowerOff()
	case linuxabi.LINUX_REBOOT_CMD_RESTART, linuxabi.LINUX_REBOOT_CMD_RESTART2:
		t.k.log.Emergf("reboot: Restarting system")
		t.k.hw.Reset()
	case linuxabi.LINUX_REBOOT_CMD_CAD_ON, linuxabi.LINUX_REBOOT_CMD_CAD_OFF:
		return 0, nil
	}
	return 0, linuxabi.EINVAL
}

// sysSysinfo implements Linux system call sysinfo(2).
func sysSysinfo(t *Task, a args) (uint64, error) {
	total, free := t.k.hw.MemInfo()
	t.k.mu.Lock()
	procs := len(t.k.tasks)
	t.k.mu.Unlock()
	si := linuxabi.Sysinfo{
		Uptime:   t.k.hw.Monotonic() / 1e9,
		Totalram: total,
		Freeram:  free,
		Procs:    uint16(procs),
		Unit:     1,
	}
	var b [linuxabi.SysinfoSize]byte
	si.Marshal(b[:])
	return 0, t.copyOut(a[0], b[:])
}

// sysGetrusage implements Linux system call getrusage(2).
func sysGetrusage(t *Task, a args) (uint64, error) {
	var c cpuTime
	switch int32(a[0]) {
	case linuxabi.RUSAGE_SELF:
		c = t.p.cpuTime()
	case linuxabi.RUSAGE_CHILDREN:
		t.k.mu.Lock()
		c = t.p.childTime
		t.k.mu.Unlock()
	case linuxabi.RUSAGE_THREAD:
		c = t.clock.load()
	default:
		return 0, linuxabi.EINVAL
	}
	b := rusage(c)
	return 0, t.copyOut(a[1], b[:])
}

// userHZ is USER_HZ, the unit of clock_t (include/asm-generic/param.h).
const userHZ = 100

func clockTicks(ns int64) int64 { return ns / (1e9 / userHZ) }

// sysTimes implements Linux system call times(2): the process's and its
// reaped children's CPU times in clock ticks, and the ticks since boot.
func sysTimes(t *Task, a args) (uint64, error) {
	if a[0] != 0 {
		self := t.p.cpuTime()
		t.k.mu.Lock()
		children := t.p.childTime
		t.k.mu.Unlock()
		tms := linuxabi.Tms{Utime: clockTicks(self.user), Stime: clockTicks(self.sys),
			Cutime: clockTicks(children.user), Cstime: clockTicks(children.sys)}
		var b [linuxabi.TmsSize]byte
		tms.Marshal(b[:])
		if err := t.copyOut(a[0], b[:]); err != nil {
			return 0, err
		}
	}
	return uint64(clockTicks(t.k.hw.Monotonic())), nil
}
