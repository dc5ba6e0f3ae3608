package procfs_test

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/tamix/tamix/kernel/fs/procfs"
	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// fakeKernel has one process, pid 7, whose descriptor 3 is open on
// /data/f of a tmpfs.
type fakeKernel struct {
	root *vfs.Inode
	file *vfs.File
}

func (k *fakeKernel) PIDs() []int { return []int{1, 7} }
func (k *fakeKernel) Process(pid, tid int) (procfs.Process, bool) {
	if pid != 7 && pid != 1 || tid != 0 && tid != pid {
		return procfs.Process{}, false
	}
	return procfs.Process{PID: pid, TID: pid, Comm: "prog", State: 'S', PPID: 1, PGID: pid, SID: 1, TPGID: -1,
		Threads: 1, Umask: 0o22, Utime: 2e9, Start: 5e8, FDSize: 64, SigQMax: 100,
		Mem: procfs.Memory{Size: 1 << 20, Peak: 1 << 20, RSS: 8192, StartCode: 0x400000, EndCode: 0x401000}}, true
}
func (k *fakeKernel) Threads(pid int) []int       { return []int{pid} }
func (k *fakeKernel) Cmdline(int) ([]byte, error) { return []byte("prog\x00-x\x00"), nil }
func (k *fakeKernel) Environ(int) ([]byte, error) { return []byte("A=1\x00"), nil }
func (k *fakeKernel) Exe(int) (vfs.Dentry, bool)  { return k.file.Dentry(), true }
func (k *fakeKernel) FS(int) (vfs.Caller, *vfs.Inode, bool) {
	return vfs.Caller{Root: k.root}, k.root, true
}
func (k *fakeKernel) Maps(int) ([]procfs.VMA, error) {
	return []procfs.VMA{{Start: 0x400000, End: 0x401000, Read: true, Exec: true, Dev: vfs.Mkdev(0, 2), Ino: 6, Name: "/bin/prog"},
		{Start: 0x500000, End: 0x502000, Read: true, Write: true}}, nil
}
func (k *fakeKernel) Files(int) ([]procfs.File, error) {
	return []procfs.File{{FD: 0, Anon: "pipe:[9]"}, {FD: 3, Flags: linuxabi.O_RDONLY, Dentry: k.file.Dentry()}}, nil
}
func (k *fakeKernel) System() procfs.System {
	return procfs.System{Uptime: 12345e7, Idle: 100e7, MemTotal: 1 << 30, MemFree: 1 << 29, Tasks: 2, LastPID: 7,
		PIDMax: 32768, Hostname: "box", Release: "6.1.0-tamix", Version: "#1 tamix", Running: 1}
}

type env struct {
	t    *testing.T
	c    vfs.Caller
	root *vfs.Inode
}

// newEnv mounts a /proc on a tmpfs root holding /data/f.
func newEnv(t *testing.T) *env {
	clock := func() int64 { return 1 }
	rootfs := tmpfs.New(clock)
	vfs.MountRoot(rootfs, "rootfs", "rootfs")
	root := rootfs.Root()
	c := vfs.Caller{Root: root, PID: 7, TID: 7}
	e := &env{t: t, c: c, root: root}
	e.ok(vfs.Mkdir(c, root, "proc", 0o555))
	e.ok(vfs.Mkdir(c, root, "data", 0o755))
	f, err := vfs.Open(c, root, "data/f", linuxabi.O_RDWR|linuxabi.O_CREAT, 0o644)
	e.ok(err)
	_, err = f.Write([]byte("file contents"))
	e.ok(err)
	k := &fakeKernel{root: root, file: f}
	proc := procfs.New(procfs.Config{Kernel: k, Clock: clock, Cmdline: "console=ttyAMA0", MIDR: 0x410fd034, TimerFreq: 62500000, HWCap: 0xff, Compiler: "go"})
	dir, err := vfs.Lookup(c, root, "proc", 0)
	e.ok(err)
	e.ok(vfs.Mount(proc, dir, "proc", "proc", vfs.MountRelatime))
	return e
}

func (e *env) ok(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) read(path string) string {
	e.t.Helper()
	f, err := vfs.Open(e.c, e.root, path, linuxabi.O_RDONLY, 0)
	e.ok(err)
	var out []byte
	buf := make([]byte, 7) // small reads: the snapshot is read in pieces
	for {
		n, err := f.Read(buf)
		e.ok(err)
		if n == 0 {
			return string(out)
		}
		out = append(out, buf[:n]...)
	}
}

