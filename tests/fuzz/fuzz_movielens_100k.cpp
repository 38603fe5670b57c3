// MovieLens 100K folder. Input: u.item \0 u.user \0 u.data (see fuzz_harnesses.h). A load that
// succeeds is split as every front end does next.
#include "core/error.h"
#include "data/movielens_loader.h"
#include "data/split.h"
#include "fuzz_harnesses.h"

namespace towerlab::fuzz {

int movielens_100k(const uint8_t* data, size_t size) {
    const ScratchDir& dir = ScratchDir::get();
    dir.write_parts({"u.item", "u.user", "u.data"}, split_parts(data, size, 3));
    try {
        const Dataset d = load_movielens_100k(dir.path());
        check_dataset(d);
        make_split(d, SplitConfig{});
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace towerlab::fuzz
