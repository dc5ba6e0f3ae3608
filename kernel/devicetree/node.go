package devicetree

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// Node is a devicetree node (DT spec §2.2).
type Node struct {
	// Name is the node name with its unit address, "uart@9000000";
	// the root's name is empty.
	Name     string
	Parent   *Node
	Children []*Node
	// Props holds the properties in blob order.
	Props []Property
}

// Property is a node property (DT spec §2.2.4). Value aliases the blob
// passed to Parse.
type Property struct {
	Name  string
	Value []byte
}

// Prop returns the value of the property called name.
func (n *Node) Prop(name string) ([]byte, bool) {
	for _, p := range n.Props {
		if p.Name == name {
			return p.Value, true
		}
	}
	return nil, false
}

// String returns the first NUL-terminated string of a <string> or
// <stringlist> property (DT spec §2.2.4); false if it is absent or not
// NUL-terminated.
func (n *Node) String(name string) (string, bool) {
	v, _ := n.Prop(name)
	if i := bytes.IndexByte(v, 0); i >= 0 {
		return string(v[:i]), true
	}
	return "", false
}

// Strings returns the NUL-terminated strings of a <stringlist> property
// (DT spec §2.2.4), ignoring an unterminated tail; nil if it is absent.
func (n *Node) Strings(name string) []string {
	v, _ := n.Prop(name)
	var ss []string
	for {
		i := bytes.IndexByte(v, 0)
		if i < 0 {
			return ss
		}
		ss = append(ss, string(v[:i]))
		v = v[i+1:]
	}
}

// U32 returns the value of a <u32> property (DT spec §2.2.4): exactly one
// big-endian 32-bit cell.
func (n *Node) U32(name string) (uint32, bool) {
	v, _ := n.Prop(name)
	if len(v) != 4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(v), true
}

// U64 returns the value of a <u64> property (DT spec §2.2.4), such as
// cpu-release-addr: two cells, the most significant first.
func (n *Node) U64(name string) (uint64, bool) {
	v, _ := n.Prop(name)
	if len(v) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(v), true
}

// Compatible reports whether c is one of the node's compatible strings
// (DT spec §2.3.1).
func (n *Node) Compatible(c string) bool {
	for _, s := range n.Strings("compatible") {
		if s == c {
			return true
		}
	}
	return false
}

// available reports whether the node's status (DT spec §2.3.4) lets it be
// used: absent, "okay", or the older "ok" that Linux also accepts.
func (n *Node) available() bool {
	s, ok := n.String("status")
	return !ok || s == "okay" || s == "ok"
}

// path returns the node's full path, for error messages.
func (n *Node) path() string {
	if n.Parent == nil {
		return "/"
	}
	if n.Parent.Parent == nil {
		return "/" + n.Name
	}
	return n.Parent.path() + "/" + n.Name
}

// child returns the child named name. A name without a unit address also
// matches a child "name@unit" if that child is the only one so named.
func (n *Node) child(name string) *Node {
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	var match *Node
	for _, c := range n.Children {
		if base, _, ok := strings.Cut(c.Name, "@"); ok && base == name {
			if match != nil {
				return nil
			}
			match = c
		}
	}
	return match
}

// walk calls f on n and its descendants in document order until f returns
// false, and reports whether the walk ran to the end.
func (n *Node) walk(f func(*Node) bool) bool {
	if n == nil {
		return true
	}
	if !f(n) {
		return false
	}
	for _, c := range n.Children {
		if !c.walk(f) {
			return false
		}
	}
	return true
}

// Path returns the node at path p, or nil. p is a full path (DT spec
// §2.2.3) such as "/soc/serial@7e201000", or starts with an alias name
// (§3.3), as in "serial0" or "serial0/child", as Linux's
// of_find_node_by_path accepts. Anything from the first ':' on is an options
// string and ignored. A component without a unit address matches a node
// with one when it is the only such child; Linux demands the exact name
// here, libfdt takes the first match.
func (t *Tree) Path(p string) *Node {
	p, _, _ = strings.Cut(p, ":")
	var n *Node
	if rest, ok := strings.CutPrefix(p, "/"); ok {
		n, p = t.Root, rest
	} else {
		alias, rest, _ := strings.Cut(p, "/")
		n, p = t.Alias(alias), rest
	}
	for _, comp := range strings.Split(p, "/") {
		if n == nil {
			return nil
		}
		if comp != "" {
			n = n.child(comp)
		}
	}
	return n
}

// Alias returns the node that the /aliases property name points at (DT
// spec §3.3), or nil.
func (t *Tree) Alias(name string) *Node {
	aliases := t.Path("/aliases")
	if aliases == nil {
		return nil
	}
	p, ok := aliases.String(name)
	if !ok || !strings.HasPrefix(p, "/") {
		return nil
	}
	return t.Path(p)
}

// FindCompatible returns, in document order, the nodes compatible with any
// of compat (DT spec §2.3.1).
func (t *Tree) FindCompatible(compat ...string) []*Node {
	var ns []*Node
	t.Root.walk(func(n *Node) bool {
		for _, c := range compat {
			if n.Compatible(c) {
				ns = append(ns, n)
				break
			}
		}
		return true
	})
	return ns
}

// ByPhandle returns the node whose phandle (DT spec §2.3.3), or older
// linux,phandle, is ph, or nil.
func (t *Tree) ByPhandle(ph uint32) *Node {
	return byPhandle(t.Root, ph)
}

func byPhandle(root *Node, ph uint32) *Node {
	if ph == 0 || ph == 0xffffffff {
		return nil
	}
	var found *Node
	root.walk(func(n *Node) bool {
		v, ok := n.U32("phandle")
		if !ok {
			v, ok = n.U32("linux,phandle")
		}
		if ok && v == ph {
			found = n
		}
		return found == nil
	})
	return found
}

// root returns the root of the tree that n is in.
func (n *Node) root() *Node {
	for n.Parent != nil {
		n = n.Parent
	}
	return n
}
