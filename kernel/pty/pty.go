// Package pty is Unix 98 pseudo-terminals (drivers/tty/pty.c): pairs of
// terminals, master and slave, each with its own N_TTY line discipline
// (package tty). Output written to one side, after that side's output
// processing, is the other side's input: what a program writes to the
// master is typed at the slave, whose echo and output the master reads.
//
// As in Linux, the master's termios is raw (no input or output
// processing, no echo, no signals) and the slave starts with
// tty_std_termios; the ioctls that a pty master applies to its slave
// (termios, window size, process groups) are the caller's business: it
// calls them on Slave.
//
// Linux moves bytes between the sides through the flip buffers and a
// work queue; here each side's output waits in a link buffer until Pump
// hands it to the other side's line discipline. Every operation on a
// Pair (and every call on Master or Slave) must be followed by Pump,
// which the methods of Pair do themselves. A side that writes while more
// than linkLimit bytes wait for the other side is made to wait (Write),
// as pty_write_room makes n_tty_write wait.
package pty

import (
	"sync"

	"github.com/tamix/tamix/kernel/tty"
	"github.com/tamix/tamix/linuxabi"
)

// Device numbers (Documentation/admin-guide/devices.txt): /dev/ptmx is
// 5:2 (TTYAUX_MAJOR), the slaves 136:N (UNIX98_PTY_SLAVE_MAJOR).
const (
	PtmxMajor  = 5
	PtmxMinor  = 2
	SlaveMajor = 136
)

// Max is how many pairs may exist at once: /proc/sys/kernel/pty/max's
// default, NR_UNIX98_PTY_DEFAULT.
const Max = 4096

const (
	// linkLimit is how much output may wait for the other side before
	// writers wait: TTYB_DEFAULT_MEM_LIMIT, the flip buffer limit that
	// pty_write_room reports against.
	linkLimit = 64 << 10
	// writeChunk is how much of a write is processed before the room
	// is checked again (tty_write's chunk).
	writeChunk = 2048
)

// masterTermios is ptm_driver's init_termios (unix98_pty_init): raw.
func masterTermios() linuxabi.Termios {
	tm := tty.StdTermios()
	tm.Iflag, tm.Oflag, tm.Lflag = 0, 0, 0
	tm.Cflag = linuxabi.B38400 | linuxabi.CS8 | linuxabi.CREAD
	return tm
}

// slaveTermios is pts_driver's init_termios: tty_std_termios without
// HUPCL.
func slaveTermios() linuxabi.Termios {
	tm := tty.StdTermios()
	tm.Cflag = linuxabi.B38400 | linuxabi.CS8 | linuxabi.CREAD
	return tm
}

// Table is the set of pairs in use, numbered as devpts numbers them
// (devpts_new_index): the lowest free index.
type Table struct {
	signal func(pgrp, sig int)

	mu    sync.Mutex
	pairs map[int]*Pair
}

// NewTable returns an empty table whose slaves raise their signals
// (^C, ^Z, ^\, SIGWINCH) through signal, as tty.New's signal argument.
func NewTable(signal func(pgrp, sig int)) *Table {
	return &Table{signal: signal, pairs: map[int]*Pair{}}
}

// Open makes a new pair (ptmx_open): its slave is locked until Unlock.
// It fails with ENOSPC when Max pairs exist.
func (tb *Table) Open() (*Pair, error) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	index := 0
	for ; index < Max; index++ {
		if tb.pairs[index] == nil {
			break
		}
	}
	if index == Max {
		return nil, linuxabi.ENOSPC
	}
	p := &Pair{table: tb, index: index, locked: true}
	p.toSlave.from, p.toMaster.from = &p.master, &p.slave
	p.toSlave.to, p.toMaster.to = &p.slave, &p.master
	p.master = tty.New(&p.toSlave, nil)
	p.slave = tty.New(&p.toMaster, tb.signal)
	mt, st := masterTermios(), slaveTermios()
	p.master.SetTermios(&mt, linuxabi.TCSANOW, nil)
	p.slave.SetTermios(&st, linuxabi.TCSANOW, nil)
	tb.pairs[index] = p
	return p, nil
}

// Lookup returns the pair with the index, nil if there is none.
func (tb *Table) Lookup(index int) *Pair {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.pairs[index]
}

