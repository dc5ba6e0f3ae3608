package devicetree

import "fmt"

// maxInterruptCells bounds #interrupt-cells, as Linux's MAX_PHANDLE_ARGS
// does.
const maxInterruptCells = 16

// Interrupt is one interrupt specifier (DT spec §2.4.1) with the interrupt
// controller or nexus that interprets it.
type Interrupt struct {
	Parent *Node
	Cells  []uint32
}

// InterruptParent returns the node's interrupt parent (DT spec §2.4.1.2,
// §2.4.2): the node that interrupt-parent points at, else the devicetree
// parent, repeated while the node reached has no #interrupt-cells, as Linux's
// of_irq_find_parent does. It returns nil if there is none or an
// interrupt-parent phandle resolves to no node.
func (n *Node) InterruptParent() *Node {
	root := n.root()
	seen := map[*Node]bool{}
	for cur := n; !seen[cur]; {
		seen[cur] = true
		if ph, ok := cur.U32("interrupt-parent"); ok {
			cur = byPhandle(root, ph)
		} else {
			cur = cur.Parent
		}
		if cur == nil {
			return nil
		}
		if _, ok := cur.Prop("#interrupt-cells"); ok {
			return cur
		}
	}
	return nil
}

// interruptCells returns the #interrupt-cells of controller c (DT spec
// §2.4.2.1).
func interruptCells(c *Node) (int, error) {
	v, ok := c.U32("#interrupt-cells")
	if !ok || v == 0 || v > maxInterruptCells {
		return 0, fmt.Errorf("devicetree: %s: bad #interrupt-cells", c.path())
	}
	return int(v), nil
}

// InterruptSpecs returns the node's interrupts with their parents: from
// interrupts-extended (DT spec §2.4.1.3), which takes precedence, else from
// interrupts (§2.4.1.1), split by the #interrupt-cells of the interrupt
// parent. It returns nil and no error if the node has neither property.
// When a parent is an interrupt nexus (§2.4.3), its interrupt-map is not
// applied: Parent is the nexus and Cells are in its domain.
func (n *Node) InterruptSpecs() ([]Interrupt, error) {
	if v, ok := n.Prop("interrupts-extended"); ok {
		return n.extendedInterrupts(v)
	}
	v, ok := n.Prop("interrupts")
	if !ok {
		return nil, nil
	}
	p := n.InterruptParent()
	if p == nil {
		return nil, fmt.Errorf("devicetree: %s: no interrupt parent", n.path())
	}
	c, err := interruptCells(p)
	if err != nil {
		return nil, err
	}
	cs, ok := u32s(v)
	if !ok || len(cs)%c != 0 {
		return nil, fmt.Errorf("devicetree: %s: interrupts is not a list of %d-cell specifiers", n.path(), c)
	}
	var is []Interrupt
	for ; len(cs) > 0; cs = cs[c:] {
		is = append(is, Interrupt{p, cs[:c:c]})
	}
	return is, nil
}

// extendedInterrupts splits an interrupts-extended value: a list of
// <phandle specifier> pairs, each specifier sized by its controller.
func (n *Node) extendedInterrupts(v []byte) ([]Interrupt, error) {
	cs, ok := u32s(v)
	if !ok {
		return nil, fmt.Errorf("devicetree: %s: bad interrupts-extended", n.path())
	}
	root := n.root()
	var is []Interrupt
	for len(cs) > 0 {
		p := byPhandle(root, cs[0])
		if p == nil {
			return nil, fmt.Errorf("devicetree: %s: interrupts-extended: no node with phandle %#x", n.path(), cs[0])
		}
		c, err := interruptCells(p)
		if err != nil {
			return nil, err
		}
		if len(cs) < 1+c {
			return nil, fmt.Errorf("devicetree: %s: interrupts-extended: truncated specifier", n.path())
		}
		is = append(is, Interrupt{p, cs[1 : 1+c : 1+c]})
		cs = cs[1+c:]
	}
	return is, nil
}

// Interrupts returns the cells of each of the node's interrupt specifiers,
// as InterruptSpecs does without their parents.
func (n *Node) Interrupts() ([][]uint32, error) {
	is, err := n.InterruptSpecs()
	if err != nil {
		return nil, err
	}
	var cs [][]uint32
	for _, i := range is {
		cs = append(cs, i.Cells)
	}
	return cs, nil
}
