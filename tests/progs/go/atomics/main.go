// Command atomics is a tamix probe program built as a static Linux/arm64
// Go binary: sync/atomic counters and compare-and-swap under contention
// across OS threads, select over several channels with a default case,
// and context deadlines and cancellation. Output is deterministic: one
// "name: ok" line per check, then PASS or FAIL.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var failed bool

func check(name string, ok bool, detail ...any) {
	if ok {
		fmt.Printf("%s: ok\n", name)
		return
	}
	failed = true
	fmt.Printf("%s: FAIL %v\n", name, fmt.Sprint(detail...))
}

func atomics() {
	var n atomic.Int64
	var cas atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10000; j++ {
				n.Add(1)
				for {
					v := cas.Load()
					if cas.CompareAndSwap(v, v+1) {
						break
					}
				}
				if j%1000 == 0 {
					runtime.Gosched()
				}
			}
		}()
	}
	wg.Wait()
	check("atomic Add counter", n.Load() == 80000, n.Load())
	check("CompareAndSwap counter", cas.Load() == 80000, cas.Load())

	var v atomic.Value
	v.Store("first")
	old := v.Swap("second")
	check("atomic.Value Swap", old == "first" && v.Load() == "second")
	var p atomic.Pointer[int]
	x := 42
	check("Pointer CAS from nil", p.CompareAndSwap(nil, &x) && *p.Load() == 42)
}

func selects() {
	a, b := make(chan int), make(chan int)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 50; i++ {
			a <- i
		}
		close(done)
	}()
	go func() {
		for i := 0; i < 50; i++ {
			b <- i
		}
	}()
	var na, nb int
	for na+nb < 100 {
		select {
		case <-a:
			na++
		case <-b:
			nb++
		}
	}
	<-done
	check("select received from both", na == 50 && nb == 50, na, nb)

	c := make(chan int)
	select {
	case <-c:
		check("select default", false)
	default:
		check("select default", true)
	}
	var nilch chan int
	select {
	case <-nilch:
		check("nil channel never ready", false)
	case <-time.After(10 * time.Millisecond):
		check("nil channel never ready", true)
	}
}

func contexts() {
	t0 := time.Now() // before the deadline is set: it counts from WithTimeout
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
	}
	d := time.Since(t0)
	check("WithTimeout expired", errors.Is(ctx.Err(), context.DeadlineExceeded), ctx.Err())
	check("deadline waited", d >= 20*time.Millisecond && d < 5*time.Second, d)

	parent, pcancel := context.WithCancel(context.Background())
	child, ccancel := context.WithTimeout(parent, time.Hour)
	defer ccancel()
	var wg sync.WaitGroup
	var stopped atomic.Int32
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk := time.NewTicker(time.Millisecond)
			defer tk.Stop()
			for {
				select {
				case <-child.Done():
					stopped.Add(1)
					return
				case <-tk.C:
				}
			}
		}()
	}
	time.Sleep(10 * time.Millisecond)
	pcancel()
	wg.Wait()
	check("cancel reached all workers", stopped.Load() == 4, stopped.Load())
	check("child sees Canceled", errors.Is(child.Err(), context.Canceled), child.Err())

	ctx2, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	check("past deadline already done", ctx2.Err() == context.DeadlineExceeded)
}

func main() {
	runtime.GOMAXPROCS(4)
	atomics()
	selects()
	contexts()
	if failed {
		fmt.Println("FAIL")
		os.Exit(1)
	}
	fmt.Println("PASS")
}
