// libFuzzer harnesses for every loader: MovieLens 100K and 1M, CSV + schema.json, embedding import
// and the checkpoint reader (scripts/fuzz.sh builds and runs them; docs/reliability.md has figures).
//
// Each harness is a plain function so that two programs can call it:
//   - the fuzzer binaries, whose LLVMFuzzerTestOneInput (fuzz_entry.cpp) forwards to one of them,
//   - the normal test suite (tests/engine/test_fuzz_corpus.cpp), which replays every file of
//     tests/fuzz/corpus/<harness>/ through the same function, so found crashes stay fixed.
//
// The loaders read files, so a harness writes the input into a scratch folder and loads that.
// One input holds several files cut at NUL bytes (text files never contain NUL; the loaders refuse
// it): "part0 \0 part1 \0 part2". A part that the input does not reach is not written at all (a
// missing file); a NUL after the last expected cut stays in the last part. The per-harness layout
// (which part is which file, and any leading option byte) is documented in each harness's source.
//
// A towerlab::Error is the expected answer to bad input and is swallowed. Anything else, a crash,
// an ASan/UBSan report, another exception type, a hang or an out-of-memory, is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace towerlab {
struct Dataset;
}

namespace towerlab::fuzz {

int movielens_100k(const uint8_t* data, size_t size);
int movielens_1m(const uint8_t* data, size_t size);
int csv_dataset(const uint8_t* data, size_t size);
int embedding_import(const uint8_t* data, size_t size);
int checkpoint(const uint8_t* data, size_t size);

// What every loaded dataset must satisfy: clicks point at existing rows, titles and cold flags
// match the item count. A violation aborts (a finding), it is not an Error.
void check_dataset(const Dataset& d);

// The input cut at the first `max_parts - 1` NUL bytes into at most `max_parts` parts.
std::vector<std::string_view> split_parts(const uint8_t* data, size_t size, size_t max_parts);

// A scratch folder made once per process; write() replaces a file in it, clear() empties it.
class ScratchDir {
public:
    static ScratchDir& get();
    const std::string& path() const { return path_; }
    std::string write(const std::string& name, std::string_view bytes) const;
    // Writes parts[k] as names[k] for every part present, after removing all previous files.
    void write_parts(const std::vector<std::string>& names, const std::vector<std::string_view>& parts) const;
    void clear() const;
    ~ScratchDir();

private:
    ScratchDir();
    std::string path_;
};

}  // namespace towerlab::fuzz
