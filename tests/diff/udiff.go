package diff

import (
	"fmt"
	"strings"
)

// UnifiedDiff returns a unified-style line diff from a to b with three
// lines of context, or "" when they are equal.
func UnifiedDiff(aName, bName, a, b string) string {
	if a == b {
		return ""
	}
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	// lcs[i][j] is the longest common subsequence of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type edit struct {
		op   byte // ' ', '-', '+'
		text string
		i, j int // line numbers in a and b before this edit
	}
	var es []edit
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			es = append(es, edit{' ', x[i], i, j})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			// Deletions before insertions, as diff -u prints them.
			es = append(es, edit{'-', x[i], i, j})
			i++
		default:
			es = append(es, edit{'+', y[j], i, j})
			j++
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", aName, bName)
	const ctx = 3
	for k := 0; k < len(es); {
		if es[k].op == ' ' {
			k++
			continue
		}
		// A hunk: from ctx lines before this change to ctx lines after
		// the last change that is within 2*ctx of the previous one.
		start := max(k-ctx, 0)
		end := k
		for n := k; n < len(es); n++ {
			if es[n].op != ' ' {
				end = n
			} else if n-end > 2*ctx {
				break
			}
		}
		end = min(end+ctx+1, len(es))
		var na, nb int
		for _, e := range es[start:end] {
			if e.op != '+' {
				na++
			}
			if e.op != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", es[start].i+1, na, es[start].j+1, nb)
		for _, e := range es[start:end] {
			fmt.Fprintf(&out, "%c%s\n", e.op, e.text)
		}
		k = end
	}
	return out.String()
}
