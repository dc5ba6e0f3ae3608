package task

import (
	"encoding/binary"

	"github.com/tamix/tamix/kernel/vfs"
	"github.com/tamix/tamix/linuxabi"
)

// User memory is reached only through the address space's CopyIn and
// CopyOut, which fault pages in and return EFAULT for bad pointers.

func (t *Task) copyIn(va uint64, b []byte) error  { return t.space.CopyIn(b, va) }
func (t *Task) copyOut(va uint64, b []byte) error { return t.space.CopyOut(va, b) }

func (t *Task) readU32(va uint64) (uint32, error) {
	var b [4]byte
	err := t.copyIn(va, b[:])
	return binary.LittleEndian.Uint32(b[:]), err
}

func (t *Task) readU64(va uint64) (uint64, error) {
	var b [8]byte
	err := t.copyIn(va, b[:])
	return binary.LittleEndian.Uint64(b[:]), err
}

func (t *Task) writeU32(va uint64, v uint32) error {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], v)
	return t.copyOut(va, b[:])
}

func (t *Task) writeU64(va uint64, v uint64) error {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	return t.copyOut(va, b[:])
}

// readPath reads a path argument (getname, fs/namei.c): EFAULT for a bad
// pointer, ENAMETOOLONG past PATH_MAX, ENOENT for the empty string.
func (t *Task) readPath(va uint64) (string, error) {
	s, err := t.space.CopyInString(va, vfs.PathMax)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", linuxabi.ENOENT
	}
	return s, nil
}

// readStrings reads a NULL-terminated array of string pointers (execve's
// argv and envp), at most max strings.
func (t *Task) readStrings(va uint64, max int) ([]string, error) {
	var out []string
	if va == 0 {
		return nil, nil
	}
	for i := 0; ; i++ {
		if i >= max {
			return nil, linuxabi.E2BIG
		}
		p, err := t.readU64(va + uint64(8*i))
		if err != nil {
			return nil, err
		}
		if p == 0 {
			return out, nil
		}
		s, err := t.space.CopyInString(p, 128<<10) // MAX_ARG_STRLEN
		if err != nil {
			if err == linuxabi.ENAMETOOLONG {
				return nil, linuxabi.E2BIG
			}
			return nil, err
		}
		out = append(out, s)
	}
}
