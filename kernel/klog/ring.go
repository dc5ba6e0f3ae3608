package klog

import "encoding/binary"

// Each record is stored in the ring as a header followed by its text:
// the timestamp (8 bytes), the text length (2) and the level (1).
const headerSize = 8 + 2 + 1

// record is one log message.
type record struct {
	seq   uint64
	ts    int64 // nanoseconds since boot
	level uint8
	text  []byte // without the trailing newline
}

// ring is the log buffer: records packed into a fixed number of bytes,
// wrapping around, the oldest whole records dropped to make room as in
// Linux's log_buf. Records are numbered by sequence numbers that never
// repeat; first is the oldest record still stored and next the number the
// next record will get.
type ring struct {
	buf         []byte
	tail, head  uint64 // byte offsets, modulo len(buf), of the oldest record and the free space
	first, next uint64
	text        []byte // scratch for the text of the record being read
}

// push stores a record, dropping old ones to make room. len(text) must be
// at most len(r.buf)-headerSize and fit in 16 bits.
func (r *ring) push(ts int64, level uint8, text []byte) {
	need := uint64(headerSize + len(text))
	for r.head-r.tail+need > uint64(len(r.buf)) {
		r.tail += headerSize + uint64(r.header(r.tail).n)
		r.first++
	}
	var h [headerSize]byte
	binary.LittleEndian.PutUint64(h[:], uint64(ts))
	binary.LittleEndian.PutUint16(h[8:], uint16(len(text)))
	h[10] = level
	r.put(r.head, h[:])
	r.put(r.head+headerSize, text)
	r.head += need
	r.next++
}

// put copies p into the ring at byte offset off.
func (r *ring) put(off uint64, p []byte) {
	n := copy(r.buf[off%uint64(len(r.buf)):], p)
	copy(r.buf, p[n:])
}

// get copies len(p) bytes at byte offset off out of the ring.
func (r *ring) get(off uint64, p []byte) {
	n := copy(p, r.buf[off%uint64(len(r.buf)):])
	copy(p[n:], r.buf)
}

type header struct {
	ts    int64
	n     uint16
	level uint8
}

func (r *ring) header(off uint64) header {
	var h [headerSize]byte
	r.get(off, h[:])
	return header{
		ts:    int64(binary.LittleEndian.Uint64(h[:])),
		n:     binary.LittleEndian.Uint16(h[8:]),
		level: h[10],
	}
}

// cursor walks the records of a ring in order. It is invalidated by push.
type cursor struct {
	r   *ring
	seq uint64
	off uint64
}

// seek returns a cursor at record seq, or at the oldest record if seq has
// been dropped already.
func (r *ring) seek(seq uint64) cursor {
	c := cursor{r: r, seq: r.first, off: r.tail}
	for c.seq < seq && c.seq < r.next {
		c.skip()
	}
	return c
}

// valid reports whether c is at a record rather than past the newest.
func (c *cursor) valid() bool { return c.seq < c.r.next }

// skip moves c to the next record.
func (c *cursor) skip() {
	c.off += headerSize + uint64(c.r.header(c.off).n)
	c.seq++
}

// read returns the record at c; its text is valid until the next read.
func (c *cursor) read() record {
	h := c.r.header(c.off)
	text := c.r.text[:h.n]
	c.r.get(c.off+headerSize, text)
	return record{seq: c.seq, ts: h.ts, level: h.level, text: text}
}
