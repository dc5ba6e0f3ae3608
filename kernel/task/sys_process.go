package task

import (
	"encoding/binary"
	"runtime"

	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/linuxabi"
)

func newSpace(k *Kernel) (*mm.Space, error) {
	s, err := mm.New(k.hw.Memory())
	if err != nil {
		return nil, linuxabi.ENOMEM
	}
	return s, nil
}

func init() {
	register(linuxabi.SYS_CLONE, sysClone, Partial, "no namespaces, CLONE_PIDFD, CLONE_PTRACE: EINVAL")
	register(linuxabi.SYS_CLONE3, sysClone3, Partial, "as clone; set_tid, CLONE_INTO_CGROUP, CLONE_PIDFD: EINVAL")
	register(linuxabi.SYS_WAITID, sysWaitid, Partial, "P_PIDFD: EINVAL (no pidfds)")
	register(linuxabi.SYS_EXECVE, sysExecve, Partial, "ELF (static, static-PIE, PT_INTERP) and #! scripts; no set-user-ID")
	register(linuxabi.SYS_EXECVEAT, sysExecveat, Partial, "as execve; AT_EMPTY_PATH not supported")
	register(linuxabi.SYS_EXIT, sysExit, Full, "")
	register(linuxabi.SYS_EXIT_GROUP, sysExitGroup, Full, "")
	register(linuxabi.SYS_WAIT4, sysWait4, Partial, "rusage reported as zeros")
	register(linuxabi.SYS_GETPID, sysGetpid, Full, "")
	register(linuxabi.SYS_GETPPID, sysGetppid, Full, "")
	register(linuxabi.SYS_GETTID, sysGettid, Full, "")
	register(linuxabi.SYS_SET_TID_ADDRESS, sysSetTidAddress, Full, "")
	register(linuxabi.SYS_SET_ROBUST_LIST, sysSetRobustList, Full, "")
	register(linuxabi.SYS_GET_ROBUST_LIST, sysGetRobustList, Full, "")
	register(linuxabi.SYS_GETUID, func(t *Task, a args) (uint64, error) { return uint64(t.creds().uid), nil }, Full, "")
	register(linuxabi.SYS_GETEUID, func(t *Task, a args) (uint64, error) { return uint64(t.creds().euid), nil }, Full, "")
	register(linuxabi.SYS_GETGID, func(t *Task, a args) (uint64, error) { return uint64(t.creds().gid), nil }, Full, "")
	register(linuxabi.SYS_GETEGID, func(t *Task, a args) (uint64, error) { return uint64(t.creds().egid), nil }, Full, "")
	register(linuxabi.SYS_GETRESUID, sysGetresuid, Full, "")
	register(linuxabi.SYS_GETRESGID, sysGetresgid, Full, "")
	register(linuxabi.SYS_GETGROUPS, sysGetgroups, Full, "")
	register(linuxabi.SYS_SETPGID, sysSetpgid, Partial, "no session checks across sessions")
	register(linuxabi.SYS_GETPGID, sysGetpgid, Full, "")
	register(linuxabi.SYS_SETSID, sysSetsid, Full, "")
	register(linuxabi.SYS_GETSID, sysGetsid, Full, "")
	register(linuxabi.SYS_SCHED_YIELD, func(t *Task, a args) (uint64, error) { runtime.Gosched(); return 0, nil }, Full, "")
	register(linuxabi.SYS_SCHED_GETAFFINITY, sysSchedGetaffinity, Full, "one CPU")
	register(linuxabi.SYS_SCHED_SETAFFINITY, sysSchedSetaffinity, Full, "one CPU")
	register(linuxabi.SYS_UMASK, sysUmask, Full, "")
	register(linuxabi.SYS_PRLIMIT64, sysPrlimit64, Partial, "limits are recorded; RLIMIT_STACK, RLIMIT_NOFILE and RLIMIT_NPROC are enforced")
	register(linuxabi.SYS_GETRLIMIT, sysGetrlimit, Full, "")
	register(linuxabi.SYS_SETRLIMIT, sysSetrlimit, Partial, "as prlimit64")
	register(linuxabi.SYS_PRCTL, sysPrctl, Partial, "PR_SET_NAME, PR_GET_NAME; others EINVAL")
}

func (t *Task) creds() creds {
	t.p.mu.Lock()
	defer t.p.mu.Unlock()
	return t.p.creds
}

