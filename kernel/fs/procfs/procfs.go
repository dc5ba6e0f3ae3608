// Package procfs is tamix's /proc (fs/proc in Linux): a synthetic
// filesystem whose directories list the processes and whose files are
// generated, in Linux's formats, when they are read. It knows the
// processes only through the Kernel interface, which the task layer
// implements, and the machine through Config.
package procfs

import (
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// Kernel is what procfs asks the process layer. Every call is a
// snapshot; a process that is gone is reported by ok false or an error
// (ESRCH), which makes its files read as ENOENT or empty, as Linux's
// do once the task has been reaped.
type Kernel interface {
	// PIDs lists the thread groups, ascending.
	PIDs() []int
	// Process describes thread group pid, or with tid != 0 its thread
	// tid (the /proc/<pid>/task/<tid> view).
	Process(pid, tid int) (Process, bool)
	// Threads lists the thread IDs of thread group pid, ascending.
	Threads(pid int) []int
	// Cmdline and Environ read the argument and environment strings
	// from the process's memory (proc_pid_cmdline_read(), environ_read()).
	Cmdline(pid int) ([]byte, error)
	Environ(pid int) ([]byte, error)
	// Maps lists the process's mappings.
	Maps(pid int) ([]VMA, error)
	// Files lists the process's open file descriptors, ascending.
	Files(pid int) ([]File, error)
	// FS is the process's view of the filesystem: its root and
	// working directories (a vfs.Caller with Root set) and its cwd.
	FS(pid int) (caller vfs.Caller, cwd *vfs.Inode, ok bool)
	// Exe is the file the process runs (mm->exe_file).
	Exe(pid int) (vfs.Dentry, bool)
	// System describes the machine and the kernel as a whole.
	System() System
}

// Process is a snapshot of a thread group or thread: the fields of
// /proc/<pid>/stat and status (fs/proc/array.c).
type Process struct {
	PID, TID   int
	Comm       string
	State      byte // R, S, D, T, t, Z, X
	PPID       int
	PGID, SID  int
	TTY        uint64 // the controlling terminal's device number (vfs.Mkdev), 0 if none
	TPGID      int    // its foreground process group, -1 if none
	Flags      uint32 // PF_*
	Utime      int64  // CPU time, nanoseconds
	Stime      int64
	Cutime     int64 // of reaped children
	Cstime     int64
	Nice       int
	Threads    int
	Start      int64 // nanoseconds since boot
	ExitSignal int
	UID, GID   [4]uint32 // real, effective, saved, filesystem
	Groups     []uint32
	Umask      uint32
	FDSize     int // descriptor slots of the table
	Sig        Signals
	SigQ       uint64 // signals queued to the user, and its limit
	SigQMax    uint64
	Mem        Memory
}

// Signals are the signal sets of status and stat, bit n-1 for signal n.
type Signals struct {
	Pending, Shared, Blocked, Ignored, Caught uint64
}

// Memory is a process's address space as status, statm and stat report
// it: sizes in bytes.
type Memory struct {
	Size, Peak, RSS, HWM  uint64
	Anon, File            uint64 // resident anonymous and file pages, bytes
	Data, Stack, Exe, Lib uint64
	PageTables            uint64
	StartCode, EndCode    uint64
	StartData, EndData    uint64
	StartStack            uint64
	StartBrk              uint64
	ArgStart, ArgEnd      uint64
	EnvStart, EnvEnd      uint64
}

// VMA is one line of /proc/<pid>/maps.
type VMA struct {
	Start, End        uint64
	Read, Write, Exec bool
	Shared            bool
	Offset            uint64
	Dev, Ino          uint64
	Name              string // path, [heap], [stack], or ""
}

// File is an open file descriptor.
type File struct {
	FD     int
	Flags  int   // f_flags, with O_CLOEXEC if the descriptor has it
	Pos    int64 // the file position, 0 for a file without one
	Dentry vfs.Dentry
	Anon   string // what fd/N reads as for a file without an inode: "pipe:[N]", "anon_inode:[eventfd]"
}

// System is the kernel as a whole.
type System struct {
	Uptime    int64 // nanoseconds since boot
	Idle      int64 // nanoseconds no task ran
	Boot      int64 // the boot time, nanoseconds since the epoch
	User, Sys int64 // CPU time of every task, nanoseconds
	MemTotal  uint64
	MemFree   uint64
	Forks     uint64 // processes made since boot
	Running   int
	Tasks     int
	LastPID   int
	PIDMax    int
	Hostname  string
	Domain    string
	Release   string
	Version   string
}

// Config is what a /proc is made from: the process layer and what the
// machine reports about itself.
type Config struct {
	Kernel  Kernel
	Clock   func() int64 // CLOCK_REALTIME, nanoseconds
	Cmdline string       // the kernel command line
	MIDR    uint64       // MIDR_EL1, for cpuinfo
	// TimerFreq is the generic timer's frequency, which arm64 Linux's
	// BogoMIPS figure is made from.
	TimerFreq uint64
	HWCap     uint64 // AT_HWCAP and AT_HWCAP2, for cpuinfo's Features
	HWCap2    uint64
	Compiler  string // for /proc/version
}

// Type is the "proc" filesystem type (proc_fs_type): every mount shows
// the same processes, as mounts of one pid namespace do.
func Type(cfg Config) *vfs.FilesystemType {
	return &vfs.FilesystemType{Name: "proc", Mount: func(_, data string) (*vfs.FS, error) {
		if data != "" {
			return nil, linuxabi.EINVAL // hidepid= and subset= are not supported
		}
		return New(cfg), nil
	}}
}

// procfs is one mounted /proc.
type procfs struct {
	cfg Config
	k   Kernel
	fs  *vfs.FS
}

// New makes a /proc.
func New(cfg Config) *vfs.FS {
	p := &procfs{cfg: cfg, k: cfg.Kernel}
	p.fs = vfs.NewSyntheticFS(store{}, cfg.Clock, 0o555, func(fs *vfs.FS, root *vfs.Inode) vfs.DirStore {
		p.fs = fs
		return p.rootDir(root)
	})
	return p.fs
}

// store is procfs's vfs.Store: it makes no inodes (the namespace is
// fixed) and answers statfs as proc_fs_type's simple_statfs() does.
type store struct{}

func (store) NewDir() vfs.DirStore   { panic("procfs: no mkdir") }
func (store) NewFile() vfs.FileStore { panic("procfs: no create") }

func (store) StatFS() vfs.FSStat {
	return vfs.FSStat{Type: linuxabi.PROC_SUPER_MAGIC, Bsize: 4096, Namelen: vfs.NameMax}
}
