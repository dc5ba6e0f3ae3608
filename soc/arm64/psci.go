//go:build tamago

package arm64

// PSCI function identifiers (ARM DEN 0022, Power State Coordination
// Interface, §5.1).
const (
	psciSystemOff   = 0x84000008
	psciSystemReset = 0x84000009
)

// PSCI calls firmware through the conduit the device tree names in
// /psci "method": "hvc" or "smc".
type PSCI struct {
	SMC bool
}

func (p PSCI) call(fn uint64) uint64 {
	if p.SMC {
		return smc(fn, 0, 0, 0)
	}
	return hvc(fn, 0, 0, 0)
}

// SystemOff powers the machine off (PSCI SYSTEM_OFF); it returns only if
// the firmware refused.
func (p PSCI) SystemOff() { p.call(psciSystemOff) }

// SystemReset resets the machine (PSCI SYSTEM_RESET); it returns only if
// the firmware refused.
func (p PSCI) SystemReset() { p.call(psciSystemReset) }
