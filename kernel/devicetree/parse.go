package devicetree

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Header constants, DT spec §5.1 and §5.2.
const (
	magic = 0xd00dfeed

	// headerSize is the size of a version 17 header; a version 16 header
	// lacks the trailing size_dt_struct field.
	headerSize   = 40
	headerSize16 = 36

	minVersion = 16
	// maxCompatVersion is the newest version whose layout this parser
	// reads: a blob whose last_comp_version is newer is incompatible.
	maxCompatVersion = 17
)

// Structure block tokens, DT spec §5.4.1.
const (
	tokBeginNode = 0x1
	tokEndNode   = 0x2
	tokProp      = 0x3
	tokNop       = 0x4
	tokEnd       = 0x9
)

// maxDepth bounds node nesting, as Linux's FDT_MAX_DEPTH does, so that the
// recursive tree walks stay shallow whatever the blob contains.
const maxDepth = 64

// Tree is a parsed devicetree.
type Tree struct {
	// Root is the root node "/".
	Root *Node
	// Reserved lists the memory reservation block's entries (DT spec
	// §5.3): physical memory the kernel must not use.
	Reserved []Region
	// BootCPU is the header's boot_cpuid_phys (DT spec §5.2): the reg
	// value of the CPU node of the CPU that booted.
	BootCPU uint32
}

// Region is a physical address range.
type Region struct {
	Base, Size uint64
}

// TotalSize returns the totalsize field of a DTB header (DT spec §5.2), so
// that boot code can copy the blob before parsing it. Only the first 8 bytes
// of the header are needed; an error is returned if the magic is wrong.
func TotalSize(header []byte) (uint32, error) {
	if len(header) < 8 {
		return 0, errors.New("devicetree: header too short")
	}
	if m := binary.BigEndian.Uint32(header); m != magic {
		return 0, fmt.Errorf("devicetree: bad magic %#x", m)
	}
	return binary.BigEndian.Uint32(header[4:]), nil
}

// Parse parses a DTB: the header (DT spec §5.2), the memory reservation
// block (§5.3), the structure block (§5.4) and the strings block (§5.5).
// blob may be longer than the header's totalsize; the excess is ignored.
// The returned tree's property values alias blob.
func Parse(blob []byte) (*Tree, error) {
	size, err := TotalSize(blob)
	if err != nil {
		return nil, err
	}
	if len(blob) < headerSize16 || uint64(size) < headerSize16 {
		return nil, errors.New("devicetree: header too short")
	}
	if uint64(size) > uint64(len(blob)) {
		return nil, fmt.Errorf("devicetree: totalsize %d exceeds blob length %d", size, len(blob))
	}
	b := blob[:size]
	field := func(i int) uint32 { return binary.BigEndian.Uint32(b[4*i:]) }
	offStruct, offStrings, offRsvmap := field(2), field(3), field(4)
	version, lastComp := field(5), field(6)
	if version < minVersion {
		return nil, fmt.Errorf("devicetree: version %d older than %d", version, minVersion)
	}
	if lastComp > maxCompatVersion {
		return nil, fmt.Errorf("devicetree: last compatible version %d newer than %d", lastComp, maxCompatVersion)
	}
	if offStruct > size {
		return nil, fmt.Errorf("devicetree: structure block offset %#x outside blob", offStruct)
	}
	sizeStruct := uint64(size - offStruct)
	if version >= 17 {
		if size < headerSize {
			return nil, errors.New("devicetree: header too short")
		}
		sizeStruct = uint64(field(9))
	}
	structs, err := block(b, offStruct, sizeStruct, 4, "structure")
	if err != nil {
		return nil, err
	}
	strs, err := block(b, offStrings, uint64(field(8)), 1, "strings")
	if err != nil {
		return nil, err
	}
	t := &Tree{BootCPU: field(7)}
	if t.Reserved, err = parseRsvmap(b, offRsvmap); err != nil {
		return nil, err
	}
	if t.Root, err = parseStruct(structs, strs); err != nil {
		return nil, err
	}
	return t, nil
}

// block returns b[off:off+size] after checking bounds and alignment.
func block(b []byte, off uint32, size uint64, align uint32, what string) ([]byte, error) {
	if off%align != 0 {
		return nil, fmt.Errorf("devicetree: %s block offset %#x not %d-byte aligned", what, off, align)
	}
	end := uint64(off) + size
	if uint64(off) < headerSize16 || end > uint64(len(b)) {
		return nil, fmt.Errorf("devicetree: %s block [%#x, %#x) outside blob", what, off, end)
	}
	return b[off:end:end], nil
}

