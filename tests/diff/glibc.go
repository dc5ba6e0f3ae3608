package diff

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tamix/tamix/tests/cpio"
	"github.com/tamix/tamix/tests/oracle"
)

// GlibcCase is a case of the glibc suite: Script runs under Shell
// (/usr/bin/bash or /usr/bin/dash; not busybox sh, which runs its own
// applets whatever PATH says) with PATH looking in /usr/bin first, so
// the commands are Debian's dynamically linked coreutils, bash and
// python3, loaded by ld-linux-aarch64.so.1. Nothing uses /dev/fd
// (process substitution): Linux's devtmpfs does not make it.
type GlibcCase struct {
	Name   string
	Shell  string
	Script string
	Status int
}

// GlibcCases run in one boot of the glibc initramfs, in this order.
var GlibcCases = []GlibcCase{
	// bash
	{"bash-arith", bash, `echo $((2**40)) $((7/2)) $((-7%3)) $((0x1f)) $((8#17)) $((1<<62)); declare -i n=5; n+=10; echo $n; (( n > 10 )) && echo big; let "m = n * 2"; echo $m; echo $(( n > 3 ? 1 : 0 ))`, 0},
	{"bash-arrays", bash, `a=(one two three); echo ${#a[@]} ${a[1]} "${a[@]:1}"; a+=(four); echo "${a[-1]}"; unset 'a[0]'; echo "${!a[@]}"; declare -A h=([x]=1 [y]=2); h[z]=3; for k in $(printf '%s\n' "${!h[@]}" | sort); do echo "$k=${h[$k]}"; done; s="a:b:c"; IFS=: read -ra p <<< "$s"; echo "${p[2]} ${#p[@]}"; mapfile -t lines <<< "$(seq 3)"; echo "${lines[*]}"`, 0},
	{"bash-functions", bash, `f() { local x=$1; echo "f:$x:$#"; return 4; }; f a b; echo "st $?"; g() { echo "${FUNCNAME[0]} ${FUNCNAME[1]}"; }; h() { g; }; h; fact() { (( $1 <= 1 )) && { echo 1; return; }; echo $(( $1 * $(fact $(( $1 - 1 ))) )); }; fact 10; declare -f f | head -1; type -t f; x=outer; k() { x=inner; }; k; echo $x`, 0},
	{"bash-heredoc", bash, `v=val; cat <<EOF
plain $v $((1+1)) $(echo sub)
EOF
cat <<'EOF'
quoted $v
EOF
cat <<-EOF
	tabs stripped
	EOF
tr a-z A-Z <<< "here string"`, 0},
	{"bash-subst", bash, "x=$(echo inner $(echo nested)); echo \"[$x]\"; y=`echo back`; echo $y; s=hello-world; echo ${s^^} ${s/world/there} ${s:2:3} ${s#*-} ${s%%-*} ${#s}; unset u; echo ${u:-def} ${u:=set} $u; printf -v p '%05d' 42; echo $p; echo $(( $(seq 10 | wc -l) + 1 ))", 0},
	{"bash-pipelines", bash, `seq 20 | grep 1 | sort -rn | head -3; set -o pipefail; false | true; echo "pipefail $?"; set +o pipefail; true | false; echo "st $?"; echo "${PIPESTATUS[@]}"; seq 5 | while read n; do echo -n "$n "; done; echo; echo abc | { read v; echo "got $v"; }; shopt -s lastpipe; echo xyz | read w; echo "lastpipe ${w:-unset}"`, 0},
	{"bash-set-e", bash, `set -e; echo start; true && echo ok; if false; then echo no; fi; false || echo recovered; (exit 3) || echo "sub $?"; f() { false; echo unreachable; }; f; echo never`, 1},
	{"bash-traps", bash, `trap 'echo "exit trap $?"' EXIT; trap 'echo got USR1' USR1; kill -USR1 $$; trap 'echo err trap' ERR; false; trap - ERR; f() { trap 'echo return trap' RETURN; echo in f; }; f; trap -p USR1; exit 5`, 5},
	{"bash-glob", bash, `touch a.txt b.txt c.log .hidden; mkdir -p d/e; touch d/e/f.txt; echo *.txt; echo ?.log; echo [ab]*; echo nomatch*; shopt -s nullglob; echo none: nomatch*; shopt -s dotglob; echo * | tr ' ' '\n' | sort | tr '\n' ' '; echo; shopt -s globstar; echo **/*.txt
shopt -s extglob
echo !(*.txt|d)`, 0},
	{"bash-read-loops", bash, `printf 'alice 30\nbob 25\ncarol 35\n' > p; total=0; while read -r name age; do echo "$name is $age"; total=$((total+age)); done < p; echo "total $total"; while IFS=: read -r a b; do echo "$b/$a"; done <<< $'x:1\ny:2'; n=0; while read -r line; do n=$((n+1)); done <<< "$(seq 100)"; echo "lines $n"; read -r -d '' all < p; echo "${#all}"`, 0},
	{"bash-background", bash, `(sleep 0.1; exit 3) & p=$!; echo started; wait $p; echo "waited $?"; for i in 1 2 3; do (echo "job $i" > out$i) & done; wait; cat out1 out2 out3; sleep 5 & k=$!; kill $k; wait $k; echo "killed $?"; true & wait; echo done`, 0},
	{"bash-c", bash, `bash -c 'echo "args: $0 $1 $2"' zero one two; bash -c 'exit 7'; echo "st $?"; bash -c 'echo $BASH_VERSINFO' | cut -c1; bash -c 'case $- in *i*) echo interactive;; *) echo not-interactive;; esac'; bash -c 'shopt -q login_shell && echo login || echo no-login'; bash --norc -c 'alias hi="echo alias-works"; eval hi'; (bash -c 'kill -9 $$'; echo "killed $?") 2>&1 | sed 's/ [0-9]* Killed/ N Killed/'; echo 'echo from-stdin $((3*3))' | bash; bash -n <<< 'if then'; echo "syntax $?"`, 0},
	{"bash-misc", bash, `printf '%s|%5s|%-5s|%x|%o|%e\n' a b c 255 8 1234.5; echo $'tab\there'; [[ abc == a* ]] && echo match; [[ abc =~ ^a(b)c$ ]] && echo "re ${BASH_REMATCH[1]}"; case foo in f*) echo case;; esac; for ((i=0;i<3;i++)); do echo -n $i; done; echo; select x in a; do break; done < /dev/null; echo "select ${x:-none}"; echo {1..5} {a..c} x{1,2}y; type -t cd ls; command -v bash; umask; cd /tmp && pwd; ulimit -n; echo $((RANDOM >= 0))`, 0},
	// procps (Debian's free, ps, uptime, pgrep, pkill, vmstat)
	{"procps", bash, `free | awk '{print NF, $1}'; free -h | head -1; sleep 30 & p=$!; sleep 0.1; ps -o pid=,comm= -p $p | awk -v p=$p '$1==p {print "ps", $2}'; ps -o stat= -p $p | cut -c1; ps -eo comm | grep -cx ps; ps -o user,comm | head -1; pgrep -x sleep | grep -qx $p && echo pgrep; pkill -x sleep; wait $p; echo "killed $?"; uptime | grep -c 'load average'; vmstat | head -2 | sed 's/  */ /g'; ps -p 1 -o pid=,comm= | awk '{print $1}'`, 0},
	// dash
	{"dash-script", dash, `f() { echo "f $1"; return 2; }; f x; echo "st $?"; i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i; x=$(echo sub); echo "$x" ${#x}; case ab in a*) echo case;; esac; set -- p q r; shift; echo "$@" $#; trap 'echo trapped' EXIT; cat <<EOF
here $((2*21))
EOF
seq 3 | while read l; do echo "l$l"; done; echo ${HOME+set}; printf '%s\n' "$(printf 'a\nb' | wc -l)"; dash -c 'exit 9'; echo "st $?"`, 0},
	// coreutils
	{"cu-ls", bash, `mkdir -p t/sub; printf 12345 > t/f; chmod 640 t/f; ln -s f t/l; touch t/sub/e; ls t; ls -a t; ls -R t; ls -l t | sed 1d; ls -ld t/sub | cut -c1-10; ls -1 t | wc -l; ls -lS --time-style=+ t | awk '{print $1, $5, $NF}'; ls t/nope; echo "st $?"; ls -F t; ls --color=never -i t >/dev/null && echo inodes`, 0},
	{"cu-text", bash, `printf '10\n9\n100\n9\n-1\n' > n; sort n; sort -n n; sort -rn n | head -2; sort -u n | tail -1; printf 'b 2\na 3\nc 1\n' | sort -k2 -n; seq 1 20 | tail -n 3; head -c 5 n | od -c; printf 'a b c\nd e\n' | wc; echo 'a:b:c' | cut -d: -f2; echo hello | tr a-y b-z; printf 'x\ny\nz\n' | tac; printf 'l1\nl2\n' | nl; seq 5 | paste -sd+; echo abc | rev 2>/dev/null || echo no-rev`, 0},
	{"cu-sums", bash, `printf abc > f; sha256sum f; md5sum f; sha1sum f; sha512sum f | cut -c1-40; b2sum f | cut -c1-40; cksum f; seq 10000 | sha256sum; base64 f; echo YWJj | base64 -d; echo; base32 f; printf 'AB\001\377' | od -An -tx1; od -c f`, 0},
	{"cu-numbers", bash, `seq 3; seq 2 3 11; seq -s, 5; seq -w 8 10; expr 3 + 4; expr 7 \* 6; expr length hello; expr 1 = 2; echo "st $?"; factor 360 97 1001 1234567891011; numfmt --to=iec 1048576 123456789; numfmt --from=si 1K; printf '%d %5.2f %x %s\n' 42 3.14159 255 str; printf '%b\n' 'a\tb'`, 0},
	{"cu-date", bash, `date -u -d @0; date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %a %j %s'; date -u -d '2020-02-29 12:00' +%s; date -u -d @86399 -R; date -u -d @1700000000 --iso-8601=seconds; TZ=UTC date -d @0 +%Z`, 0},
	{"cu-files", bash, `mkdir -p a/b/c; echo data > a/f; cp a/f a/g; mv a/g a/b/h; ls -R a; cp -r a z; ls z/b; rm -r z; ln -s ../f a/b/l; readlink a/b/l; readlink -f a/b/l | sed 's|.*/c/||'; cat a/b/l; ln a/f a/hard; stat -c '%h %s %F' a/f; stat -c '%n %a %F' a a/b/l; rm a/f; cat a/hard; rmdir a/b/c; rm nope; echo "st $?"; mkdir a; echo "st $?"; touch -d '2001-02-03 04:05:06' a/hard; stat -c %Y a/hard; date -u -r a/hard +%F; truncate -s 10000 a/hard; du -sb a/hard; du -sb a | cut -f1 | tr -d '\n' | wc -c`, 0},
	{"cu-dd-split", bash, `dd if=/dev/zero of=z bs=512 count=4 status=none; wc -c < z; seq 100 > s; dd if=s of=p bs=1 skip=10 count=20 status=none; cat p; echo; dd if=s bs=4 count=2 2>&1 | tail -1 | cut -d' ' -f1-2; split -l 30 s part; ls part*; wc -l partad; split -b 100 -d s b; ls b*; cat part* | cmp - s && echo same`, 0},
	{"cu-join", bash, `printf '1 a\n2 b\n3 c\n' > x; printf '1 A\n3 C\n4 D\n' > y; join x y; join -a1 x y; printf 'a\nb\nc\n' > p; printf 'b\nc\nd\n' > q; comm p q; comm -12 p q; printf 'k1 v\n' | join - x 2>&1; echo "st $?"`, 0},
	{"cu-env-id", bash, `env -i A=1 B=2 /usr/bin/env; FOO=bar env | grep '^FOO='; env -u PATH /usr/bin/env | grep -c PATH; id -u; id -g; id -un 2>&1; uname -s; uname -m; uname -o; uname -n; printenv PATH; nproc >/dev/null && echo nproc; true; echo "true $?"; false; echo "false $?"; basename /a/b.txt .txt; dirname /a/b; pwd; test 1 -lt 2 && echo lt; [ -d / ] && echo dir`, 0},
	{"cu-misc", bash, `mktemp -d /tmp/c/cu-misc/XXXX | grep -c cu-misc; yes | head -2; echo hi | tee t1 t2 >/dev/null; cat t1 t2; printf 'a b\n' | fold -w1 | head -2; echo 'a   b' | tr -s ' '; echo abc | sha256sum | cut -c1-8; printf '3\n1\n2\n' | sort | uniq -c; shuf -i 1-5 -n 5 | sort -n | tr '\n' ' '; echo; timeout 5 sleep 0.1; echo "timeout $?"; timeout 0.2 sleep 5; echo "timeout $?"; sleep 0.1; echo slept; expand <<< $'a\tb' | od -c | head -1; chmod 751 t1; stat -c %A t1; realpath -m /a/../b; pathchk /ok && echo ok; tsort <<< 'a b b c' | tr '\n' ' '; echo`, 0},
	// python3
	{"py-basics", bash, `python3 -c 'print(1)'; python3 -c 'import sys; print(sys.version_info[:2], sys.platform, sys.byteorder, sys.maxsize)'; python3 -c 'print(2**100, 10/3, 7//2, -7%3, round(2.675, 2), int("ff", 16), hex(255), divmod(17, 5))'; python3 -c 'import math; print(math.pi, math.sqrt(2), math.factorial(20), math.gcd(12, 18))'; python3 -c 'raise SystemExit(3)'; echo "st $?"; python3 -c 'import sys; sys.stderr.write("err\n"); 1/0' 2>&1 | tail -1`, 0},
	{"py-strings", bash, `python3 - <<'EOF'
s = "Hello, World"
print(s.upper(), s.lower(), s[::-1], s.split(", "), s.replace("World", "tamix"))
print(f"{3.14159:.2f} {42:05d} {255:x} {'ab':>5}|{'ab':<5}|")
print(",".join(str(i * i) for i in range(10)))
print(sorted({"b": 2, "a": 1}.items()), [x for x in range(20) if x % 3 == 0])
print("é".encode(), b"\xc3\xa9".decode(), len("日本語"), "ß".upper())
EOF`, 0},
	{"py-json-re", bash, `python3 - <<'EOF'
import json, re, base64, struct, collections
d = json.loads('{"a": [1, 2, {"b": null}], "c": "x", "d": 1.5}')
print(d, json.dumps(d, sort_keys=True), json.dumps({"k": [True, False]}, indent=1))
print(re.findall(r"\d+", "a1b22c333"), re.sub(r"(\w+)@(\w+)", r"\2 at \1", "me@host"), re.match(r"^(a+)(b*)$", "aaab").groups())
print(base64.b64encode(b"tamix"), struct.pack("<IH", 1, 2), collections.Counter("mississippi").most_common(2))
EOF`, 0},
	{"py-os-files", bash, `python3 - <<'EOF'
import os, hashlib, tempfile
os.makedirs("d/e", exist_ok=True)
for n in ("b", "a", "c"):
    with open(os.path.join("d", n), "w") as f:
        f.write(n * 1000)
print(sorted(os.listdir("d")), os.path.getsize("d/a"), os.path.isdir("d/e"))
with open("d/a", "rb") as f:
    print(hashlib.sha256(f.read()).hexdigest(), hashlib.md5(b"abc").hexdigest())
with open("d/big", "wb") as f:
    f.write(os.urandom(1) * 0 + bytes(range(256)) * 4096)
print(os.stat("d/big").st_size, hashlib.sha1(open("d/big", "rb").read()).hexdigest())
os.link("d/big", "d/copy"); os.rename("d/copy", "d/moved"); os.remove("d/moved")
os.symlink("a", "d/l"); print(os.readlink("d/l"), os.path.realpath("d/l").endswith("/d/a"))
print([(sorted(ds), sorted(fs)) for _, ds, fs in os.walk("d")])
print(os.getcwd().endswith("py-os-files"), os.getuid(), os.environ.get("PATH"))
t = tempfile.mkdtemp(dir="."); print(os.path.isdir(t))
EOF`, 0},
	{"py-processes", bash, `python3 - <<'EOF'
import subprocess, threading, os, sys, signal
r = subprocess.run(["echo", "from", "child"], capture_output=True, text=True)
print(r.returncode, r.stdout.strip())
print(subprocess.run("exit 3", shell=True).returncode)
print(subprocess.check_output(["sh", "-c", "seq 3 | tac"]).decode().split())
p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
print(p.communicate(b"piped")[0], p.wait())
out = []
lock = threading.Lock()
def work(i):
    s = sum(range(i * 10000))
    with lock:
        out.append((i, s))
ts = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(out))
pid = os.fork()
if pid == 0:
    os._exit(7)
print(os.waitpid(pid, 0)[1] >> 8)
signal.signal(signal.SIGUSR1, lambda s, f: print("handler", s))
os.kill(os.getpid(), signal.SIGUSR1)
print("done")
EOF`, 0},
	// Job control in Debian's interactive bash on a pty, driven as a
	// terminal would (tests/progs/c/ptysh): ^C, ^Z, jobs, fg, ^D, exit.
	{"bash-pty", bash, `/progs/ptysh /usr/bin/bash`, 0},
	{"py-pty", bash, `python3 - <<'EOF'
import os, sys
m, s = os.openpty()
print(os.isatty(s), os.ttyname(s), os.isatty(m))
os.write(m, b"hello\n")
print(os.read(s, 100), os.read(m, 100))
pid, fd = os.forkpty()
if pid == 0:
    print("child", os.isatty(0), os.ttyname(0), os.getsid(0) == os.getpid(), os.tcgetpgrp(0) == os.getpid())
    sys.stdout.flush()
    os._exit(7)
out = b""
while True:
    try:
        d = os.read(fd, 1024)
    except OSError as e:
        print("master read after the child:", os.strerror(e.errno))
        break
    if not d:
        break
    out += d
print(out, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
EOF`, 0},
	{"py-script", bash, `cat > s.py <<'EOF'
#!/usr/bin/python3
import sys
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
print(sys.argv[1:], fib(90), sum(fib(i) for i in range(30)))
class P:
    def __init__(self, x): self.x = x
    def __repr__(self): return f"P({self.x})"
print(sorted([P(3), P(1)], key=lambda p: p.x))
try:
    {}["k"]
except KeyError as e:
    print("KeyError", e)
sys.exit(4)
EOF
chmod +x s.py; ./s.py a b; echo "st $?"; python3 s.py; echo "st $?"`, 0},
}

