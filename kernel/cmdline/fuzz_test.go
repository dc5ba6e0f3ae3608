package cmdline

import (
	"reflect"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"",
		`console=ttyAMA0,115200n8 root=/dev/vda rw quiet -- -s`,
		`foo="a b" "bar=c d" -- "x y" -- z`,
		`"`, `""`, `"a="`, `=a=b`, `a="`,
		`panic=0x7fffffff loglevel=-0x10 init=/bin/sh rdinit=`,
		`console=00:01.0 console=null console= console=9`,
		"a\x00b \xa0 \t\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, _ := Parse(s)
		if !strings.HasPrefix(s, c.Raw) || len(c.Raw) >= CommandLineSize {
			t.Fatalf("Raw %q is not a prefix of the input", c.Raw)
		}
		if len(c.InitArgs) > maxInitArgs || len(c.InitEnv) > maxInitEnvs+1 {
			t.Fatalf("%d init args, %d env", len(c.InitArgs), len(c.InitEnv))
		}
		for _, e := range c.InitEnv {
			if !strings.Contains(e, "=") {
				t.Fatalf("env entry %q without '='", e)
			}
		}
		if len(c.Console) > maxCmdlineConsoles ||
			c.PreferredConsole < -1 || c.PreferredConsole >= len(c.Console) ||
			(c.PreferredConsole == -1) != (len(c.Console) == 0) {
			t.Fatalf("consoles %v, preferred %d", c.Console, c.PreferredConsole)
		}
		again, _ := Parse(s)
		if !reflect.DeepEqual(c, again) {
			t.Fatalf("Parse is not deterministic")
		}
	})
}
