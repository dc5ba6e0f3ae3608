package task

import (
	"time"

	"github.com/tamix/tamix/linuxabi"
)

func init() {
	register(linuxabi.SYS_RT_SIGTIMEDWAIT, sysRtSigtimedwait, Full, "")
	register(linuxabi.SYS_RT_SIGQUEUEINFO, sysRtSigqueueinfo, Full, "")
	register(linuxabi.SYS_RT_TGSIGQUEUEINFO, sysRtTgsigqueueinfo, Full, "")
	register(linuxabi.SYS_SIGNALFD4, sysSignalfd4, Full, "")
}

// sysRtSigtimedwait implements Linux system call rt_sigtimedwait(2)
// (do_sigtimedwait): it takes a pending signal of the set, waiting for
// one with the set unblocked for as long as the timeout allows (EAGAIN
// when it runs out, EINTR if another signal's handler is to run), and
// returns its number, its siginfo stored at infoVA.
func sysRtSigtimedwait(t *Task, a args) (uint64, error) {
	if a[3] != sigsetSize {
		return 0, linuxabi.EINVAL
	}
	v, err := t.readU64(a[0])
	if err != nil {
		return 0, err
	}
	set := sigSet(v) &^ unblockable
	timeout := time.Duration(-1)
	if a[2] != 0 {
		ns, err := t.readTimespec(a[2])
		if err != nil {
			return 0, err
		}
		timeout = time.Duration(ns)
	}
	k := t.k
	k.sigmu.Lock()
	info, ok := t.dequeueLocked(set)
	if !ok && timeout != 0 {
		// Wait with the set unblocked, so its signals wake the task
		// (real_blocked), then take one.
		old := t.mask
		t.mask &^= set
		k.sigmu.Unlock()
		var expired <-chan time.Time
		if timeout > 0 {
			tm := time.NewTimer(timeout)
			defer tm.Stop()
			expired = tm.C
		}
		select {
		case <-t.interrupt():
		case <-expired:
		}
		k.sigmu.Lock()
		t.mask = old
		info, ok = t.dequeueLocked(set)
		if !ok && timeout < 0 || !ok && t.deliverableLocked() != 0 {
			k.sigmu.Unlock()
			return 0, linuxabi.EINTR
		}
	}
	k.sigmu.Unlock()
	if !ok {
		return 0, linuxabi.EAGAIN
	}
	if a[1] != 0 {
		si := info.abi()
		var b [linuxabi.SiginfoSize]byte
		si.Marshal(b[:])
		if err := t.copyOut(a[1], b[:]); err != nil {
			return 0, err
		}
	}
	return uint64(info.signo), nil
}

// queuedInfo reads the siginfo rt_sigqueueinfo(2) and
// rt_tgsigqueueinfo(2) send: a process may not pretend to be the kernel
// or kill(2) (si_code >= 0) or tkill(2) to another process (EPERM); the
// signal number is the call's, not the record's.
func (t *Task) queuedInfo(signo linuxabi.Signal, va uint64, toSelf bool) (sigInfo, error) {
	var b [linuxabi.SiginfoSize]byte
	if err := t.copyIn(va, b[:]); err != nil {
		return sigInfo{}, err
	}
	var si linuxabi.Siginfo
	si.Unmarshal(b[:])
	if (si.Code >= 0 || si.Code == linuxabi.SI_TKILL) && !toSelf {
		return sigInfo{}, linuxabi.EPERM
	}
	return sigInfo{signo: signo, code: int(si.Code), errno: int(si.Errno), pid: int(si.Pid()), uid: int(si.Uid()), value: si.Value()}, nil
}

// sysRtSigqueueinfo implements Linux system call rt_sigqueueinfo(2).
func sysRtSigqueueinfo(t *Task, a args) (uint64, error) {
	pid, signo := int(int32(a[0])), linuxabi.Signal(int32(a[1]))
	if signo < 0 || signo > 64 {
		return 0, linuxabi.EINVAL
	}
	info, err := t.queuedInfo(signo, a[2], pid == t.p.pid)
	if err != nil {
		return 0, err
	}
	t.k.mu.Lock()
	p := t.k.procs[pid]
	t.k.mu.Unlock()
	if p == nil || p.zombie || pid <= 0 {
		return 0, linuxabi.ESRCH
	}
	if !t.mayKill(p, signo) {
		return 0, linuxabi.EPERM
	}
	t.k.sendProcess(p, info)
	return 0, nil
}

