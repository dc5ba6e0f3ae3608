// Command atomics is a tamix probe program built as a static Linux/arm64
// Go binary: sync/atomic counters and compare-and-swap under contention
// across OS threads, select over several channels with a default case,
// and context deadlines and cancellation. Output is deterministic: one
// "name: ok" line per check, then PASS or FAIL.
package main

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tamix/tamix/tests/progs/go/probe"
)

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
	probe.Check("atomic Add counter", n.Load() == 80000, n.Load())
	probe.Check("CompareAndSwap counter", cas.Load() == 80000, cas.Load())

	var v atomic.Value
	v.Store("first")
	old := v.Swap("second")
	probe.Check("atomic.Value Swap", old == "first" && v.Load() == "second")
	var p atomic.Pointer[int]
	x := 42
	probe.Check("Pointer CAS from nil", p.CompareAndSwap(nil, &x) && *p.Load() == 42)
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
	probe.Check("select received from both", na == 50 && nb == 50, na, nb)

	c := make(chan int)
	select {
	case <-c:
		probe.Check("select default", false)
	default:
		probe.Check("select default", true)
	}
	var nilch chan int
	select {
	case <-nilch:
		probe.Check("nil channel never ready", false)
	case <-time.After(10 * time.Millisecond):
		probe.Check("nil channel never ready", true)
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
	probe.Check("WithTimeout expired", errors.Is(ctx.Err(), context.DeadlineExceeded), ctx.Err())
	probe.Check("deadline waited", d >= 20*time.Millisecond && d < 5*time.Second, d)

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
	probe.Check("cancel reached all workers", stopped.Load() == 4, stopped.Load())
	probe.Check("child sees Canceled", errors.Is(child.Err(), context.Canceled), child.Err())

	ctx2, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	probe.Check("past deadline already done", ctx2.Err() == context.DeadlineExceeded)
}

func main() {
	runtime.GOMAXPROCS(4)
	atomics()
	selects()
	contexts()
	probe.Done()
}
