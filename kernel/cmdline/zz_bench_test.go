package cmdline

import (
	"strings"
	"testing"
)

func BenchmarkA(b *testing.B) {
	s := strings.Repeat("a ", 1023)
	for b.Loop() {
		Parse(s)
	}
}
