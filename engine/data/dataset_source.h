// Parses a dataset source string and loads it. Used by the CLI and the app's Load dialog alike.
//
//   synthetic                              the embedded default, with `synthetic`'s settings
//   synthetic:items=5000,users=20000,...   the same, keys overriding: users, items, clicks, topics,
//                                          days, zipf, new_items, affinity, impressions, seed
//                                          (the fields of SyntheticConfig, named as its errors name them)
//   ml-100k:PATH                           MovieLens 100K (u.data, u.item, u.user)
//   ml-1m:PATH                             MovieLens 1M (ratings.dat, movies.dat, users.dat)
//   ml-latest:PATH                         ML-latest-small / ML-25M (movies.csv, ratings.csv)
//   csv:PATH                               the generic CSV format (schema.json, ...), docs/data.md
//   PATH                                   any of the three, told apart by the files PATH holds
//   PATH is a folder or a zip archive of it (GroupLens' ml-100k.zip as downloaded): data_files.h
//
// A malformed source throws Error naming the bad key ("field 'items': expected an integer ...").
#pragma once

#include <string>

#include "data/dataset.h"
#include "data/movielens_loader.h"
#include "data/synthetic_dataset.h"

namespace towerlab {

Dataset load_dataset(const std::string& source, const SyntheticConfig& synthetic = {},
                     const MovieLensOptions& movielens = {});

// "ml-100k", "ml-1m", "ml-latest" or "csv" from the files a folder or zip holds; throws Error naming the path and
// the files it looked for when none matches.
std::string detect_dataset_format(const std::string& path);

// The SyntheticConfig that "synthetic" or "synthetic:key=value,..." names, starting from `base`.
SyntheticConfig parse_synthetic_source(const std::string& source, const SyntheticConfig& base = {});

}  // namespace towerlab
