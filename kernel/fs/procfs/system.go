package procfs

import (
	"fmt"
	"strings"

	"github.com/tamix/tamix/kernel/vfs"
)

// userHZ is USER_HZ, the clock tick of /proc's times.
const userHZ = 100

// ticks converts nanoseconds to clock ticks (nsec_to_clock_t()).
func ticks(ns int64) int64 { return ns / (1e9 / userHZ) }

// centis formats nanoseconds as seconds with two decimals, as
// /proc/uptime does.
func centis(ns int64) string {
	c := ns / 1e7
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}

// filesystems is /proc/filesystems (filesystems_proc_show()).
func filesystems() string {
	var b strings.Builder
	for _, t := range vfs.Filesystems() {
		if t.RequiresDev {
			b.WriteString("\t")
		} else {
			b.WriteString("nodev\t")
		}
		b.WriteString(t.Name + "\n")
	}
	return b.String()
}

// uptime is /proc/uptime (fs/proc/uptime.c): seconds since boot and
// seconds the CPUs were idle.
func (p *procfs) uptime() string {
	s := p.k.System()
	return centis(s.Uptime) + " " + centis(s.Idle) + "\n"
}

// loadavg is /proc/loadavg (fs/proc/loadavg.c). tamix keeps no load
// average, so the three averages are 0.00.
func (p *procfs) loadavg() string {
	s := p.k.System()
	return fmt.Sprintf("0.00 0.00 0.00 %d/%d %d\n", s.Running, s.Tasks, s.LastPID)
}

// version is /proc/version (fs/proc/version.c, linux_proc_banner).
func (p *procfs) version() string {
	s := p.k.System()
	return fmt.Sprintf("Linux version %s (tamix@tamix) (%s) %s\n", s.Release, p.cfg.Compiler, s.Version)
}

// stat is /proc/stat (fs/proc/stat.c) for tamix's one CPU: the CPU
// times in ticks, then the counters. tamix counts no interrupts or
// softirqs per source and no context switches, which read as 0.
func (p *procfs) stat() string {
	s := p.k.System()
	cpu := fmt.Sprintf(" %d 0 %d %d 0 0 0 0 0 0\n", ticks(s.User), ticks(s.Sys), ticks(s.Idle))
	return "cpu " + cpu + "cpu0" + cpu +
		"intr 0\nctxt 0\n" +
		fmt.Sprintf("btime %d\nprocesses %d\nprocs_running %d\nprocs_blocked 0\n", s.Boot/1e9, s.Forks, s.Running) +
		"softirq 0 0 0 0 0 0 0 0 0 0 0\n"
}

// vmstat is /proc/vmstat (vmstat_show() in mm/vmstat.c) with the one
// counter tamix keeps, the free pages; readers such as procps take the
// counters that are not listed as 0.
func (p *procfs) vmstat() string {
	return fmt.Sprintf("nr_free_pages %d\n", p.k.System().MemFree>>12)
}

// meminfo is /proc/meminfo (fs/proc/meminfo.c) with Linux 6.1's fields.
// tamix knows its total and free memory; it has no page cache, swap,
// slab, vmalloc or huge pages, so those read as 0, and everything free
// is available.
func (p *procfs) meminfo() string {
	s := p.k.System()
	kb := func(b uint64) uint64 { return b >> 10 }
	vals := map[string]uint64{
		"MemTotal": kb(s.MemTotal), "MemFree": kb(s.MemFree), "MemAvailable": kb(s.MemFree),
		"CommitLimit":  kb(s.MemTotal) / 2, // overcommit_ratio 50, no swap
		"Hugepagesize": 2048,
	}
	var b strings.Builder
	for _, name := range meminfoFields {
		switch {
		case name == "HardwareCorrupted":
			fmt.Fprintf(&b, "HardwareCorrupted: %5d kB\n", 0)
		case strings.HasPrefix(name, "HugePages_"):
			fmt.Fprintf(&b, "%-19s%5d\n", name+":", 0)
		default:
			fmt.Fprintf(&b, "%-16s%8d kB\n", name+":", vals[name])
		}
	}
	return b.String()
}

// meminfoFields are meminfo_proc_show()'s lines in order, for arm64 with
// Debian's configuration.
var meminfoFields = []string{
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached",
	"Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)",
	"Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Zswap", "Zswapped", "Dirty", "Writeback",
	"AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab", "SReclaimable", "SUnreclaim",
	"KernelStack", "PageTables", "SecPageTables", "NFS_Unstable", "Bounce", "WritebackTmp",
	"CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk", "Percpu",
	"HardwareCorrupted", "AnonHugePages", "ShmemHugePages", "ShmemPmdMapped", "FileHugePages",
	"FilePmdMapped", "CmaTotal", "CmaFree",
	"HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp", "Hugepagesize", "Hugetlb",
}

// cpuinfo is /proc/cpuinfo for arm64 (c_show() in
// arch/arm64/kernel/cpuinfo.c), for the one CPU tamix runs on.
func (p *procfs) cpuinfo() string {
	c := p.cfg
	var feat []string
	for bit, name := range hwcapNames {
		if c.HWCap&(1<<bit) != 0 {
			feat = append(feat, name)
		}
	}
	for bit, name := range hwcap2Names {
		if c.HWCap2&(1<<bit) != 0 {
			feat = append(feat, name)
		}
	}
	m := c.MIDR
	return fmt.Sprintf("processor\t: 0\nBogoMIPS\t: %d.%02d\nFeatures\t: %s\n"+
		"CPU implementer\t: 0x%02x\nCPU architecture: 8\nCPU variant\t: 0x%x\nCPU part\t: 0x%03x\nCPU revision\t: %d\n\n",
		c.TimerFreq/500000, c.TimerFreq/5000%100, strings.Join(feat, " "),
		m>>24&0xff, m>>20&0xf, m>>4&0xfff, m&0xf)
}

// hwcapNames and hwcap2Names are cpuinfo's names of the AT_HWCAP and
// AT_HWCAP2 bits, by bit (hwcap_str in arch/arm64/kernel/cpuinfo.c).
var (
	hwcapNames = [...]string{
		"fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32",
		"atomics", "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc",
		"dcpop", "sha3", "sm3", "sm4", "asimddp", "sha512", "sve", "asimdfhm",
		"dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb", "paca", "pacg",
	}
	hwcap2Names = [...]string{
		"dcpodp", "sve2", "sveaes", "svepmull", "svebitperm", "svesha3", "svesm4", "flagm2",
		"frint", "svei8mm", "svef32mm", "svef64mm", "svebf16", "i8mm", "bf16", "dgh",
		"rng", "bti", "mte", "ecv", "afp", "rpres", "mte3", "sme",
		"smei16i64", "smef64f64", "smei8i32", "smef16f32", "smeb16f32", "smef32f32", "smefa64", "wfxt",
		"ebf16", "sveebf16",
	}
)
