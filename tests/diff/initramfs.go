package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tamix/tamix/tests/cpio"
	"github.com/tamix/tamix/tests/oracle"
)

// CaseTimeout bounds one case (busybox timeout); a case that hangs ends
// with status 143 and the run goes on to the next.
const CaseTimeout = 60

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// Script returns the body of /init (which tests/oracle wraps in @@begin
// and @@status and ends with poweroff -f): it mounts devtmpfs, proc and
// devpts (gid=5,mode=620 as Debian's initramfs-tools mounts it), then
// runs every case's /cases/NAME.sh in its own empty directory, bracketed
// by "@@case NAME" and "@@status NAME N". The blank line
// echoed before @@status ends an unterminated last line; Parse removes
// it again.
func Script(cases []Case) string {
	var b strings.Builder
	b.WriteString("mount -t devtmpfs devtmpfs /dev\nmount -t proc proc /proc\n" +
		"mkdir -p /dev/pts\nmount -t devpts -o gid=5,mode=620,ptmxmode=000 devpts /dev/pts\numask 022\n")
	fmt.Fprintf(&b, "run() {\n\tmkdir -p /tmp/c/$1 && cd /tmp/c/$1\n\techo \"@@case $1\"\n"+
		"\ttimeout %d sh /cases/$1.sh </dev/null 2>&1\n\tst=$?\n\tcd /\n\techo\n\techo \"@@status $1 $st\"\n}\n", CaseTimeout)
	for _, c := range cases {
		fmt.Fprintf(&b, "run %s\n", c.Name)
	}
	b.WriteString("true")
	return b.String()
}

// Initramfs builds the suite's initramfs: busybox and its applets, the
// built programs from progsDir under /progs, each case as
// /cases/NAME.sh and the /init from Script.
func Initramfs(busybox []byte, progsDir string, cases []Case) ([]byte, error) {
	files := map[string]oracle.File{}
	for _, p := range Programs {
		b, err := os.ReadFile(filepath.Join(progsDir, p.Name))
		if err != nil {
			return nil, err
		}
		files["progs/"+p.Name] = oracle.File{Mode: cpio.ModeRegular | 0o755, Data: b}
	}
	return initramfsWith(busybox, files, cases)
}

// initramfsWith builds an initramfs of busybox, files, each case as
// /cases/NAME.sh and the /init from Script.
func initramfsWith(busybox []byte, files map[string]oracle.File, cases []Case) ([]byte, error) {
	seen := map[string]bool{}
	for _, c := range cases {
		if !nameRE.MatchString(c.Name) || seen[c.Name] {
			return nil, fmt.Errorf("diff: case name %q is not unique [a-z0-9_-]+", c.Name)
		}
		seen[c.Name] = true
		files["cases/"+c.Name+".sh"] = oracle.File{Mode: cpio.ModeRegular | 0o644, Data: []byte(c.Cmd + "\n")}
	}
	return oracle.InitramfsFiles(busybox, Script(cases), files)
}
