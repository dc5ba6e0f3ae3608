package task

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/syscalls.md from the table")

const docPath = "../../docs/syscalls.md"

// compatibilityTable renders docs/syscalls.md from the system call table.
func compatibilityTable() string {
	var b strings.Builder
	counts := map[Support]int{}
	for _, s := range Table() {
		if s.Name != "" {
			counts[s.Support]++
		}
	}
	fmt.Fprintf(&b, "# System call compatibility\n\n")
	fmt.Fprintf(&b, "Generated from the system call table in `kernel/task` (`go test ./kernel/task -run TestSyscallTableDoc -update`); do not edit.\n\n")
	fmt.Fprintf(&b, "Of %d arm64 system calls, %d are implemented fully, %d partially (the note says what is missing), %d return ENOSYS.\n\n",
		counts[Full]+counts[Partial]+counts[Unimplemented], counts[Full], counts[Partial], counts[Unimplemented])
	fmt.Fprintf(&b, "| nr | name | status | note |\n| ---: | --- | --- | --- |\n")
	for nr, s := range Table() {
		if s.Name == "" {
			continue
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", nr, s.Name, s.Support, s.Note)
	}
	return b.String()
}

func TestSyscallTableDoc(t *testing.T) {
	want := compatibilityTable()
	if *update {
		if err := os.WriteFile(docPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is stale: run go test ./kernel/task -run TestSyscallTableDoc -update", docPath)
	}
}

func TestSyscallTableNames(t *testing.T) {
	for nr, s := range Table() {
		if s.fn != nil && s.Support == Unimplemented {
			t.Errorf("%d (%s) has a handler but is marked unimplemented", nr, s.Name)
		}
		if s.fn == nil && s.Support != Unimplemented {
			t.Errorf("%d (%s) is marked %v without a handler", nr, s.Name, s.Support)
		}
	}
}
