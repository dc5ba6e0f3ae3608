package boot

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/tamix/tamix/kernel/dev"
	"github.com/tamix/tamix/kernel/fs/devpts"
	"github.com/tamix/tamix/kernel/fs/devtmpfs"
	"github.com/tamix/tamix/kernel/fs/initramfs"
	"github.com/tamix/tamix/kernel/fs/procfs"
	"github.com/tamix/tamix/kernel/fs/sysfs"
	"github.com/tamix/tamix/kernel/fs/tmpfs"
	"github.com/tamix/tamix/kernel/klog"
	"github.com/tamix/tamix/kernel/machine"
	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/kernel/task"
	"github.com/tamix/tamix/kernel/tty"
	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// Userland is what a machine that runs programs provides besides
// machine.Machine: the task layer's hardware and the initramfs image.
type Userland interface {
	machine.Machine
	task.Hardware
	// Initramfs returns the bytes the boot loader placed at Info().Initrd.
	Initramfs() []byte
}

// randomReader reads the machine's entropy source.
type randomReader struct{ m machine.Machine }

func (r randomReader) Read(b []byte) (int, error) { r.m.Random(b); return len(b), nil }

// consoleDriver transmits the console terminal's output on the UART.
type consoleDriver struct{ m machine.Machine }

func (c consoleDriver) Write(p []byte) { c.m.Console().Write(p) }

// startUserland builds the root filesystem and the process layer
// (populate_rootfs, devtmpfs, console_init).
func (k *Kernel) startUserland(u Userland, info *machine.Info) (*task.Kernel, error) {
	// File pages live in the frame pool, where shared mappings map them.
	tmpfs.SetMemory(mm.FramesFor(u.Memory().Phys))
	ram := func() uint64 { total, _ := u.MemInfo(); return total }
	fs, err := tmpfs.Mount(u.Realtime, ram(), "")
	if err != nil {
		return nil, err
	}
	vfs.MountRoot(fs, "rootfs", "rootfs")
	root := fs.Root()
	if err := vfs.RegisterFilesystem(sysfs.Type(u.Realtime)); err != nil {
		return nil, err
	}
	if err := vfs.RegisterFilesystem(tmpfs.Type(u.Realtime, ram)); err != nil {
		return nil, err
	}
	if info.Initrd != nil {
		k.Log.Printf(klog.KernInfo, "Trying to unpack rootfs image as initramfs...")
		if err := initramfs.Unpack(fs, u.Initramfs()); err != nil {
			// Linux keeps what was unpacked and goes on.
			k.Log.Printf(klog.KernErr, "Initramfs unpacking failed: %v", err)
		}
	}
	if err := dev.RegisterMemDevices(randomReader{u}); err != nil {
		return nil, err
	}
	caller := vfs.Caller{Root: root, Umask: 0o022}
	if err := vfs.Mkdir(caller, root, "dev", 0o755); err != nil && !errors.Is(err, linuxabi.EEXIST) {
		return nil, err
	}
	devDir, err := vfs.Lookup(caller, root, "dev", 0)
	if err != nil {
		return nil, err
	}
	if err := dev.MakeNodes(caller, devDir); err != nil {
		return nil, fmt.Errorf("/dev: %w", err)
	}

	var tk *task.Kernel
	signalGroup := func(pgrp, sig int) {
		if tk != nil && pgrp > 0 {
			tk.SignalGroup(pgrp, linuxabi.Signal(sig))
		}
	}
	console := tty.New(consoleDriver{u}, signalGroup)
	if err := vfs.RegisterFilesystem(devpts.Type(u.Realtime, signalGroup)); err != nil {
		return nil, err
	}
	tk, err = task.New(task.Config{
		HW:       u,
		Log:      k.Log,
		Root:     root,
		Console:  console,
		Hostname: "(none)",
		Release:  "6.1.0-tamix", // the Linux ABI tamix follows; glibc compares it with its minimum
		Version:  "#1 tamix",
		Strace:   k.strace(),
	})
	if err != nil {
		return nil, err
	}
	hwcap, hwcap2 := u.HWCap()
	if err := vfs.RegisterFilesystem(procfs.Type(procfs.Config{
		Kernel: tk, Clock: u.Realtime, Cmdline: info.Bootargs, MIDR: info.MIDR, TimerFreq: info.TimerFreq,
		HWCap: hwcap, HWCap2: hwcap2, Compiler: runtime.Version(),
	})); err != nil {
		return nil, err
	}
	if err := vfs.RegisterFilesystem(devtmpfs.Type(u.Realtime, ram, dev.MakeNodes)); err != nil {
		return nil, err
	}
	go func() { // the UART's receive side feeds the line discipline
		for {
			b, err := u.ReadConsole()
			if err != nil {
				return
			}
			console.Receive([]byte{b})
		}
	}()
	return tk, nil
}

// errnoOf is the errno a failed exec reports.
func errnoOf(err error) linuxabi.Errno {
	var e linuxabi.Errno
	if errors.As(err, &e) {
		return e
	}
	return linuxabi.ENOEXEC
}

// strace reports whether tamix.strace (or tamix.strace=1) was given.
func (k *Kernel) strace() bool {
	v, ok := k.Cmdline.Param("tamix.strace")
	return ok && (v == "" || v == "1")
}
