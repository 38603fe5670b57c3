// MovieLens 100K and 1M loaders, following GroupLens' documented formats (docs/data.md).
//
//   100K: u.data  user id \t item id \t rating \t timestamp
//         u.item  movie id | movie title | release date | video release date | IMDb URL | 19 genre
//                 flags (unknown, Action, ..., Western), Latin-1
//         u.user  user id | age | gender | occupation | zip code
//   latest (ML-latest-small, ML-25M): movies.csv movieId,title,genres; ratings.csv
//         userId,movieId,rating,timestamp (half stars); no user file
//   1M:   ratings.dat  UserID::MovieID::Rating::Timestamp
//         movies.dat   MovieID::Title (Year)::Genre|Genre, Latin-1
//         users.dat    UserID::Gender::Age::Occupation::Zip-code
//
// What the model sees
//   positives     ratings >= positive_threshold, as clicks with their timestamps
//   item fields   item_id (Id), genres (18 values, multi-valued; GroupLens' "unknown" = missing),
//                 year (Bucketized: <1950, 1950s, 1960s, 1970s, 1980s, 1990-94, 1995-97, >=1998;
//                 100K from the release date, else the title's "(Year)"), audience_gender
//                 (Bucketized share of female raters: <0.2, 0.2-0.4, 0.4-0.6, 0.6-0.8, >=0.8)
//   user fields   user_id (Id), gender (male, female), age (Bucketized with 1M's groups: <18,
//                 18-24, 25-34, 35-44, 45-49, 50-55, 56+; 100K's ages in years fall into the same),
//                 occupation (21 values of each set's own list)
//   rows          raw ids become dense rows in file order; the raw id is the Id field's value name
//                 (FieldSpec::value_names), titles (Latin-1 converted to UTF-8) are item_titles
//
// Cold items and leakage (MODELING.md, "Evaluation hygiene")
//   A static dataset has no new items, so the loader makes them: round(cold_item_share * n) of the
//   n items that have a positive, drawn with `seed`, are marked in Dataset::item_is_new; the split
//   then removes every interaction with them from training.
//   audience_gender is a statistic of clicks, so it is computed from TRAINING positives only:
//     - a cold item's ratings are excluded; its audience_gender is missing (0),
//     - each user's leave-last-out test click is excluded: the user's last positive in time, ties
//       broken by the later line in the ratings file, when the user has at least two positives
//       (exactly the click make_split() holds out, see split.h),
//     - an item with fewer than min_audience_raters remaining positives gets missing (0): a share
//       of one or two raters is noise.
//   share = female raters / raters among those positives.
//
// Any malformed input (missing or empty file, a folder given for a file, a wrong separator, a short
// line, a non-numeric or out-of-range value, an id not in the item or user file, a duplicate id, an
// over-long line) throws Error naming file, line and field; nothing partial is returned.
#pragma once

#include <cstdint>
#include <string>

#include "data/dataset.h"

namespace towerlab {

struct MovieLensOptions {
    int positive_threshold = 4;     // rating >= this is a positive (ratings are 1..5)
    double cold_item_share = 0.1;   // share of items with positives held out as cold, in [0, 0.9)
    uint64_t seed = 7;              // draws the cold items
    int min_audience_raters = 5;    // fewer training positives than this: audience_gender missing

    void validate() const;          // throws Error naming the field
};

Dataset load_movielens_100k(const std::string& dir, const MovieLensOptions& options = {});
Dataset load_movielens_1m(const std::string& dir, const MovieLensOptions& options = {});
// ML-latest-small / ML-25M (movies.csv, ratings.csv): item_id, genres (19, with IMAX), year from the
// title; users have only their id (no user file); a rating of positive_threshold stars or more
// (half stars allowed) is a positive. tags.csv and links.csv are not read.
Dataset load_movielens_latest(const std::string& dir, const MovieLensOptions& options = {});

}  // namespace towerlab
