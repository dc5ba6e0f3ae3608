package task

import (
	"bytes"
	"errors"
	"path"
	"runtime"

	"github.com/tamix/tamix/kernel/elf"
	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/kernel/signal"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
	"github.com/tamix/tamix/soc/arm64/uctx"
)

// Where exec puts the stack: its top (Linux's STACK_TOP is TASK_SIZE,
// less the random offset tamix does not apply), and the gap mmap keeps
// below it.
const stackTop = 1<<48 - 1<<16

// maxInterpDepth is BINPRM_MAX_RECURSION: #! interpreters may nest this deep.
const maxInterpDepth = 4

// fileBacking gives a file to file mappings: its bytes to private ones,
// its pages to shared ones (a Mappable inode's).
type fileBacking struct{ f *vfs.File }

func (b fileBacking) ReadAt(p []byte, off int64) (int, error) { return b.f.Pread(p, off) }
func (b fileBacking) Size() int64                             { return b.f.Inode().Stat().Size }
func (b fileBacking) Page(off uint64) (uint64, error)         { return b.f.Inode().Page(int64(off)) }
func (b fileBacking) Key() any                                { return b.f.Inode() }

// execve replaces the task's program (do_execveat_common, fs/exec.c, and
// load_elf_binary, fs/binfmt_elf.c).
func (t *Task) execve(dirfd int, pathname string, argv, envp []string, flags int) error {
	if len(argv) == 0 {
		argv = []string{""}
	}
	file, execPath, err := t.openExec(dirfd, pathname, flags)
	if err != nil {
		return err
	}
	// #! scripts (binfmt_script.c): the interpreter runs with the script's
	// path in place of argv[0].
	for depth := 0; ; depth++ {
		var head [256]byte
		n, _ := file.Pread(head[:], 0)
		if n < 2 || head[0] != '#' || head[1] != '!' {
			break
		}
		if depth >= maxInterpDepth {
			return linuxabi.ELOOP
		}
		interp, arg := parseShebang(head[2:n])
		if interp == "" {
			return linuxabi.ENOEXEC
		}
		newArgv := []string{interp}
		if arg != "" {
			newArgv = append(newArgv, arg)
		}
		argv = append(append(newArgv, execPath), argv[1:]...)
		if file, _, err = t.openExec(linuxabi.AT_FDCWD, interp, 0); err != nil {
			return err
		}
	}

	bin, err := elf.Parse(fileBacking{file}, file.Inode().Stat().Size)
	if err != nil {
		return execError(err)
	}
	space, err := mm.New(t.k.hw.Memory())
	if err != nil {
		return linuxabi.ENOMEM
	}
	cr, secure := execCreds(t.creds(), file.Inode().Stat())
	img, err := t.load(space, bin, file, argv, envp, execPath, cr, secure)
	if err != nil {
		space.Release()
		return err
	}
	t.commitExec(space, path.Base(execPath), execPath)
	t.p.mu.Lock()
	t.p.creds = cr
	t.p.mu.Unlock()
	t.p.mu.Lock()
	t.p.sigtramp = img.sigtramp
	t.p.stackStart = img.sp
	t.p.exeFile = file.Dentry()
	t.p.mu.Unlock()
	t.ctx = uctx.Context{SP: img.sp, PC: img.entry, PSTATE: uctx.PSTATEUser}
	return errJustReturn
}

// openExec opens a file to execute: it must be a regular file with an
// execute bit (do_open_execat, may_open: EACCES otherwise).
func (t *Task) openExec(dirfd int, pathname string, flags int) (*vfs.File, string, error) {
	dir, err := t.dirInode(dirfd, pathname)
	if err != nil {
		return nil, "", err
	}
	lflags := linuxabi.O_RDONLY
	if flags&linuxabi.AT_SYMLINK_NOFOLLOW != 0 {
		lflags |= linuxabi.O_NOFOLLOW
	}
	f, err := vfs.Open(t.p.caller(), dir, pathname, lflags, 0)
	if err != nil {
		return nil, "", err
	}
	mode := f.Inode().Mode()
	if mode&linuxabi.S_IFMT != linuxabi.S_IFREG || f.Inode().Permission(t.p.caller(), vfs.MayExec) != nil || f.Inode().FS().NoExec() {
		return nil, "", linuxabi.EACCES
	}
	return f, pathname, nil
}

