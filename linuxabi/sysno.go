package linuxabi

//go:generate go run ./internal/gensysno -o sysno_gen.go

// SyscallName returns the Linux name of system call nr, or "" if nr is not
// an arm64 system call number.
func SyscallName(nr uint64) string {
	if nr >= NumSyscalls {
		return ""
	}
	return SyscallNames[nr]
}
