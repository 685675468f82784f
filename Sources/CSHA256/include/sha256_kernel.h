#ifndef AUDIOEDITION_SHA256_KERNEL_H
#define AUDIOEDITION_SHA256_KERNEL_H
#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SHA extensions (and SSE4.1) the hardware block function needs.
int sha256_kernel_has_hardware(void);

/// The SHA-256 compression function over `blocks` 64-byte blocks. `hardware` non-zero uses
/// the CPU's SHA instructions, and is honoured only where sha256_kernel_has_hardware() is 1.
void sha256_kernel_compress(uint32_t state[8], const uint8_t *data, size_t blocks, int hardware);

#endif
