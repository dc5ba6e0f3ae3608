package cpio

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// The archive is what GNU cpio reads (when it is installed).
func TestWriterMatchesCpio(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	w.Add("bin", ModeDir|0o755, nil)
	w.Add("bin/hello", ModeRegular|0o755, []byte("#!/bin/sh\necho hi\n"))
	w.Add("bin/sh", ModeSymlink|0o777, []byte("busybox"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if b.Len()%4 != 0 || !strings.HasPrefix(b.String(), "070701") || !strings.Contains(b.String(), "TRAILER!!!") {
		t.Fatalf("bad archive %q", b.String())
	}
	if _, err := exec.LookPath("cpio"); err != nil {
		t.Skip("cpio not installed")
	}
	cmd := exec.Command("cpio", "-t", "-v")
	cmd.Stdin = &b
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cpio -t: %v\n%s", err, out)
	}
	for _, want := range []string{"drwxr-xr-x", "bin/hello", "bin/sh -> busybox"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("cpio -t lacks %q:\n%s", want, out)
		}
	}
}