func (e *env) readlink(path string) string {
	e.t.Helper()
	i, err := vfs.Lookup(e.c, e.root, path, linuxabi.AT_SYMLINK_NOFOLLOW)
	e.ok(err)
	s, err := i.Readlink(e.c)
	e.ok(err)
	return s
}

func (e *env) names(path string) []string {
	e.t.Helper()
	f, err := vfs.Open(e.c, e.root, path, linuxabi.O_RDONLY|linuxabi.O_DIRECTORY, 0)
	e.ok(err)
	buf := make([]byte, 4096)
	var names []string
	for {
		n, err := f.ReadDir(buf)
		e.ok(err)
		if n == 0 {
			return names
		}
		for off := 0; off < n; {
			reclen := int(binary.LittleEndian.Uint16(buf[off+16:]))
			name := string(buf[off+19 : off+reclen])
			names = append(names, strings.TrimRight(name, "\x00"))
			off += reclen
		}
	}
}

func TestStatAndStatus(t *testing.T) {
	e := newEnv(t)
	stat := e.read("proc/self/stat")
	f := strings.Fields(stat)
	if len(f) != 52 || f[0] != "7" || f[1] != "(prog)" || f[2] != "R" || f[13] != "200" || f[21] != "50" {
		t.Errorf("stat %q", stat)
	}
	if got := e.read("proc/1/stat"); strings.Fields(got)[2] != "S" {
		t.Errorf("other process's state: %q", got)
	}
	status := e.read("proc/7/status")
	var names []string
	for _, l := range strings.Split(strings.TrimSuffix(status, "\n"), "\n") {
		names = append(names, strings.SplitN(l, ":", 2)[0])
	}
	want := "Name Umask State Tgid Ngid Pid PPid TracerPid Uid Gid FDSize Groups NStgid NSpid NSpgid NSsid VmPeak VmSize VmLck VmPin VmHWM VmRSS RssAnon RssFile RssShmem VmData VmStk VmExe VmLib VmPTE VmSwap HugetlbPages CoreDumping THP_enabled Threads SigQ SigPnd ShdPnd SigBlk SigIgn SigCgt CapInh CapPrm CapEff CapBnd CapAmb NoNewPrivs Seccomp Seccomp_filters Speculation_Store_Bypass SpeculationIndirectBranch Cpus_allowed Cpus_allowed_list Mems_allowed Mems_allowed_list voluntary_ctxt_switches nonvoluntary_ctxt_switches"
	if strings.Join(names, " ") != want {
		t.Errorf("status fields:\n%s", strings.Join(names, " "))
	}
	for _, l := range []string{"Umask:\t0022\n", "VmSize:\t    1024 kB\n", "Groups:\t \n", "CapEff:\t000001ffffffffff\n"} {
		if !strings.Contains(status, l) {
			t.Errorf("status lacks %q", l)
		}
	}
	if got := e.read("proc/7/statm"); got != "256 2 0 1 0 0 0\n" {
		t.Errorf("statm %q", got)
	}
	if got := e.read("proc/7/cmdline"); got != "prog\x00-x\x00" {
		t.Errorf("cmdline %q", got)
	}
}

// /proc/self and thread-self name the caller; fd/N and exe are magic
// links whose open reaches the file itself.
func TestLinks(t *testing.T) {
	e := newEnv(t)
	if got := e.readlink("proc/self"); got != "7" {
		t.Errorf("self -> %q", got)
	}
	if got := e.readlink("proc/thread-self"); got != "7/task/7" {
		t.Errorf("thread-self -> %q", got)
	}
	if got := e.readlink("proc/mounts"); got != "self/mounts" {
		t.Errorf("mounts -> %q", got)
	}
	if got := e.readlink("proc/self/fd/3"); got != "/data/f" {
		t.Errorf("fd/3 -> %q", got)
	}
	if got := e.readlink("proc/self/fd/0"); got != "pipe:[9]" {
		t.Errorf("fd/0 -> %q", got)
	}
	if got := e.read("proc/self/fd/3"); got != "file contents" {
		t.Errorf("reading fd/3: %q", got)
	}
	if got := e.read("proc/self/exe"); got != "file contents" {
		t.Errorf("reading exe: %q", got)
	}
	if got := e.read("proc/self/fdinfo/3"); !strings.HasPrefix(got, "pos:\t0\nflags:\t00\nmnt_id:\t") {
		t.Errorf("fdinfo %q", got)
	}
	if got := strings.Join(e.names("proc/self/fd"), " "); got != ". .. 0 3" {
		t.Errorf("fd dir %q", got)
	}
	if i, err := vfs.Lookup(e.c, e.root, "proc/self/cwd/data", 0); err != nil || !i.IsMountRoot() && i.Mode()&linuxabi.S_IFMT != linuxabi.S_IFDIR {
		t.Errorf("cwd/data: %v", err)
	}
	if p, err := vfs.Getcwd(e.c, mustLookup(e, "proc/7/task")); err != nil || p != "/proc/7/task" {
		t.Errorf("getcwd in /proc: %q %v", p, err)
	}
	_, err := vfs.Lookup(e.c, e.root, "proc/99/stat", 0)
	if err != linuxabi.ENOENT {
		t.Errorf("missing pid: %v", err)
	}
}

