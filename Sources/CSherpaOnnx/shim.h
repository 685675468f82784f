#ifndef CSHERPAONNX_SHIM_H
#define CSHERPAONNX_SHIM_H
#include <sherpa-onnx/c-api/c-api.h>
#endif
