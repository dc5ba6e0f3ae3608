package diff

// Case is one differential test: Cmd is a busybox sh script that runs in
// a fresh empty working directory (/tmp/c/NAME) with stdin from
// /dev/null and stderr merged into stdout; Status is the exit status
// Linux gives it, which TestLinuxBaseline checks so the table itself is
// verified against the reference.
type Case struct {
	Name   string
	Cmd    string
	Status int
}

// Cases run in this order in one boot. File-making cases set up what they
// need themselves; the fuzzer runs last so whatever it does cannot
// disturb the others.
var Cases = []Case{
	// Text applets.
	{"echo", `echo hello world; echo -n no-newline; echo; echo -e 'a\tb\\c'`, 0},
	{"printf", `printf '%s=%d %5.2f %x %o %c|%-4s|\n' abc 42 3.14159 255 8 Z ab; printf '%%\n'`, 0},
	{"cat", `printf 'one\ntwo\n' > a; printf 'three\n' > b; cat a b; cat -n a b; cat missing; echo "status $?"`, 0},
	{"head-tail", `seq 1 20 > n; head -n 3 n; tail -n 2 n; head -c 5 n | od -c; tail -n +18 n`, 0},
	{"wc", `printf 'a b c\nd e\n\nlast' > f; wc f; wc -l < f; wc -w f; wc -c f`, 0},
	{"sort", `printf '10\n9\n100\n9\n-1\n' > n; sort n; sort -n n; sort -rn n; sort -u n; printf 'b 2\na 3\nc 1\n' | sort -k2 -n; printf 'x:3\ny:1\n' | sort -t: -k2`, 0},
	{"uniq", `printf 'a\na\nb\nc\nc\nc\na\n' | uniq -c; printf 'a\na\nb\n' | uniq -d; printf 'a\na\nb\n' | uniq -u`, 0},
	{"cut", `echo 'a:b:c:d' | cut -d: -f2,4; echo 'abcdef' | cut -c2-4; printf 'x\ty\tz\n' | cut -f3`, 0},
	{"tr", `echo 'Hello World' | tr a-z A-Z; echo 'aabbcc' | tr -s ab; echo 'hello 123' | tr -d 0-9; echo 'abc' | tr -c a X; echo`, 0},
	{"sed", `printf 'one\ntwo\nthree\nfour\n' > f; sed 's/o/0/g' f; sed -n '2,3p' f; sed '/two/d' f; sed -n '/^t/p' f; sed '1i\
first' f | head -2; sed -e 's/\(t\)\(w\)/\2\1/' -e '$s/$/!/' f; sed -i 's/four/4/' f; cat f`, 0},
	{"awk", `printf 'alice 30 nyc\nbob 25 sf\ncarol 35 nyc\n' > p; awk '{print $1, $2*2}' p; awk 'BEGIN{FS=" "; n=0} $3=="nyc"{n++} END{print "nyc:", n}' p; awk '{a[$3]+=$2} END{for(k in a) print k, a[k] | "sort"}' p; awk 'BEGIN{printf "%05.1f|%-5s|%d\n", 3.14159, "ab", 7; print length("hello"), substr("hello",2,3), index("hello","l"), toupper("x")}'; echo 'a,b,,c' | awk -F, '{print NF; print $4}'`, 0},
	{"grep", `printf 'apple\nBanana\ncherry\napple pie\n' > f; grep apple f; grep -c apple f; grep -v apple f; grep -i banana f; grep -E 'ch|pie' f; grep -o 'an' f; grep -n cherry f; grep -w apple f | wc -l; grep nothing f; echo "status $?"; grep x missing; echo "status $?"`, 0},
	{"grep-status", `grep -q zzz /dev/null`, 1},
	{"nl-rev-fold-paste", `printf 'ab\ncd\n' > f; nl f; rev f; echo abcdefghij | fold -w 3; printf '1\n2\n' > g; paste f g; paste -d, -s f`, 0},
	{"tac-expand-factor-bc", `printf 'a\nb\nc\n' > x; tac x; printf 'a\tb\n' | expand; printf 'a       b\n' | unexpand -a | od -c; factor 360 97 1001; echo '2^20; 7/2; scale=3; 1/3' | bc; echo '3 4 + p' | dc`, 0},
	{"seq-expr", `seq 3; seq 2 3 11; seq -s, 5; expr 3 + 4; expr 7 \* 6; expr 10 / 3; expr length hello; expr substr hello 2 3; expr 5 \> 3; expr 1 = 2; echo "status $?"`, 0},
	{"test", `[ 1 -lt 2 ] && echo lt; [ abc = abc ] && echo eq; test -z "" && echo empty; touch f; [ -f f ] && echo file; [ -d . ] && echo dir; [ -e nope ] || echo noexist; [ -s f ] || echo zero-size; test 3 -ge 4; echo "status $?"; [ ! -x f ] && echo not-exec`, 0},
	{"basename-dirname", `basename /a/b/c.txt; basename /a/b/c.txt .txt; dirname /a/b/c.txt; dirname c; basename /; dirname /a/`, 0},
	{"yes-head", `yes | head -n 3; yes tamix | head -n 2`, 0},
	{"tee", `echo teed | tee a b > /dev/null; cat a b; echo more | tee -a a; cat a`, 0},
	{"true-false", `true; echo "true $?"; false; echo "false $?"; ! false; echo "not false $?"`, 0},
	{"exit-status", `exit 42`, 42},
	{"false-status", `false`, 1},
	{"date", `date -u -d @0; date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %a %j'; date -u -d @86399 +%s`, 0},
	{"env", `FOO=bar env | grep '^FOO='; env -i A=1 /bin/env; env | grep '^PATH='`, 0},
	{"base64", `echo 'hello tamix' | base64; echo aGVsbG8gdGFtaXgK | base64 -d; printf '\000\377' | base64`, 0},
	{"checksums", `printf 'abc' > f; sha256sum f; md5sum f; sha1sum f; printf '' | sha256sum; seq 10000 | md5sum`, 0},
	{"od-hexdump", `printf 'AB\001\377\n' > f; od -c f; od -An -tx1 f; hexdump -C f; printf 'abcdefghijklmnopqrs' | hexdump -C`, 0},
	{"dd", `dd if=/dev/zero of=z bs=512 count=4 2>/dev/null; wc -c < z; seq 100 > s; dd if=s of=p bs=1 skip=10 count=20 2>/dev/null; cat p; echo; dd if=s bs=4 count=2 2>/dev/null | od -c | head -1; dd if=/dev/zero of=z bs=1 seek=10000 count=1 conv=notrunc 2>/dev/null; wc -c < z`, 0},
	// Files and directories.
	{"mkdir-rmdir", `mkdir a; mkdir -p b/c/d; ls -d a b b/c b/c/d; rmdir a; rmdir b; echo "status $?"; rmdir -p b/c/d; ls; mkdir x; mkdir x; echo "status $?"`, 0},
	{"cp-mv-rm", `echo data > a; cp a b; cat b; mv b c; ls; cp -r . ../cpcopy 2>&1 | head -1; mkdir d; cp a c d/; ls d; mv d e; ls e; rm -r e; rm a; rm c; ls; rm nope; echo "status $?"; rm -f nope; echo "status $?"; rm -rf ../cpcopy`, 0},
	{"ln-readlink", `echo t > target; ln -s target sl; ln target hard; readlink sl; cat sl; ls -l hard | awk '{print $2}'; ln -s /nonexistent dangling; readlink dangling; cat dangling; echo "status $?"; readlink -f sl | sed 's|.*/||'; realpath sl | sed 's|.*/||'`, 0},
	{"ls-tree", `mkdir -p t/sub; echo 12345 > t/f; chmod 600 t/f; ln -s f t/l; touch t/sub/e; ls t; ls -a t; ls -R t; ls -l t; ls -ld t/sub; ls -1 t | wc -l; ls t/nope; echo "status $?"`, 0},
	{"stat", `printf 12345 > f; mkdir d; chmod 751 d; ln -s f l; stat -c '%n %s %a %F %h' f d l; stat -c '%A %U %G' f; stat -L -c '%F' l; stat -c %s missing; echo "status $?"`, 0},
	{"touch-truncate", `touch a; stat -c '%s' a; echo hi > a; touch a; cat a; truncate -s 100 a; stat -c %s a; truncate -s 1 a; od -c a; touch -d '2000-01-02 03:04:05' a; date -u -r a +%Y; touch -c nope; ls nope; echo "status $?"`, 0},
	{"chmod", `touch f; chmod 644 f; stat -c %a f; chmod u+x,g-r f; stat -c %a f; chmod a=r f; stat -c '%A' f; mkdir d; chmod 0 d; stat -c %a d; chmod 755 d`, 0},
	{"find", `mkdir -p a/b/c; touch a/x.txt a/b/y.txt a/b/c/z.log; ln -s x.txt a/link; find . | sort; find . -name '*.txt' | sort; find . -type d | sort; find . -maxdepth 2 -type f | sort; find . -type l; find . -name '*.log' -exec cat {} \; ; find a -newer a/x.txt -name nothing`, 0},
	{"xargs", `seq 5 | xargs echo; seq 6 | xargs -n 2 echo; printf 'a b\nc\n' | xargs -n1 echo item; touch f1 f2; ls f* | xargs rm; ls; echo | xargs echo empty`, 0},
	{"tar-gzip", `mkdir -p src/sub; echo one > src/a; seq 500 > src/sub/b; tar czf t.tgz src; tar tzf t.tgz | sort; mkdir out; tar xzf t.tgz -C out; cmp src/sub/b out/src/sub/b && echo same; tar cf t.tar src/a; tar tvf t.tar | awk '{print $1, $3, $NF}'`, 0},
	{"gzip-zcat", `seq 1000 > f; gzip -k f; ls; gunzip -c f.gz | tail -1; zcat f.gz | wc -l; rm f; gunzip f.gz; wc -l f; echo hi | gzip | gunzip; echo garbage > bad.gz; gunzip -t bad.gz 2>/dev/null; echo "status $?"`, 0},
	{"cmp-diff", `printf 'a\nb\nc\n' > x; printf 'a\nB\nc\nd\n' > y; cmp x x && echo same; cmp x y; echo "status $?"; diff x y | tail -n +3; echo "status $?"; diff x x; echo "status $?"`, 0},
	{"compressors", `seq 2000 > f; bzip2 -k f; bzcat f.bz2 | tail -1; ls; echo f | cpio -o -H newc 2>/dev/null | cpio -t 2>/dev/null; xxd -l 16 f; crc32 f; sha512sum f | cut -c1-32`, 0},
	{"fifo-patch", `mkfifo p; (echo through-fifo > p &); cat p; printf 'a\nb\n' > o; printf 'a\nc\n' > n; diff -u o n > d; patch o < d; cat o; printf 'x\r\n' | dos2unix | od -c; printf 'ab\0cdefgh\n' | strings`, 0},
	{"du-df", `mkdir d; dd if=/dev/zero of=d/f bs=1024 count=8 2>/dev/null; du -k d/f; du -s d | awk '{print $2}'; du -a d | wc -l`, 0},
	{"mktemp-which", `f=$(mktemp /tmp/c/mktemp-which/tmp.XXXXXX); [ -f "$f" ] && echo made; which sh; which nothing; echo "status $?"`, 0},
	{"id-uname", `id -u; id -g; id; uname -s; uname -m; uname -o`, 0},
	// The shell itself.
	{"sh-pipes", `seq 10 | grep 1 | wc -l; echo abc | { read x; echo "got $x"; }; false | true; echo "status $?"; true | false; echo "status $?"`, 0},
	{"sh-redirs", `echo out > f; echo err 1>&2 2>>f; echo app >> f; cat f; cat < f | wc -l; exec 3> g; echo fd3 >&3; exec 3>&-; cat g; ls nope 2>/dev/null; echo "status $?"; cat <<EOF
here $((1+2))
EOF
cat <<'EOF'
literal $x
EOF`, 0},
	{"sh-subst", `x=$(echo inner); echo "[$x]"; y=` + "`echo back`" + `; echo $y; echo $((6*7)) $((17 % 5)) $((1<<4)); z=abc; echo ${#z} ${z#a} ${z%c} ${unset:-default}; set -- a b c; echo $# $2 "$@"`, 0},
	{"sh-loops", `for i in 1 2 3; do echo "for $i"; done; i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo "while $i"; until [ $i -eq 0 ]; do i=$((i-1)); done; echo "until $i"; for f in a b; do case $f in a) echo case-a;; *) echo case-other;; esac; done`, 0},
	{"sh-functions", `f() { echo "f got $1"; return 3; }; f one; echo "status $?"; g() { local v=local; echo $v; }; v=global; g; echo $v; h() { f "$@"; }; h two; echo "status $?"`, 0},
	{"sh-status", `sh -c 'exit 5'; echo "status $?"; (exit 7); echo "status $?"; sh -c 'kill -9 $$'; echo "status $?"; nonexistent-cmd 2>/dev/null; echo "status $?"; sh -c 'exit 3'`, 3},
	{"sh-background", `sleep 0.1 & wait $!; echo "waited $?"; (sleep 0.05; exit 4) & wait $!; echo "bg status $?"; trap 'echo trapped' USR1; kill -USR1 $$; echo after`, 0},
	{"sh-trap-exit", `trap 'echo on exit' EXIT; echo body; exit 2`, 2},
	{"sleep", `sleep 0.2; echo slept`, 0},

	// Probe programs from tests/progs: each prints its checks and PASS.
	{"c-errors", `/progs/errors`, 0},
	{"c-fileio", `/progs/fileio`, 0},
	{"c-fds", `/progs/fds`, 0},
	{"c-dirs", `/progs/dirs`, 0},
	{"c-mmap", `/progs/mmap`, 0},
	{"c-mapshared", `/progs/mapshared`, 0},
	{"c-copyrange", `/progs/copyrange`, 0},
	{"c-threads", `/progs/threads`, 0},
	{"c-signals", `/progs/signals`, 0},
	{"c-procs", `/progs/procs`, 0},
	{"c-sigtimers", `/progs/sigtimers`, 0},
	{"c-waitid", `/progs/waitid`, 0},
	{"c-jobctl", `/progs/jobctl`, 0},
	{"c-creds", `/progs/creds`, 0},
	{"c-perms", `/progs/perms`, 0},
	{"c-execthread", `/progs/execthread`, 0},
	// Many concurrent pipelines; afterwards no process, descriptor or
	// memory is left behind (MemFree back within 4 MiB).
	{"stress-pipelines", `procs() { ls -d /proc/[0-9]* | wc -l; }; mem() { awk '/^MemFree:/ {print $2}' /proc/meminfo; }
p0=$(procs); f0=$(ls /proc/self/fd | wc -l); m0=$(mem)
for r in 1 2 3 4 5 6; do
	for i in 1 2 3 4 5 6 7 8; do (seq 1 3000 | sort -rn | head -1 | tr 0 o > out$i) & done
	wait
done
cat out* | sort -u
p1=$(procs); f1=$(ls /proc/self/fd | wc -l); m1=$(mem)
echo "processes back: $((p1 == p0))"
echo "fds back: $((f1 == f0))"
[ $((m0 - m1)) -lt 4096 ] && echo "memory back"`, 0},
	{"c-misc", `/progs/misc`, 0},
	{"c-cpuid", `/progs/cpuid`, 0},
	{"c-locks", `/progs/locks`, 0},
	{"c-robust", `/progs/robust`, 0},
	{"c-pty", `/progs/pty`, 0},
	{"c-ptysh", `/progs/ptysh`, 0},
	{"devpts", `grep devpts /proc/mounts; stat -f -c '%t %T' /dev/pts; stat -c '%A %u %g %t:%T' /dev/pts/ptmx /dev/ptmx /dev/pts; ls -a /dev/pts; mkdir m; mount -t devpts -o mode=600,ptmxmode=666 devpts m; grep "$PWD/m" /proc/mounts; stat -c '%A %t:%T' m/ptmx; ls m; mount -t devpts -o bogus devpts m; echo "status $?"; umount m; echo "umount $?"`, 0},
	{"oom", `/progs/memhog; echo "memhog status $?"`, 0},
	{"go-timers", `/progs/timers`, 0},
	{"go-atomics", `/progs/atomics`, 0},
	{"go-pty", `/progs/ptygo`, 0},
	// procfs and mounts.
	{"proc-self", `readlink /proc/self/exe; cd /tmp; readlink /proc/self/cwd; readlink /proc/self/root; cd - >/dev/null; cat /proc/self/comm; cat /proc/self/cmdline | tr '\0' '|'; echo; awk '{print NF, $2, $3}' /proc/self/stat; wc -w < /proc/self/statm; cut -f1 /proc/self/status | tr '\n' ' '; echo; grep -E '^(Name|State|Umask|Uid|Gid|Threads|SigBlk):' /proc/self/status; ls /proc/self/task | wc -l; [ -d /proc/$$ ] && echo has-pid-dir; cat /proc/$$/comm`, 0},
	{"proc-fds", `ls /proc/self/fd; readlink /proc/self/fd/0; echo data > f; exec 7< f; readlink /proc/$$/fd/7; cat /proc/$$/fd/7; grep -E '^(pos|flags)' /proc/$$/fdinfo/7; exec 7<&-; echo | readlink /proc/self/fd/0 | cut -c1-6; ls -l /proc/self/fd/0 | awk '{print $1, $NF}'; rm f; exec 8> g; rm g; readlink /proc/$$/fd/8 | sed "s|$PWD/||"`, 0},
	{"proc-other", `sleep 30 & p=$!; sleep 0.1; grep -E '^(Name|State|PPid)' /proc/$p/status | sed "s/$$/PARENT/"; tr '\0' ' ' < /proc/$p/cmdline; echo; awk '{print $2, $3}' /proc/$p/stat; readlink /proc/$p/exe; busybox kill $p; wait $p; echo "status $?"; cat /proc/$p/stat 2>/dev/null; echo "gone $?"`, 0},
	{"proc-system", `cat /proc/sys/kernel/ostype /proc/sys/kernel/pid_max /proc/sys/kernel/hostname; readlink /proc/mounts; awk '{print NF}' /proc/uptime /proc/loadavg; awk -F: '{print $1}' /proc/meminfo | tr '\n' ' '; echo; awk '{print $1}' /proc/stat | tr '\n' ' '; echo; head -1 /proc/stat | awk '{print $1, NF}'; grep -E '^(processor|CPU architecture)' /proc/cpuinfo; grep -wE 'tmpfs|proc|sysfs|devtmpfs|devpts' /proc/filesystems | sort; cut -d' ' -f1,2 /proc/version; stat -f -c %T /proc; ls /proc/sys/kernel | grep -xE 'ostype|osrelease|hostname|pid_max'`, 0},
	{"ps-tools", `sleep 30 & p=$!; sleep 0.1; ps -o pid,stat,comm | awk -v p=$p '$1==p {print "found", $2, $3}'; ps | head -1; ps -o user,comm | head -1; [ "$(pidof sleep)" = "$p" ] && echo pidof-same; killall sleep; wait $p; echo "status $?"; pidof sleep; echo "status $?"; ps -o comm | grep -c '^ps$'`, 0},
	{"top-batch", `top -bn1 | head -4 | awk '{print $1}'; top -bn1 | sed -n 4p; top -bn1 | grep -c ' top -bn1$'`, 0},
	{"free-uptime", `free | awk '{print NF, $1}'; free -m | head -1; uptime | grep -c 'load average'`, 0},
	{"mount-tmpfs", `mkdir m; mount -t tmpfs -o size=1m tmpfs m; grep " $PWD/m " /proc/mounts | sed "s|$PWD|.|"; grep " $PWD/m " /proc/self/mountinfo | cut -d' ' -f4- | sed "s|$PWD|.|"; echo x > m/f; df m | tail -1 | awk '{print $2, $3, $4, $6}' | sed "s|$PWD|.|"; stat -f -c '%b %f %a %S %l %T' m; ls m; umount m; ls m; echo "left $?"; umount m; echo "status $?"`, 0},
	{"mount-errors", `mkdir m; touch file; mount -t tmpfs none file; echo "status $?"; mount -t nosuchfs none m; echo "status $?"; mount -t tmpfs -o bogus=1 none m; echo "status $?"; umount .; echo "status $?"; umount nothere; echo "status $?"; mount -t tmpfs none m; touch m/f; rmdir m; echo "status $?"; ln m/f hard; echo "status $?"; mv m ../elsewhere; echo "status $?"; cd m; umount ../m; echo "status $?"; cd ..; mkdir m/n; mount -t tmpfs none m/n; umount m; echo "status $?"; umount -l m; echo "status $?"; echo "mounts $(grep -c " $PWD/m" /proc/mounts)"`, 0},
	{"mount-remount", `mkdir m; mount -t tmpfs none m; echo a > m/a; mount -o remount,ro m; touch m/x; echo "status $?"; grep " $PWD/m " /proc/mounts | sed "s|$PWD|.|"; cat m/a; mount -o remount,rw m; touch m/x && echo writable; mount -t tmpfs -o nosuid,nodev,noexec,mode=700 none m; grep " $PWD/m " /proc/mounts | sed "s|$PWD|.|"; stat -c %a m; umount m; umount m; mkdir p; mount -t proc proc p; [ -r p/self/status ] && echo proc-mounted; stat -f -c %T p; umount p`, 0},
	{"c-mounts", `/progs/mounts`, 0},
	{"mount-cwd-chroot", `mkdir m; mount -t tmpfs none m; mkdir -p m/d/e m/bin; cp /bin/busybox m/bin/; cd m/d/e; pwd -P; readlink /proc/self/cwd | sed "s|$OLDPWD|.|"; cd ../..; /bin/busybox pwd | sed "s|$OLDPWD|.|"; cd ..; chroot m /bin/busybox pwd; chroot m /bin/busybox sh -c 'cd /d/e/../../..; /bin/busybox pwd; /bin/busybox ls /'; umount m; echo "status $?"`, 0},
	// The bench runs here only for its exit status: its numbers are
	// timings, so the line is reduced to the benchmark names.
	{"bench-runs", `/progs/bench quick | awk '{print $1, $2, $4}'`, 0},
	// Last: the fuzzer, then proof that the system still runs commands.
	{"fuzz", `/progs/sysfuzz 12345 3000; echo "fuzz status $?"; echo alive`, 0},
}
