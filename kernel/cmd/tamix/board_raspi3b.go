//go:build tamago && board_raspi3b

package main

import (
	"github.com/tamix/tamix/board/raspberrypi/pi3"
	"github.com/tamix/tamix/kernel/machine"
)

func initBoard() machine.Machine { return pi3.Init() }