// sysClone implements Linux system call clone(2); arm64's argument order
// is flags, stack, parent_tid, tls, child_tid (CONFIG_CLONE_BACKWARDS).
func sysClone(t *Task, a args) (uint64, error) {
	tid, err := t.clone(cloneArgs{
		flags:      a[0] & 0xffffff00, // clone(2) takes the low 32 bits (kernel/fork.c)
		exitSignal: linuxabi.Signal(a[0] & 0xff),
		stack:      a[1],
		parentTID:  a[2],
		tls:        a[3],
		childTID:   a[4],
	})
	return uint64(tid), err
}

// sysExecve implements Linux system call execve(2).
func sysExecve(t *Task, a args) (uint64, error) {
	return 0, t.execveArgs(linuxabi.AT_FDCWD, a[0], a[1], a[2], 0)
}

// sysExecveat implements Linux system call execveat(2).
func sysExecveat(t *Task, a args) (uint64, error) {
	if a[4]&linuxabi.AT_EMPTY_PATH != 0 {
		return 0, linuxabi.EINVAL
	}
	return 0, t.execveArgs(int(int32(a[0])), a[1], a[2], a[3], int(a[4]))
}

func (t *Task) execveArgs(dirfd int, pathVA, argvVA, envpVA uint64, flags int) error {
	path, err := t.readPath(pathVA)
	if err != nil {
		return err
	}
	const maxArgs = 0x7fffffff / 8
	argv, err := t.readStrings(argvVA, maxArgs)
	if err != nil {
		return err
	}
	envp, err := t.readStrings(envpVA, maxArgs)
	if err != nil {
		return err
	}
	return t.execve(dirfd, path, argv, envp, flags)
}

// sysExit implements Linux system call exit(2): this thread only.
func sysExit(t *Task, a args) (uint64, error) {
	t.exit(int(a[0]&0xff)<<8, false)
	runtime.Goexit()
	return 0, nil
}

// sysExitGroup implements Linux system call exit_group(2).
func sysExitGroup(t *Task, a args) (uint64, error) {
	t.exit(int(a[0]&0xff)<<8, true)
	runtime.Goexit()
	return 0, nil
}

// sysWaitid implements Linux system call waitid(2), with the kernel's
// fifth argument, a struct rusage. The siginfo it fills has si_signo
// SIGCHLD, si_code CLD_*, si_pid, si_uid and si_status; when nothing is
// reported (WNOHANG, or an error) it is zeroed, and a fault writing it
// is EFAULT whatever the wait found (the waitid syscall wrapper in
// kernel/exit.c).
func sysWaitid(t *Task, a args) (uint64, error) {
	w, err := t.waitid(a)
	if a[2] != 0 {
		var si linuxabi.Siginfo
		if err == nil && w.pid != 0 {
			code, status := childCode(w.status)
			si = linuxabi.SiginfoChild(code, int32(w.pid), uint32(w.uid), status, 0, 0)
		}
		var b [linuxabi.SiginfoSize]byte
		si.Marshal(b[:])
		if err := t.copyOut(a[2], b[:]); err != nil {
			return 0, err
		}
	}
	return 0, err
}

func (t *Task) waitid(a args) (waited, error) {
	const known = linuxabi.WNOHANG | linuxabi.WEXITED | linuxabi.WSTOPPED | linuxabi.WCONTINUED | linuxabi.WNOWAIT |
		linuxabi.WALL | linuxabi.WCLONE | linuxabi.WNOTHREAD
	idtype, id, opts := int(int32(a[0])), int(int32(a[1])), int(a[3])
	switch {
	case opts&^known != 0, opts&(linuxabi.WEXITED|linuxabi.WSTOPPED|linuxabi.WCONTINUED) == 0:
		return waited{}, linuxabi.EINVAL
	case idtype == linuxabi.P_PIDFD:
		return waited{}, linuxabi.EINVAL // tamix has no pidfds (pidfd_open is ENOSYS)
	case idtype == linuxabi.P_PID && id <= 0, idtype == linuxabi.P_PGID && id < 0:
		return waited{}, linuxabi.EINVAL
	case idtype != linuxabi.P_ALL && idtype != linuxabi.P_PID && idtype != linuxabi.P_PGID:
		return waited{}, linuxabi.EINVAL
	}
	w, err := t.wait(waitFor{idtype, id}, opts)
	if err == nil && w.pid != 0 && a[4] != 0 {
		ru := rusage(w.time)
		if err := t.copyOut(a[4], ru[:]); err != nil {
			return waited{}, err
		}
	}
	return w, err
}

