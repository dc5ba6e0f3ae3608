package procfs

import (
	"strconv"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

var errNoEnt error = linuxabi.ENOENT

// rootDir is /proc: the files about the whole system, then a directory
// per process (proc_root_readdir()).
func (p *procfs) rootDir(root *vfs.Inode) vfs.DirStore {
	static := []entry{
		p.text("cmdline", func() string { return p.cfg.Cmdline + "\n" }),
		p.text("cpuinfo", p.cpuinfo),
		p.text("filesystems", filesystems),
		p.text("loadavg", p.loadavg),
		p.text("meminfo", p.meminfo),
		p.link("mounts", 0o777, textLink(func(vfs.Caller) (string, error) { return "self/mounts", nil })),
		p.link("self", 0o777, textLink(func(c vfs.Caller) (string, error) {
			if c.PID == 0 {
				return "", linuxabi.ENOENT
			}
			return strconv.Itoa(c.PID), nil
		})),
		p.text("stat", p.stat),
		// tamix has no swap: only swaps_show()'s header.
		p.text("swaps", func() string { return "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n" }),
		p.subdir("sys", 0o555, p.sysDir()),
		p.link("thread-self", 0o777, textLink(func(c vfs.Caller) (string, error) {
			if c.PID == 0 {
				return "", linuxabi.ENOENT
			}
			return strconv.Itoa(c.PID) + "/task/" + strconv.Itoa(c.TID), nil
		})),
		p.text("uptime", p.uptime),
		p.text("version", p.version),
		p.text("vmstat", p.vmstat),
	}
	d := &dir{self: root, cache: map[string]*vfs.Inode{}}
	d.list = func() []entry {
		ents := append([]entry(nil), static...)
		for _, pid := range p.k.PIDs() {
			ents = append(ents, p.pidEntry(pid))
		}
		return ents
	}
	return d
}

// sysDir is /proc/sys, the sysctl files programs read (kernel/sysctl.c,
// kernel/utsname_sysctl.c): read-only here.
func (p *procfs) sysDir() func() []entry {
	sys := func() System { return p.k.System() }
	line := func(name string, f func() string) entry {
		return p.text(name, func() string { return f() + "\n" })
	}
	kernel := fixed(
		line("cap_last_cap", func() string { return "40" }),
		line("domainname", func() string { return sys().Domain }),
		line("hostname", func() string { return sys().Hostname }),
		line("ngroups_max", func() string { return "65536" }),
		line("osrelease", func() string { return sys().Release }),
		line("ostype", func() string { return "Linux" }),
		line("pid_max", func() string { return strconv.Itoa(sys().PIDMax) }),
		line("version", func() string { return sys().Version }),
	)
	vm := fixed(
		// tamix gives memory on first touch, and refuses nothing in
		// advance: the heuristic mode 0 comes closest.
		line("overcommit_memory", func() string { return "0" }),
	)
	return fixed(p.subdir("kernel", 0o555, kernel), p.subdir("vm", 0o555, vm))
}
