/* libonnxruntime.so for sherpa-onnx-core 2.0.1, forwarding to ONNX Runtime 1.32.
 *
 * The sherpa-onnx-core wheel bundles ONNX Runtime 1.28.2, and its C API library asks for
 * one symbol of it, OrtGetApiBase, at version VERS_1.28.2. Everything else goes through
 * the versioned C API table that symbol returns, which newer runtimes keep compatible.
 * PyPI's onnxruntime 1.32 loads the Piper voice in 0.22 s against 0.66 s and runs it
 * 9% faster on one thread (0.266 against 0.290 s a call, same input, same harness), so
 * .ci/install-neural installs it beside this file, which gives sherpa-onnx the symbol it
 * links against and hands over 1.32's table.
 *
 * Built by .ci/install-neural with -DONNXRUNTIME_PATH="...", the full path of the runtime.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef const void *(*ApiBaseFunction)(void);

static ApiBaseFunction runtime;
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static void load(void) {
  void *library = dlopen(ONNXRUNTIME_PATH, RTLD_NOW | RTLD_LOCAL);
  if (library) runtime = (ApiBaseFunction)dlsym(library, "OrtGetApiBase");
  if (!runtime) {
    fprintf(stderr, "ONNX Runtime could not be loaded from %s: %s (run .ci/install-neural)\n", ONNXRUNTIME_PATH,
            dlerror());
    abort();
  }
}

const void *OrtGetApiBase(void) {
  pthread_once(&loaded, load);
  return runtime();
}