// parseShebang splits a #! line into the interpreter and its single
// optional argument, as load_script does.
func parseShebang(b []byte) (interp, arg string) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	b = bytes.Trim(b, " \t")
	if i := bytes.IndexAny(b, " \t"); i >= 0 {
		return string(b[:i]), string(bytes.Trim(b[i:], " \t"))
	}
	return string(b), ""
}

func execError(err error) error {
	switch {
	case errors.Is(err, elf.ErrNoExec):
		return linuxabi.ENOEXEC
	case errors.Is(err, elf.ErrArgListTooLong):
		return linuxabi.E2BIG
	case errors.Is(err, elf.ErrInvalid):
		return linuxabi.EINVAL
	}
	return err
}

type image struct{ entry, sp, sigtramp uint64 }

// execCreds are the credentials a program runs with (bprm_fill_uid and
// cap_bprm_creds_from_file): a set-user-ID file's owner becomes the
// effective uid, a set-group-ID file's group (if group-executable) the
// effective gid; the saved and filesystem ids follow the effective ones.
// Secure is AT_SECURE: the effective ids differ from the real ones.
// (tamix has no nosuid mounts; a script's set-ID bits count for nothing,
// as the interpreter is what runs.)
func execCreds(cr creds, st vfs.Stat) (creds, bool) {
	if st.Mode&linuxabi.S_ISUID != 0 {
		cr.euid = st.UID
	}
	if st.Mode&(linuxabi.S_ISGID|vfs.S_IXGRP) == linuxabi.S_ISGID|vfs.S_IXGRP {
		cr.egid = st.GID
	}
	cr.suid, cr.fsuid = cr.euid, cr.euid
	cr.sgid, cr.fsgid = cr.egid, cr.egid
	return cr, cr.euid != cr.uid || cr.egid != cr.gid
}

