// The generic CSV format for bringing one's own data (docs/data.md has the full reference, README.md
// a summary, tests/data/csv_example/ a small complete folder).
//
// A folder with
//   schema.json        which column is what (below)
//   interactions.csv   one row per interaction: user, item, optional timestamp, optional label
//   items.csv          one row per item: its id and feature columns
//   users.csv          optional, one row per user; without it users have only their ID
// Every CSV file starts with a header row naming its columns; columns the schema does not name are
// ignored. Values are separated by `delimiter` (default ","); a value may be quoted ("a, b" and ""
// for a quote) but may not span lines. Text is UTF-8.
//
//   {
//     "delimiter": ",",
//     "interactions": {"user": "user_id", "item": "item_id", "timestamp": "ts",
//                      "label": "rating", "positive_threshold": 4},
//     "items": {"columns": [
//       {"name": "item_id", "kind": "id"},
//       {"name": "title",   "kind": "title"},
//       {"name": "genres",  "kind": "multi_categorical", "separator": "|"},
//       {"name": "studio",  "kind": "categorical"},
//       {"name": "year",    "kind": "bucketized", "edges": [1980, 1990, 2000]},
//       {"name": "price",   "kind": "numeric", "normalize": "log1p", "binning": "quantile", "buckets": 4},
//       {"name": "is_new",  "kind": "cold"}]},
//     "users": {"columns": [{"name": "user_id", "kind": "id"}, {"name": "country", "kind": "categorical"}]}
//   }
//
// Column kinds: id (exactly one per table), categorical, multi_categorical (with "separator"),
// bucketized (fixed "edges" on the raw value), numeric ("normalize": none | zscore | minmax | log1p,
// then "edges" in normalised units or "buckets" with "binning": quantile | uniform, computed over the
// table's rows), title (items: display name), cold (items: 1 marks a new item with no training
// clicks; without it the split holds out a seeded share). An empty cell is the field's "missing"
// value. Without "label" every interaction is a positive; without "timestamp" the row order is the
// time order. Each section may name its "file" (defaults: interactions.csv, items.csv, users.csv).
//
// Any malformed input throws Error naming file, line and field (a schema key such as
// "items.columns[2].edges" for schema.json); nothing partial is returned.
#pragma once

#include <string>

#include "data/dataset.h"

namespace towerlab {

Dataset load_csv_dataset(const std::string& dir);

}  // namespace towerlab
