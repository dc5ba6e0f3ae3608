package diff

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Result is what one case did on one kernel.
type Result struct {
	Output string // stdout and stderr, raw (see Normalise)
	Status int    // exit status as sh reports it
}

var markRE = regexp.MustCompile(`(?m)^@@(case|status) (\S+)(?: (\d+))?\n`)

// Parse splits a console log into per-case results. A case whose
// "@@status" never came (the kernel died or the run timed out inside it)
// is reported in the error along with the cases that did complete, which
// are returned.
func Parse(console string) (map[string]Result, error) {
	res := map[string]Result{}
	open, start := "", 0
	for _, m := range markRE.FindAllStringSubmatchIndex(console, -1) {
		kind, name := console[m[2]:m[3]], console[m[4]:m[5]]
		switch {
		case kind == "case":
			if open != "" {
				return res, fmt.Errorf("case %s started before case %s ended", name, open)
			}
			open, start = name, m[1]
		case name == open && m[6] >= 0:
			st, _ := strconv.Atoi(console[m[6]:m[7]])
			out := strings.TrimSuffix(console[start:m[0]], "\n")
			res[name] = Result{Output: out, Status: st}
			open = ""
		}
	}
	if open != "" {
		return res, fmt.Errorf("case %s never finished", open)
	}
	return res, nil
}
