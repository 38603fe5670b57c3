// The libFuzzer entry point of one fuzzer binary: TOWERLAB_FUZZ_TARGET names the harness
// function (tests/fuzz/CMakeLists.txt builds one binary per harness).
#include "fuzz_harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return towerlab::fuzz::TOWERLAB_FUZZ_TARGET(data, size);
}
