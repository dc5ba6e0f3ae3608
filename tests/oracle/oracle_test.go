package oracle

import (
	"testing"
	"time"
)

// The oracle itself works: Linux runs busybox commands and reports their
// output and status.
func TestLinuxRunsBusybox(t *testing.T) {
	r, err := Linux("echo hello, linux; uname -sm; false", 120*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if r.Stdout != "hello, linux\nLinux aarch64\n" || r.Status != 1 {
		t.Errorf("got %q status %d", r.Stdout, r.Status)
	}
}
