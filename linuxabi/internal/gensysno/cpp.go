package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// cpp is the small subset of the C preprocessor that the unistd.h headers
// need: object-like #define/#undef, #include of another header in the
// same tree, and #if/#ifdef/#ifndef/#else/#endif whose conditions are
// defined(X), !defined(X) and X == N / X != N joined by all || or all &&.
// Anything else is an error, so a header change cannot be misread
// silently.
type cpp struct {
	dir    string
	macros map[string]string
	// cond is the stack of open conditionals: taking says whether the
	// current branch is live, parent whether the enclosing one is.
	cond []condState
}

type condState struct {
	parent, taking, taken bool
}

func (p *cpp) live() bool {
	return len(p.cond) == 0 || p.cond[len(p.cond)-1].taking
}

// file preprocesses one header, relative to p.dir.
func (p *cpp) file(name string) error {
	f, err := os.Open(filepath.Join(p.dir, name))
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	lineno := 0
	var cont string
	for sc.Scan() {
		lineno++
		line := cont + sc.Text()
		if strings.HasSuffix(line, `\`) {
			cont = strings.TrimSuffix(line, `\`) + " "
			continue
		}
		cont = ""
		if err := p.line(line); err != nil {
			return fmt.Errorf("%s:%d: %v", name, lineno, err)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return nil
}

func (p *cpp) line(line string) error {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "#") {
		return nil // C text: __SYSCALL(...) table entries, comments
	}
	if i := strings.Index(line, "/*"); i >= 0 {
		line = strings.TrimSpace(line[:i])
	}
	f := strings.Fields(strings.TrimPrefix(line, "#"))
	if len(f) == 0 {
		return nil
	}
	dir, args := f[0], f[1:]
	switch dir {
	case "if", "ifdef", "ifndef":
		var v bool
		if p.live() {
			var err error
			switch dir {
			case "ifdef":
				v, err = p.defined(args)
			case "ifndef":
				v, err = p.defined(args)
				v = !v
			default:
				v, err = p.eval(strings.Join(args, " "))
			}
			if err != nil {
				return err
			}
		}
		p.cond = append(p.cond, condState{parent: p.live(), taking: p.live() && v, taken: v})
	case "else":
		if len(p.cond) == 0 {
			return fmt.Errorf("#else without #if")
		}
		c := &p.cond[len(p.cond)-1]
		c.taking = c.parent && !c.taken
		c.taken = true
	case "endif":
		if len(p.cond) == 0 {
			return fmt.Errorf("#endif without #if")
		}
		p.cond = p.cond[:len(p.cond)-1]
	case "define":
		if !p.live() {
			return nil
		}
		if len(args) == 0 {
			return fmt.Errorf("empty #define")
		}
		if strings.Contains(args[0], "(") {
			return nil // function-like: the table-entry macros
		}
		p.macros[args[0]] = strings.Join(args[1:], " ")
	case "undef":
		if p.live() && len(args) == 1 {
			delete(p.macros, args[0])
		}
	case "include":
		if !p.live() {
			return nil
		}
		if len(args) != 1 {
			return fmt.Errorf("bad #include")
		}
		hdr := strings.Trim(args[0], `<>"`)
		if hdr == "asm-generic/unistd.h" {
			return p.file(hdr)
		}
		// Other includes (asm/bitsperlong.h) only define
		// __BITS_PER_LONG, which the caller predefines.
	default:
		if p.live() {
			return fmt.Errorf("unsupported directive #%s", dir)
		}
	}
	return nil
}

func (p *cpp) defined(args []string) (bool, error) {
	if len(args) != 1 {
		return false, fmt.Errorf("bad #ifdef %q", args)
	}
	_, ok := p.macros[args[0]]
	return ok, nil
}

// eval evaluates an #if expression of the supported shapes.
func (p *cpp) eval(expr string) (bool, error) {
	and := strings.Contains(expr, "&&")
	or := strings.Contains(expr, "||")
	if and && or {
		return false, fmt.Errorf("mixed && and || in %q", expr)
	}
	sep := "||"
	if and {
		sep = "&&"
	}
	result := and
	for _, t := range strings.Split(expr, sep) {
		v, err := p.term(strings.TrimSpace(t))
		if err != nil {
			return false, err
		}
		if and {
			result = result && v
		} else {
			result = result || v
		}
	}
	return result, nil
}

func (p *cpp) term(t string) (bool, error) {
	if neg, ok := strings.CutPrefix(t, "!"); ok {
		v, err := p.term(strings.TrimSpace(neg))
		return !v, err
	}
	if name, ok := strings.CutPrefix(t, "defined"); ok {
		name = strings.Trim(strings.TrimSpace(name), "() ")
		_, def := p.macros[name]
		return def, nil
	}
	for _, op := range []string{"==", "!="} {
		l, r, ok := strings.Cut(t, op)
		if !ok {
			continue
		}
		lv, err := p.value(strings.TrimSpace(l))
		if err != nil {
			return false, err
		}
		rv, err := p.value(strings.TrimSpace(r))
		if err != nil {
			return false, err
		}
		return (lv == rv) == (op == "=="), nil
	}
	return false, fmt.Errorf("unsupported #if term %q", t)
}

// value resolves a number or a chain of object-like macros to an integer.
func (p *cpp) value(s string) (int64, error) {
	for range 16 {
		if n, err := strconv.ParseInt(s, 0, 64); err == nil {
			return n, nil
		}
		v, ok := p.macros[s]
		if !ok {
			return 0, fmt.Errorf("undefined %q", s)
		}
		s = strings.TrimSpace(v)
	}
	return 0, fmt.Errorf("macro loop at %q", s)
}