// load maps the program, its interpreter and the initial stack into
// space; cr are the credentials it will run with.
func (t *Task) load(space *mm.Space, bin *elf.Binary, file *vfs.File, argv, envp []string, execPath string, cr creds, secure bool) (image, error) {
	bias := uint64(0)
	if bin.Type == elf.TypeDyn {
		base := uint64(elf.DefaultPIEBase)
		if bin.Interp == "" { // a static PIE goes where mmap would put it
			a, err := freeRange(space, bin.MapSize())
			if err != nil {
				return image{}, err
			}
			base = a
		}
		bias = bin.LoadBias(base)
	}
	plan, err := bin.Plan(bias)
	if err != nil {
		return image{}, execError(err)
	}
	if err := mapPlan(space, plan, file); err != nil {
		return image{}, err
	}
	space.SetBrk(plan.Brk)
	entry, interpBase := plan.Entry, uint64(0)
	if bin.Interp != "" {
		f, _, err := t.openExec(linuxabi.AT_FDCWD, bin.Interp, 0)
		if err != nil {
			if err == linuxabi.EACCES {
				return image{}, linuxabi.ELIBBAD
			}
			return image{}, err
		}
		ib, err := elf.Parse(fileBacking{f}, f.Inode().Stat().Size)
		if err != nil {
			return image{}, linuxabi.ELIBBAD
		}
		a, err := freeRange(space, ib.MapSize())
		if err != nil {
			return image{}, err
		}
		interpBase = ib.InterpBias(a)
		ip, err := ib.Plan(interpBase)
		if err != nil {
			return image{}, linuxabi.ELIBBAD
		}
		if err := mapPlan(space, ip, f); err != nil {
			return image{}, err
		}
		entry = ip.Entry
	}

	p := t.p
	p.mu.Lock()
	limit := p.rlimits[rlimitStack].cur
	p.mu.Unlock()
	stackSize := limit
	if stackSize == rlimInfinity || stackSize > 1<<30 {
		stackSize = 8 << 20
	}
	stackSize = (stackSize + 0xfff) &^ 0xfff
	if _, err := space.Mmap(stackTop-stackSize, stackSize, mm.PROT_READ|mm.PROT_WRITE,
		linuxabi.MAP_PRIVATE|linuxabi.MAP_ANONYMOUS|linuxabi.MAP_FIXED|linuxabi.MAP_GROWSDOWN, nil, 0); err != nil {
		return image{}, err
	}
	tramp, err := mapSigtramp(space)
	if err != nil {
		return image{}, err
	}
	hwcap, hwcap2 := t.k.hw.HWCap()
	sa := elf.StackArgs{Argv: argv, Envp: envp, ExecFn: execPath, StackLimit: limit, Auxv: []elf.AuxEntry{
		{Type: linuxabi.AT_MINSIGSTKSZ, Value: atMinSigStkSz},
		{Type: linuxabi.AT_HWCAP, Value: hwcap},
		{Type: linuxabi.AT_PAGESZ, Value: 4096},
		{Type: linuxabi.AT_CLKTCK, Value: 100},
		{Type: linuxabi.AT_PHDR, Value: plan.PhdrVA},
		{Type: linuxabi.AT_PHENT, Value: plan.Phent},
		{Type: linuxabi.AT_PHNUM, Value: plan.Phnum},
		{Type: linuxabi.AT_BASE, Value: interpBase},
		{Type: linuxabi.AT_FLAGS, Value: 0},
		{Type: linuxabi.AT_ENTRY, Value: plan.Entry},
		{Type: linuxabi.AT_UID, Value: uint64(cr.uid)},
		{Type: linuxabi.AT_EUID, Value: uint64(cr.euid)},
		{Type: linuxabi.AT_GID, Value: uint64(cr.gid)},
		{Type: linuxabi.AT_EGID, Value: uint64(cr.egid)},
		{Type: linuxabi.AT_SECURE, Value: b2u(secure)},
		{Type: linuxabi.AT_HWCAP2, Value: hwcap2},
	}}
	t.k.hw.Random(sa.Random[:])
	stack, sp, err := elf.BuildStack(stackTop, sa)
	if err != nil {
		return image{}, execError(err)
	}
	if err := space.CopyOut(sp, stack); err != nil {
		return image{}, linuxabi.E2BIG
	}
	return image{entry: entry, sp: sp, sigtramp: tramp}, nil
}

// sigtrampCode is the signal return trampoline Linux's vDSO holds
// (arch/arm64/kernel/vdso/sigreturn.S): mov x8, #__NR_rt_sigreturn; svc #0.
var sigtrampCode = []byte{0x68, 0x11, 0x80, 0xd2, 0x01, 0x00, 0x00, 0xd4}

// mapSigtramp maps the page handlers return through when they were
// installed without SA_RESTORER, as glibc and Go do on arm64. tamix has
// no vDSO yet, so the page holds only the trampoline, read-only and
// executable, where mmap would put the vDSO.
func mapSigtramp(space *mm.Space) (uint64, error) {
	a, err := space.Mmap(0, 4096, mm.PROT_READ|mm.PROT_WRITE, linuxabi.MAP_PRIVATE|linuxabi.MAP_ANONYMOUS, nil, 0)
	if err != nil {
		return 0, err
	}
	if err := space.CopyOut(a, sigtrampCode); err != nil {
		return 0, err
	}
	return a, space.Mprotect(a, 4096, mm.PROT_READ|mm.PROT_EXEC)
}

// atMinSigStkSz is AT_MINSIGSTKSZ as arm64's signal_minsigstksz is
// computed (arch/arm64/kernel/signal.c, minsigstksz_setup): the frame,
// the frame record rounded to 16 bytes, and 16 bytes of alignment.
const atMinSigStkSz = signal.FrameSize + 16 + 16

