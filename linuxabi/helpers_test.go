package linuxabi

import (
	"bytes"
	"testing"
)

func TestAppendDirent64(t *testing.T) {
	buf := make([]byte, 0, 48)
	buf, ok := AppendDirent64(buf, 7, 1, DT_DIR, ".")
	if !ok || len(buf) != 24 {
		t.Fatalf("ok=%v len=%d", ok, len(buf))
	}
	want := []byte{7, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 24, 0, DT_DIR, '.', 0, 0, 0, 0}
	if !bytes.Equal(buf, want) {
		t.Errorf("record % x", buf)
	}
	// 19 + 5 + 1 = 25 -> 32: does not fit in the remaining 24 bytes.
	if b, ok := AppendDirent64(buf, 8, 2, DT_REG, "hello"); ok || len(b) != 24 {
		t.Errorf("overflowing record accepted")
	}
	if b, ok := AppendDirent64(buf, 8, 2, DT_REG, "hell"); !ok || len(b) != 48 || b[24+16] != 24 {
		t.Errorf("fitting record: ok=%v len=%d", ok, len(b))
	}
	for n, want := range map[int]int{0: 24, 4: 24, 5: 32, 12: 32, 13: 40, 255: 280} {
		if got := Dirent64Reclen(n); got != want {
			t.Errorf("Dirent64Reclen(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestSignals(t *testing.T) {
	for s, want := range map[Signal]string{SIGHUP: "SIGHUP", SIGSYS: "SIGSYS", SIGRTMIN: "SIGRTMIN",
		SIGRTMIN + 3: "SIGRTMIN+3", SIGRTMAX: "SIGRTMIN+32", 0: "signal 0", 65: "signal 65"} {
		if s.String() != want {
			t.Errorf("%d: %q, want %q", int(s), s.String(), want)
		}
	}
	if SIGHUP.Mask() != 1 || SIGRTMAX.Mask() != 1<<63 || Signal(65).Mask() != 0 {
		t.Errorf("masks")
	}
	if UnblockableMask != SIGKILL.Mask()|SIGSTOP.Mask() {
		t.Errorf("UnblockableMask")
	}
}

func TestSiginfoConstructors(t *testing.T) {
	si := SiginfoChild(CLD_EXITED, 12, 1000, 3, 40, 50)
	if si.Signo != int32(SIGCHLD) || si.Pid() != 12 || si.Uid() != 1000 || si.Status() != 3 || si.Utime() != 40 || si.Stime() != 50 {
		t.Errorf("child %+v", si)
	}
	si = SiginfoFault(SIGSEGV, SEGV_MAPERR, 0xdead_beef_0000)
	if si.Addr() != 0xdead_beef_0000 || si.Code != SEGV_MAPERR {
		t.Errorf("fault %+v", si)
	}
	si = SiginfoTimer(SIGALRM, 5, 2, 0x1234)
	if si.Code != SI_TIMER || si.TimerID() != 5 || si.Overrun() != 2 || si.Value() != 0x1234 {
		t.Errorf("timer %+v", si)
	}
	si = SiginfoQueue(SIGRTMIN, SI_QUEUE, -1, 0, 99)
	var b [SiginfoSize]byte
	si.Marshal(b[:])
	var back Siginfo
	back.Unmarshal(b[:])
	if back != si || back.Pid() != -1 || back.Value() != 99 {
		t.Errorf("round trip %+v", back)
	}
}

func TestCloneArgsShort(t *testing.T) {
	a := CloneArgs{Flags: CLONE_VM, Pidfd: 1, ChildTid: 2, ParentTid: 3, ExitSignal: uint64(SIGCHLD),
		Stack: 4, StackSize: 5, TLS: 6, SetTid: 7, SetTidSize: 8, Cgroup: 9}
	var b [CloneArgsSize]byte
	a.Marshal(b[:])
	var v0 CloneArgs
	v0.Unmarshal(b[:CLONE_ARGS_SIZE_VER0])
	if v0.TLS != 6 || v0.SetTid != 0 || v0.Cgroup != 0 {
		t.Errorf("VER0 %+v", v0)
	}
}

func TestWaitStatus(t *testing.T) {
	// Values of WEXITSTATUS/WTERMSIG/WSTOPSIG encodings (wait(2)).
	if WaitStatusExited(3) != 0x300 || WaitStatusSignaled(SIGKILL, false) != 9 ||
		WaitStatusSignaled(SIGSEGV, true) != 0x8b || WaitStatusStopped(SIGTSTP) != 0x147f {
		t.Errorf("wait status encodings")
	}
}

func TestRebootMagic(t *testing.T) {
	if !RebootMagicOK(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2C) || RebootMagicOK(LINUX_REBOOT_MAGIC1, 1) || RebootMagicOK(0, LINUX_REBOOT_MAGIC2) {
		t.Errorf("RebootMagicOK")
	}
}

func TestUtsField(t *testing.T) {
	var u Utsname
	SetUtsField(&u.Sysname, "Linux")
	long := string(bytes.Repeat([]byte{'x'}, 100))
	SetUtsField(&u.Nodename, long)
	if string(u.Sysname[:6]) != "Linux\x00" || u.Nodename[64] != 0 || u.Nodename[63] != 'x' {
		t.Errorf("uts fields")
	}
}
