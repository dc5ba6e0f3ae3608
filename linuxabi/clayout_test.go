package linuxabi

import (
	"reflect"
	"testing"
)

// cLayouts are checked against the arm64 UAPI headers: Go field path to
// the C member, for the structs x/sys lacks.
var cLayouts = []struct {
	name    string
	s       abiStruct
	size    int
	ctype   string
	members map[string]string
}{
	{"SigactionKernel", &SigactionKernel{}, SigactionKernelSize, "struct sigaction", map[string]string{
		"Handler": "sa_handler", "Flags": "sa_flags", "Restorer": "sa_restorer", "Mask": "sa_mask"}},
	{"StackT", &StackT{}, StackTSize, "stack_t", map[string]string{
		"Sp": "ss_sp", "Flags": "ss_flags", "Size": "ss_size"}},
	{"CloneArgs", &CloneArgs{}, CloneArgsSize, "struct clone_args", map[string]string{
		"Flags": "flags", "Pidfd": "pidfd", "ChildTid": "child_tid", "ParentTid": "parent_tid",
		"ExitSignal": "exit_signal", "Stack": "stack", "StackSize": "stack_size", "TLS": "tls",
		"SetTid": "set_tid", "SetTidSize": "set_tid_size", "Cgroup": "cgroup"}},
	{"EpollEvent", &EpollEvent{}, EpollEventSize, "struct epoll_event", map[string]string{
		"Events": "events", "Data": "data"}},
	{"Pollfd", &Pollfd{}, PollfdSize, "struct pollfd", map[string]string{
		"Fd": "fd", "Events": "events", "Revents": "revents"}},
	{"Sysinfo", &Sysinfo{}, SysinfoSize, "struct sysinfo", map[string]string{
		"Uptime": "uptime", "Loads": "loads", "Totalram": "totalram", "Freeram": "freeram",
		"Sharedram": "sharedram", "Bufferram": "bufferram", "Totalswap": "totalswap",
		"Freeswap": "freeswap", "Procs": "procs", "Pad": "pad", "Totalhigh": "totalhigh",
		"Freehigh": "freehigh", "Unit": "mem_unit"}},
}

func TestLayoutsAgainstHeaders(t *testing.T) {
	exprs := map[string]string{}
	key := func(i int, m string) string { return cLayouts[i].name + "_" + m }
	for i, c := range cLayouts {
		exprs[key(i, "sizeof")] = "sizeof(" + c.ctype + ")"
		for _, m := range c.members {
			exprs[key(i, m)] = "__builtin_offsetof(" + c.ctype + ", " + m + ")"
		}
	}
	v := cValues(t, exprs)
	for i, c := range cLayouts {
		if got := v[key(i, "sizeof")]; got != int64(c.size) {
			t.Errorf("%s: size %d, sizeof(%s) = %d", c.name, c.size, c.ctype, got)
		}
		offsets := map[string]int64{}
		for _, l := range leaves(reflect.ValueOf(c.s).Elem(), "") {
			if m, ok := c.members[l.path]; ok {
				offsets[l.path] = v[key(i, m)]
			}
		}
		checkLayout(t, c.name, c.s, c.size, offsets)
	}
}

// TestSiginfoAgainstHeaders checks the union members the constructors
// fill against the headers' si_* accessors.
func TestSiginfoAgainstHeaders(t *testing.T) {
	members := map[string]int{
		"si_pid": siPid, "si_uid": siUid, "si_value": siValue, "si_tid": siTid,
		"si_overrun": siOverrun, "si_status": siStatus, "si_utime": siUtime,
		"si_stime": siStime, "si_addr": siAddr, "si_int": siValue,
	}
	exprs := map[string]string{"sizeof": "sizeof(siginfo_t)"}
	for m := range members {
		exprs[m] = "__builtin_offsetof(siginfo_t, " + m + ")"
	}
	v := cValues(t, exprs)
	if v["sizeof"] != SiginfoSize {
		t.Errorf("sizeof(siginfo_t) = %d", v["sizeof"])
	}
	for m, off := range members {
		if int64(siginfoHead+off) != v[m] {
			t.Errorf("%s at %d, headers say %d", m, siginfoHead+off, v[m])
		}
	}
}
