package diff

import (
	"strings"
	"testing"
)

// Parse splits a console into cases, drops the blank line the script adds
// before @@status, keeps output without a final newline as it was, and
// reports a case cut off by a dying kernel.
func TestParse(t *testing.T) {
	console := "boot noise\n@@begin\n@@case a\nline1\nline2\n\n@@status a 0\n" +
		"@@case b\nno-newline\n@@status b 3\n@@case c\n\n@@status c 1\n@@status 0\n"
	res, err := Parse(console)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Result{"a": {"line1\nline2\n", 0}, "b": {"no-newline", 3}, "c": {"", 1}}
	for n, w := range want {
		if res[n] != w {
			t.Errorf("%s: got %+v, want %+v", n, res[n], w)
		}
	}
	if len(res) != len(want) {
		t.Errorf("got %d cases, want %d", len(res), len(want))
	}
	res, err = Parse("@@case a\nout\n\n@@status a 0\n@@case b\npartial")
	if err == nil || !strings.Contains(err.Error(), "case b never finished") || len(res) != 1 {
		t.Errorf("cut-off run: %v, %v", res, err)
	}
}

func TestNormalise(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"-rw-r--r--    1 0        0                6 Dec  3 11:54 f\n", "-rw-r--r--    1 0        0                6 <mtime> f\n"},
		{"drwxr-xr-x    2 0        0               60 Jan 12  2000 sub\n", "drwxr-xr-x    2 0        0               60 <mtime> sub\n"},
		{"Thu Jan  1 00:00:00 UTC 1970\n", "Thu Jan  1 00:00:00 UTC 1970\n"}, // date output is compared
		{"a\n[    2.992287] random: crng init done\nb\n", "a\nb\n"},
		{"child pid 1234 exited\n", "child pid=<N> exited\n"},
		{"status 1234\n", "status 1234\n"},
	} {
		if got := Normalise(c.in); got != c.want {
			t.Errorf("Normalise(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestUnifiedDiff(t *testing.T) {
	if d := UnifiedDiff("a", "b", "x\ny", "x\ny"); d != "" {
		t.Errorf("equal inputs: %q", d)
	}
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12"
	b := "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13"
	want := "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n" +
		"@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+13\n"
	if d := UnifiedDiff("a", "b", a, b); d != want {
		t.Errorf("got\n%s\nwant\n%s", d, want)
	}
}

// Compare names every differing case, with status and output diffs, and
// says nothing when all match.
func TestCompare(t *testing.T) {
	cases := []Case{{"same", "", 0}, {"out", "", 0}, {"st", "", 0}, {"gone", "", 0}}
	lin := map[string]Result{"same": {"a\n", 0}, "out": {"x\n", 0}, "st": {"", 0}, "gone": {"", 0}}
	tam := map[string]Result{"same": {"a\n", 0}, "out": {"y\n", 0}, "st": {"", 1}}
	r := Compare(cases, lin, tam, "tamix-virt")
	for _, s := range []string{"3 of 4 cases differ", "=== out: status linux 0, tamix-virt 0\n--- linux/out\n+++ tamix-virt/out\n@@ -1,2 +1,2 @@\n-x\n+y\n",
		"=== st: status linux 0, tamix-virt 1\n", "=== did not run on tamix-virt: gone\n"} {
		if !strings.Contains(r, s) {
			t.Errorf("report lacks %q:\n%s", s, r)
		}
	}
	if strings.Contains(r, "same") {
		t.Errorf("matching case reported:\n%s", r)
	}
	if r := Compare(cases[:1], lin, tam, "t"); r != "" {
		t.Errorf("all match, got %q", r)
	}
}

// The case table is well formed: unique names, at least 45 distinct
// busybox applets, and every program is run by some case.
func TestCaseTable(t *testing.T) {
	seen := map[string]bool{}
	all := ""
	for _, c := range Cases {
		if !nameRE.MatchString(c.Name) || seen[c.Name] {
			t.Errorf("bad or duplicate case name %q", c.Name)
		}
		seen[c.Name] = true
		all += c.Cmd + "\n"
	}
	applets := strings.Fields("echo printf cat head tail wc sort uniq cut tr sed awk grep find xargs tar gzip gunzip zcat " +
		"sha256sum md5sum cp mv rm mkdir rmdir ln readlink ls stat touch dd od hexdump seq expr test basename dirname " +
		"base64 yes tee cmp diff date true false env chmod truncate du mktemp which id uname nl rev fold paste tac bzip2 cpio xxd patch mkfifo sleep")
	n := 0
	for _, a := range applets {
		if strings.Contains(all, a+" ") {
			n++
		} else {
			t.Errorf("no case uses %s", a)
		}
	}
	if n < 45 {
		t.Errorf("%d applets, want at least 45", n)
	}
	for _, p := range Programs {
		if p.Name != "bench" && !strings.Contains(all, "/progs/"+p.Name) {
			t.Errorf("no case runs /progs/%s", p.Name)
		}
	}
	if Cases[len(Cases)-1].Name != "fuzz" {
		t.Error("the fuzzer must run last")
	}
}

func TestScript(t *testing.T) {
	s := Script([]Case{{"one", "", 0}, {"two", "", 0}})
	for _, want := range []string{"mount -t devtmpfs devtmpfs /dev\n", "run one\nrun two\n", `echo "@@case $1"`, `echo "@@status $1 $st"`} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %q:\n%s", want, s)
		}
	}
}
