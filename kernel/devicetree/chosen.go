package devicetree

import (
	"encoding/binary"
	"errors"
	"strings"
)

// chosen returns the /chosen node (DT spec §3.6), or an empty node.
func (t *Tree) chosen() *Node {
	if n := t.Path("/chosen"); n != nil {
		return n
	}
	return &Node{}
}

// Model returns the root's model property (DT spec §3.2).
func (t *Tree) Model() string {
	if t.Root == nil {
		return ""
	}
	s, _ := t.Root.String("model")
	return s
}

// Bootargs returns the kernel command line, /chosen bootargs (DT spec
// §3.6).
func (t *Tree) Bootargs() string {
	s, _ := t.chosen().String("bootargs")
	return s
}

// Initrd returns the initial ramdisk's region, from /chosen
// linux,initrd-start and linux,initrd-end (the end is exclusive): a Linux
// convention that the DT spec leaves out. Like Linux, it accepts either
// property as one or two cells. It reports false if the
// properties are absent.
func (t *Tree) Initrd() (Region, bool, error) {
	c := t.chosen()
	sv, sok := c.Prop("linux,initrd-start")
	ev, eok := c.Prop("linux,initrd-end")
	if !sok && !eok {
		return Region{}, false, nil
	}
	start, sok := number(sv)
	end, eok := number(ev)
	if !sok || !eok || end < start {
		return Region{}, false, errors.New("devicetree: bad linux,initrd-start/end in /chosen")
	}
	return Region{start, end - start}, true, nil
}

// number reads a one- or two-cell big-endian number.
func number(v []byte) (uint64, bool) {
	switch len(v) {
	case 4:
		return uint64(binary.BigEndian.Uint32(v)), true
	case 8:
		return binary.BigEndian.Uint64(v), true
	}
	return 0, false
}

// StdoutPath returns the boot console, /chosen stdout-path (DT spec §3.6),
// or Linux's older linux,stdout-path: the node, found by full path or alias,
// and the options after the first ':', such as "115200n8". The node is nil
// if the property is absent or names no node.
func (t *Tree) StdoutPath() (*Node, string) {
	c := t.chosen()
	p, ok := c.String("stdout-path")
	if !ok {
		p, _ = c.String("linux,stdout-path")
	}
	if p == "" {
		return nil, ""
	}
	_, opts, _ := strings.Cut(p, ":")
	return t.Path(p), opts
}
