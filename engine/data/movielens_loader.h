// MovieLens 100K and 1M loaders, following GroupLens' documented formats.
//   100K: u.data (user \t item \t rating \t timestamp), u.item (| separated, 19 genre flags,
//         Latin-1), u.user (id|age|gender|occupation|zip).
//   1M:   ratings.dat (UserID::MovieID::Rating::Timestamp), movies.dat (MovieID::Title (Year)::
//         Genre|Genre, Latin-1), users.dat (UserID::Gender::Age::Occupation::Zip-code).
// Positives are ratings >= positive_threshold. Item fields: ID, genres (multi-valued), release-year
// bucket, audience gender (share of female raters among positive training raters, bucketed).
// User fields: ID, gender, age, occupation. Any malformed line throws Error naming file, line and
// field; nothing partial is returned.
#pragma once

#include <string>

#include "data/dataset.h"

namespace towerlab {

struct MovieLensOptions {
    int positive_threshold = 4;
};

Dataset load_movielens_100k(const std::string& dir, const MovieLensOptions& options = {});
Dataset load_movielens_1m(const std::string& dir, const MovieLensOptions& options = {});

}  // namespace towerlab
