// Parses a dataset source string and loads it. Used by the CLI and the app's Load dialog alike.
//
//   synthetic                              the embedded default, with `synthetic`'s settings
//   synthetic:items=5000,users=20000,...   the same, keys overriding: users, items, clicks, topics,
//                                          days, zipf, new_items, affinity, impressions, seed
//                                          (the fields of SyntheticConfig, named as its errors name them)
//   ml-100k:DIR                            MovieLens 100K from DIR (u.data, u.item, u.user)
//   ml-1m:DIR                              MovieLens 1M from DIR (ratings.dat, movies.dat, users.dat)
//   csv:DIR                                the generic CSV format (schema.json, ...), docs/data.md
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

// The SyntheticConfig that "synthetic" or "synthetic:key=value,..." names, starting from `base`.
SyntheticConfig parse_synthetic_source(const std::string& source, const SyntheticConfig& base = {});

}  // namespace towerlab
