#ifndef CLIBFUZZER_SHIM_H
#define CLIBFUZZER_SHIM_H
/* libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer), called from our own main:
   the package manager gives an executable the entry point of its module, not libFuzzer's. */
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
