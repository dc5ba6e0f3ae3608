package task

import (
	"sync"
	"sync/atomic"

	"github.com/tamix/tamix/kernel/klog"
	"github.com/tamix/tamix/kernel/tty"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// Config is what a Kernel is made from.
type Config struct {
	HW       Hardware
	Log      *klog.Log
	Root     *vfs.Inode // the root directory: the unpacked initramfs
	Console  *tty.TTY   // /dev/console and the initial stdin, stdout, stderr
	Hostname string
	Release  string // uname -r
	Version  string // uname -v
	// Strace logs every system call with its arguments and result
	// (tamix.strace on the command line), for debugging.
	Strace bool
}

// Kernel is the process layer of one machine.
type Kernel struct {
	hw      Hardware
	log     *klog.Log
	root    *vfs.Inode
	console *tty.TTY
	uts     utsname

	mu      sync.Mutex // PID table and process tree
	tasks   map[int]*Task
	procs   map[int]*Process
	lastPID int
	init    *Process

	sigmu sync.Mutex // all signal state; see the package doc
	// sigEvent is closed, and replaced, whenever a signal is queued:
	// signalfd readers and pollers wait on it. Guarded by sigmu.
	sigEvent chan struct{}

	futexes futexTable
	fifos   fifoTable

	// unknown records the system call numbers already logged as ENOSYS.
	unknown [linuxabi.NumSyscalls + 1]atomic.Bool

	initExit chan int // init's wait status, when it has exited
	strace   bool
}

type utsname struct {
	hostname, domain, release, version string
}

// maxPID is Linux's default pid_max (PID_MAX_DEFAULT).
const maxPID = 32768

// New makes the kernel's process layer.
func New(c Config) (*Kernel, error) {
	if c.Console != nil {
		if err := registerConsole(c.Console); err != nil {
			return nil, err
		}
	}
	k := &Kernel{
		hw:       c.HW,
		log:      c.Log,
		root:     c.Root,
		console:  c.Console,
		uts:      utsname{hostname: c.Hostname, domain: "(none)", release: c.Release, version: c.Version},
		tasks:    map[int]*Task{},
		procs:    map[int]*Process{},
		initExit: make(chan int, 1),
		sigEvent: make(chan struct{}),
		strace:   c.Strace,
	}
	k.futexes.init()
	return k, nil
}

// allocPID returns the next free PID, as alloc_pid does (cyclically from
// the last one given, wrapping to 300 past pid_max); k.mu must be held.
func (k *Kernel) allocPID() (int, error) {
	for range maxPID {
		k.lastPID++
		if k.lastPID >= maxPID {
			k.lastPID = 300
		}
		if _, used := k.tasks[k.lastPID]; used {
			continue
		}
		if _, used := k.procs[k.lastPID]; used {
			continue // a zombie's PID, or a process group's leader's
		}
		return k.lastPID, nil
	}
	return 0, linuxabi.EAGAIN
}

// InitExited is sent init's wait status when init exits; the boot layer
// then panics as Linux does ("Attempted to kill init!").
func (k *Kernel) InitExited() <-chan int { return k.initExit }
