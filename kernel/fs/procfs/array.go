package procfs

import (
	"fmt"
	"strings"
)

// stateNames are the State lines of status (task_state_array in
// fs/proc/array.c).
var stateNames = map[byte]string{
	'R': "R (running)", 'S': "S (sleeping)", 'D': "D (disk sleep)", 'T': "T (stopped)",
	't': "t (tracing stop)", 'X': "X (dead)", 'Z': "Z (zombie)", 'P': "P (parked)", 'I': "I (idle)",
}

// rlimInfinity is RLIM_INFINITY, stat's rsslim: tamix sets no RSS limit.
const rlimInfinity = ^uint64(0)

// pageShift is PAGE_SHIFT: statm and stat count pages.
const pageShift = 12

// formatStat is /proc/<pid>/stat (do_task_stat()): 52 fields, the
// first the task's own ID (the thread's under task/<tid>). The
// fault counters, the stack and instruction pointers (kstkesp, kstkeip)
// and the scheduling fields are 0; wchan is 1 for a sleeping task, as
// Linux shows it.
func formatStat(pr Process) string {
	m := pr.Mem
	wchan := 0
	if pr.State != 'R' && pr.State != 'Z' && pr.State != 'X' {
		wchan = 1
	}
	const low31 = 0x7fffffff
	return fmt.Sprintf("%d (%s) %c %d %d %d %d %d %d 0 0 0 0 %d %d %d %d %d %d %d 0 %d %d %d %d %d %d %d 0 0 %d %d %d %d %d 0 0 %d 0 0 0 0 0 0 %d %d %d %d %d %d %d %d\n",
		pr.TID, pr.Comm, pr.State, pr.PPID, pr.PGID, pr.SID, encodeDev(pr.TTY), pr.TPGID, pr.Flags,
		ticks(pr.Utime), ticks(pr.Stime), ticks(pr.Cutime), ticks(pr.Cstime), 20+pr.Nice, pr.Nice, pr.Threads,
		ticks(pr.Start), m.Size, m.RSS>>pageShift, rlimInfinity, m.StartCode, m.EndCode, m.StartStack,
		pr.Sig.Pending&low31, pr.Sig.Blocked&low31, pr.Sig.Ignored&low31, pr.Sig.Caught&low31, wchan,
		pr.ExitSignal, m.StartData, m.EndData, m.StartBrk, m.ArgStart, m.ArgEnd, m.EnvStart, m.EnvEnd, 0)
}

// encodeDev is the kernel's new_encode_dev() of a vfs.Mkdev number, as
// stat's tty_nr shows it: the same bits user space's makedev() makes,
// truncated to 32.
func encodeDev(dev uint64) uint32 { return uint32(dev) }

// formatStatm is /proc/<pid>/statm (task_statm()): size, resident,
// shared, text, lib (0), data and dirty (0) pages.
func formatStatm(m Memory) string {
	text := (pageUp(m.EndCode) - m.StartCode&^(1<<pageShift-1)) >> pageShift
	if m.EndCode == 0 {
		text = 0
	}
	return fmt.Sprintf("%d %d %d %d 0 %d 0\n", m.Size>>pageShift, m.RSS>>pageShift, m.File>>pageShift, text, (m.Data+m.Stack)>>pageShift)
}

func pageUp(a uint64) uint64 { return (a + 1<<pageShift - 1) &^ (1<<pageShift - 1) }

// capFull is the capability set of a root process: CAP_LAST_CAP is 40.
const capFull = 1<<41 - 1

// formatStatus is /proc/<pid>/status (proc_pid_status()).
func formatStatus(pr Process) string {
	var b strings.Builder
	f := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	f("Name:\t%s\n", escapeName(pr.Comm))
	f("Umask:\t%04o\n", pr.Umask)
	f("State:\t%s\n", stateNames[pr.State])
	f("Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", pr.PID, pr.TID, pr.PPID)
	f("Uid:\t%d\t%d\t%d\t%d\n", pr.UID[0], pr.UID[1], pr.UID[2], pr.UID[3])
	f("Gid:\t%d\t%d\t%d\t%d\n", pr.GID[0], pr.GID[1], pr.GID[2], pr.GID[3])
	f("FDSize:\t%d\n", pr.FDSize)
	groups := make([]string, len(pr.Groups))
	for k, g := range pr.Groups {
		groups[k] = fmt.Sprint(g)
	}
	f("Groups:\t%s \n", strings.Join(groups, " "))
	f("NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", pr.PID, pr.TID, pr.PGID, pr.SID)
	if m := pr.Mem; m.Size != 0 { // task_mem(): only with an address space
		kb := func(name string, v uint64) { f("%s:\t%8d kB\n", name, v>>10) }
		kb("VmPeak", m.Peak)
		kb("VmSize", m.Size)
		kb("VmLck", 0)
		kb("VmPin", 0)
		kb("VmHWM", m.HWM)
		kb("VmRSS", m.RSS)
		kb("RssAnon", m.Anon)
		kb("RssFile", m.File)
		kb("RssShmem", 0)
		kb("VmData", m.Data)
		kb("VmStk", m.Stack)
		kb("VmExe", m.Exe)
		kb("VmLib", m.Lib)
		kb("VmPTE", m.PageTables)
		kb("VmSwap", 0)
		kb("HugetlbPages", 0)
	}
	f("CoreDumping:\t0\nTHP_enabled:\t1\n")
	f("Threads:\t%d\n", pr.Threads)
	f("SigQ:\t%d/%d\n", pr.SigQ, pr.SigQMax)
	s := pr.Sig
	f("SigPnd:\t%016x\nShdPnd:\t%016x\nSigBlk:\t%016x\nSigIgn:\t%016x\nSigCgt:\t%016x\n", s.Pending, s.Shared, s.Blocked, s.Ignored, s.Caught)
	var caps uint64
	if pr.UID[1] == 0 {
		caps = capFull
	}
	f("CapInh:\t%016x\nCapPrm:\t%016x\nCapEff:\t%016x\nCapBnd:\t%016x\nCapAmb:\t%016x\n", 0, caps, caps, uint64(capFull), 0)
	f("NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n")
	f("Speculation_Store_Bypass:\tunknown\nSpeculationIndirectBranch:\tunknown\n")
	f("Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t0001\nMems_allowed_list:\t0\n")
	f("voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n")
	return b.String()
}

// escapeName escapes a command name for status's Name line as
// proc_task_name() does: backslashes and newlines.
func escapeName(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(s)
}

// formatMaps is /proc/<pid>/maps (show_map_vma()): the name, if any,
// starts at column 73.
func formatMaps(vmas []VMA) string {
	var b strings.Builder
	for _, v := range vmas {
		perm := []byte("---p")
		if v.Read {
			perm[0] = 'r'
		}
		if v.Write {
			perm[1] = 'w'
		}
		if v.Exec {
			perm[2] = 'x'
		}
		if v.Shared {
			perm[3] = 's'
		}
		line := fmt.Sprintf("%08x-%08x %s %08x %02x:%02x %d ", v.Start, v.End, perm, v.Offset, devMajor(v.Dev), devMinor(v.Dev), v.Ino)
		if v.Name != "" {
			line = fmt.Sprintf("%-72s %s", line[:len(line)-1], v.Name)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// devMajor and devMinor split a vfs.Mkdev number.
func devMajor(d uint64) uint32 { return uint32(d>>32&0xfffff000 | d>>8&0xfff) }
func devMinor(d uint64) uint32 { return uint32(d>>12&0xffffff00 | d&0xff) }
