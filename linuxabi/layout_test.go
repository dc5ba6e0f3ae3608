package linuxabi

import (
	"reflect"
	"testing"
)

// abiStruct is one struct under test: a pointer to a zero value, its
// Size constant and its methods.
type abiStruct interface {
	Marshal([]byte)
	Unmarshal([]byte)
}

// leaf is an exported field at a path of the Go struct.
type leaf struct {
	path string
	v    reflect.Value
}

func leaves(v reflect.Value, prefix string) []leaf {
	var out []leaf
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		p := prefix + f.Name
		if f.Type.Kind() == reflect.Struct {
			out = append(out, leaves(v.Field(i), p+".")...)
			continue
		}
		out = append(out, leaf{p, v.Field(i)})
	}
	return out
}

// fill gives every byte of every exported field a distinct nonzero
// value, so a field written at the wrong offset shows.
func fill(l leaf, seed byte) []byte {
	n := int(l.v.Type().Size())
	b := make([]byte, n)
	for i := range b {
		b[i] = seed + byte(i)*7 + 1
	}
	setLE(l.v, b)
	return b
}

// setLE stores the little-endian bytes b into v, an integer or an array
// of integers.
func setLE(v reflect.Value, b []byte) {
	if v.Kind() == reflect.Array {
		es := int(v.Type().Elem().Size())
		for i := range v.Len() {
			setLE(v.Index(i), b[i*es:(i+1)*es])
		}
		return
	}
	var u uint64
	for i := len(b) - 1; i >= 0; i-- {
		u = u<<8 | uint64(b[i])
	}
	switch v.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(u)
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(u))
	default:
		panic("unhandled kind " + v.Kind().String())
	}
}

// checkLayout fills s, marshals it into a buffer of size bytes, checks
// each field's bytes at the offset the oracle gives (offsets: Go field
// path to offset; a path missing from offsets is an error), then
// unmarshals into a fresh value and compares.
func checkLayout(t *testing.T, name string, s abiStruct, size int, offsets map[string]int64) {
	t.Helper()
	v := reflect.ValueOf(s).Elem()
	ls := leaves(v, "")
	want := map[string][]byte{}
	for i, l := range ls {
		want[l.path] = fill(l, byte(i*17))
	}
	buf := make([]byte, size+8)
	for i := range buf {
		buf[i] = 0xee
	}
	s.Marshal(buf)
	if buf[size] != 0xee {
		t.Errorf("%s: Marshal wrote past %d bytes", name, size)
	}
	for _, l := range ls {
		off, ok := offsets[l.path]
		if !ok {
			t.Errorf("%s.%s: no oracle offset", name, l.path)
			continue
		}
		w := want[l.path]
		if got := buf[off : off+int64(len(w))]; !reflect.DeepEqual(got, w) {
			t.Errorf("%s.%s at %d: % x, want % x", name, l.path, off, got, w)
		}
	}
	fresh := reflect.New(v.Type())
	fresh.Interface().(abiStruct).Unmarshal(buf)
	if !reflect.DeepEqual(fresh.Elem().Interface(), v.Interface()) {
		t.Errorf("%s: Unmarshal(Marshal(x)) != x:\n%+v\n%+v", name, fresh.Elem().Interface(), v.Interface())
	}
}

// xsysLayouts are the structs x/sys defines: tamix type, size, x/sys type,
// and the field names that differ (Go path -> x/sys path).
var xsysLayouts = []struct {
	name   string
	s      abiStruct
	size   int
	xname  string
	rename map[string]string
}{
	{"Stat", &Stat{}, StatSize, "Stat_t", map[string]string{
		"Atime.Sec": "Atim.Sec", "Atime.Nsec": "Atim.Nsec", "Mtime.Sec": "Mtim.Sec",
		"Mtime.Nsec": "Mtim.Nsec", "Ctime.Sec": "Ctim.Sec", "Ctime.Nsec": "Ctim.Nsec"}},
	{"Statx", &Statx{}, StatxSize, "Statx_t", map[string]string{
		"AttributesMask": "Attributes_mask", "RdevMajor": "Rdev_major", "RdevMinor": "Rdev_minor",
		"DevMajor": "Dev_major", "DevMinor": "Dev_minor", "MntID": "Mnt_id",
		"DioMemAlign": "Dio_mem_align", "DioOffsetAlign": "Dio_offset_align"}},
	{"Timespec", &Timespec{}, TimespecSize, "Timespec", nil},
	{"Timeval", &Timeval{}, TimevalSize, "Timeval", nil},
	{"Itimerspec", &Itimerspec{}, ItimerspecSize, "ItimerSpec", nil},
	{"Itimerval", &Itimerval{}, ItimervalSize, "Itimerval", nil},
	{"Tms", &Tms{}, TmsSize, "Tms", nil},
	{"Utsname", &Utsname{}, UtsnameSize, "Utsname", nil},
	{"Sysinfo", &Sysinfo{}, SysinfoSize, "Sysinfo_t", nil},
	{"Statfs", &Statfs{}, StatfsSize, "Statfs_t", nil},
	{"Rlimit", &Rlimit{}, RlimitSize, "Rlimit", nil},
	{"Rusage", &Rusage{}, RusageSize, "Rusage", nil},
	{"Iovec", &Iovec{}, IovecSize, "Iovec", nil},
	{"Pollfd", &Pollfd{}, PollfdSize, "PollFd", nil},
	// x/sys splits the 64-bit data into PadFd/Fd/Pad; the data is the
	// 8 bytes at Fd's offset on arm64.
	{"EpollEvent", &EpollEvent{}, EpollEventSize, "EpollEvent", map[string]string{"Data": "Fd"}},
	{"Siginfo", &Siginfo{}, SiginfoSize, "Siginfo", nil},
}

func TestLayoutsAgainstXsys(t *testing.T) {
	x := loadXsys(t)
	for _, c := range xsysLayouts {
		size, _ := x.Struct(t, c.xname)
		if size != int64(c.size) {
			t.Errorf("%s: size %d, x/sys %s is %d", c.name, c.size, c.xname, size)
		}
		offsets := map[string]int64{}
		for _, l := range leaves(reflect.ValueOf(c.s).Elem(), "") {
			p := l.path
			if r, ok := c.rename[p]; ok {
				p = r
			}
			if c.name == "Siginfo" && p == "Fields" {
				// The union; x/sys leaves it opaque, the C test
				// checks its members.
				offsets[l.path] = 16
				continue
			}
			off, fsize := x.Offset(t, c.xname, p)
			if c.name != "EpollEvent" && fsize != int64(l.v.Type().Size()) {
				t.Errorf("%s.%s: size %d, x/sys %d", c.name, l.path, l.v.Type().Size(), fsize)
			}
			offsets[l.path] = off
		}
		checkLayout(t, c.name, c.s, c.size, offsets)
	}
}
