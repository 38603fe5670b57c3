// Checkpoint reader. Input: one mode byte, then bytes.
//   mode bit 1 clear: the bytes are the whole file, as found on disk (a random file is refused at
//                     the magic, the version, the sizes or the checksum).
//   mode bit 1 set:   the bytes are the payload (the sections); the harness puts a valid 32-byte
//                     header with the right size and FNV-1a checksum in front, so the fuzzer
//                     reaches the section parser, the JSON sections and the tower blocks.
#include <cstring>

#include "checkpoint/checkpoint.h"
#include "core/error.h"
#include "fuzz_harnesses.h"

namespace towerlab::fuzz {

int checkpoint(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    std::string file;
    const char* bytes = reinterpret_cast<const char*>(data + 1);
    const size_t n = size - 1;
    if (data[0] & 1) {
        uint64_t h = 1469598103934665603ull;  // FNV-1a-64, as the writer computes it
        for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 1099511628211ull;
        char header[32] = {'T', 'W', 'R', 'L', 'C', 'K', 'P', 'T'};
        const uint32_t version = kCheckpointVersion, header_size = 32;
        const uint64_t payload = n;
        std::memcpy(header + 8, &version, 4);
        std::memcpy(header + 12, &header_size, 4);
        std::memcpy(header + 16, &payload, 8);
        std::memcpy(header + 24, &h, 8);
        file.assign(header, 32);
    }
    file.append(bytes, n);
    const ScratchDir& dir = ScratchDir::get();
    dir.clear();
    const std::string path = dir.write("model.twrl", file);
    try {
        load_checkpoint(path);
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace towerlab::fuzz