// childCode turns a wait status into waitid's si_code and si_status
// (wait_task_zombie and wait_task_stopped in kernel/exit.c).
func childCode(status int) (int32, int32) {
	switch {
	case status == linuxabi.WaitStatusContinued:
		return linuxabi.CLD_CONTINUED, int32(linuxabi.SIGCONT)
	case status&0xff == 0x7f:
		return linuxabi.CLD_STOPPED, int32(status >> 8 & 0xff)
	case status&0x7f == 0:
		return linuxabi.CLD_EXITED, int32(status >> 8 & 0xff)
	case status&0x80 != 0:
		return linuxabi.CLD_DUMPED, int32(status & 0x7f)
	}
	return linuxabi.CLD_KILLED, int32(status & 0x7f)
}

// sysWait4 implements Linux system call wait4(2).
func sysWait4(t *Task, a args) (uint64, error) {
	const known = linuxabi.WNOHANG | linuxabi.WUNTRACED | linuxabi.WCONTINUED | linuxabi.WNOWAIT |
		linuxabi.WALL | linuxabi.WCLONE | linuxabi.WNOTHREAD
	opts := int(a[2])
	if opts&^known != 0 {
		return 0, linuxabi.EINVAL
	}
	w, err := t.wait(waitFor4(int(int32(a[0]))), opts|linuxabi.WEXITED)
	if err != nil || w.pid == 0 {
		return 0, err
	}
	if a[1] != 0 {
		if err := t.writeU32(a[1], uint32(w.status)); err != nil {
			return 0, err
		}
	}
	if a[3] != 0 {
		ru := rusage(w.time)
		if err := t.copyOut(a[3], ru[:]); err != nil {
			return 0, err
		}
	}
	return uint64(w.pid), nil
}

func sysGetpid(t *Task, a args) (uint64, error) { return uint64(t.p.pid), nil }
func sysGettid(t *Task, a args) (uint64, error) { return uint64(t.tid), nil }

// sysGetppid implements Linux system call getppid(2).
func sysGetppid(t *Task, a args) (uint64, error) {
	t.k.mu.Lock()
	defer t.k.mu.Unlock()
	if t.p.parent == nil {
		return 0, nil
	}
	return uint64(t.p.parent.pid), nil
}

// sysSetTidAddress implements Linux system call set_tid_address(2).
func sysSetTidAddress(t *Task, a args) (uint64, error) {
	t.clearTID = a[0]
	return uint64(t.tid), nil
}

// robustListHeadSize is sizeof(struct robust_list_head) on arm64.
const robustListHeadSize = 24

// sysSetRobustList implements Linux system call set_robust_list(2).
func sysSetRobustList(t *Task, a args) (uint64, error) {
	if a[1] != robustListHeadSize {
		return 0, linuxabi.EINVAL
	}
	t.robustList, t.robustLen = a[0], a[1]
	return 0, nil
}

// sysGetRobustList implements Linux system call get_robust_list(2).
func sysGetRobustList(t *Task, a args) (uint64, error) {
	target := t
	if pid := int(int32(a[0])); pid != 0 {
		t.k.mu.Lock()
		target = t.k.tasks[pid]
		t.k.mu.Unlock()
		if target == nil {
			return 0, linuxabi.ESRCH
		}
	}
	if err := t.writeU64(a[1], target.robustList); err != nil {
		return 0, err
	}
	return 0, t.writeU64(a[2], robustListHeadSize)
}

func sysGetresuid(t *Task, a args) (uint64, error) {
	c := t.creds()
	return 0, t.writeIDs(a, c.uid, c.euid, c.suid)
}

func sysGetresgid(t *Task, a args) (uint64, error) {
	c := t.creds()
	return 0, t.writeIDs(a, c.gid, c.egid, c.sgid)
}

func (t *Task) writeIDs(a args, ids ...uint32) error {
	for i, id := range ids {
		if err := t.writeU32(a[i], id); err != nil {
			return err
		}
	}
	return nil
}

// sysGetgroups implements Linux system call getgroups(2).
func sysGetgroups(t *Task, a args) (uint64, error) {
	g := t.creds().groups
	n := int(int32(a[0]))
	switch {
	case n < 0:
		return 0, linuxabi.EINVAL
	case n == 0:
		return uint64(len(g)), nil
	case n < len(g):
		return 0, linuxabi.EINVAL
	}
	for i, id := range g {
		if err := t.writeU32(a[1]+uint64(4*i), id); err != nil {
			return 0, err
		}
	}
	return uint64(len(g)), nil
}

