package task

import (
	"encoding/binary"
	"sort"

	"github.com/tamix/tamix/kernel/fs/procfs"
	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// The process layer as /proc sees it: Kernel implements procfs.Kernel.
var _ procfs.Kernel = (*Kernel)(nil)

// PIDs lists the thread groups that have not been reaped.
func (k *Kernel) PIDs() []int {
	k.mu.Lock()
	pids := make([]int, 0, len(k.procs))
	for pid, p := range k.procs {
		if !p.reaped {
			pids = append(pids, pid)
		}
	}
	k.mu.Unlock()
	sort.Ints(pids)
	return pids
}

// proc is thread group pid, nil if there is none.
func (k *Kernel) proc(pid int) *Process {
	k.mu.Lock()
	defer k.mu.Unlock()
	if p := k.procs[pid]; p != nil && !p.reaped {
		return p
	}
	return nil
}

// Threads lists the thread IDs of thread group pid.
func (k *Kernel) Threads(pid int) []int {
	p := k.proc(pid)
	if p == nil {
		return nil
	}
	p.mu.Lock()
	tids := make([]int, 0, len(p.threads))
	for tid := range p.threads {
		tids = append(tids, tid)
	}
	p.mu.Unlock()
	sort.Ints(tids)
	return tids
}

// Process describes thread group pid, or its thread tid. tamix does not
// record whether a live task is running or asleep: it reports S, which
// procfs turns into R for the reader itself.
func (k *Kernel) Process(pid, tid int) (procfs.Process, bool) {
	p := k.proc(pid)
	if p == nil {
		return procfs.Process{}, false
	}
	// Flags (PF_*) stay 0: tamix tracks none of the per-task flags ps
	// shows (forked without exec, used privileges, randomized layout).
	pr := procfs.Process{PID: pid, TID: pid, State: 'S', TPGID: -1}
	if tid != 0 {
		pr.TID = tid
	}
	k.mu.Lock()
	if p.parent != nil {
		pr.PPID = p.parent.pid
	}
	pr.PGID, pr.SID, pr.Start = p.pgid, p.sid, p.start
	pr.Cutime, pr.Cstime = p.childTime.user, p.childTime.sys
	if p.zombie {
		pr.State = 'Z'
	}
	k.mu.Unlock()

	p.mu.Lock()
	t := p.threads[pr.TID]
	if t == nil && len(p.threads) > 0 && tid == 0 {
		for _, t = range p.threads { // the leader has exited: any thread speaks for the group
			break
		}
	}
	if tid != 0 && t == nil {
		p.mu.Unlock()
		return procfs.Process{}, false
	}
	pr.Comm, pr.Threads, pr.ExitSignal = p.comm, len(p.threads), int(p.exitSignal)
	c := p.creds
	pr.UID = [4]uint32{c.uid, c.euid, c.suid, c.fsuid}
	pr.GID = [4]uint32{c.gid, c.egid, c.sgid, c.fsgid}
	pr.Groups = append([]uint32(nil), c.groups...)
	pr.SigQMax = p.rlimits[rlimitSigpending].cur
	space, files, stackStart := p.space, p.files, p.stackStart
	p.mu.Unlock()

	if tid == 0 {
		ct := p.cpuTime()
		pr.Utime, pr.Stime = ct.user, ct.sys
	} else {
		ct := t.clock.load()
		pr.Utime, pr.Stime = ct.user, ct.sys
	}
	p.fs.mu.Lock()
	pr.Umask = p.fs.umask
	p.fs.mu.Unlock()
	if files != nil {
		files.mu.Lock()
		pr.FDSize = max(64, len(files.fds))
		files.mu.Unlock()
	}

	k.sigmu.Lock()
	if p.stopped && pr.State != 'Z' {
		pr.State = 'T'
	}
	pr.Sig.Shared = uint64(p.pending.set)
	pr.SigQ = uint64(len(p.pending.queue))
	if t != nil {
		pr.Sig.Pending = uint64(t.pending.set)
		pr.Sig.Blocked = uint64(t.mask)
		pr.SigQ += uint64(len(t.pending.queue))
	}
	if p.sig != nil {
		for i, a := range p.sig.actions {
			switch a.handler {
			case sigIGN:
				pr.Sig.Ignored |= 1 << i
			case sigDFL:
			default:
				pr.Sig.Caught |= 1 << i
			}
		}
	}
	k.sigmu.Unlock()

	pr.TTY, pr.TPGID = k.controllingTTY(pr.SID)
	if space != nil && pr.State != 'Z' {
		pr.Mem = memoryOf(space, stackStart)
	}
	return pr, true
}

// controllingTTY is the device number and foreground process group of
// session sid's controlling terminal: the console, which is the serial
// port ttyAMA0 (204:64) as on Linux, where /dev/console stands for the
// console driver's tty, or a pseudo-terminal slave (136:N).
func (k *Kernel) controllingTTY(sid int) (uint64, int) {
	if sid == 0 {
		return 0, -1
	}
	if k.console != nil && k.console.Session() == sid {
		return vfs.Mkdev(204, 64), k.console.Pgrp()
	}
	if pp := k.ptyOfSession(sid); pp != nil {
		return vfs.Mkdev(136, uint32(pp.Index())), pp.Slave().Pgrp()
	}
	return 0, -1
}

// memoryOf sums an address space's mappings the way task_mem() and
// do_task_stat() do. tamix keeps no high-water marks, so the peaks are
// the current sizes; file mappings are copied into private pages, so all
// of the resident set counts as anonymous.
func memoryOf(space *mm.Space, stackStart uint64) procfs.Memory {
	st := space.Stats()
	maps, brkStart, _ := space.Mappings()
	m := procfs.Memory{Size: st.VmSize, RSS: uint64(st.RSS) * mm.PageSize, PageTables: uint64(st.PageTables) * mm.PageSize}
	m.Peak, m.HWM, m.Anon = m.Size, m.RSS, m.RSS
	m.StartBrk, m.StartStack = brkStart, stackStart
	var exec uint64
	for _, v := range maps {
		size := v.End - v.Start
		switch {
		case v.GrowsDown:
			m.Stack += size
		case v.Prot&mm.PROT_WRITE != 0 && !v.Shared:
			m.Data += size
			if v.File != nil && m.StartData == 0 {
				m.StartData, m.EndData = v.Start, v.End
			}
		case v.Prot&mm.PROT_EXEC != 0:
			exec += size
			if v.File != nil && m.EndCode == 0 {
				m.StartCode, m.EndCode = v.Start, v.End
			}
		}
	}
	m.Exe = m.EndCode - m.StartCode
	m.Lib = exec - m.Exe
	if stackStart != 0 {
		m.ArgStart, m.ArgEnd, m.EnvStart, m.EnvEnd = argArea(space, stackStart)
	}
	return m
}

// argArea finds the argument and environment strings from the initial
// stack exec built at sp: argc, the argv and envp pointer vectors, and
// the strings they point at, contiguous as in Linux (mm->arg_start,
// arg_end, env_start, env_end).
func argArea(space *mm.Space, sp uint64) (argStart, argEnd, envStart, envEnd uint64) {
	word := func(va uint64) uint64 {
		var b [8]byte
		if space.CopyIn(b[:], va) != nil {
			return 0
		}
		return binary.LittleEndian.Uint64(b[:])
	}
	end := func(va uint64) uint64 { // past the NUL of the string at va
		s, err := space.CopyInString(va, 128<<10)
		if err != nil {
			return va
		}
		return va + uint64(len(s)) + 1
	}
	argc := word(sp)
	if argc == 0 || argc > 1<<20 {
		return
	}
	argStart = word(sp + 8)
	argEnd = end(word(sp + 8*argc))
	envStart, envEnd = argEnd, argEnd
	env := sp + 8*(argc+2)
	for n := uint64(0); n < 1<<20; n++ {
		ptr := word(env + 8*n)
		if ptr == 0 {
			break
		}
		envEnd = end(ptr)
	}
	return
}

// readArea reads [start, end) of thread group pid's memory: the zombie
// or a process without an exec'd image reads as empty.
func (k *Kernel) readArea(pid int, area func(procfs.Memory) (uint64, uint64)) ([]byte, error) {
	p := k.proc(pid)
	if p == nil {
		return nil, linuxabi.ESRCH
	}
	p.mu.Lock()
	space, sp := p.space, p.stackStart
	p.mu.Unlock()
	if space == nil || sp == 0 {
		return nil, nil
	}
	var m procfs.Memory
	m.ArgStart, m.ArgEnd, m.EnvStart, m.EnvEnd = argArea(space, sp)
	start, end := area(m)
	if end <= start || end-start > 1<<20 {
		return nil, nil
	}
	b := make([]byte, end-start)
	if err := space.CopyIn(b, start); err != nil {
		return nil, nil
	}
	return b, nil
}

// Cmdline is the process's argument strings, each NUL-terminated.
func (k *Kernel) Cmdline(pid int) ([]byte, error) {
	return k.readArea(pid, func(m procfs.Memory) (uint64, uint64) { return m.ArgStart, m.ArgEnd })
}

// Environ is the process's environment strings, each NUL-terminated.
func (k *Kernel) Environ(pid int) ([]byte, error) {
	return k.readArea(pid, func(m procfs.Memory) (uint64, uint64) { return m.EnvStart, m.EnvEnd })
}

// Maps lists the process's mappings with the names show_map_vma() gives
// them: the mapped file's path, [heap] for the break area, [stack] for
// the one holding the initial stack pointer.
func (k *Kernel) Maps(pid int) ([]procfs.VMA, error) {
	p := k.proc(pid)
	if p == nil {
		return nil, linuxabi.ESRCH
	}
	p.mu.Lock()
	space, sp := p.space, p.stackStart
	p.mu.Unlock()
	if space == nil {
		return nil, nil
	}
	c := p.caller()
	maps, brkStart, brk := space.Mappings()
	vmas := make([]procfs.VMA, 0, len(maps))
	for _, m := range maps {
		v := procfs.VMA{Start: m.Start, End: m.End, Read: m.Prot != mm.PROT_NONE, Write: m.Prot&mm.PROT_WRITE != 0,
			Exec: m.Prot&mm.PROT_EXEC != 0, Shared: m.Shared}
		switch {
		case m.File != nil:
			v.Offset = m.Offset
			if fb, ok := m.File.(fileBacking); ok {
				st := fb.f.Inode().Stat()
				v.Dev, v.Ino, v.Name = st.Dev, st.Ino, fb.f.Dentry().Path(c)
			}
		case m.Start <= brk && m.End >= brkStart && brkStart != 0:
			v.Name = "[heap]"
		case m.Start <= sp && m.End >= sp:
			v.Name = "[stack]"
		}
		vmas = append(vmas, v)
	}
	return vmas, nil
}

// Files lists the process's open file descriptors.
func (k *Kernel) Files(pid int) ([]procfs.File, error) {
	p := k.proc(pid)
	if p == nil {
		return nil, linuxabi.ESRCH
	}
	p.mu.Lock()
	files := p.files
	p.mu.Unlock()
	if files == nil {
		return nil, nil
	}
	type fd struct {
		n       int
		f       *openFile
		cloexec bool
	}
	var open []fd
	files.mu.Lock()
	for n, e := range files.fds {
		if e.file != nil {
			open = append(open, fd{n, e.file.get(), e.cloexec})
		}
	}
	files.mu.Unlock()
	out := make([]procfs.File, 0, len(open))
	for _, o := range open {
		pf := procfs.File{FD: o.n, Flags: o.f.Flags()}
		if o.cloexec {
			pf.Flags |= linuxabi.O_CLOEXEC
		}
		// The VFS's files, terminals and FIFOs included, have a path and
		// a position; the others are anonymous.
		if v, ok := o.f.File.(interface {
			Dentry() vfs.Dentry
			Pos() int64
		}); ok && o.f.Inode() != nil {
			pf.Dentry, pf.Pos = v.Dentry(), v.Pos()
		} else {
			pf.Anon = anonName(o.f.File)
		}
		o.f.put()
		out = append(out, pf)
	}
	return out, nil
}

// anonName is what /proc/<pid>/fd shows for a file without a path
// (pipefs's and anon_inode's d_dname()).
func anonName(f File) string {
	switch f.(type) {
	case *pipeFile:
		return "pipe:[" + itoa(f.Stat().Ino) + "]"
	case *eventFile:
		return "anon_inode:[eventfd]"
	case *epollFile:
		return "anon_inode:[eventpoll]"
	case *signalFile:
		return "anon_inode:[signalfd]"
	case *timerFile:
		return "anon_inode:[timerfd]"
	}
	return "anon_inode:[unknown]"
}

func itoa(n uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// FS is the process's root (as a Caller) and working directory.
func (k *Kernel) FS(pid int) (vfs.Caller, *vfs.Inode, bool) {
	p := k.proc(pid)
	if p == nil || p.fs == nil {
		return vfs.Caller{}, nil, false
	}
	c := p.caller()
	p.fs.mu.Lock()
	cwd := p.fs.cwd
	p.fs.mu.Unlock()
	return c, cwd, true
}

// Exe is the file the process runs.
func (k *Kernel) Exe(pid int) (vfs.Dentry, bool) {
	p := k.proc(pid)
	if p == nil {
		return vfs.Dentry{}, false
	}
	k.mu.Lock()
	zombie := p.zombie
	k.mu.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.exeFile, !zombie && p.exeFile.Inode != nil
}

// System describes the kernel as a whole. Idle time is the time since
// boot no live process has been charged, as tamix runs one CPU.
func (k *Kernel) System() procfs.System {
	hw := k.hw
	total, free := hw.MemInfo()
	up := hw.Monotonic()
	s := procfs.System{Uptime: up, Boot: hw.Realtime() - up, MemTotal: total, MemFree: free, PIDMax: maxPID, Running: 1}
	k.mu.Lock()
	s.Hostname, s.Domain, s.Release, s.Version = k.uts.hostname, k.uts.domain, k.uts.release, k.uts.version
	procs := make([]*Process, 0, len(k.procs))
	for _, p := range k.procs {
		procs = append(procs, p)
	}
	s.Tasks, s.LastPID, s.Forks = len(k.tasks), k.lastPID, uint64(k.lastPID)
	var child cpuTime
	if k.init != nil {
		child = k.init.childTime
	}
	k.mu.Unlock()
	for _, p := range procs {
		ct := p.cpuTime()
		s.User += ct.user
		s.Sys += ct.sys
	}
	s.User += child.user
	s.Sys += child.sys
	s.Idle = max(0, up-s.User-s.Sys)
	return s
}

// caller is the process as path operations see it, with the calling
// thread's ID for /proc/thread-self.
func (t *Task) caller() vfs.Caller {
	c := t.p.caller()
	c.TID = t.tid
	return c
}
