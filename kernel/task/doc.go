// Package task is tamix's process layer: Linux tasks (threads), thread
// groups (processes), their files, signals and futexes, the loop that runs
// a task at EL0 and the system-call table it dispatches through.
//
// # Execution model
//
// Every task is one goroutine (DESIGN.md, "Execution model"). It loops:
// deliver pending signals, switch to EL0 through Hardware.RunUser, and
// handle the trap that brought it back — a system call, a fault, an
// interrupt — in ordinary Go. A system call that blocks blocks the
// goroutine; the Go scheduler is the kernel's scheduler. A timer interrupt
// taken at EL0 makes the goroutine yield, so a spinning program cannot
// starve the rest of the system.
//
// # Locks
//
// Kernel.mu guards the PID table and the process tree (parent, children,
// process groups). Kernel.sigmu guards every task's and process's signal
// state: masks, pending sets, actions and the wake channels that interrupt
// blocking calls. Process.mu guards a process's own fields. The order is
// Kernel.mu, then Kernel.sigmu, then Process.mu; nothing blocks while
// holding any of them. A process's address space and file table have
// their own locks (package mm and FDTable).
//
// # System calls
//
// table (syscalls.go) is indexed by the arm64 system call number. Each
// entry names the call, its handler and its support level; the families
// live in sys_*.go files. A handler returns a result or a linuxabi.Errno.
// Unknown numbers return ENOSYS and are logged once. docs/syscalls.md is
// generated from the table (TestSyscallTableDoc).
package task
