// Package cmdline parses the kernel command line as Linux does.
//
// Parse follows start_kernel() in init/main.c: parse_early_param() runs
// the early parameters (debug, quiet, loglevel, ...), parse_args("Booting
// kernel") then hands each parameter to the built-in kernel_params (panic)
// or to unknown_bootoption(), which runs the __setup handlers (console=,
// root=, init=, ro, ...) and passes whatever is left to init, and finally
// parse_args("Setting init args") gives everything after "--" to init.
// Parameters are split by lib/cmdline.c next_arg(), so double quotes group
// white space and are removed as in Linux.
//
// The parameters Parse keeps from init are debug, quiet, loglevel,
// earlycon, ignore_loglevel and initrd (early parameters), panic, console,
// root, rootfstype, rootflags, rootdelay, rootwait, ro, rw, init and
// rdinit, plus the bootloader identifiers BOOT_IMAGE= and kexec; those with
// a '.' in their name are taken for module parameters and dropped too. As
// in a Linux kernel built without them, any other parameter goes to init:
// as an argument if it has no '=', as an environment variable otherwise.
//
// See Documentation/admin-guide/kernel-parameters.rst for the meaning of
// the parameters.
package cmdline

import (
	"fmt"
	"strings"
)

// CommandLineSize is COMMAND_LINE_SIZE on arm64
// (arch/arm64/include/uapi/asm/setup.h), including the terminating NUL.
const CommandLineSize = 2048

// Console log levels from include/linux/printk.h.
const (
	consoleLoglevelQuiet   = 4  // CONSOLE_LOGLEVEL_QUIET
	consoleLoglevelDefault = 7  // CONFIG_CONSOLE_LOGLEVEL_DEFAULT
	consoleLoglevelDebug   = 10 // CONSOLE_LOGLEVEL_DEBUG
)

// Cmdline is the result of parsing a kernel command line.
type Cmdline struct {
	// Raw is the command line as /proc/cmdline shows it: the input up
	// to its first NUL, at most CommandLineSize-1 bytes.
	Raw string

	// Console lists the distinct console= devices in the order they
	// were first named (Linux's console_cmdline[], at most 8).
	Console []Console
	// PreferredConsole indexes the Console entry that becomes
	// /dev/console: the one the last console= named. -1 if none.
	PreferredConsole int

	// Quiet reports whether "quiet" was given.
	Quiet bool
	// LogLevel is the console log level: 7 by default, set by "debug"
	// (10), "quiet" (4) and loglevel=N, the last of these winning.
	LogLevel int
	// Panic is panic= in seconds: 0 waits forever (the default), a
	// negative value reboots immediately.
	Panic int

	// RDInit is rdinit= and Init is init=, empty when absent; the caller
	// applies Linux's defaults ("/init", then /sbin/init and friends).
	RDInit, Init string
	// Root, RootFSType and RootFlags are root=, rootfstype= and
	// rootflags=.
	Root, RootFSType, RootFlags string
	// ReadOnly is nil unless "ro" (true) or "rw" (false) was given; the
	// last one wins.
	ReadOnly *bool

	// InitArgs is argv[1:] for init: unknown parameters without '=' or
	// '.', then everything after "--". init= and rdinit= discard the
	// ones collected before them, as Linux does.
	InitArgs []string
	// InitEnv is the complete envp for init as init/main.c builds it:
	// "HOME=/" and "TERM=linux", then each unknown name=value parameter
	// without '.' in its name, a later one replacing an earlier (or
	// default) entry with the same name.
	InitEnv []string

	// Params holds every parameter before "--", including those Parse
	// acts on and dotted module parameters such as "tamix.test=fault":
	// name to value, "" for a bare flag, the last occurrence winning.
	// Names are normalised with '-' replaced by '_', since Linux treats
	// them as equal (kernel/params.c parameq).
	Params map[string]string
}

// Param returns the value of the named parameter and whether it was
// given before "--"; '-' and '_' in name are interchangeable.
func (c *Cmdline) Param(name string) (string, bool) {
	v, ok := c.Params[normName(name)]
	return v, ok
}

// normName maps a parameter name to the form kernel/params.c parameq
// compares: '-' and '_' are equivalent.
func normName(name string) string { return strings.ReplaceAll(name, "-", "_") }

// parser holds what start_kernel keeps in globals while parsing.
type parser struct {
	c        *Cmdline
	warnings []string
	// panicLater is set where Linux sets panic_later: init would get
	// too many arguments or environment variables.
	panicLater bool
	// paramErr records that parse_args("Booting kernel") saw a
	// kernel_param error, after which it returns the error instead of
	// the arguments after "--".
	paramErr bool
}

func (p *parser) warn(format string, args ...any) {
	p.warnings = append(p.warnings, fmt.Sprintf(format, args...))
}

// Parse parses the kernel command line s. It never fails: like Linux, it
// ignores what it cannot use and describes each problem in warnings,
// mostly with the message Linux would log.
func Parse(s string) (c *Cmdline, warnings []string) {
	p := &parser{c: &Cmdline{
		PreferredConsole: -1,
		LogLevel:         consoleLoglevelDefault,
		InitEnv:          []string{"HOME=/", "TERM=linux"},
		Params:           map[string]string{},
	}}
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	if len(s) >= CommandLineSize {
		s = s[:CommandLineSize-1]
		p.warn("command line truncated to %d bytes", CommandLineSize-1)
	}
	p.c.Raw = s

	args := splitArgs(s)
	kernel, afterDashes := args, []arg(nil)
	for i, a := range args {
		if a.isDashes() {
			kernel, afterDashes = args[:i], args[i+1:]
			break
		}
	}
	for _, a := range kernel {
		p.early(a)
	}
	for _, a := range kernel {
		p.param(a)
	}
	if p.paramErr && len(afterDashes) > 0 {
		p.warn("arguments after `--' not passed to init because of the errors above")
		afterDashes = nil
	}
	for _, a := range afterDashes {
		if a.isDashes() {
			break
		}
		p.initArg(a.String())
	}
	return p.c, p.warnings
}