// sysRtTgsigqueueinfo implements Linux system call rt_tgsigqueueinfo(2).
func sysRtTgsigqueueinfo(t *Task, a args) (uint64, error) {
	tgid, tid, signo := int(int32(a[0])), int(int32(a[1])), linuxabi.Signal(int32(a[2]))
	if tgid <= 0 || tid <= 0 || signo < 0 || signo > 64 {
		return 0, linuxabi.EINVAL
	}
	info, err := t.queuedInfo(signo, a[3], tgid == t.p.pid)
	if err != nil {
		return 0, err
	}
	t.k.mu.Lock()
	target := t.k.tasks[tid]
	t.k.mu.Unlock()
	if target == nil || target.p.pid != tgid {
		return 0, linuxabi.ESRCH
	}
	if !t.mayKill(target.p, signo) {
		return 0, linuxabi.EPERM
	}
	t.k.sendTask(target, info)
	return 0, nil
}

// signalFile is a signalfd (fs/signalfd.c): reading it takes the
// reader's pending signals of its mask, as struct signalfd_siginfo
// records.
type signalFile struct {
	anonFile
	k     *Kernel
	owner *Process // whose signals poll(2) reports
	mask  sigSet   // guarded by k.sigmu
}

func (f *signalFile) Write(*Task, []byte) (int, error)            { return 0, linuxabi.EINVAL }
func (f *signalFile) Ioctl(*Task, uint32, uint64) (uint64, error) { return 0, linuxabi.ENOTTY }
func (f *signalFile) Release()                                    {}

// Read takes as many pending signals as fit in p, waiting for one unless
// O_NONBLOCK (signalfd_read, signalfd_dequeue).
func (f *signalFile) Read(t *Task, p []byte) (int, error) {
	if len(p) < linuxabi.SignalfdSiginfoSize {
		return 0, linuxabi.EINVAL
	}
	k := t.k
	n := 0
	for n+linuxabi.SignalfdSiginfoSize <= len(p) {
		k.sigmu.Lock()
		info, ok := t.dequeueLocked(f.mask)
		ev := k.sigEvent
		k.sigmu.Unlock()
		if !ok {
			if n > 0 || nonblock(f) {
				break
			}
			select {
			case <-ev:
				continue
			case <-t.interrupt():
				return 0, errRestartSys
			}
		}
		si := info.abi()
		si.MarshalSignalfd(p[n:])
		n += linuxabi.SignalfdSiginfoSize
	}
	if n == 0 {
		return 0, linuxabi.EAGAIN
	}
	return n, nil
}

// Poll reports POLLIN while a signal of the mask is pending for the
// process that made the signalfd or one of its threads (signalfd_poll
// asks for the polling thread, which the File interface does not name).
func (f *signalFile) Poll() uint32 {
	k, p := f.k, f.owner
	k.sigmu.Lock()
	defer k.sigmu.Unlock()
	pending := p.pending.set
	for _, th := range p.threadsLocked() {
		pending |= th.pending.set
	}
	if pending&f.mask != 0 {
		return linuxabi.POLLIN
	}
	return 0
}

func (f *signalFile) Changed() <-chan struct{} {
	f.k.sigmu.Lock()
	defer f.k.sigmu.Unlock()
	return f.k.sigEvent
}

// sysSignalfd4 implements Linux system call signalfd4(2): a new signalfd
// for fd -1, else a new mask for the signalfd fd.
func sysSignalfd4(t *Task, a args) (uint64, error) {
	fd, flags := int(int32(a[0])), int(a[3])
	if a[2] != sigsetSize || flags&^(linuxabi.SFD_CLOEXEC|linuxabi.SFD_NONBLOCK) != 0 {
		return 0, linuxabi.EINVAL
	}
	v, err := t.readU64(a[1])
	if err != nil {
		return 0, err
	}
	mask := sigSet(v) &^ unblockable
	k := t.k
	if fd != -1 {
		o, err := t.p.files.get(fd)
		if err != nil {
			return 0, err
		}
		defer o.put()
		f, ok := o.File.(*signalFile)
		if !ok {
			return 0, linuxabi.EINVAL
		}
		k.sigmu.Lock()
		f.mask = mask
		k.sigmu.Unlock()
		return uint64(fd), nil
	}
	f := &signalFile{k: k, owner: t.p, mask: mask}
	k.initAnon(&f.anonFile, linuxabi.O_RDWR|flags&linuxabi.SFD_NONBLOCK, 0o600)
	nfd, err := t.p.files.install(newOpenFile(f), 0, flags&linuxabi.SFD_CLOEXEC != 0, t.nofile())
	return uint64(nfd), err
}
