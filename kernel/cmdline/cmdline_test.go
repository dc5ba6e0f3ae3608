package cmdline

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// defaults is what Parse returns for an empty command line.
func defaults() *Cmdline {
	return &Cmdline{
		PreferredConsole: -1,
		LogLevel:         7,
		InitEnv:          []string{"HOME=/", "TERM=linux"},
		Params:           map[string]string{},
	}
}

func boolp(b bool) *bool { return &b }

func env(extra ...string) []string { return append([]string{"HOME=/", "TERM=linux"}, extra...) }

// TestParse compares every field but Raw and Params, which
// TestParams and TestRaw cover.
func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     func(c *Cmdline)
		warnings []string
	}{
		{"empty", "", func(c *Cmdline) {}, nil},
		{"blank", " \t\n", func(c *Cmdline) {}, nil},
		{
			"qemu virt",
			`console=ttyAMA0,115200n8 earlycon root=/dev/vda2 rootfstype=ext4 rootflags=noatime,data=ordered ro rootwait`,
			func(c *Cmdline) {
				c.Console = []Console{{Name: "ttyAMA", Index: 0, Options: "115200n8"}}
				c.PreferredConsole = 0
				c.Root, c.RootFSType, c.RootFlags = "/dev/vda2", "ext4", "noatime,data=ordered"
				c.ReadOnly = boolp(true)
			}, nil,
		},
		{
			"unknown go to init",
			`single foo=bar 3 emergency systemd.unit=rescue.target mod.flag LANG=C`,
			func(c *Cmdline) {
				c.InitArgs = []string{"single", "3", "emergency"}
				c.InitEnv = env("foo=bar", "LANG=C")
			}, nil,
		},
		{
			"dot only counts in the name",
			`a=b.c x.y=z`,
			func(c *Cmdline) { c.InitEnv = env("a=b.c") }, nil,
		},
		{
			"quotes",
			`foo="a b" "bar=c d" "x y" w="v`,
			func(c *Cmdline) {
				c.InitArgs = []string{"x y"}
				c.InitEnv = env("foo=a b", "bar=c d", "w=v")
			}, nil,
		},
		{
			"quoted known params",
			`init="/bin/sh" "root=/dev/disk/by-label/my root" console="ttyS1,9600"`,
			func(c *Cmdline) {
				c.Init, c.Root = "/bin/sh", "/dev/disk/by-label/my root"
				c.Console = []Console{{Name: "ttyS", Index: 1, Options: "9600"}}
				c.PreferredConsole = 0
			}, nil,
		},
		{
			"dashes",
			`quiet -- -s "a b" c=d init=/x quiet -- after`,
			func(c *Cmdline) {
				c.Quiet, c.LogLevel = true, 4
				// After "--" nothing is interpreted, and a second
				// "--" ends init's arguments too.
				c.InitArgs = []string{"-s", "a b", "c=d", "init=/x", "quiet"}
			}, nil,
		},
		{
			"dashes with value are a parameter",
			`--=x --`,
			func(c *Cmdline) { c.InitEnv = env("--=x") }, nil,
		},
		{
			"params after dashes are not kernel params",
			`-- loglevel=1 console=ttyS0 panic=3`,
			func(c *Cmdline) { c.InitArgs = []string{"loglevel=1", "console=ttyS0", "panic=3"} }, nil,
		},
		{
			"init= drops earlier init args",
			`auto single init=/sbin/init emergency -- x`,
			func(c *Cmdline) {
				c.Init = "/sbin/init"
				c.InitArgs = []string{"emergency", "x"}
			}, nil,
		},
		{
			"rdinit= drops earlier init args but not env",
			`a X=1 rdinit=/linuxrc b`,
			func(c *Cmdline) {
				c.RDInit = "/linuxrc"
				c.InitArgs = []string{"b"}
				c.InitEnv = env("X=1")
			}, nil,
		},
		{
			"bare init and console go to init",
			`init console root`,
			func(c *Cmdline) { c.InitArgs = []string{"init", "console", "root"} }, nil,
		},
		{
			"repeated: last wins",
			`root=/dev/a init=/a rdinit=/a panic=1 root=/dev/b init=/b rdinit=/b panic=2`,
			func(c *Cmdline) {
				c.Root, c.Init, c.RDInit, c.Panic = "/dev/b", "/b", "/b", 2
			}, nil,
		},
		{
			"env replaces by name",
			`TERM=vt100 FOO=1 HOME=/root FOO=2 FOOBAR=3`,
			func(c *Cmdline) { c.InitEnv = []string{"HOME=/root", "TERM=vt100", "FOO=2", "FOOBAR=3"} }, nil,
		},
		{"ro", `ro`, func(c *Cmdline) { c.ReadOnly = boolp(true) }, nil},
		{"rw", `rw`, func(c *Cmdline) { c.ReadOnly = boolp(false) }, nil},
		{"ro then rw", `ro rw`, func(c *Cmdline) { c.ReadOnly = boolp(false) }, nil},
		{"rw then ro", `rw ro`, func(c *Cmdline) { c.ReadOnly = boolp(true) }, nil},
		{
			"ro with a value is not ro",
			`ro=1 rootwait=5 rootdelay=2 rooted`,
			func(c *Cmdline) {
				c.InitArgs = []string{"rooted"}
				c.InitEnv = env("ro=1")
			}, nil,
		},
		{"quiet", `quiet`, func(c *Cmdline) { c.Quiet, c.LogLevel = true, 4 }, nil},
		{"debug", `debug`, func(c *Cmdline) { c.LogLevel = 10 }, nil},
		{"quiet then debug", `quiet debug`, func(c *Cmdline) { c.Quiet, c.LogLevel = true, 10 }, nil},
		{"debug then quiet", `debug quiet`, func(c *Cmdline) { c.Quiet, c.LogLevel = true, 4 }, nil},
		{"loglevel then quiet", `loglevel=8 quiet`, func(c *Cmdline) { c.Quiet, c.LogLevel = true, 4 }, nil},
		{"quiet then loglevel", `quiet loglevel=8`, func(c *Cmdline) { c.Quiet, c.LogLevel = true, 8 }, nil},
		{"early param with value", `quiet=no`, func(c *Cmdline) { c.Quiet, c.LogLevel = true, 4 }, nil},
		{"loglevel hex", `loglevel=0x3`, func(c *Cmdline) { c.LogLevel = 3 }, nil},
		{"loglevel trailing junk", `loglevel=5abc`, func(c *Cmdline) { c.LogLevel = 5 }, nil},
		{"loglevel negative", `loglevel=-1`, func(c *Cmdline) { c.LogLevel = -1 }, nil},
		{
			"loglevel bad",
			`loglevel=abc loglevel= loglevel`,
			func(c *Cmdline) {},
			[]string{"Malformed early option 'loglevel'", "Malformed early option 'loglevel'", "Malformed early option 'loglevel'"},
		},
		{"loglevel bad keeps earlier", `loglevel=3 loglevel=x`, func(c *Cmdline) { c.LogLevel = 3 },
			[]string{"Malformed early option 'loglevel'"}},
		{"panic", `panic=10`, func(c *Cmdline) { c.Panic = 10 }, nil},
		{"panic negative", `panic=-1`, func(c *Cmdline) { c.Panic = -1 }, nil},
		{"panic hex", `panic=0x10`, func(c *Cmdline) { c.Panic = 16 }, nil},
		{"panic plus", `panic=+3`, func(c *Cmdline) { c.Panic = 3 }, nil},
		{
			"panic bad",
			`panic=5 panic=5s panic=99999999999 panic= panic`,
			func(c *Cmdline) { c.Panic = 5 },
			[]string{
				"Booting kernel: `5s' invalid for parameter `panic'",
				"Booting kernel: `99999999999' invalid for parameter `panic'",
				"Booting kernel: `' invalid for parameter `panic'",
				"Booting kernel: `' invalid for parameter `panic'",
			},
		},
		{
			"a kernel param error loses the init args after --",
			`panic=x a -- b`,
			func(c *Cmdline) { c.InitArgs = []string{"a"} },
			[]string{
				"Booting kernel: `x' invalid for parameter `panic'",
				"arguments after `--' not passed to init because of the errors above",
			},
		},
		{
			"bootloader identifiers",
			`BOOT_IMAGE=/boot/Image kexec kexecfoo BOOT_IMAGE boot_image=x`,
			func(c *Cmdline) {
				c.InitArgs = []string{"BOOT_IMAGE"}
				c.InitEnv = env("boot_image=x")
			}, nil,
		},
		{
			"dash and underscore are equal in names",
			`ignore-loglevel ignore_loglevel root-fstype=x`,
			func(c *Cmdline) { c.InitEnv = env("root-fstype=x") }, nil,
		},
		{
			"consoles",
			`console=ttyS0 console=tty0 console=ttyS0,9600`,
			func(c *Cmdline) {
				// A repeated device is not added again and keeps
				// its first options, but becomes preferred.
				c.Console = []Console{{Name: "ttyS"}, {Name: "tty"}}
				c.PreferredConsole = 0
			}, nil,
		},
		{
			"console forms",
			`console=0,115200 console=null console=hvc console=ttyAMA12x,opt console=00:01.0,9600 console=uart8250,mmio,0x9000000 console=`,
			func(c *Cmdline) {
				c.Console = []Console{
					{Name: "ttyS", Index: 0, Options: "115200"},
					{Name: "ttynull"},
					{Name: "hvc"},
					{Name: "ttyAMA", Index: 12, Options: "opt"},
					{Name: "00:01.0", Index: -1, Options: "9600"},
					{Name: "uart", Index: 8250, Options: "mmio,0x9000000"},
				}
				c.PreferredConsole = 1 // console= is ttynull again
			}, nil,
		},
		{
			"console index is a short",
			`console=ttyS65537`,
			func(c *Cmdline) {
				c.Console = []Console{{Name: "ttyS", Index: 1}}
				c.PreferredConsole = 0
			}, nil,
		},
		{
			"console without name",
			`console=,115200`,
			func(c *Cmdline) {},
			[]string{"console=,115200: no device name, ignored"},
		},
		{
			"at most 8 consoles",
			`console=tty1 console=tty2 console=tty3 console=tty4 console=tty5 console=tty6 console=tty7 console=tty8 console=tty9 console=tty3`,
			func(c *Cmdline) {
				for i := 1; i <= 8; i++ {
					c.Console = append(c.Console, Console{Name: "tty", Index: i})
				}
				c.PreferredConsole = 2
			}, nil,
		},
		{
			"NUL ends the command line",
			"quiet\x00debug",
			func(c *Cmdline) { c.Quiet, c.LogLevel = true, 4 }, nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warnings := Parse(tt.in)
			want := defaults()
			tt.want(want)
			got.Raw, got.Params = "", want.Params
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.in, got, want)
			}
			if !reflect.DeepEqual(warnings, tt.warnings) {
				t.Errorf("Parse(%q) warnings\n got %q\nwant %q", tt.in, warnings, tt.warnings)
			}
		})
	}
}