// findProcessLocked returns the process pid names (0: the caller); k.mu held.
func (t *Task) findProcessLocked(pid int) *Process {
	if pid == 0 {
		return t.p
	}
	if p := t.k.procs[pid]; p != nil && !p.zombie {
		return p
	}
	return nil
}

// sysSetpgid implements Linux system call setpgid(2).
func sysSetpgid(t *Task, a args) (uint64, error) {
	pid, pgid := int(int32(a[0])), int(int32(a[1]))
	if pgid < 0 {
		return 0, linuxabi.EINVAL
	}
	k := t.k
	k.mu.Lock()
	defer k.mu.Unlock()
	p := t.findProcessLocked(pid)
	if p == nil || (p != t.p && p.parent != t.p) {
		return 0, linuxabi.ESRCH
	}
	if p.pid == p.sid {
		return 0, linuxabi.EPERM // a session leader
	}
	if p.sid != t.p.sid {
		return 0, linuxabi.EPERM
	}
	if pgid == 0 {
		pgid = p.pid
	}
	if pgid != p.pid {
		ok := false
		for _, q := range k.procs { // a zombie still holds its group until reaped
			if q.pgid == pgid && q.sid == t.p.sid {
				ok = true
				break
			}
		}
		if !ok {
			return 0, linuxabi.EPERM
		}
	}
	p.pgid = pgid
	return 0, nil
}

// sysGetpgid implements Linux system call getpgid(2).
func sysGetpgid(t *Task, a args) (uint64, error) {
	t.k.mu.Lock()
	defer t.k.mu.Unlock()
	p := t.findProcessLocked(int(int32(a[0])))
	if p == nil {
		return 0, linuxabi.ESRCH
	}
	return uint64(p.pgid), nil
}

// sysGetsid implements Linux system call getsid(2).
func sysGetsid(t *Task, a args) (uint64, error) {
	t.k.mu.Lock()
	defer t.k.mu.Unlock()
	p := t.findProcessLocked(int(int32(a[0])))
	if p == nil {
		return 0, linuxabi.ESRCH
	}
	return uint64(p.sid), nil
}

// sysSetsid implements Linux system call setsid(2).
func sysSetsid(t *Task, a args) (uint64, error) {
	k, p := t.k, t.p
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, q := range k.procs {
		if q.pgid == p.pid {
			return 0, linuxabi.EPERM // a process group with the caller's ID exists
		}
	}
	p.sid, p.pgid = p.pid, p.pid
	return uint64(p.pid), nil
}

// sysSchedGetaffinity implements Linux system call sched_getaffinity(2):
// one CPU, so the mask is CPU 0 in a cpumask of nr_cpu_ids bits rounded
// to a long.
func sysSchedGetaffinity(t *Task, a args) (uint64, error) {
	if a[1] < 8 || a[1]&7 != 0 {
		return 0, linuxabi.EINVAL
	}
	if err := t.writeU64(a[2], 1); err != nil {
		return 0, err
	}
	return 8, nil
}

// sysSchedSetaffinity implements Linux system call sched_setaffinity(2).
func sysSchedSetaffinity(t *Task, a args) (uint64, error) {
	if a[1] == 0 {
		return 0, linuxabi.EINVAL
	}
	var b [1]byte
	if err := t.copyIn(a[2], b[:]); err != nil {
		return 0, err
	}
	if b[0]&1 == 0 {
		return 0, linuxabi.EINVAL // no online CPU in the mask
	}
	return 0, nil
}

// sysUmask implements Linux system call umask(2).
func sysUmask(t *Task, a args) (uint64, error) {
	fs := t.p.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	old := fs.umask
	fs.umask = uint32(a[0]) & 0o777
	return uint64(old), nil
}

