package cmdline

import "math"

// parseInteger parses an unsigned integer prefix of s the way
// lib/kstrtox.c _parse_integer_fixup_radix and _parse_integer do with
// base 0: "0x" followed by a hex digit selects hex, a leading "0" octal,
// anything else decimal. It returns the value (wrapped on overflow, as
// the kernel's accumulator does), the number of bytes consumed including
// any "0x" (0 if there are no digits), and whether the value overflowed.
func parseInteger(s string) (v uint64, n int, overflow bool) {
	base := uint64(10)
	if len(s) > 0 && s[0] == '0' {
		base = 8
		if len(s) > 2 && s[1]|0x20 == 'x' && digitValue(s[2]) < 16 {
			base, n = 16, 2
		}
	}
	start := n
	for ; n < len(s); n++ {
		d := digitValue(s[n])
		if d >= base {
			break
		}
		if v > (math.MaxUint64-d)/base {
			overflow = true
		}
		v = v*base + d
	}
	if n == start {
		return 0, 0, false
	}
	return v, n, overflow
}

// digitValue returns the value of hex digit c, or 16 if c is not one.
func digitValue(c byte) uint64 {
	switch {
	case '0' <= c && c <= '9':
		return uint64(c - '0')
	case 'a' <= c|0x20 && c|0x20 <= 'f':
		return uint64(c|0x20-'a') + 10
	}
	return 16
}

// getOption is lib/cmdline.c get_option() for an integer: an optional
// '-', then digits as simple_strtoull(s, &end, 0) reads them; whatever
// follows is ignored. The result is truncated to a C int as in Linux.
// ok is false when there is no number (get_option returns 0).
func getOption(s string) (value int, ok bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	v, n, _ := parseInteger(s)
	if n == 0 {
		return 0, false
	}
	if neg {
		v = -v
	}
	return int(int32(v)), true
}

// kstrtoint is lib/kstrtox.c kstrtoint(s, 0, &res), which param_set_int
// uses for integer kernel_params: a '-' or '+' sign, digits in base 0,
// at most one trailing newline, nothing else, and a result that fits in
// a C int. ok is false where Linux returns -EINVAL or -ERANGE.
func kstrtoint(s string) (value int, ok bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	} else if len(s) > 0 && s[0] == '+' {
		s = s[1:]
	}
	v, n, overflow := parseInteger(s)
	if rest := s[n:]; n == 0 || overflow || (rest != "" && rest != "\n") {
		return 0, false
	}
	if neg {
		if v > -math.MinInt32 {
			return 0, false
		}
		return -int(v), true
	}
	if v > math.MaxInt32 {
		return 0, false
	}
	return int(v), true
}

// simpleStrtoul10 is simple_strtoul(s, NULL, 10): the decimal digits
// that start s, wrapping on overflow; 0 if there are none.
func simpleStrtoul10(s string) uint64 {
	var v uint64
	for i := 0; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		v = v*10 + uint64(s[i]-'0')
	}
	return v
}