func TestParams(t *testing.T) {
	c, _ := Parse(`tamix.test=fault console=ttyS0 quiet foo=1 foo=2 my-flag x="a b" -- after=1 bare`)
	want := map[string]string{
		"tamix.test": "fault",
		"console":    "ttyS0",
		"quiet":      "",
		"foo":        "2",
		"my_flag":    "",
		"x":          "a b",
	}
	if !reflect.DeepEqual(c.Params, want) {
		t.Errorf("Params = %v, want %v", c.Params, want)
	}
	for _, tt := range []struct {
		name string
		val  string
		ok   bool
	}{
		{"tamix.test", "fault", true},
		{"quiet", "", true},
		{"my-flag", "", true},
		{"my_flag", "", true},
		{"foo", "2", true},
		{"after", "", false},
		{"bare", "", false},
		{"missing", "", false},
	} {
		if v, ok := c.Param(tt.name); v != tt.val || ok != tt.ok {
			t.Errorf("Param(%q) = %q, %v; want %q, %v", tt.name, v, ok, tt.val, tt.ok)
		}
	}
}

func TestRaw(t *testing.T) {
	in := "  console=ttyAMA0  quiet "
	if c, _ := Parse(in); c.Raw != in {
		t.Errorf("Raw = %q, want %q", c.Raw, in)
	}
	if c, _ := Parse("a\x00b"); c.Raw != "a" {
		t.Errorf("Raw = %q, want %q", c.Raw, "a")
	}
	long := "x=" + strings.Repeat("y", CommandLineSize) + " quiet"
	c, warnings := Parse(long)
	if len(c.Raw) != CommandLineSize-1 || c.Quiet {
		t.Errorf("long command line: len(Raw) = %d, Quiet = %v", len(c.Raw), c.Quiet)
	}
	if want := []string{"command line truncated to 2047 bytes"}; !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings = %q, want %q", warnings, want)
	}
}

