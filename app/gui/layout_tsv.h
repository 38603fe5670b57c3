// The item map (and the user map) as TSV, for a notebook or the Embedding Projector: one row per shown item,
//   item_id  title  group  topic  x  y
// item_id is the dataset's own id (not a row number), group head / long-tail / cold, topic the
// synthetic generator's ground truth (empty for real data), x y the layout's coordinates. Tabs and
// line breaks inside a title become spaces. No GUI dependency.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/split.h"

namespace app {

void write_layout_tsv(std::ostream& out, const towerlab::Dataset& d, const towerlab::Split& split,
                      const std::vector<int32_t>& items, const std::vector<float>& xy);

// Throws towerlab::Error naming the path when it cannot be written.
void save_layout_tsv(const std::string& path, const towerlab::Dataset& d, const towerlab::Split& split,
                     const std::vector<int32_t>& items, const std::vector<float>& xy);

// The user map the same way, one row per shown user:
//   user_id  training_clicks  click_bucket  topic  x  y
// user_id the dataset's own id, click_bucket as the metrics name it ("0", "1-2", ... "21+"), topic
// the generator's first preferred topic (empty for real data).
void write_user_layout_tsv(std::ostream& out, const towerlab::Dataset& d, const towerlab::Split& split,
                           const std::vector<int32_t>& users, const std::vector<float>& xy);
void save_user_layout_tsv(const std::string& path, const towerlab::Dataset& d, const towerlab::Split& split,
                          const std::vector<int32_t>& users, const std::vector<float>& xy);

}  // namespace app