// sysPrlimit64 implements Linux system call prlimit64(2).
func sysPrlimit64(t *Task, a args) (uint64, error) {
	p := t.p
	if pid := int(int32(a[0])); pid != 0 && pid != p.pid {
		t.k.mu.Lock()
		p = t.findProcessLocked(pid)
		t.k.mu.Unlock()
		if p == nil {
			return 0, linuxabi.ESRCH
		}
	}
	res := a[1]
	if res >= rlimitCount {
		return 0, linuxabi.EINVAL
	}
	var nl rlimit
	if a[2] != 0 {
		var b [16]byte
		if err := t.copyIn(a[2], b[:]); err != nil {
			return 0, err
		}
		nl = rlimit{binary.LittleEndian.Uint64(b[:]), binary.LittleEndian.Uint64(b[8:])}
		if nl.cur > nl.max {
			return 0, linuxabi.EINVAL
		}
	}
	p.mu.Lock()
	old := p.rlimits[res]
	if a[2] != 0 {
		if nl.max > old.max && p.creds.euid != 0 {
			p.mu.Unlock()
			return 0, linuxabi.EPERM
		}
		if res == rlimitNofile && nl.max > nrOpen {
			p.mu.Unlock()
			return 0, linuxabi.EPERM
		}
		p.rlimits[res] = nl
	}
	p.mu.Unlock()
	if a[3] != 0 {
		var b [16]byte
		binary.LittleEndian.PutUint64(b[:], old.cur)
		binary.LittleEndian.PutUint64(b[8:], old.max)
		if err := t.copyOut(a[3], b[:]); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// nrOpen is fs.nr_open's default: RLIMIT_NOFILE may not exceed it.
const nrOpen = 1 << 20

func sysGetrlimit(t *Task, a args) (uint64, error) {
	return sysPrlimit64(t, args{0, a[0], 0, a[1]})
}

func sysSetrlimit(t *Task, a args) (uint64, error) {
	return sysPrlimit64(t, args{0, a[0], a[1], 0})
}

// sysPrctl implements Linux system call prctl(2) for the options
// programs commonly use at start.
func sysPrctl(t *Task, a args) (uint64, error) {
	switch a[0] {
	case linuxabi.PR_SET_NAME:
		s, err := t.space.CopyInString(a[1], 16)
		if err == linuxabi.ENAMETOOLONG { // the name is truncated, not refused
			var b [15]byte
			if err := t.copyIn(a[1], b[:]); err != nil {
				return 0, err
			}
			s, err = string(b[:]), nil
		}
		if err != nil {
			return 0, err
		}
		t.p.mu.Lock()
		t.p.comm = s
		t.p.mu.Unlock()
		return 0, nil
	case linuxabi.PR_GET_NAME:
		t.p.mu.Lock()
		var b [16]byte
		copy(b[:15], t.p.comm)
		t.p.mu.Unlock()
		return 0, t.copyOut(a[1], b[:])
	}
	return 0, linuxabi.EINVAL
}

// clone3Flags are the clone3-only flags tamix takes; CLONE_INTO_CGROUP
// is refused (no cgroups).
const clone3Flags = linuxabi.CLONE_CLEAR_SIGHAND

// sysClone3 implements Linux system call clone3(2): struct clone_args of
// any published size (larger ones must have zeros past what the kernel
// knows, as copy_struct_from_user checks: E2BIG otherwise), with the
// checks of copy_clone_args_from_user and clone3_args_valid.
func sysClone3(t *Task, a args) (uint64, error) {
	size := a[1]
	switch {
	case size < linuxabi.CLONE_ARGS_SIZE_VER0 || size%8 != 0:
		return 0, linuxabi.EINVAL
	case size > 4096: // PAGE_SIZE
		return 0, linuxabi.E2BIG
	}
	b := make([]byte, size)
	if err := t.copyIn(a[0], b); err != nil {
		return 0, err
	}
	for _, c := range b[min(size, linuxabi.CloneArgsSize):] {
		if c != 0 {
			return 0, linuxabi.E2BIG
		}
	}
	var ca linuxabi.CloneArgs
	ca.Unmarshal(b)
	f := ca.Flags
	switch {
	case ca.ExitSignal&^0xff != 0 || ca.ExitSignal > 64, f&0xff != 0:
		return 0, linuxabi.EINVAL
	case ca.SetTid != 0 || ca.SetTidSize != 0, f&linuxabi.CLONE_INTO_CGROUP != 0:
		return 0, linuxabi.EINVAL // no PID namespaces to choose a pid in, no cgroups
	case (ca.Stack == 0) != (ca.StackSize == 0):
		return 0, linuxabi.EINVAL
	case f&linuxabi.CLONE_CLEAR_SIGHAND != 0 && f&linuxabi.CLONE_SIGHAND != 0:
		return 0, linuxabi.EINVAL
	case f&(linuxabi.CLONE_THREAD|linuxabi.CLONE_PARENT) != 0 && ca.ExitSignal != 0:
		return 0, linuxabi.EINVAL
	}
	tid, err := t.clone(cloneArgs{
		flags:      f,
		exitSignal: linuxabi.Signal(ca.ExitSignal),
		stack:      ca.Stack + ca.StackSize, // the stack grows down from the top of the area
		parentTID:  ca.ParentTid,
		tls:        ca.TLS,
		childTID:   ca.ChildTid,
	})
	return uint64(tid), err
}