// freeRange returns where mmap would place size bytes, as elf_map's
// total_mapping_size reservation finds room for a whole ET_DYN image.
func freeRange(space *mm.Space, size uint64) (uint64, error) {
	a, err := space.Mmap(0, size, 0, linuxabi.MAP_PRIVATE|linuxabi.MAP_ANONYMOUS, nil, 0)
	if err != nil {
		return 0, err
	}
	return a, space.Munmap(a, size)
}

// minSigStkSz is MINSIGSTKSZ (arch/arm64/include/uapi/asm/signal.h), the
// smallest stack sigaltstack accepts.
const minSigStkSz = 5120

// mapPlan maps a load plan's segments: file pages privately, the bss
// anonymously, and zeroes the tail of the last file page (padzero).
func mapPlan(space *mm.Space, plan elf.LoadPlan, file *vfs.File) error {
	b := fileBacking{file}
	for _, m := range plan.Mappings {
		prot := mm.Prot(0)
		if m.Prot&elf.ProtRead != 0 {
			prot |= mm.PROT_READ
		}
		if m.Prot&elf.ProtWrite != 0 {
			prot |= mm.PROT_WRITE
		}
		if m.Prot&elf.ProtExec != 0 {
			prot |= mm.PROT_EXEC
		}
		fileLen := (m.FileSize + 0xfff) &^ 0xfff
		if fileLen > m.Size {
			fileLen = m.Size
		}
		fixed := linuxabi.MAP_PRIVATE | linuxabi.MAP_FIXED
		if fileLen > 0 {
			if _, err := space.Mmap(m.VA, fileLen, prot, fixed, b, m.FileOffset); err != nil {
				return err
			}
		}
		if m.Size > fileLen {
			if _, err := space.Mmap(m.VA+fileLen, m.Size-fileLen, prot, fixed|linuxabi.MAP_ANONYMOUS, nil, 0); err != nil {
				return err
			}
		}
		if m.ZeroTo > m.ZeroFrom && prot&mm.PROT_WRITE != 0 {
			if err := space.Zero(m.ZeroFrom, m.ZeroTo-m.ZeroFrom); err != nil {
				return err
			}
		}
	}
	return nil
}

// commitExec is the point of no return (begin_new_exec): the other
// threads are gone, the new address space replaces the old, close-on-exec
// files are closed, caught signals revert to their default action.
func (t *Task) commitExec(space *mm.Space, comm, exe string) {
	p, k := t.p, t.k
	t.killOtherThreads()
	if t.tid != p.pid { // de_thread: a thread that execs takes the leader's ID
		k.mu.Lock()
		p.mu.Lock()
		delete(k.tasks, t.tid)
		delete(p.threads, t.tid)
		t.tid = p.pid
		k.tasks[t.tid], p.threads[t.tid] = t, t
		p.mu.Unlock()
		k.mu.Unlock()
	}
	p.mu.Lock()
	old, own := p.space, p.ownSpace
	p.space, p.ownSpace = space, true
	p.comm = truncComm(comm)
	p.exe = exe
	files := p.files
	p.timers.deletePosix()
	p.mu.Unlock()
	t.space = space
	t.releaseVfork()
	if own {
		old.Release()
	}
	files.closeOnExec()
	t.clearTID = 0
	t.robustList = 0
	k.sigmu.Lock()
	h := *p.sig // unshare the actions from a CLONE_SIGHAND sibling, if any
	p.sig = &h
	p.sig.flush()
	t.altStack = linuxabi.StackT{Flags: linuxabi.SS_DISABLE}
	k.sigmu.Unlock()
}

// truncComm keeps TASK_COMM_LEN - 1 bytes, as __set_task_comm does.
func truncComm(s string) string {
	if len(s) > 15 {
		return s[:15]
	}
	return s
}

// killOtherThreads makes every other thread of the group exit and waits
// for them to be gone (de_thread).
func (t *Task) killOtherThreads() {
	p, k := t.p, t.k
	for {
		k.sigmu.Lock()
		others := 0
		for _, th := range p.threadsLocked() {
			if th != t {
				th.exiting.Store(true)
				th.wakeLocked()
				others++
			}
		}
		k.sigmu.Unlock()
		if others == 0 {
			return
		}
		runtime.Gosched()
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
