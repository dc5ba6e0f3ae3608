package uctx

import (
	"os"
	"regexp"
	"strconv"
	"testing"
	"unsafe"
)

func TestLayout(t *testing.T) {
	var c Context
	fields := map[string][2]uintptr{
		"SP":     {unsafe.Offsetof(c.SP), OffSP},
		"PC":     {unsafe.Offsetof(c.PC), OffPC},
		"PSTATE": {unsafe.Offsetof(c.PSTATE), OffPSTATE},
		"TPIDR":  {unsafe.Offsetof(c.TPIDR), OffTPIDR},
		"FPSR":   {unsafe.Offsetof(c.FPSR), OffFPSR},
		"FPCR":   {unsafe.Offsetof(c.FPCR), OffFPCR},
		"V":      {unsafe.Offsetof(c.V), OffV},
		"ESR":    {unsafe.Offsetof(c.ESR), OffESR},
		"FAR":    {unsafe.Offsetof(c.FAR), OffFAR},
	}
	if unsafe.Sizeof(c) != Size {
		t.Errorf("Sizeof = %d, want %d", unsafe.Sizeof(c), Size)
	}
	h, err := os.ReadFile("../uctx.h")
	if err != nil {
		t.Fatal(err)
	}
	defs := map[string]uintptr{}
	for _, m := range regexp.MustCompile(`#define UCTX_(\w+)\s+(\d+)`).FindAllStringSubmatch(string(h), -1) {
		v, _ := strconv.Atoi(m[2])
		defs[m[1]] = uintptr(v)
	}
	for name, off := range fields {
		if off[0] != off[1] || defs[name] != off[0] {
			t.Errorf("%s: Offsetof %d, Off const %d, uctx.h %d", name, off[0], off[1], defs[name])
		}
	}
	if len(defs) != len(fields) {
		t.Errorf("uctx.h defines %d offsets, want %d", len(defs), len(fields))
	}
	if OffV%16 != 0 {
		t.Errorf("V at %d is not 16-byte aligned", OffV)
	}
}
