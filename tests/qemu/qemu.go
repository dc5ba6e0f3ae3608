// Package qemu runs a kernel Image in QEMU for end-to-end tests: it starts
// qemu-system-aarch64 with the board's machine options, collects the
// serial console, lets a test wait for lines and type input, and always
// bounds the run with a timeout.
package qemu

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"time"
)

// Config describes one boot.
type Config struct {
	Board   string // "virt" or "raspi3b"
	Image   string // kernel Image path
	Append  string // kernel command line
	Initrd  string // optional initramfs
	Timeout time.Duration
}

// Args returns the QEMU command line for c; repo is the repository root
// (for the Pi's device tree).
func (c Config) Args(repo string) ([]string, error) {
	var args []string
	switch c.Board {
	case "virt":
		args = []string{"-M", "virt", "-cpu", "cortex-a53", "-m", "1G", "-nic", "none", "-device", "virtio-rng-device"}
	case "raspi3b":
		args = []string{"-M", "raspi3b", "-dtb", filepath.Join(repo, "firmware/raspberrypi/bcm2837-rpi-3-b.dtb")}
	default:
		return nil, fmt.Errorf("qemu: unknown board %q", c.Board)
	}
	args = append(args, "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
		"-kernel", c.Image, "-append", c.Append)
	if c.Initrd != "" {
		args = append(args, "-initrd", c.Initrd)
	}
	return args, nil
}

// Run is a running QEMU.
type Run struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	done  chan struct{}
	err   error

	mu     sync.Mutex
	out    bytes.Buffer
	change chan struct{} // closed and replaced on new output
	timer  *time.Timer
}

// Start boots c. The run is killed when its timeout passes.
func Start(c Config, repo string) (*Run, error) {
	args, err := c.Args(repo)
	if err != nil {
		return nil, err
	}
	return StartArgs(c.Timeout, args...)
}

// StartArgs runs qemu-system-aarch64 with exactly args.
func StartArgs(timeout time.Duration, args ...string) (*Run, error) {
	var err error
	r := &Run{done: make(chan struct{}), change: make(chan struct{})}
	r.cmd = exec.Command("qemu-system-aarch64", args...)
	r.cmd.Stdout = (*runWriter)(r)
	r.cmd.Stderr = (*runWriter)(r)
	if r.stdin, err = r.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := r.cmd.Start(); err != nil {
		return nil, err
	}
	r.timer = time.AfterFunc(timeout, func() { r.cmd.Process.Kill() })
	go func() {
		r.err = r.cmd.Wait()
		r.timer.Stop()
		close(r.done)
		r.mu.Lock()
		close(r.change)
		r.change = nil
		r.mu.Unlock()
	}()
	return r, nil
}

type runWriter Run

func (w *runWriter) Write(p []byte) (int, error) {
	r := (*Run)(w)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.out.Write(p)
	if r.change != nil {
		close(r.change)
		r.change = make(chan struct{})
	}
	return len(p), nil
}

// Output returns everything QEMU printed so far, with the serial line's
// CRs removed.
func (r *Run) Output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return string(bytes.ReplaceAll(r.out.Bytes(), []byte("\r"), nil))
}

// Expect waits until the output matches re and returns the submatches;
// it fails when QEMU exits or is killed first.
func (r *Run) Expect(re *regexp.Regexp) ([]string, error) {
	for {
		r.mu.Lock()
		ch := r.change
		r.mu.Unlock()
		if m := re.FindStringSubmatch(r.Output()); m != nil {
			return m, nil
		}
		if ch == nil {
			return nil, fmt.Errorf("qemu exited (%v) before output matched %q", r.err, re)
		}
		<-ch
	}
}

// Send types s on the serial console.
func (r *Run) Send(s string) error {
	_, err := io.WriteString(r.stdin, s)
	return err
}

// Wait waits for QEMU to exit and reports whether it exited on its own
// (rather than being killed at the timeout).
func (r *Run) Wait() (exited bool, err error) {
	<-r.done
	if r.cmd.ProcessState == nil {
		return false, r.err
	}
	return r.cmd.ProcessState.Exited(), r.err
}

// Kill stops QEMU.
func (r *Run) Kill() {
	r.cmd.Process.Kill()
	<-r.done
}

// Available reports whether qemu-system-aarch64 is on PATH.
func Available() bool {
	_, err := exec.LookPath("qemu-system-aarch64")
	return err == nil
}

// ImagePath returns out/<board>/Image under the TAMIX_OUT directory.
func ImagePath(board string) (string, error) {
	dir := os.Getenv("TAMIX_OUT")
	if dir == "" {
		return "", fmt.Errorf("TAMIX_OUT is not set: run the QEMU tests through `make test`")
	}
	p := filepath.Join(dir, board, "Image")
	if _, err := os.Stat(p); err != nil {
		return "", err
	}
	return p, nil
}
