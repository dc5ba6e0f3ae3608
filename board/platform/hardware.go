//go:build tamago

package platform

import (
	"sync"

	"github.com/tamix/tamix/kernel/mm"
	"github.com/tamix/tamix/kernel/task"
	"github.com/tamix/tamix/soc/arm64"
	"github.com/tamix/tamix/soc/arm64/cpufeature"
	"github.com/tamix/tamix/soc/arm64/uctx"
)

// The platform is the task layer's Hardware: the EL0 switch, user memory
// from the frame pool, the clocks, the CPU's features.

// userPhys gives the address spaces frames of the pool, through the
// linear map.
type userPhys struct {
	pool interface {
		Alloc() (uint64, error)
		Free(uint64)
	}
}

func (u userPhys) Alloc() (uint64, error) {
	pa, err := u.pool.Alloc()
	if err != nil {
		return 0, err
	}
	clear(arm64.PhysBytes(pa, mm.PageSize))
	return pa, nil
}

func (u userPhys) Free(pa uint64)         { u.pool.Free(pa) }
func (u userPhys) Bytes(pa uint64) []byte { return arm64.PhysBytes(pa, mm.PageSize) }

var (
	memOnce   sync.Once
	memConfig *mm.Config
	cpuRegs   cpufeature.Regs
)

// Memory implements task.Hardware.
func (p *Platform) Memory() *mm.Config {
	memOnce.Do(func() {
		memConfig = &mm.Config{
			Phys:      userPhys{p.pool},
			Tables:    &arm64.TableMemory{AllocFrame: p.pool.Alloc, FreeFrame: p.pool.Free},
			Window:    arm64.KernelTable,
			Flush:     arm64.FlushTLBPage,
			FlushASID: arm64.FlushTLBASID,
			Detach:    arm64.UseKernelTable,
			SyncICache: func(pa uint64) {
				va, _ := arm64.PhysToVirt(pa)
				arm64.SyncICache(uint64(va), mm.PageSize)
			},
		}
		cpuRegs = cpufeature.Regs{
			MIDR: arm64.MIDR(), PFR0: arm64.IDAA64PFR0(), PFR1: arm64.IDAA64PFR1(),
			ISAR0: arm64.IDAA64ISAR0(), ISAR1: arm64.IDAA64ISAR1(),
			MMFR0: arm64.IDAA64MMFR0(), MMFR1: arm64.IDAA64MMFR1(), MMFR2: arm64.IDAA64MMFR2(),
			DFR0: arm64.IDAA64DFR0(),
		}
	})
	return memConfig
}

// RunUser implements task.Hardware.
func (p *Platform) RunUser(ctx *uctx.Context, ttbr uint64) task.Trap {
	switch arm64.RunUser(ctx, ttbr) {
	case arm64.TrapIRQ:
		return task.TrapIRQ
	case arm64.TrapSError:
		return task.TrapSError
	}
	return task.TrapSync
}

// Monotonic implements task.Hardware.
func (p *Platform) Monotonic() int64 { return arm64.Nanotime() }

var (
	wallOnce sync.Once
	wallBase int64 // Realtime - Monotonic
)

// Realtime implements task.Hardware: the board clock read once at first
// use, advanced by the generic timer.
func (p *Platform) Realtime() int64 {
	wallOnce.Do(func() { wallBase = p.Wallclock()*1e9 - arm64.Nanotime() })
	return wallBase + arm64.Nanotime()
}

// IDRegister implements task.Hardware.
func (p *Platform) IDRegister(op0, op1, crn, crm, op2 uint32) (uint64, bool) {
	p.Memory()
	return cpuRegs.UserRegister(crm, op2)
}

// HWCap implements task.Hardware.
func (p *Platform) HWCap() (uint64, uint64) {
	p.Memory()
	return cpuRegs.HWCap()
}

// MemInfo implements task.Hardware: the frame pool's size and what is free.
func (p *Platform) MemInfo() (total, free uint64) {
	return p.pool.Total(), p.pool.Total() - p.pool.Used()
}

// Initramfs implements boot.Userland: the image the loader left at
// /chosen linux,initrd-start, which the frame pool keeps reserved.
func (p *Platform) Initramfs() []byte {
	if p.info.Initrd == nil {
		return nil
	}
	return arm64.PhysBytes(p.info.Initrd.Base, p.info.Initrd.Size)
}
