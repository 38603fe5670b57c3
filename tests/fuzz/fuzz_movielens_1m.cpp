// MovieLens 1M folder. Input: movies.dat \0 users.dat \0 ratings.dat (see fuzz_harnesses.h). A
// load that succeeds is split as every front end does next.
#include "core/error.h"
#include "data/movielens_loader.h"
#include "data/split.h"
#include "fuzz_harnesses.h"

namespace towerlab::fuzz {

int movielens_1m(const uint8_t* data, size_t size) {
    const ScratchDir& dir = ScratchDir::get();
    dir.write_parts({"movies.dat", "users.dat", "ratings.dat"}, split_parts(data, size, 3));
    try {
        const Dataset d = load_movielens_1m(dir.path());
        check_dataset(d);
        make_split(d, SplitConfig{});
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace towerlab::fuzz
