package mmu

// MAIR_EL1 attribute encodings (Arm ARM, MAIR_EL1 register description).
const (
	mairDeviceNGnRE = 0x04 // 0b0000_0100
	mairNormalWB    = 0xff // Outer and Inner Write-Back Non-transient, RA, WA
	mairNormalNC    = 0x44 // Outer and Inner Non-cacheable
)

// MAIR is the MAIR_EL1 value matching MemKind: Attr<n> is bits [8n+7:8n].
const MAIR = mairDeviceNGnRE<<(8*Device) | mairNormalWB<<(8*Normal) | mairNormalNC<<(8*NonCacheable)

// TCR_EL1 fields (Arm ARM, TCR_EL1 register description).
const (
	tcrT0SZ     = 16 << 0  // T0SZ [5:0]: 64-16 = 48-bit TTBR0 region
	tcrIRGN0    = 1 << 8   // IRGN0 [9:8]: walks Inner Write-Back RA WA
	tcrORGN0    = 1 << 10  // ORGN0 [11:10]: walks Outer Write-Back RA WA
	tcrSH0      = 3 << 12  // SH0 [13:12]: walks Inner Shareable
	tcrTG0      = 0 << 14  // TG0 [15:14]: 4 KiB granule
	tcrT1SZ     = 16 << 16 // T1SZ [21:16]: a legal value, though unused
	tcrEPD1     = 1 << 23  // EPD1: no TTBR1_EL1 walks (A1 [22] = 0: ASID from TTBR0)
	tcrTG1      = 2 << 30  // TG1 [31:30]: 4 KiB (0b00 is reserved for TG1)
	tcrIPSShift = 32       // IPS [34:32]
	tcrAS       = 1 << 36  // AS: 16-bit ASIDs
)

// TCR is the TCR_EL1 value without IPS (IPS=0, 32-bit PA): everything is
// translated through TTBR0_EL1 with a 48-bit VA and 4 KiB granule. Use
// TCRFor to set IPS.
const TCR = tcrT0SZ | tcrIRGN0 | tcrORGN0 | tcrSH0 | tcrTG0 | tcrT1SZ | tcrEPD1 | tcrTG1 | tcrAS

// TCRFor returns TCR with IPS set from ID_AA64MMFR0_EL1.PARange (bits
// [3:0]; the whole register may be passed). IPS uses the PARange encoding;
// it is capped at 0b101 (48 bits), the widest output address these
// descriptors carry.
func TCRFor(parange uint64) uint64 {
	return TCR | min(parange&0xf, 5)<<tcrIPSShift
}

// TTBR returns the TTBR0_EL1 value selecting the table at rootPA (4 KiB
// aligned, below 2^48; other bits are dropped) with asid in ASID [63:48]
// (Arm ARM, TTBR0_EL1 register description; CnP [0] = 0).
func TTBR(rootPA uint64, asid uint16) uint64 {
	return rootPA&oaMask | uint64(asid)<<48
}
