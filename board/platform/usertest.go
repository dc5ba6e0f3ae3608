//go:build tamago

package platform

import (
	"encoding/binary"
	"fmt"
	"runtime"

	"github.com/tamix/tamix/soc/arm64"
	"github.com/tamix/tamix/soc/arm64/mmu"
	"github.com/tamix/tamix/soc/arm64/uctx"
)

// userProgram is a tiny EL0 program: write(1, msg, 14); 1000 × getpid();
// exit(42). Encodings checked with x/arch's disassembler.
var userProgram = []uint32{
	0xd2800808, // mov x8, #64 (write)
	0xd2800020, // mov x0, #1
	0x10000161, // adr x1, msg
	0xd28001c2, // mov x2, #14
	0xd4000001, // svc #0
	0xd2807d09, // mov x9, #1000
	0xd2801588, // loop: mov x8, #172 (getpid)
	0xd4000001, // svc #0
	0xf1000529, // subs x9, x9, #1
	0x54ffffa1, // b.ne loop
	0xd2800ba8, // mov x8, #93 (exit)
	0xd2800540, // mov x0, #42
	0xd4000001, // svc #0
}

const userMessage = "hello from EL0"

// userSelfTest runs userProgram in its own address space (ASID 1) with
// the kernel window shared, serving its three system calls here: the
// EL0 round trip the task layer will build on.
func (p *Platform) userSelfTest() error {
	tm := &arm64.TableMemory{AllocFrame: p.pool.Alloc, FreeFrame: p.pool.Free}
	t, err := mmu.New(tm)
	if err != nil {
		return err
	}
	defer t.Release()
	defer arm64.UseKernelTable()
	for _, i := range []int{2, 3} {
		if err := t.ShareL1(arm64.KernelTable, i); err != nil {
			return err
		}
	}
	const codeVA, stackVA = 0x40_0000, 0x7fff_f000
	code, err := p.pool.Alloc()
	if err != nil {
		return err
	}
	defer p.pool.Free(code)
	stack, err := p.pool.Alloc()
	if err != nil {
		return err
	}
	defer p.pool.Free(stack)
	text := arm64.PhysBytes(code, 4096)
	clear(text)
	for i, w := range userProgram {
		binary.LittleEndian.PutUint32(text[4*i:], w)
	}
	copy(text[4*len(userProgram):], userMessage)
	va, _ := arm64.PhysToVirt(code)
	arm64.SyncICache(uint64(va), 4096)

	rx := mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true}, User: mmu.Perm{Read: true, Exec: true}}
	rw := mmu.Attr{Kind: mmu.Normal, Kernel: mmu.Perm{Read: true, Write: true}, User: mmu.Perm{Read: true, Write: true}}
	if err := t.Map(codeVA, code, 4096, rx); err != nil {
		return err
	}
	if err := t.Map(stackVA, stack, 4096, rw); err != nil {
		return err
	}
	defer arm64.FlushTLB()

	ctx := &uctx.Context{PC: codeVA, SP: stackVA + 4096, PSTATE: uctx.PSTATEUser}
	ttbr := mmu.TTBR(t.Root, 1)
	var calls int
	var t0, t1 int64
	for {
		switch arm64.RunUser(ctx, ttbr) {
		case arm64.TrapIRQ:
			runtime.Gosched()
			continue
		case arm64.TrapSError:
			return fmt.Errorf("SError at pc %#x", ctx.PC)
		}
		if ec := ctx.ESR >> 26; ec != 0x15 {
			return fmt.Errorf("trap ESR %#x at pc %#x, far %#x", ctx.ESR, ctx.PC, ctx.FAR)
		}
		calls++
		switch nr := ctx.X[8]; nr {
		case 64: // write
			pa, _, _, ok := t.Lookup(ctx.X[1])
			if !ok {
				return fmt.Errorf("write: bad buffer %#x", ctx.X[1])
			}
			msg := arm64.PhysBytes(pa, ctx.X[2])
			fmt.Fprintf(&p.uart, "user: write(%d, %q)\n", ctx.X[0], msg)
			ctx.X[0] = ctx.X[2]
			t0 = arm64.Nanotime()
		case 172: // getpid
			ctx.X[0] = 1
		case 93: // exit
			t1 = arm64.Nanotime()
			fmt.Fprintf(&p.uart, "user: exit(%d) after %d system calls; 1000 getpid round trips took %d us (%d ns each)\n",
				ctx.X[0], calls, (t1-t0)/1000, (t1-t0)/1000)
			return nil
		default:
			return fmt.Errorf("unexpected system call %d", nr)
		}
	}
}
