//go:build tamago

// Package pl011 drives the ARM PrimeCell UART (PL011), QEMU virt's and the
// Raspberry Pi's UART0, per the PL011 Technical Reference Manual (ARM DDI
// 0183G). Transmit polls the FIFO; receive is interrupt driven.
package pl011

import "github.com/tamix/tamix/soc/mmio"

// Registers (DDI 0183G §3.2, Table 3-1).
const (
	UARTDR   = 0x00
	UARTFR   = 0x18
	FR_TXFF  = 1 << 5
	FR_RXFE  = 1 << 4
	FR_BUSY  = 1 << 3
	UARTIBRD = 0x24
	UARTFBRD = 0x28
	UARTLCRH = 0x2c
	LCRH_FEN = 1 << 4
	LCRH_8N1 = 3 << 5
	UARTCR   = 0x30
	CR_EN    = 1 << 0
	CR_TXE   = 1 << 8
	CR_RXE   = 1 << 9
	UARTIFLS = 0x34
	UARTIMSC = 0x38
	IM_RX    = 1 << 4
	IM_RT    = 1 << 6
	UARTMIS  = 0x40
	UARTICR  = 0x44
)

// UART is one PL011 instance.
type UART struct {
	// Base is the virtual address of the register block.
	Base uintptr
	// Clock is UARTCLK in Hz; zero keeps the divisor firmware set.
	Clock uint32
	// Baud is the line rate used when Clock is set.
	Baud uint32

	rx chan byte
}

func (u *UART) read(off uintptr) uint32     { return mmio.Read32(u.Base + off) }
func (u *UART) write(off uintptr, v uint32) { mmio.Write32(u.Base+off, v) }

// Init programs 8N1 with FIFOs and, when Clock is set, the baud divisor
// (§3.3.6: divisor = UARTCLK / (16 × baud), fraction in 1/64ths).
func (u *UART) Init() {
	for u.read(UARTFR)&FR_BUSY != 0 {
	}
	u.write(UARTCR, 0)
	if u.Clock != 0 && u.Baud != 0 {
		div := (uint64(u.Clock)*4 + uint64(u.Baud)/2) / uint64(u.Baud) // 64 × UARTCLK/(16 × baud)
		u.write(UARTIBRD, uint32(div>>6))
		u.write(UARTFBRD, uint32(div&0x3f))
	}
	u.write(UARTLCRH, LCRH_8N1|LCRH_FEN)
	u.write(UARTIMSC, 0)
	u.write(UARTICR, 0x7ff)
	u.write(UARTCR, CR_EN|CR_TXE|CR_RXE)
}

// WriteByte transmits c, waiting while the transmit FIFO is full.
//
//go:nosplit
func (u *UART) WriteByte(c byte) error {
	for mmio.Read32(u.Base+UARTFR)&FR_TXFF != 0 {
	}
	mmio.Write32(u.Base+UARTDR, uint32(c))
	return nil
}

// Write transmits p, turning "\n" into "\r\n" as a console does.
func (u *UART) Write(p []byte) (int, error) {
	for _, c := range p {
		if c == '\n' {
			u.WriteByte('\r')
		}
		u.WriteByte(c)
	}
	return len(p), nil
}

// EnableRx starts interrupt-driven receive into a buffer of size bytes;
// the board routes the UART's interrupt to HandleIRQ.
func (u *UART) EnableRx(size int) {
	u.rx = make(chan byte, size)
	u.write(UARTIFLS, 0) // RX interrupt at 1/8 full; the timeout covers the rest
	u.write(UARTIMSC, IM_RX|IM_RT)
}

// HandleIRQ drains the receive FIFO (§3.4: RXINTR and RTINTR clear when
// the FIFO is read empty). The interrupt is cleared before the FIFO is
// read, not after: a byte arriving between the last read and a late
// clear would have its interrupt wiped and sit unseen (QEMU raises
// RXINTR only as the FIFO level reaches the trigger). Bytes beyond the
// buffer are dropped, as a full Linux tty flip buffer drops them.
func (u *UART) HandleIRQ() {
	u.write(UARTICR, IM_RX|IM_RT)
	for u.read(UARTFR)&FR_RXFE == 0 {
		c := byte(u.read(UARTDR))
		select {
		case u.rx <- c:
		default:
		}
	}
}

// ReadByte returns the next received byte, blocking until one arrives.
func (u *UART) ReadByte() (byte, error) {
	return <-u.rx, nil
}
