// Offsets of uctx.Context's fields (soc/arm64/uctx; TestLayout checks them).
#define UCTX_SP     248
#define UCTX_PC     256
#define UCTX_PSTATE 264
#define UCTX_TPIDR  272
#define UCTX_FPSR   280
#define UCTX_FPCR   288
#define UCTX_V      304
#define UCTX_ESR    816
#define UCTX_FAR    824
