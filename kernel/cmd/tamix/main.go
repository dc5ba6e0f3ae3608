//go:build tamago

// Command tamix is the kernel: the board chosen by build tag (see the
// Makefile's BOARD) discovers the machine, then the kernel boots on it.
package main

import (
	"github.com/tamix/tamix/board/platform"
	"github.com/tamix/tamix/kernel/boot"
	"github.com/tamix/tamix/soc/arm64"
	"github.com/tamix/tamix/soc/arm64/fault"
)

func main() {
	arm64.FaultHandler = func(kind arm64.Kind, f *fault.Frame, code []byte) {
		boot.Oops(kind.String(), f, code)
	}
	platform.Exit = boot.Fatal
	boot.Start(initBoard())
}