// Slaves returns the slave terminals of the pairs in use.
func (tb *Table) Slaves() []*tty.TTY {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	s := make([]*tty.TTY, 0, len(tb.pairs))
	for _, p := range tb.pairs {
		s = append(s, p.slave)
	}
	return s
}

// Pair is one pseudo-terminal.
type Pair struct {
	table *Table
	index int

	master, slave     *tty.TTY
	toSlave, toMaster link

	mu           sync.Mutex
	locked       bool // TTY_PTY_LOCK
	slaveOpens   int  // open slave files
	masterClosed bool // the slave is hung up
}

// Index is the pair's number, N of /dev/pts/N (TIOCGPTN).
func (p *Pair) Index() int { return p.index }

// Master and Slave are the pair's terminals. After calling one of their
// methods, call Pump.
func (p *Pair) Master() *tty.TTY { return p.master }
func (p *Pair) Slave() *tty.TTY  { return p.slave }

// SetLocked locks or unlocks the slave (TIOCSPTLCK; unlockpt(3)).
func (p *Pair) SetLocked(locked bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.locked = locked
}

// Locked reports whether the slave is locked (TIOCGPTLCK).
func (p *Pair) Locked() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.locked
}

// OpenSlave opens the slave (pty_open): EIO while it is locked or once
// the master has closed.
func (p *Pair) OpenSlave() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.locked || p.masterClosed {
		return linuxabi.EIO
	}
	p.slaveOpens++
	if p.slaveOpens == 1 {
		p.master.SetOtherClosed(false)
	}
	return nil
}

// CloseSlave closes an open slave file. When the last one closes, reads
// of the master that find no input return EIO and its poll reports
// POLLHUP (pty_close), until the slave is opened again.
func (p *Pair) CloseSlave() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.slaveOpens--
	if p.slaveOpens == 0 {
		p.master.SetOtherClosed(true)
	}
}

// CloseMaster closes the master (pty_close of the master): the pair
// leaves the table, so its index is free again, and the slave is hung
// up (tty_vhangup): blocked slave reads return EIO, later ones read end
// of file, writes fail with EIO (HungUp). It returns the session the
// slave was the controlling terminal of, 0 if none, and disassociates
// it; the caller sends that session's leader SIGHUP and SIGCONT, as
// tty_signal_session_leader does.
func (p *Pair) CloseMaster() (session int) {
	p.mu.Lock()
	p.masterClosed = true
	p.mu.Unlock()
	p.slave.SetOtherClosed(true)
	session = p.slave.Session()
	p.slave.SetSession(0)
	p.slave.SetPgrp(0)
	p.table.mu.Lock()
	delete(p.table.pairs, p.index)
	p.table.mu.Unlock()
	return session
}

// HungUp reports whether the master has closed: the slave's files are
// hung up (hung_up_tty_fops).
func (p *Pair) HungUp() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.masterClosed
}

// ReadMaster and ReadSlave read from a side, as tty.TTY.Read.
func (p *Pair) ReadMaster(b []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	defer p.Pump()
	return p.master.Read(b, nonblock, cancel)
}

// ReadSlave of a hung-up slave reads end of file (hung_up_tty_read).
func (p *Pair) ReadSlave(b []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	if p.HungUp() {
		return 0, nil
	}
	defer p.Pump()
	return p.slave.Read(b, nonblock, cancel)
}

// WriteMaster and WriteSlave write to a side, as tty.TTY.Write, waiting
// while the other side has more than linkLimit bytes to take in. A
// hung-up slave's writes fail with EIO (hung_up_tty_write).
func (p *Pair) WriteMaster(b []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	return p.WriteChunks(b, nonblock, cancel, p.MasterRoom, func(c []byte) (int, error) {
		return p.master.Write(c, nonblock, cancel)
	})
}

func (p *Pair) WriteSlave(b []byte, nonblock bool, cancel <-chan struct{}) (int, error) {
	if p.HungUp() {
		return 0, linuxabi.EIO
	}
	return p.WriteChunks(b, nonblock, cancel, p.SlaveRoom, func(c []byte) (int, error) {
		return p.slave.Write(c, nonblock, cancel)
	})
}

