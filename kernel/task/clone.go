package task

import (
	"encoding/binary"
	"github.com/tamix/tamix/linuxabi"
)

// cloneArgs are clone(2)'s arguments (kernel_clone_args).
type cloneArgs struct {
	flags      uint64
	exitSignal linuxabi.Signal
	stack      uint64
	parentTID  uint64
	childTID   uint64
	tls        uint64
}

// The clone flags tamix implements; the namespace flags and CLONE_PIDFD,
// CLONE_PTRACE, CLONE_UNTRACED, CLONE_IO and CLONE_NEWxxx are refused
// with EINVAL rather than silently ignored.
const cloneSupported = linuxabi.CLONE_VM | linuxabi.CLONE_FS | linuxabi.CLONE_FILES | linuxabi.CLONE_SIGHAND |
	linuxabi.CLONE_THREAD | linuxabi.CLONE_SYSVSEM | linuxabi.CLONE_SETTLS | linuxabi.CLONE_PARENT_SETTID |
	linuxabi.CLONE_CHILD_CLEARTID | linuxabi.CLONE_CHILD_SETTID | linuxabi.CLONE_VFORK | linuxabi.CLONE_PARENT |
	linuxabi.CLONE_DETACHED

// clone creates a task (kernel_clone, copy_process in kernel/fork.c).
func (t *Task) clone(c cloneArgs) (int, error) {
	f := c.flags
	switch {
	case f&^(cloneSupported|clone3Flags) != 0:
		return 0, linuxabi.EINVAL
	case f&linuxabi.CLONE_THREAD != 0 && f&linuxabi.CLONE_SIGHAND == 0,
		f&linuxabi.CLONE_SIGHAND != 0 && f&linuxabi.CLONE_VM == 0:
		return 0, linuxabi.EINVAL
	}
	k, p := t.k, t.p
	if err := t.checkNproc(); err != nil {
		return 0, err
	}

	child := &Task{k: k, ctx: t.ctx, wake: make(chan struct{})}
	k.sigmu.Lock()
	child.mask = t.mask
	if f&linuxabi.CLONE_VM == 0 || f&linuxabi.CLONE_VFORK != 0 {
		child.altStack = t.altStack // sigaltstack is kept unless a thread shares the VM
	} else {
		child.altStack = linuxabi.StackT{Flags: linuxabi.SS_DISABLE}
	}
	k.sigmu.Unlock()
	child.ctx.X[0] = 0
	if c.stack != 0 {
		child.ctx.SP = c.stack
	}
	if f&linuxabi.CLONE_SETTLS != 0 {
		child.ctx.TPIDR = c.tls
	}
	if f&linuxabi.CLONE_CHILD_CLEARTID != 0 {
		child.clearTID = c.childTID
	}

	var np *Process
	if f&linuxabi.CLONE_THREAD != 0 {
		np = p
		child.space = t.space
	} else {
		var err error
		if np, err = t.newChildProcess(c); err != nil {
			return 0, err
		}
		child.space = np.space
	}
	child.p = np

	k.mu.Lock()
	tid, err := k.allocPID()
	if err != nil {
		k.mu.Unlock()
		if np != p {
			np.releaseResources()
		}
		return 0, err
	}
	child.tid = tid
	k.tasks[tid] = child
	np.mu.Lock()
	np.threads[tid] = child
	np.mu.Unlock()
	var vfork chan struct{}
	if np != p {
		np.pid = tid
		k.procs[tid] = np
		parent := p
		if f&linuxabi.CLONE_PARENT != 0 && p.parent != nil {
			parent = p.parent
		}
		np.parent = parent
		parent.children[np] = struct{}{}
		np.pgid, np.sid = p.pgid, p.sid
		if f&linuxabi.CLONE_VFORK != 0 {
			vfork = make(chan struct{})
			np.vforkDone = vfork
		}
	}
	k.mu.Unlock()

	if f&linuxabi.CLONE_PARENT_SETTID != 0 {
		t.writeU32(c.parentTID, uint32(tid)) // Linux ignores a fault here
	}
	if f&linuxabi.CLONE_CHILD_SETTID != 0 {
		child.space.CopyOut(c.childTID, binary.LittleEndian.AppendUint32(nil, uint32(tid)))
	}
	child.start()
	if vfork != nil {
		select { // the parent sleeps until the child execs or exits; a signal cuts it short (killable)
		case <-vfork:
		case <-t.interrupt():
		}
	}
	return tid, nil
}

// newChildProcess makes the thread group a clone without CLONE_THREAD
// creates: its address space shared (CLONE_VM) or copied on write, its
// files, filesystem context and signal actions shared or copied.
func (t *Task) newChildProcess(c cloneArgs) (*Process, error) {
	p, k, f := t.p, t.k, c.flags
	np := &Process{
		k:          k,
		children:   map[*Process]struct{}{},
		childEvent: make(chan struct{}),
		threads:    map[int]*Task{},
		cont:       make(chan struct{}),
		exitSignal: c.exitSignal,
		start:      k.hw.Monotonic(),
	}
	p.mu.Lock()
	np.creds = p.creds
	np.comm = p.comm
	np.rlimits = p.rlimits
	np.exe = p.exe
	np.stackStart, np.exeFile = p.stackStart, p.exeFile
	np.sigtramp = p.sigtramp
	files, fs := p.files, p.fs
	p.mu.Unlock()

	if f&linuxabi.CLONE_VM != 0 {
		np.space, np.ownSpace = t.space, false
	} else {
		s, err := t.space.Fork()
		if err != nil {
			return nil, linuxabi.ENOMEM
		}
		np.space, np.ownSpace = s, true
	}
	if f&linuxabi.CLONE_FILES != 0 {
		np.files = files.share()
	} else {
		np.files = files.fork()
	}
	if f&linuxabi.CLONE_FS != 0 {
		np.fs = fs
	} else {
		np.fs = fs.clone()
	}
	k.sigmu.Lock()
	if f&linuxabi.CLONE_SIGHAND != 0 {
		np.sig = p.sig
	} else {
		h := *p.sig
		np.sig = &h
		if f&linuxabi.CLONE_CLEAR_SIGHAND != 0 {
			np.sig.flush()
		}
	}
	k.sigmu.Unlock()
	return np, nil
}

// checkNproc is copy_process's RLIMIT_NPROC check: a user other than
// root may not have more tasks (threads count) than its limit (EAGAIN).
func (t *Task) checkNproc() error {
	p := t.p
	p.mu.Lock()
	uid, limit := p.creds.uid, p.rlimits[rlimitNproc].cur
	euid := p.creds.euid
	p.mu.Unlock()
	if uid == 0 || euid == 0 || limit == rlimInfinity {
		return nil
	}
	k := t.k
	k.mu.Lock()
	defer k.mu.Unlock()
	n := uint64(0)
	for _, q := range k.procs {
		if q.zombie {
			continue
		}
		q.mu.Lock()
		if q.creds.uid == uid {
			n += uint64(len(q.threads))
		}
		q.mu.Unlock()
	}
	if n >= limit {
		return linuxabi.EAGAIN
	}
	return nil
}
