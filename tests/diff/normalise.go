package diff

import "regexp"

// The normalisation rules, applied in order to both kernels' output.
var rules = []struct {
	re   *regexp.Regexp
	repl string
}{
	// Kernel log lines ("[    1.234567] ...") reach the console between a
	// case's lines on either kernel; they are not the program's output.
	{regexp.MustCompile(`(?m)^\[ *\d+\.\d+\] .*\n`), ""},
	// Modification times on ls -l lines (a mode string first, then
	// "Jan  2 03:04" or "Jan  2  2000"): files are made during the run, so
	// the times are the boot's clock. Dates elsewhere (date -d @0) are
	// compared as they are.
	{regexp.MustCompile(`(?m)^([-dlcbps][-rwxsStT]{9}.*?) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d ( \d{4}|\d\d:\d\d) `), "$1 <mtime> "},
	// Process ids printed as "pid N" / "pid=N" differ between kernels.
	{regexp.MustCompile(`\bpid[ =]\d+\b`), "pid=<N>"},
}

// Normalise rewrites what legitimately differs between two boots. Cases
// are written to print nothing else that varies (no $$, inode numbers or
// timings), so the list stays short.
func Normalise(s string) string {
	for _, r := range rules {
		s = r.re.ReplaceAllString(s, r.repl)
	}
	return s
}
