// Package shell_test boots tamix with the initramfs `make run` uses
// (Debian's busybox-static, firmware/initramfs/init) and drives the
// interactive shell on the serial console as a user would: commands,
// pipelines, line editing, ^C to the foreground job, poweroff.
package shell_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tamix/tamix/tests/qemu"
)

const timeout = 90 * time.Second

var prompt = regexp.MustCompile(`/root # `)

func boot(t *testing.T, board string) *qemu.Run {
	t.Helper()
	if !qemu.Available() {
		t.Fatal("qemu-system-aarch64 is not installed (apt-get install qemu-system-arm)")
	}
	img, err := qemu.ImagePath(board)
	if err != nil {
		t.Fatal(err)
	}
	rd := filepath.Join(os.Getenv("TAMIX_OUT"), "initramfs.cpio.gz")
	if _, err := os.Stat(rd); err != nil {
		t.Fatalf("%v (make initramfs builds it)", err)
	}
	repo, _ := filepath.Abs("../..")
	r, err := qemu.Start(qemu.Config{Board: board, Image: img, Initrd: rd, Append: "console=ttyAMA0", Timeout: timeout}, repo)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r.Kill()
		if t.Failed() {
			t.Logf("console:\n%s", r.Output())
		}
	})
	return r
}

// step types a line and waits for what it must print.
func step(t *testing.T, r *qemu.Run, line string, want *regexp.Regexp) {
	t.Helper()
	if err := r.Send(line); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Expect(want); err != nil {
		t.Fatalf("after %q: %v", line, err)
	}
}

func TestInteractiveShell(t *testing.T) {
	for _, board := range []string{"virt", "raspi3b"} {
		t.Run(board, func(t *testing.T) {
			t.Parallel()
			r := boot(t, board)
			if _, err := r.Expect(regexp.MustCompile(`tamix 6\.1\.0-tamix: busybox v1\.35\.0`)); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Expect(prompt); err != nil {
				t.Fatal(err)
			}
			// Arithmetic, a pipeline through three processes, exit statuses.
			step(t, r, "echo $((6*7))\n", regexp.MustCompile(`\n42\n`))
			step(t, r, "seq 1 100 | sort -rn | head -3 | tr '\\n' ' '; echo\n", regexp.MustCompile(`\n100 99 98 \n`))
			step(t, r, "ls /nonexistent; echo status=$?\n", regexp.MustCompile(`No such file or directory\nstatus=1\n`))
			// Files in the tmpfs root.
			step(t, r, "echo hello > f && cat f && wc -c < f\n", regexp.MustCompile(`\nhello\n6\n`))
			// Line editing: backspace (DEL) erases the character before it.
			step(t, r, "echo abc\x7fd\n", regexp.MustCompile(`\nabd\n`))
			// ^C interrupts the foreground job, not the shell. "sleeping"
			// comes from the job itself, so the shell has already handed
			// it the terminal when ^C is typed (an echo from the shell
			// would race the fork: a ^C before tcsetpgrp goes to the
			// shell, on Linux too).
			step(t, r, "sh -c 'echo sleeping; exec sleep 100'\n", regexp.MustCompile(`\nsleeping\n`))
			step(t, r, "\x03", prompt)
			step(t, r, "echo after-interrupt $?\n", regexp.MustCompile(`\nafter-interrupt 130\n`))
			// A background job reading the terminal is stopped by
			// SIGTTIN; fg gives it the terminal, ^D ends it.
			step(t, r, "cat & echo cat-started\n", regexp.MustCompile(`\ncat-started\n`))
			stopped := false
			for i := 0; i < 100 && !stopped; i++ {
				done := fmt.Sprintf("polled-%d", i)
				step(t, r, "jobs; echo "+done+"\n", regexp.MustCompile(`\n`+done+`\n`))
				out := r.Output()
				stopped = strings.Contains(out[strings.LastIndex(out, "jobs; echo "+done):], "Stopped")
			}
			if !stopped {
				t.Fatal("the background cat reading the terminal was not stopped")
			}
			step(t, r, "fg\n", regexp.MustCompile(`fg\ncat\n`))
			step(t, r, "purr\n", regexp.MustCompile(`purr\npurr\n`))
			step(t, r, "\x04", prompt)
			step(t, r, "echo cat-done $?\n", regexp.MustCompile(`\ncat-done 0\n`))
			// ^Z stops the foreground job (SIGTSTP to its process group);
			// the shell reports it and can kill it.
			// "ready" comes from the job itself, so the shell has handed it
			// the terminal; cat echoing a line proves it reads it.
			step(t, r, "sh -c 'echo ready; exec cat'\n", regexp.MustCompile(`\nready\n`))
			step(t, r, "meow\n", regexp.MustCompile(`meow\nmeow\n`))
			step(t, r, "\x1a", regexp.MustCompile(`\[1\]\+ +Stopped +sh -c`))
			// SIGKILL ends the stopped job; afterwards no job is left.
			step(t, r, "kill -9 %1; wait; echo reaped\n", regexp.MustCompile(`\nreaped\n`))
			step(t, r, "jobs; echo jobs-listed\n", regexp.MustCompile(`\njobs-listed\n`))
			out := r.Output()
			if i := strings.LastIndex(out, "jobs; echo jobs-listed"); strings.Contains(out[i:], "Stopped") {
				t.Errorf("the killed job is still listed:\n%s", out[i:])
			}
			// poweroff -f is reboot(2) with LINUX_REBOOT_CMD_POWER_OFF: QEMU exits.
			if err := r.Send("poweroff -f\n"); err != nil {
				t.Fatal(err)
			}
			if exited, _ := r.Wait(); !exited {
				t.Fatal("QEMU did not exit after poweroff -f")
			}
		})
	}
}