// parseRsvmap reads the memory reservation block (DT spec §5.3): 8-byte
// aligned pairs of big-endian uint64 address and size, ended by a pair of
// zeros.
func parseRsvmap(b []byte, off uint32) ([]Region, error) {
	if off%8 != 0 || off < headerSize16 {
		return nil, fmt.Errorf("devicetree: bad memory reservation block offset %#x", off)
	}
	var rs []Region
	for p := uint64(off); ; p += 16 {
		if p+16 > uint64(len(b)) {
			return nil, errors.New("devicetree: unterminated memory reservation block")
		}
		r := Region{binary.BigEndian.Uint64(b[p:]), binary.BigEndian.Uint64(b[p+8:])}
		if r == (Region{}) {
			return rs, nil
		}
		rs = append(rs, r)
	}
}

// cursor reads 32-bit aligned big-endian tokens from the structure block.
type cursor struct {
	b   []byte
	off int
}

func (c *cursor) u32() (uint32, bool) {
	if len(c.b)-c.off < 4 {
		return 0, false
	}
	v := binary.BigEndian.Uint32(c.b[c.off:])
	c.off += 4
	return v, true
}

// bytes returns the next n bytes and advances past them and the padding
// that aligns the next token to 4 bytes.
func (c *cursor) bytes(n uint32) ([]byte, bool) {
	if uint64(n) > uint64(len(c.b)-c.off) {
		return nil, false
	}
	end := c.off + int(n)
	v := c.b[c.off:end:end]
	c.off = min(len(c.b), (end+3)&^3)
	return v, true
}

// parseStruct builds the node tree from the structure block (DT spec
// §5.4): NOPs, one root node, NOPs and an FDT_END token.
func parseStruct(structs, strs []byte) (*Node, error) {
	c := cursor{b: structs}
	var root, cur *Node
	depth := 0
	for {
		at := c.off
		tok, ok := c.u32()
		if !ok {
			return nil, errors.New("devicetree: structure block ends without FDT_END")
		}
		switch tok {
		case tokNop:
		case tokBeginNode:
			if cur == nil && root != nil {
				return nil, fmt.Errorf("devicetree: second root node at %#x", at)
			}
			if depth++; depth > maxDepth {
				return nil, fmt.Errorf("devicetree: nodes nested deeper than %d", maxDepth)
			}
			name, ok := c.name()
			if !ok {
				return nil, fmt.Errorf("devicetree: unterminated node name at %#x", at)
			}
			n := &Node{Name: name, Parent: cur}
			if cur == nil {
				root = n
			} else {
				cur.Children = append(cur.Children, n)
			}
			cur = n
		case tokEndNode:
			if cur == nil {
				return nil, fmt.Errorf("devicetree: unbalanced FDT_END_NODE at %#x", at)
			}
			cur, depth = cur.Parent, depth-1
		case tokProp:
			if cur == nil {
				return nil, fmt.Errorf("devicetree: property outside any node at %#x", at)
			}
			p, err := c.prop(strs)
			if err != nil {
				return nil, fmt.Errorf("devicetree: property at %#x: %w", at, err)
			}
			cur.Props = append(cur.Props, p)
		case tokEnd:
			if root == nil || cur != nil {
				return nil, fmt.Errorf("devicetree: FDT_END at %#x inside or before the root node", at)
			}
			return root, nil
		default:
			return nil, fmt.Errorf("devicetree: bad token %#x at %#x", tok, at)
		}
	}
}

// name reads an FDT_BEGIN_NODE's NUL-terminated, padded unit name.
func (c *cursor) name() (string, bool) {
	rest := c.b[c.off:]
	for i, ch := range rest {
		if ch == 0 {
			c.bytes(uint32(i + 1))
			return string(rest[:i]), true
		}
	}
	return "", false
}

// prop reads an FDT_PROP's length, name offset and value (DT spec §5.4.1).
func (c *cursor) prop(strs []byte) (Property, error) {
	n, ok1 := c.u32()
	nameoff, ok2 := c.u32()
	if !ok1 || !ok2 {
		return Property{}, errors.New("truncated header")
	}
	v, ok := c.bytes(n)
	if !ok {
		return Property{}, fmt.Errorf("value of %d bytes overruns the structure block", n)
	}
	name, ok := cstring(strs, nameoff)
	if !ok {
		return Property{}, fmt.Errorf("bad name offset %#x", nameoff)
	}
	return Property{Name: name, Value: v}, nil
}

// cstring returns the NUL-terminated string at off in the strings block.
func cstring(strs []byte, off uint32) (string, bool) {
	if uint64(off) >= uint64(len(strs)) {
		return "", false
	}
	for i, ch := range strs[off:] {
		if ch == 0 {
			return string(strs[off : off+uint32(i)]), true
		}
	}
	return "", false
}
