package cmdline

import "strings"

// arg is one parameter as split by next_arg: name, and value if the
// parameter contained a '='.
type arg struct {
	name   string
	val    string
	hasVal bool
}

// String returns the parameter as init/main.c repair_env_string
// reassembles it before handing it to init: "name=value" or "name".
func (a arg) String() string {
	if !a.hasVal {
		return a.name
	}
	return a.name + "=" + a.val
}

// isDashes reports whether a is the bare "--" that ends a parse_args
// pass (kernel/params.c: `if (!val && strcmp(param, "--") == 0)`).
func (a arg) isDashes() bool { return !a.hasVal && a.name == "--" }

// isSpace is the kernel's isspace() (lib/ctype.c): the ASCII white space
// characters and, since the kernel's ctype table is Latin-1, 0xA0 (NBSP).
func isSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0xa0:
		return true
	}
	return false
}

// skipSpaces is lib/string_helpers.c skip_spaces().
func skipSpaces(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	return s
}

// nextArg splits the first parameter off args, which must be non-empty
// and start with a non-space, exactly as lib/cmdline.c next_arg() does:
//
//   - white space separates parameters except inside double quotes;
//   - the first '=' not at offset 0 separates name and value;
//   - a '"' opening the whole parameter or the value is removed, as is
//     a '"' ending the parameter; other quotes are kept verbatim.
//
// next_arg works in place by writing NULs; this replays those writes on a
// copy of the parameter so that every corner case (such as `"a="` or a
// lone `"`) comes out as it does in Linux.
func nextArg(args string) (a arg, rest string) {
	quoted := args[0] == '"'
	if quoted {
		args = args[1:]
	}
	inQuote := quoted
	i, equals := 0, 0
	for ; i < len(args); i++ {
		if isSpace(args[i]) && !inQuote {
			break
		}
		if equals == 0 && args[i] == '=' {
			equals = i
		}
		if args[i] == '"' {
			inQuote = !inQuote
		}
	}
	tok := []byte(args[:i])
	val := len(tok) // offset of the value; len(tok) stands for "none"
	if equals != 0 {
		tok[equals] = 0
		val = equals + 1
		// Don't include quotes in value.
		if val < len(tok) && tok[val] == '"' {
			val++
			if tok[i-1] == '"' {
				tok[i-1] = 0
			}
		}
	}
	if quoted && i > 0 && tok[i-1] == '"' {
		tok[i-1] = 0
	}
	a.name = cString(tok)
	if equals != 0 {
		a.hasVal = true
		a.val = cString(tok[min(val, len(tok)):])
	}
	if i < len(args) {
		i++ // the separating white space
	}
	return a, skipSpaces(args[i:])
}

// cString returns b up to its first NUL.
func cString(b []byte) string {
	s := string(b)
	if n := strings.IndexByte(s, 0); n >= 0 {
		s = s[:n]
	}
	return s
}

// splitArgs splits a whole command line into parameters with nextArg.
func splitArgs(s string) []arg {
	var args []arg
	for s = skipSpaces(s); s != ""; {
		var a arg
		a, s = nextArg(s)
		args = append(args, a)
	}
	return args
}
