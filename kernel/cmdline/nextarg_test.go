package cmdline

import (
	"reflect"
	"testing"
)

// TestSplitArgs checks next_arg's splitting and quote removal; the
// expected results follow lib/cmdline.c step by step.
func TestSplitArgs(t *testing.T) {
	bare := func(n string) arg { return arg{name: n} }
	kv := func(n, v string) arg { return arg{name: n, val: v, hasVal: true} }
	tests := []struct {
		in   string
		want []arg
	}{
		{"", nil},
		{" \t\n ", nil},
		{"a", []arg{bare("a")}},
		{"  a  b\tc\nd\r\v\fe ", []arg{bare("a"), bare("b"), bare("c"), bare("d"), bare("e")}},
		{"a\xa0b", []arg{bare("a"), bare("b")}}, // NBSP is isspace in Linux
		{"a=b", []arg{kv("a", "b")}},
		{"a=", []arg{kv("a", "")}},
		{"a=b=c", []arg{kv("a", "b=c")}},
		{"=a", []arg{bare("=a")}}, // '=' at offset 0 is not a separator
		{"=a=b", []arg{kv("=a", "b")}},
		{`foo="a b" c`, []arg{kv("foo", "a b"), bare("c")}},
		{`"foo=a b" c`, []arg{kv("foo", "a b"), bare("c")}},
		{`"a b" c`, []arg{bare("a b"), bare("c")}},
		{`foo="a b`, []arg{kv("foo", "a b")}},                     // unterminated quote runs to the end
		{`foo=a"b c"d e`, []arg{kv("foo", `a"b c"d`), bare("e")}}, // inner quotes are kept
		{`foo="b"c`, []arg{kv("foo", `b"c`)}},
		{`a"b c"`, []arg{bare(`a"b c"`)}},
		{`"`, []arg{bare("")}},
		{`""`, []arg{bare("")}},
		{`"" x`, []arg{bare(""), bare("x")}},
		{`a="`, []arg{kv("a", "")}},
		{`"a="`, []arg{kv("a", "")}},
		{`a=""`, []arg{kv("a", "")}},
		{`"foo="bar""`, []arg{kv("foo", `bar"`)}},
		{"-- a", []arg{bare("--"), bare("a")}},
	}
	for _, tt := range tests {
		if got := splitArgs(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitArgs(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	for _, tt := range []struct {
		in     string
		v      int
		ok     bool
		option int // getOption's value
		optOK  bool
	}{
		{"0", 0, true, 0, true},
		{"15", 15, true, 15, true},
		{"-1", -1, true, -1, true},
		{"+7", 7, true, 0, false},
		{"0x1f", 31, true, 31, true},
		{"0X1F", 31, true, 31, true},
		{"010", 8, true, 8, true},
		{"09", 0, false, 0, true},
		{"0x", 0, false, 0, true},
		{"0xg", 0, false, 0, true},
		{"5\n", 5, true, 5, true},
		{"5\n\n", 0, false, 5, true},
		{"5abc", 0, false, 5, true},
		{"", 0, false, 0, false},
		{"-", 0, false, 0, false},
		{"abc", 0, false, 0, false},
		{"2147483647", 2147483647, true, 2147483647, true},
		{"2147483648", 0, false, -2147483648, true},
		{"-2147483648", -2147483648, true, -2147483648, true},
		{"-2147483649", 0, false, 2147483647, true},
		{"4294967297", 0, false, 1, true},
		{"99999999999999999999", 0, false, 1661992959, true}, // wraps like simple_strtoull, then int
	} {
		v, ok := kstrtoint(tt.in)
		if v != tt.v || ok != tt.ok {
			t.Errorf("kstrtoint(%q) = %d, %v; want %d, %v", tt.in, v, ok, tt.v, tt.ok)
		}
		v, ok = getOption(tt.in)
		if v != tt.option || ok != tt.optOK {
			t.Errorf("getOption(%q) = %d, %v; want %d, %v", tt.in, v, ok, tt.option, tt.optOK)
		}
	}
}
