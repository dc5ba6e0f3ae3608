package cmdline

import "strings"

// maxCmdlineConsoles is MAX_CMDLINECONSOLES (kernel/printk/printk.c):
// further distinct console= devices are ignored.
const maxCmdlineConsoles = 8

// Console is one entry of Linux's console_cmdline[] table, decoded from
// console=name[index][,options] by kernel/printk/printk.c console_setup().
type Console struct {
	// Name is the driver name without the index, such as "ttyAMA" or
	// "ttyS" (also when console= started with a digit, e.g. "0" means
	// ttyS0); "ttynull" for console= and console=null; the whole
	// device name for the DEVNAME:0.0 form.
	Name string
	// Index is the device index, 0 when none was given and -1 for the
	// DEVNAME:0.0 form.
	Index int
	// Options is everything after the first ',', e.g. "115200n8".
	Options string
}

// console is console_setup(str) followed by __add_preferred_console():
// a device already in the table is not added again (its first options
// stay) but becomes the preferred console, which is the one that the last
// console= named. The braille "brl," prefix is not recognised.
func (p *parser) console(str string) {
	var con Console
	if str == "" || str == "null" {
		con = Console{Name: "ttynull"}
	} else {
		var name string
		name, con.Options, _ = strings.Cut(str, ",")
		if d := strings.IndexAny(str, ":,"); d >= 0 && str[d] == ':' {
			// DEVNAME:0.0, matched by device name alone.
			con.Name, con.Index = name, -1
		} else {
			if name != "" && isDigit(name[0]) {
				name = "ttyS" + name
			}
			i := 0
			for i < len(name) && !isDigit(name[i]) {
				i++
			}
			// console_cmdline.index is a C short.
			con.Name, con.Index = name[:i], int(int16(simpleStrtoul10(name[i:])))
		}
	}
	if con.Name == "" {
		p.warn("console=%s: no device name, ignored", str)
		return
	}
	c := p.c
	for i, old := range c.Console {
		if old.Name == con.Name && old.Index == con.Index {
			c.PreferredConsole = i
			return
		}
	}
	if len(c.Console) == maxCmdlineConsoles {
		return // -E2BIG, which console_setup ignores
	}
	c.PreferredConsole = len(c.Console)
	c.Console = append(c.Console, con)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
