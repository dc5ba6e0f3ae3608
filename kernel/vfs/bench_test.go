package vfs_test

import (
	"github.com/tamix/tamix/linuxabi"
	"strings"
	"testing"

	"github.com/tamix/tamix/kernel/vfs"
)

func BenchmarkLookup10(b *testing.B) {
	e := newEnv(&testing.T{})
	path := ""
	for i := range 10 {
		path += "/" + string(rune('a'+i)) + "-component"
		e.mkdir(path)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := vfs.Lookup(e.c, e.root, path, 0); err != nil {
			b.Fatal(err)
		}
	}
	if strings.Count(path, "/") != 10 {
		b.Fatal(path)
	}
}

func BenchmarkWriteRead1MiB(b *testing.B) {
	e := newEnv(&testing.T{})
	f := e.open("f", linuxabi.O_RDWR|linuxabi.O_CREAT)
	data := make([]byte, 1<<20)
	for i := range data {
		data[i] = byte(i)
	}
	buf := make([]byte, len(data))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if n, err := f.Pwrite(data, 0); n != len(data) || err != nil {
			b.Fatal(n, err)
		}
		if n, err := f.Pread(buf, 0); n != len(buf) || err != nil {
			b.Fatal(n, err)
		}
		f.Truncate(0)
	}
}
