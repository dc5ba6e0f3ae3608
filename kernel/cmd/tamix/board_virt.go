//go:build tamago && board_virt

package main

import (
	"github.com/tamix/tamix/board/qemu/virt"
	"github.com/tamix/tamix/kernel/machine"
)

func initBoard() machine.Machine { return virt.Init() }