func mustLookup(e *env, path string) *vfs.Inode {
	i, err := vfs.Lookup(e.c, e.root, path, 0)
	e.ok(err)
	return i
}

func TestSystemFiles(t *testing.T) {
	e := newEnv(t)
	for path, want := range map[string]string{
		"proc/uptime":                   "123.45 1.00\n",
		"proc/loadavg":                  "0.00 0.00 0.00 1/2 7\n",
		"proc/cmdline":                  "console=ttyAMA0\n",
		"proc/sys/kernel/hostname":      "box\n",
		"proc/sys/kernel/pid_max":       "32768\n",
		"proc/sys/vm/overcommit_memory": "0\n",
		"proc/version":                  "Linux version 6.1.0-tamix (tamix@tamix) (go) #1 tamix\n",
	} {
		if got := e.read(path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	cpu := e.read("proc/cpuinfo")
	for _, l := range []string{"BogoMIPS\t: 125.00\n", "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32\n", "CPU implementer\t: 0x41\n", "CPU part\t: 0xd03\n", "CPU revision\t: 4\n"} {
		if !strings.Contains(cpu, l) {
			t.Errorf("cpuinfo lacks %q:\n%s", l, cpu)
		}
	}
	mem := e.read("proc/meminfo")
	if !strings.HasPrefix(mem, "MemTotal:        1048576 kB\nMemFree:          524288 kB\n") || !strings.Contains(mem, "HugePages_Total:       0\n") {
		t.Errorf("meminfo:\n%s", mem)
	}
	if got := strings.Fields(e.read("proc/stat")); got[0] != "cpu" || got[1] != "0" {
		t.Errorf("stat %q", got)
	}
	if got := e.names("proc"); !strings.Contains(strings.Join(got, " "), "self stat swaps sys thread-self uptime version vmstat 1 7") {
		t.Errorf("/proc lists %q", got)
	}
	maps := e.read("proc/self/maps")
	want := "00400000-00401000 r-xp 00000000 00:02 6" + strings.Repeat(" ", 33) + " /bin/prog\n00500000-00502000 rw-p 00000000 00:00 0 \n"
	if maps != want {
		t.Errorf("maps\n%q\nwant\n%q", maps, want)
	}
	mounts := e.read("proc/self/mounts")
	if !strings.Contains(mounts, "proc /proc proc rw,relatime 0 0\n") {
		t.Errorf("mounts:\n%s", mounts)
	}
	info := e.read("proc/self/mountinfo")
	if !strings.Contains(info, " / /proc rw,relatime - proc proc rw\n") {
		t.Errorf("mountinfo:\n%s", info)
	}
	if st := mustLookup(e, "proc").StatFS(); st.Type != linuxabi.PROC_SUPER_MAGIC {
		t.Errorf("statfs type %#x", st.Type)
	}
	if err := vfs.Mkdir(e.c, e.root, "proc/x", 0o755); err != linuxabi.EPERM {
		t.Errorf("mkdir in /proc: %v", err)
	}
	if _, err := vfs.Open(e.c, e.root, "proc/new", linuxabi.O_CREAT|linuxabi.O_WRONLY, 0o644); err != linuxabi.EACCES {
		t.Errorf("create in /proc: %v", err)
	}
	f, err := vfs.Open(e.c, e.root, "proc/uptime", linuxabi.O_RDONLY, 0)
	e.ok(err)
	if _, err := f.Seek(0, linuxabi.SEEK_END); err != linuxabi.EINVAL {
		t.Errorf("SEEK_END: %v", err)
	}
	if _, err := f.Write([]byte("x")); err != linuxabi.EBADF {
		t.Errorf("write to O_RDONLY: %v", err)
	}
}