// MasterRoom and SlaveRoom wait until a side may write: until less
// than linkLimit bytes of its output wait for the other side. They
// return linuxabi.EAGAIN if nonblock, linuxabi.EINTR once cancel is
// closed.
func (p *Pair) MasterRoom(nonblock bool, cancel <-chan struct{}) error {
	return p.toSlave.waitRoom(p.master, nonblock, cancel)
}

func (p *Pair) SlaveRoom(nonblock bool, cancel <-chan struct{}) error {
	return p.toMaster.waitRoom(p.slave, nonblock, cancel)
}

// WriteChunks writes b in chunks of writeChunk bytes with write, waiting
// for room with room (MasterRoom or SlaveRoom) before each and pumping
// after it (tty_write's loop). The pty file of a side whose writes go
// through checks of its own (job control) writes with it.
func (p *Pair) WriteChunks(b []byte, nonblock bool, cancel <-chan struct{},
	room func(bool, <-chan struct{}) error, write func([]byte) (int, error)) (int, error) {
	written := 0
	for written < len(b) {
		if err := room(nonblock, cancel); err != nil {
			if written > 0 {
				break
			}
			return 0, err
		}
		chunk := b[written:min(len(b), written+writeChunk)]
		n, err := write(chunk)
		p.Pump()
		written += n
		if err != nil || n < len(chunk) {
			if written > 0 {
				break
			}
			return 0, err
		}
	}
	return written, nil
}

// PollMaster and PollSlave are the sides' poll(2) events: the
// terminal's, without POLLOUT while the other side has no room; a
// hung-up slave is always readable and writable, with POLLHUP and
// POLLERR (hung_up_tty_poll).
func (p *Pair) PollMaster() uint32 { return p.toSlave.poll(p.master.Poll()) }

func (p *Pair) PollSlave() uint32 {
	if p.HungUp() {
		return linuxabi.POLLIN | linuxabi.POLLOUT | linuxabi.POLLERR | linuxabi.POLLHUP |
			linuxabi.POLLRDNORM | linuxabi.POLLWRNORM
	}
	return p.toMaster.poll(p.slave.Poll())
}

// Pump hands each side's waiting output to the other side's line
// discipline, as far as it takes it, and wakes writers that waited for
// room. The master's line discipline echoes nothing, so what the slave
// echoes while taking the master's output is handed on in the same call.
func (p *Pair) Pump() {
	p.toSlave.deliver()
	p.toMaster.deliver()
}

// link is one direction of a pair: the output of side from, waiting for
// side to take it as input. It is from's tty.Driver.
type link struct {
	from, to **tty.TTY

	deliverMu sync.Mutex // one deliverer at a time, so input keeps its order

	mu  sync.Mutex
	buf []byte
}

// Write is the driver's transmit (pty_write): it queues output for the
// other side.
func (l *link) Write(b []byte) {
	l.mu.Lock()
	l.buf = append(l.buf, b...)
	l.mu.Unlock()
}

func (l *link) waiting() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buf)
}

// deliver passes the queued output to the other side's Receive until it
// takes no more, then wakes the writing side if there is room.
func (l *link) deliver() {
	l.deliverMu.Lock()
	defer l.deliverMu.Unlock()
	moved := false
	for {
		l.mu.Lock()
		data := l.buf
		l.mu.Unlock()
		if len(data) == 0 {
			break
		}
		n := (*l.to).Receive(data)
		l.mu.Lock()
		l.buf = l.buf[:copy(l.buf, l.buf[n:])]
		l.mu.Unlock()
		moved = moved || n > 0
		if n < len(data) {
			break
		}
	}
	if moved {
		(*l.from).Wakeup()
	}
}

// waitRoom waits until less than linkLimit bytes wait (n_tty_write's
// wait for tty_write_room): EAGAIN if nonblock, EINTR once cancel is
// closed. t is the writing side, which deliver wakes.
func (l *link) waitRoom(t *tty.TTY, nonblock bool, cancel <-chan struct{}) error {
	for {
		ch := t.Changed()
		if l.waiting() < linkLimit {
			return nil
		}
		if nonblock {
			return linuxabi.EAGAIN
		}
		select {
		case <-ch:
		case <-cancel:
			return linuxabi.EINTR
		}
	}
}

func (l *link) poll(mask uint32) uint32 {
	if l.waiting() >= linkLimit {
		mask &^= linuxabi.POLLOUT | linuxabi.POLLWRNORM
	}
	return mask
}
