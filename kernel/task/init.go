package task

import (
	"github.com/tamix/tamix/linuxabi"
)

// StartInit runs the first user program as PID 1 (kernel_init's
// run_init_process): stdin, stdout and stderr on /dev/console, the root
// as root and working directory, Linux's initial environment.
func (k *Kernel) StartInit(path string, argv, envp []string) error {
	p := &Process{
		k:          k,
		children:   map[*Process]struct{}{},
		childEvent: make(chan struct{}),
		threads:    map[int]*Task{},
		cont:       make(chan struct{}),
		files:      newFDTable(),
		fs:         &fsContext{root: k.root, cwd: k.root, umask: 0o022},
		sig:        &sigHand{},
		rlimits:    defaultRlimits(),
		comm:       "init",
		exitSignal: linuxabi.SIGCHLD,
		start:      k.hw.Monotonic(),
	}
	t := &Task{k: k, p: p, wake: make(chan struct{})}
	t.altStack = linuxabi.StackT{Flags: linuxabi.SS_DISABLE}
	k.mu.Lock()
	pid, err := k.allocPID()
	if err != nil {
		k.mu.Unlock()
		return err
	}
	t.tid, p.pid, p.pgid, p.sid = pid, pid, pid, pid
	k.tasks[pid], k.procs[pid] = t, p
	p.threads[pid] = t
	k.init = p
	k.mu.Unlock()

	if err := k.openConsole(t); err != nil {
		return err
	}
	// exec needs an address space to fault argument strings from; init's
	// come from the kernel, so an empty one will do.
	space, err := newSpace(k)
	if err != nil {
		return err
	}
	t.space, p.space, p.ownSpace = space, space, true
	if err := t.execve(linuxabi.AT_FDCWD, path, argv, envp, 0); err != errJustReturn {
		return err
	}
	// Init has no controlling terminal: /dev/console never becomes one
	// on open (tty_open's noctty), and a getty or init's respawned shell
	// takes the serial line with TIOCSCTTY in a session of its own.
	t.start()
	return nil
}

// openConsole opens /dev/console as descriptors 0, 1 and 2 (console_on_rootfs).
func (k *Kernel) openConsole(t *Task) error {
	f, err := t.openFile(linuxabi.AT_FDCWD, "/dev/console", linuxabi.O_RDWR, 0)
	if err != nil {
		return err
	}
	o := newOpenFile(f)
	for fd := range 3 {
		if fd > 0 {
			o.get()
		}
		if err := t.p.files.installAt(o, fd, false, 3); err != nil {
			return err
		}
	}
	return nil
}