// The shells a glibc case can run under.
const (
	bash = "/usr/bin/bash"
	dash = "/usr/bin/dash"
)

// glibcCases returns the suite as runner cases: each runs its script
// file, /cases/NAME.script, under its shell.
func glibcCases() []Case {
	cs := make([]Case, len(GlibcCases))
	for i, g := range GlibcCases {
		cs[i] = Case{Name: g.Name, Status: g.Status,
			Cmd: fmt.Sprintf("export PATH=/usr/bin:/bin\nexec %s /cases/%s.script", g.Shell, g.Name)}
	}
	return cs
}

// glibcPrograms are the test programs (from Programs, built in progsDir)
// that glibc cases run, under /progs.
var glibcPrograms = []string{"ptysh"}

// GlibcInitramfs builds the glibc suite's initramfs: the runner's
// busybox, Debian's glibc userland from root (fetch-debs' glibc/ folder)
// with /lib a link to usr/lib, glibcPrograms, and the cases.
func GlibcInitramfs(busybox []byte, root, progsDir string, cases []Case) ([]byte, error) {
	files := map[string]oracle.File{"lib": {Mode: cpio.ModeSymlink | 0o777, Data: []byte("usr/lib")}}
	for _, name := range glibcPrograms {
		b, err := os.ReadFile(filepath.Join(progsDir, name))
		if err != nil {
			return nil, err
		}
		files["progs/"+name] = oracle.File{Mode: cpio.ModeRegular | 0o755, Data: b}
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		perm := uint32(info.Mode().Perm())
		switch { // directories are made 0755 as the files' parents
		case d.Type()&fs.ModeSymlink != 0:
			t, err := os.Readlink(p)
			if err != nil {
				return err
			}
			files[rel] = oracle.File{Mode: cpio.ModeSymlink | 0o777, Data: []byte(t)}
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[rel] = oracle.File{Mode: cpio.ModeRegular | perm, Data: b}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("diff: glibc root %s: %v (tests/oracle/fetch-debs makes it)", root, err)
	}
	for _, g := range GlibcCases {
		files["cases/"+g.Name+".script"] = oracle.File{Mode: cpio.ModeRegular | 0o644, Data: []byte(g.Script + "\n")}
	}
	return initramfsWith(busybox, files, cases)
}
