package initramfs

import "github.com/tamix/tamix/linuxabi"

import "github.com/tamix/tamix/kernel/vfs"

// headerLen is the size of a newc header: the 6-byte magic and 13 fields
// of 8 hex digits (CPIO_HDRLEN).
const headerLen = 110

// header is a newc header's fields, kept as parse_header() keeps them.
type header struct {
	ino      uint32
	mode     uint32 // truncated to 16 bits, as umode_t is
	uid, gid uint32
	nlink    uint32
	mtime    uint32 // seconds since the epoch
	bodyLen  uint32
	major    uint32 // device of the file archived, for hard links
	minor    uint32
	rdev     uint64 // a device node's number, vfs.Mkdev's encoding
	nameLen  uint32 // counting the NUL
	check    uint32 // the crc format's sum of the file's bytes
}

// parseHeader reads the fields after the magic of h, which is headerLen
// bytes long.
func parseHeader(h []byte) header {
	var f [13]uint32
	for i := range f {
		f[i] = hexField(h[6+8*i : 14+8*i])
	}
	// MKDEV() packs the numbers into a 32-bit dev_t with 20 bits of
	// minor; new_encode_dev() then splits them again.
	dev := f[9]<<20 | f[10]
	return header{
		ino: f[0], mode: f[1] & 0xffff, uid: f[2], gid: f[3], nlink: f[4],
		mtime: f[5], bodyLen: f[6], major: f[7], minor: f[8],
		rdev: vfs.Mkdev(dev>>20, dev&0xfffff), nameLen: f[11], check: f[12],
	}
}

// hexField is simple_strntoul(s, NULL, 16, 8): an optional "0x", then
// hex digits up to the first other character.
func hexField(s []byte) uint32 {
	if len(s) >= 2 && s[0] == '0' && s[1]|0x20 == 'x' {
		s = s[2:]
	}
	var v uint32
	for _, c := range s {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			d = c | 0x20 - 'a' + 10
		default:
			return v
		}
		v = v<<4 | uint32(d)
	}
	return v
}

// nameAlign is N_ALIGN(): the name's length padded so that the header
// and name end at a multiple of 4.
func nameAlign(n uint32) int64 { return int64((n+1)&^3) + 2 }

// entry unpacks the entry at the start of b and returns its length with
// the padding after it (do_header() and the states after it). An entry
// with a name of no bytes or more than PATH_MAX, a symbolic link of more
// than PATH_MAX bytes, or a body on anything other than a regular file
// or symbolic link is skipped, as Linux skips it.
func (u *unpacker) entry(b []byte) (int, error) {
	if len(b) < headerLen {
		return 0, errTruncated
	}
	var csum bool
	switch string(b[:6]) {
	case "070701":
	case "070702":
		csum = true
	case "070707":
		return 0, errOldCpio
	default:
		return 0, errNoMagic
	}
	h := parseHeader(b[:headerLen])
	end := headerLen + nameAlign(h.nameLen) + int64(h.bodyLen)
	if end > int64(len(b)) {
		return 0, errTruncated
	}
	next := int(min((end+3)&^3, int64(len(b))))
	if h.nameLen == 0 || h.nameLen > vfs.PathMax {
		return next, nil
	}
	name := b[headerLen : headerLen+h.nameLen]
	body := b[headerLen+nameAlign(h.nameLen) : end]
	typ := h.mode & linuxabi.S_IFMT
	var err error
	switch {
	case typ == linuxabi.S_IFLNK:
		if h.bodyLen > vfs.PathMax {
			return next, nil
		}
		err = u.symlink(&h, name, body)
	case typ == linuxabi.S_IFREG || h.bodyLen == 0:
		err = u.name(&h, name, body, csum)
	}
	return next, err
}

// cString is s up to its first NUL.
func cString(s []byte) string {
	for i, c := range s {
		if c == 0 {
			return string(s[:i])
		}
	}
	return string(s)
}
