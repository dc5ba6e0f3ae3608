package klog

import "bytes"

// appendUint appends v in decimal, left-padded with spaces to width.
func appendUint(dst []byte, v uint64, width int) []byte {
	var digits [20]byte
	i := len(digits)
	for {
		i--
		digits[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	for n := len(digits) - i; n < width; n++ {
		dst = append(dst, ' ')
	}
	return append(dst, digits[i:]...)
}

// appendPrefix appends the prefix of one line of a record as
// kernel/printk/printk.c info_print_prefix() builds it with
// CONFIG_PRINTK_TIME: "<level>" when syslog is set (the facility is 0 for
// kernel messages, so facility<<3|level is the level), then print_time()'s
// "[%5lu.%06lu]" and a space.
func appendPrefix(dst []byte, syslog bool, level uint8, ts int64) []byte {
	if syslog {
		dst = append(dst, '<')
		dst = appendUint(dst, uint64(level), 1)
		dst = append(dst, '>')
	}
	ns := uint64(ts)
	dst = append(dst, '[')
	dst = appendUint(dst, ns/1e9, 5)
	dst = append(dst, '.')
	usec := ns % 1e9 / 1e3
	for d := uint64(100000); d > 1 && usec < d; d /= 10 {
		dst = append(dst, '0')
	}
	dst = appendUint(dst, usec, 1)
	return append(dst, "] "...)
}

// appendRecord appends a record as record_print_text() formats it: every
// line of text, the last one included, gets the prefix and a newline.
func appendRecord(dst []byte, syslog bool, r *record) []byte {
	text := r.text
	for {
		line, rest, more := bytes.Cut(text, []byte{'\n'})
		dst = appendPrefix(dst, syslog, r.level, r.ts)
		dst = append(dst, line...)
		dst = append(dst, '\n')
		if !more {
			return dst
		}
		text = rest
	}
}

// recordSize is len(appendRecord(nil, syslog, r)), which
// get_record_print_text_size() computes for syslog's size calculations.
func recordSize(syslog bool, r *record) int {
	var prefix [48]byte
	lines := bytes.Count(r.text, []byte{'\n'}) + 1
	return lines*(len(appendPrefix(prefix[:0], syslog, r.level, r.ts))+1) + len(r.text) - (lines - 1)
}