func TestInitLimits(t *testing.T) {
	var args, envs []string
	for i := range 40 {
		args = append(args, "a"+strconv.Itoa(i))
		envs = append(envs, "E"+strconv.Itoa(i)+"=v")
	}

	c, warnings := Parse(strings.Join(args, " "))
	if !reflect.DeepEqual(c.InitArgs, args[:maxInitArgs]) {
		t.Errorf("InitArgs = %q, want the first %d", c.InitArgs, maxInitArgs)
	}
	if want := []string{"Too many boot init vars at `a32'"}; !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings = %q, want %q", warnings, want)
	}

	c, warnings = Parse("-- " + strings.Join(args, " "))
	if !reflect.DeepEqual(c.InitArgs, args[:maxInitArgs]) {
		t.Errorf("InitArgs after -- = %q, want the first %d", c.InitArgs, maxInitArgs)
	}
	if want := []string{"Too many boot init vars at `a32'"}; !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings = %q, want %q", warnings, want)
	}

	// Two default entries plus 31 fit; after the overflow nothing more
	// reaches init, not even arguments.
	c, warnings = Parse(strings.Join(envs, " ") + " x -- y")
	if !reflect.DeepEqual(c.InitEnv, env(envs[:31]...)) || c.InitArgs != nil {
		t.Errorf("InitEnv = %q, InitArgs = %q", c.InitEnv, c.InitArgs)
	}
	if want := []string{"Too many boot env vars at `E31=v'"}; !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings = %q, want %q", warnings, want)
	}

	// Replacing a variable works even when the table is full.
	c, warnings = Parse(strings.Join(envs[:31], " ") + " E0=w")
	if c.InitEnv[2] != "E0=w" || len(c.InitEnv) != 33 || warnings != nil {
		t.Errorf("InitEnv = %q, warnings = %q", c.InitEnv, warnings)
	}
}
