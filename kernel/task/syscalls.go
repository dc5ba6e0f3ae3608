package task

import (
	"errors"

	"github.com/tamix/tamix/linuxabi"
)

// Support is how much of a system call tamix implements.
type Support int

const (
	Unimplemented Support = iota // ENOSYS
	Full                         // as the man page says, for every case real programs use
	Partial                      // the common cases; Note says what is missing
)

func (s Support) String() string {
	return [...]string{"ENOSYS", "full", "partial"}[s]
}

// args are a system call's six arguments, x0 to x5.
type args [6]uint64

type handler func(t *Task, a args) (uint64, error)

// Syscall is one entry of the system call table.
type Syscall struct {
	Name    string
	Support Support
	Note    string
	fn      handler
}

// table is indexed by arm64 system call number (include/uapi/asm-generic/unistd.h).
var table [linuxabi.NumSyscalls]Syscall

// Table returns the system call table, for the compatibility document.
func Table() []Syscall { return table[:] }

// register adds a handler; the families call it from their init.
func register(nr int, fn handler, s Support, note string) {
	if table[nr].fn != nil {
		panic("task: system call " + linuxabi.SyscallNames[nr] + " registered twice")
	}
	table[nr] = Syscall{Name: linuxabi.SyscallNames[nr], Support: s, Note: note, fn: fn}
}

func init() {
	for nr, name := range linuxabi.SyscallNames {
		if table[nr].Name == "" {
			table[nr].Name = name
		}
	}
}

// errJustReturn is what a handler that has set the whole register state
// itself (rt_sigreturn, a successful execve) returns: x0 is left alone.
var errJustReturn = errors.New("task: registers set by the handler")

// syscall dispatches the SVC the task trapped with (el0_svc,
// invoke_syscall in arch/arm64/kernel/syscall.c): number in x8, arguments
// in x0-x5, result or -errno in x0.
func (t *Task) syscall() {
	nr := t.ctx.X[8]
	t.origX0 = t.ctx.X[0]
	a := args{t.ctx.X[0], t.ctx.X[1], t.ctx.X[2], t.ctx.X[3], t.ctx.X[4], t.ctx.X[5]}
	var fn handler
	if nr < uint64(len(table)) {
		fn = table[nr].fn
	}
	if fn == nil {
		t.noSys(nr)
		t.ctx.X[0] = errnoResult(linuxabi.ENOSYS)
		return
	}
	r, err := fn(t, a)
	if t.k.strace {
		t.k.log.Infof("%s[%d] %s(%#x, %#x, %#x, %#x) = %#x %v", t.p.comm, t.tid, table[nr].Name, a[0], a[1], a[2], a[3], r, err)
	}
	switch err {
	case nil:
		t.ctx.X[0] = r
	case errJustReturn:
	case errRestartSys, errRestartNoIntr, errRestartNoHand, errRestartBlock:
		t.restart = err.(linuxabi.Errno)
		t.ctx.X[0] = errnoResult(linuxabi.EINTR)
	default:
		t.ctx.X[0] = errnoResult(errnoOf(err))
	}
}

// noSys logs an unimplemented call once per number, as a kernel would
// log a missing feature.
func (t *Task) noSys(nr uint64) {
	i := nr
	if i > uint64(len(t.k.unknown)-1) {
		i = uint64(len(t.k.unknown) - 1)
	}
	if t.k.unknown[i].Swap(true) {
		return
	}
	name := "?"
	if nr < uint64(len(table)) && table[nr].Name != "" {
		name = table[nr].Name
	}
	t.k.log.Warnf("%s[%d]: system call %d (%s) is not implemented: ENOSYS", t.p.comm, t.p.pid, nr, name)
}

func errnoResult(e linuxabi.Errno) uint64 { return uint64(-int64(e)) }

// errnoOf translates an error to the errno user space sees: package
// errors are linuxabi.Errno already; anything else is a kernel bug
// reported as EIO.
func errnoOf(err error) linuxabi.Errno {
	var e linuxabi.Errno
	if errors.As(err, &e) {
		return e
	}
	return linuxabi.EIO
}
