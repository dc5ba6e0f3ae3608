// Command timers is a tamix probe program built as a static Linux/arm64
// Go binary: goroutines and channels, time.Sleep/time.After/tickers,
// runtime.GC, work spread over several OS threads (GOMAXPROCS 4 and
// goroutines pinned with runtime.LockOSThread, each reporting a distinct
// thread id from gettid(2)), and file I/O in /tmp. Output is
// deterministic: one "name: ok" line per check, then PASS or FAIL.
package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/tamix/tamix/tests/progs/go/probe"
)

func channels() {
	// A pipeline of three stages; the sum arrives in order.
	src := make(chan int)
	sq := make(chan int, 4)
	go func() {
		for i := 1; i <= 100; i++ {
			src <- i
		}
		close(src)
	}()
	go func() {
		for v := range src {
			sq <- v * v
		}
		close(sq)
	}()
	sum := 0
	for v := range sq {
		sum += v
	}
	probe.Check("pipeline sum of squares", sum == 338350, sum)

	var wg sync.WaitGroup
	results := make([]int, 32)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			for j := 0; j < 10000; j++ {
				n += j % (i + 1)
			}
			results[i] = n
		}()
	}
	wg.Wait()
	probe.Check("32 goroutines finished", results[31] > 0 && results[0] == 0)
}

func timers() {
	t0 := time.Now()
	time.Sleep(30 * time.Millisecond)
	d := time.Since(t0)
	probe.Check("time.Sleep 30ms", d >= 30*time.Millisecond && d < 5*time.Second, d)

	select {
	case <-time.After(20 * time.Millisecond):
		probe.Check("time.After fired", true)
	case <-time.After(10 * time.Second):
		probe.Check("time.After fired", false, "timed out")
	}

	tk := time.NewTicker(10 * time.Millisecond)
	t0 = time.Now()
	for i := 0; i < 5; i++ {
		<-tk.C
	}
	tk.Stop()
	d = time.Since(t0)
	probe.Check("ticker 5 ticks", d >= 40*time.Millisecond && d < 5*time.Second, d)

	tm := time.NewTimer(time.Hour)
	probe.Check("timer stopped before firing", tm.Stop())
	fired := make(chan bool, 1)
	time.AfterFunc(5*time.Millisecond, func() { fired <- true })
	probe.Check("AfterFunc ran", <-fired)
}

func gc() {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	keep := make([][]byte, 0, 64)
	for i := 0; i < 2000; i++ {
		b := make([]byte, 64<<10)
		if i%100 == 0 {
			keep = append(keep, b)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	probe.Check("runtime.GC ran", after.NumGC > before.NumGC)
	probe.Check("live data kept", len(keep) == 20 && len(keep[19]) == 64<<10)
}

func threads() {
	prev := runtime.GOMAXPROCS(4)
	probe.Check("GOMAXPROCS set", runtime.GOMAXPROCS(0) == 4, prev)
	const n = 4
	tids := make(chan int, n)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			tids <- syscall.Gettid()
			// Hold the thread until every goroutine has reported, so
			// each is on its own OS thread.
			<-release
			x := 0
			for j := 0; j < 1000000; j++ {
				x += j
			}
			_ = x
		}()
	}
	seen := map[int]bool{}
	for i := 0; i < n; i++ {
		seen[<-tids] = true
	}
	close(release)
	wg.Wait()
	probe.Check("locked goroutines on distinct threads", len(seen) == n, len(seen))
}

func files() {
	dir, err := os.MkdirTemp("/tmp", "gotimers")
	probe.Check("MkdirTemp", err == nil, err)
	p := dir + "/a.txt"
	data := bytes.Repeat([]byte("tamix\n"), 1000)
	probe.Check("WriteFile", os.WriteFile(p, data, 0o644) == nil)
	got, err := os.ReadFile(p)
	probe.Check("ReadFile round trip", err == nil && bytes.Equal(got, data), err)
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		f.WriteString("end\n")
		f.Close()
	}
	st, err := os.Stat(p)
	probe.Check("size after append", err == nil && st.Size() == 6004, st)
	probe.Check("Rename", os.Rename(p, dir+"/b.txt") == nil)
	_, err = os.Stat(p)
	probe.Check("old name gone", errors.Is(err, fs.ErrNotExist), err)
	ents, err := os.ReadDir(dir)
	probe.Check("ReadDir", err == nil && len(ents) == 1 && ents[0].Name() == "b.txt", ents)
	probe.Check("Remove", os.Remove(dir+"/b.txt") == nil)
	probe.Check("RemoveAll", os.RemoveAll(dir) == nil)
	_, err = os.Stat(dir)
	probe.Check("dir gone", errors.Is(err, fs.ErrNotExist), err)
}

func main() {
	channels()
	timers()
	gc()
	threads()
	files()
	probe.Done()
}
