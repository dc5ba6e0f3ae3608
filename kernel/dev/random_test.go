package dev

import (
	"errors"
	"io"
	"testing"

	"github.com/tamix/tamix/linuxabi"
)

// failAfter yields n bytes, then fails.
type failAfter struct{ n int }

func (f *failAfter) Read(b []byte) (int, error) {
	if f.n == 0 {
		return 0, errors.New("dry")
	}
	k := min(f.n, len(b))
	f.n -= k
	return k, nil
}

// A failing source gives EIO, or the bytes it gave before failing.
func TestRandomSourceFailure(t *testing.T) {
	r := &randomDev{src: &failAfter{n: 3}}
	if n, err := r.Read(nil, make([]byte, 8), 0); n != 3 || err != nil {
		t.Errorf("short source: %d, %v; want 3, nil", n, err)
	}
	if n, err := r.Read(nil, make([]byte, 8), 0); n != 0 || !errors.Is(err, linuxabi.EIO) {
		t.Errorf("dry source: %d, %v; want 0, EIO", n, err)
	}
	if n, err := (&randomDev{src: io.LimitReader(nil, 0)}).Read(nil, nil, 0); n != 0 || err != nil {
		t.Errorf("empty read: %d, %v", n, err)
	}
}
