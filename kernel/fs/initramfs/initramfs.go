// Package initramfs unpacks an initramfs into a filesystem as Linux's
// init/initramfs.c does (Documentation/driver-api/early-userspace/
// buffer-format.rst): cpio archives in the newc ("070701") and crc
// ("070702") formats, uncompressed or gzip'd, several of them one after
// another with zero bytes between them, each ended by "TRAILER!!!".
//
// It reads the archive itself rather than with u-root's pkg/cpio, which
// does not build for GOOS=tamago (its pkg/ls dependency declares
// FileString twice and needs x/sys/unix's Major and Minor there) and
// would bring os, log and file-system code that a kernel unpacking into
// its own VFS has no use for.
//
// As in Linux, an entry that cannot be made (a file in a directory that
// does not exist, say) is skipped silently; only a malformed archive is
// an error. Unlike Linux, an archive cut off inside an entry is an error
// too, and that entry is not made: Linux makes what it has of it and
// says nothing when the archive is not compressed.
package initramfs

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"

	"github.com/tamix/tamix/kernel/vfs"
)

// The errors of a malformed archive, with Linux's messages.
var (
	errNoMagic       = errors.New("initramfs: no cpio magic")
	errOldCpio       = errors.New("initramfs: incorrect cpio method used: use -H newc option")
	errBrokenPadding = errors.New("initramfs: broken padding")
	errMalformed     = errors.New("initramfs: malformed archive")
	errChecksum      = errors.New("initramfs: bad data checksum")
	errWrite         = errors.New("initramfs: write error")
	errJunkInside    = errors.New("initramfs: junk within compressed archive")
	errBadMagic      = errors.New("initramfs: invalid magic at start of compressed archive")
	errDecompress    = errors.New("initramfs: decompressor failed")
	errTruncated     = errors.New("initramfs: archive ends inside an entry")
)

// Unpack unpacks archive into fs, with paths relative to its root, as
// unpack_to_rootfs() does. Every entry keeps its mode, owner and group
// and its modification time (CONFIG_INITRAMFS_PRESERVE_MTIME), which
// directories get once the whole archive is in, as dir_utime() gives it
// to them. It stops at the first malformed part of the archive and
// returns what was wrong; what came before is unpacked.
func Unpack(fs *vfs.FS, archive []byte) error {
	u := &unpacker{
		c:     vfs.Caller{Root: fs.Root()},
		root:  fs.Root(),
		links: map[linkKey]string{},
	}
	err := u.unpack(archive)
	u.dirTimes()
	return err
}

// unpack is unpack_to_rootfs()'s loop: an uncompressed archive starts
// with '0' at a multiple of 4 bytes, zero bytes are skipped, and
// anything else must be compressed data.
func (u *unpacker) unpack(a []byte) error {
	for pos := 0; pos < len(a); {
		switch {
		case a[pos] == '0' && pos%4 == 0:
			n, err := u.archives(a[pos:])
			pos += n
			if err != nil {
				return err
			}
		case a[pos] == 0:
			pos++
		default:
			n, err := u.decompress(a[pos:])
			if err != nil {
				return err
			}
			pos += n
		}
	}
	return nil
}

// archives unpacks entries, and the zero bytes after them, from b, whose
// start is a multiple of 4 bytes into its stream. It stops at a byte
// that cannot start an entry, at a multiple of 4, and returns how far it
// got (do_reset() and the Start state).
func (u *unpacker) archives(b []byte) (int, error) {
	pos := 0
	for pos < len(b) {
		switch {
		case b[pos] == 0:
			pos++
		case pos%4 != 0:
			return pos, errBrokenPadding
		case b[pos] != '0':
			return pos, nil
		default:
			n, err := u.entry(b[pos:])
			if err != nil {
				return pos, err
			}
			pos += n
		}
	}
	return pos, nil
}

// decompress unpacks the compressed archive at the start of b and
// returns the length of the compressed data. Only gzip is supported
// (decompress_method()'s table names the others, so that they are
// reported by name). The decompressed data holds archives and zero
// bytes only (flush_buffer()).
func (u *unpacker) decompress(b []byte) (int, error) {
	if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		for _, m := range compressions {
			if bytes.HasPrefix(b, m.magic) {
				return 0, fmt.Errorf("initramfs: compression method %s not configured", m.name)
			}
		}
		return 0, errBadMagic
	}
	// A bytes.Reader is an io.ByteReader, from which gzip and flate read
	// no further than the end of the member.
	r := bytes.NewReader(b)
	z, err := gzip.NewReader(r)
	if err != nil {
		return 0, errDecompress
	}
	z.Multistream(false)
	if err := u.streamArchives(&zreader{r: z}); err != nil {
		return 0, err
	}
	return len(b) - r.Len(), nil
}

// streamArchives is archives over the decompressed stream r, an entry at
// a time, so that no more than the largest entry is held in memory (the
// decompressed archive can be larger than the kernel's heap). What comes
// out before a decompression error is unpacked, as Linux unpacks what
// its decompressor flushes before failing; an entry cut short by the
// end of the stream is errTruncated, by a decompression error
// errDecompress.
func (u *unpacker) streamArchives(z *zreader) error {
	r := bufio.NewReader(z)
	readErr := func(error) error {
		if z.err != nil {
			return errDecompress
		}
		return errTruncated
	}
	for pos := int64(0); ; {
		c, err := r.ReadByte()
		switch {
		case err != nil && z.err != nil:
			return errDecompress
		case err != nil:
			return nil // the end of the stream
		case c == 0:
			pos++
			continue
		case pos%4 != 0:
			return errBrokenPadding
		case c != '0':
			return errJunkInside
		}
		r.UnreadByte()
		hdr, err := r.Peek(headerLen)
		if err != nil {
			return readErr(err)
		}
		if m := string(hdr[:6]); m != "070701" && m != "070702" {
			_, err := u.entry(hdr) // the bad magic's error
			return err
		}
		h := parseHeader(hdr)
		entry := make([]byte, headerLen+nameAlign(h.nameLen)+int64(h.bodyLen))
		if _, err := io.ReadFull(r, entry); err != nil {
			return readErr(err)
		}
		if _, err := u.entry(entry); err != nil {
			return err
		}
		pos += int64(len(entry))
	}
}

// compressions are the compressed formats Linux knows by their magic
// numbers (compressed_formats in lib/decompress.c), other than gzip.
var compressions = []struct {
	magic []byte
	name  string
}{
	{[]byte{0x1f, 0x9e}, "gzip"},
	{[]byte{0x42, 0x5a, 0x68}, "bzip2"},
	{[]byte{0x5d, 0x00, 0x00}, "lzma"},
	{[]byte{0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00}, "xz"},
	{[]byte{0x89, 0x4c, 0x5a}, "lzo"},
	{[]byte{0x02, 0x21, 0x4c, 0x18}, "lz4"},
	{[]byte{0x28, 0xb5, 0x2f, 0xfd}, "zstd"},
}

// zreader records the decompressor's own error, which tells a damaged
// stream from an archive that ends too soon.
type zreader struct {
	r   io.Reader
	err error
}

func (z *zreader) Read(p []byte) (int, error) {
	n, err := z.r.Read(p)
	if err != nil && err != io.EOF {
		z.err = err
	}
	return n, err
}
