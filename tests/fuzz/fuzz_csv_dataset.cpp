// CSV folder with schema.json. Input: schema.json \0 items.csv \0 interactions.csv \0 users.csv
// (see fuzz_harnesses.h; without the last part there is no users.csv). A load that succeeds is
// split as every front end does next.
#include "core/error.h"
#include "data/csv_loader.h"
#include "data/split.h"
#include "fuzz_harnesses.h"

namespace towerlab::fuzz {

int csv_dataset(const uint8_t* data, size_t size) {
    const ScratchDir& dir = ScratchDir::get();
    dir.write_parts({"schema.json", "items.csv", "interactions.csv", "users.csv"}, split_parts(data, size, 4));
    try {
        const Dataset d = load_csv_dataset(dir.path());
        check_dataset(d);
        make_split(d, SplitConfig{});
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace towerlab::fuzz
