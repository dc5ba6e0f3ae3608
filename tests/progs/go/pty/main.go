// Command pty is a tamix probe program built as a static Linux/arm64 Go
// binary: a pseudo-terminal pair opened as os.Files, which Go's runtime
// makes non-blocking and waits on through its epoll netpoller
// (edge-triggered), as terminal programs in Go (creack/pty) use them:
// reads that wait for the other side, echo, read deadlines, and EIO on
// the master once the slave is closed. Output is deterministic: one
// "name: ok" line per check, then PASS or FAIL.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"github.com/tamix/tamix/tests/progs/go/probe"
)

// ioctl numbers (include/uapi/asm-generic/ioctls.h).
const (
	tiocgptn   = 0x80045430
	tiocsptlck = 0x40045431
)

func ioctl(f *os.File, cmd uintptr, v *uint32) error {
	c, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var errno syscall.Errno
	c.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, cmd, uintptr(unsafe.Pointer(v)))
	})
	if errno != 0 {
		return errno
	}
	return nil
}

// readFor reads from f until want bytes came or a second passed.
func readFor(f *os.File, want int) (string, error) {
	f.SetReadDeadline(time.Now().Add(time.Second))
	buf := make([]byte, want)
	n, err := io.ReadAtLeast(f, buf, want)
	return string(buf[:n]), err
}

func main() {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		fmt.Println("open /dev/ptmx:", err)
		os.Exit(1)
	}
	var n, unlock uint32
	probe.Check("TIOCGPTN", ioctl(m, tiocgptn, &n) == nil)
	probe.Check("TIOCSPTLCK", ioctl(m, tiocsptlck, &unlock) == nil)
	name := "/dev/pts/" + strconv.Itoa(int(n))
	s, err := os.OpenFile(name, os.O_RDWR|syscall.O_NOCTTY, 0)
	probe.Check("open slave", err == nil, err)

	// The master is in the netpoller: it takes deadlines.
	probe.Check("master deadline", m.SetReadDeadline(time.Now().Add(100*time.Millisecond)) == nil)
	_, err = m.Read(make([]byte, 1))
	probe.Check("master read times out", errors.Is(err, os.ErrDeadlineExceeded), err)

	// A reader that waits before the data comes.
	got := make(chan string)
	go func() {
		line, err := readFor(s, 6)
		if err != nil {
			line += " " + err.Error()
		}
		got <- line
	}()
	time.Sleep(50 * time.Millisecond)
	m.Write([]byte("hello\n"))
	line := <-got
	probe.Check("slave reads the line", line == "hello\n", fmt.Sprintf("%q", line))
	echo, err := readFor(m, 7)
	probe.Check("master reads the echo", echo == "hello\r\n", fmt.Sprintf("%q %v", echo, err))

	for i := range 3 {
		msg := fmt.Sprintf("out %d\n", i)
		s.Write([]byte(msg))
		out, err := readFor(m, len(msg)+1)
		probe.Check("master reads output "+strconv.Itoa(i), out == msg[:len(msg)-1]+"\r\n", fmt.Sprintf("%q %v", out, err))
	}

	s.Close()
	m.SetReadDeadline(time.Now().Add(time.Second))
	_, err = m.Read(make([]byte, 10))
	probe.Check("master read after slave close is EIO", errors.Is(err, syscall.EIO), err)
	m.Close()
	_, err = os.Stat(name)
	probe.Check("slave node gone", errors.Is(err, os.ErrNotExist), err)

	probe.Done()
}
