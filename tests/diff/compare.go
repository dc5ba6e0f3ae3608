package diff

import (
	"fmt"
	"strings"
)

// Compare checks got (tamix) against want (Linux) for every case, after
// Normalise, and returns one report naming every mismatching case with a
// unified diff of its output and both statuses; "" means all matched.
// gotName labels tamix's side ("tamix-virt").
func Compare(cases []Case, want, got map[string]Result, gotName string) string {
	var b strings.Builder
	bad := 0
	var missing []string
	for _, c := range cases {
		w, okw := want[c.Name]
		g, okg := got[c.Name]
		switch {
		case !okw:
			fmt.Fprintf(&b, "=== %s: no Linux result\n", c.Name)
		case !okg:
			missing = append(missing, c.Name)
		default:
			d := UnifiedDiff("linux/"+c.Name, gotName+"/"+c.Name, Normalise(w.Output), Normalise(g.Output))
			if d == "" && w.Status == g.Status {
				continue
			}
			fmt.Fprintf(&b, "=== %s: status linux %d, %s %d\n%s", c.Name, w.Status, gotName, g.Status, d)
		}
		bad++
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "=== did not run on %s: %s\n", gotName, strings.Join(missing, " "))
	}
	if bad == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d cases differ from Linux:\n%s", bad, len(cases), b.String())
}
