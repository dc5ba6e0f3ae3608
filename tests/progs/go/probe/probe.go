// Package probe is the Go test programs' counterpart of
// tests/progs/c/probe.h: one line per check ("what: ok" or
// "what: FAIL ..."), then PASS or FAIL and exit status 0 or 1, so a
// mismatch with Linux shows which check differs.
package probe

import (
	"fmt"
	"os"
)

var failed bool

// Check prints name's result; detail says what was seen when !ok.
func Check(name string, ok bool, detail ...any) {
	if ok {
		fmt.Printf("%s: ok\n", name)
		return
	}
	failed = true
	fmt.Printf("%s: FAIL %v\n", name, fmt.Sprint(detail...))
}

// Done prints PASS or FAIL and exits 0 or 1.
func Done() {
	if failed {
		fmt.Println("FAIL")
		os.Exit(1)
	}
	fmt.Println("PASS")
	os.Exit(0)
}
