package cmdline

import "strings"

// Limits on init's argv and envp: CONFIG_INIT_ENV_ARG_LIMIT, used by
// init/main.c as MAX_INIT_ARGS and MAX_INIT_ENVS.
const (
	maxInitArgs = 32
	maxInitEnvs = 32
)

// earlyParams are the early_param()s Parse knows. do_early_param runs them
// on an exact name match whatever the value, and obsolete_checksetup then
// keeps them from init. Only debug, quiet and loglevel have an effect here;
// the caller reads the others from Params.
var earlyParams = map[string]bool{
	"debug":           true, // init/main.c
	"quiet":           true, // init/main.c
	"loglevel":        true, // init/main.c
	"earlycon":        true, // drivers/tty/serial/earlycon.c
	"ignore_loglevel": true, // kernel/printk/printk.c
	"initrd":          true, // init/initramfs.c
}

// bootloaderIDs are the prefixes unknown_bootoption drops as bootloader
// identifiers (init/main.c, Linux 6.18): GRUB's and LILO's BOOT_IMAGE=
// and kexec-tools' kexec.
var bootloaderIDs = []string{"BOOT_IMAGE=", "kexec"}

// early is do_early_param for one parameter.
func (p *parser) early(a arg) {
	c := p.c
	switch normName(a.name) {
	case "debug":
		c.LogLevel = consoleLoglevelDebug
	case "quiet":
		c.Quiet = true
		c.LogLevel = consoleLoglevelQuiet
	case "loglevel":
		// Only a valid number changes the level.
		if v, ok := getOption(a.val); ok {
			c.LogLevel = v
		} else {
			p.warn("Malformed early option '%s'", a.name)
		}
	}
}

// param is parse_one() for one parameter of parse_args("Booting kernel"):
// the kernel_param panic (kernel/panic.c core_param) or, for anything
// else, unknown_bootoption().
func (p *parser) param(a arg) {
	name := normName(a.name)
	p.c.Params[name] = a.val
	if name == "panic" {
		v, ok := kstrtoint(a.val)
		if !a.hasVal || !ok {
			// parse_args reports -EINVAL and -ERANGE alike.
			p.warn("Booting kernel: `%s' invalid for parameter `%s'", a.val, a.name)
			p.paramErr = true
			return
		}
		p.c.Panic = v
		return
	}
	p.unknown(a, name)
}

// unknown is init/main.c unknown_bootoption(), without the sysctl aliases.
func (p *parser) unknown(a arg, name string) {
	line := a.String()
	for _, id := range bootloaderIDs {
		if strings.HasPrefix(line, id) {
			return
		}
	}
	if p.setup(a, name) || strings.Contains(a.name, ".") || p.panicLater {
		return
	}
	if !a.hasVal {
		p.initArg(line)
		return
	}
	// Replace a variable of the same name, or append.
	env := p.c.InitEnv
	i := 0
	for ; i < len(env); i++ {
		if i == maxInitEnvs {
			p.tooMany("env", line)
		}
		if strings.HasPrefix(env[i], a.name+"=") {
			break
		}
	}
	if p.panicLater {
		return
	}
	if i == len(env) {
		p.c.InitEnv = append(env, line)
	} else {
		env[i] = line
	}
}

// setup is obsolete_checksetup(): it runs the __setup handler for a, if
// Parse knows one, and reports whether Linux keeps a from init (a handler
// returned 1, or a names an early parameter).
func (p *parser) setup(a arg, name string) bool {
	c := p.c
	switch {
	case a.hasVal && name == "console": // kernel/printk/printk.c
		p.console(a.val)
	case a.hasVal && name == "root": // init/do_mounts.c
		c.Root = a.val
	case a.hasVal && name == "rootfstype":
		c.RootFSType = a.val
	case a.hasVal && name == "rootflags":
		c.RootFlags = a.val
	case a.hasVal && name == "rootdelay":
	case name == "rootwait": // both "rootwait" and "rootwait="
	case !a.hasVal && (name == "ro" || name == "rw"):
		ro := name == "ro"
		c.ReadOnly = &ro
	case a.hasVal && (name == "init" || name == "rdinit"): // init/main.c
		if name == "init" {
			c.Init = a.val
		} else {
			c.RDInit = a.val
		}
		// Ignore arguments given before init=, in case a bootloader
		// prepended "auto".
		c.InitArgs = c.InitArgs[:0]
	default:
		return earlyParams[name]
	}
	return true
}

// initArg appends arg to init's argv as unknown_bootoption and
// set_init_arg do.
func (p *parser) initArg(arg string) {
	if p.panicLater {
		return
	}
	if len(p.c.InitArgs) == maxInitArgs {
		p.tooMany("init", arg)
		return
	}
	p.c.InitArgs = append(p.c.InitArgs, arg)
}

// tooMany records that Linux would panic("Too many boot %s vars at `%s'")
// once the console is up; from then on nothing more is passed to init.
func (p *parser) tooMany(what, param string) {
	if !p.panicLater {
		p.warn("Too many boot %s vars at `%s'", what, param)
	}
	p.panicLater = true
}
