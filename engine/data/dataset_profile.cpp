#include "data/dataset_profile.h"

#include <algorithm>
#include <functional>

namespace towerlab {
namespace {

std::vector<FieldProfile> profile_fields(const FeatureTable& table) {
    std::vector<FieldProfile> out;
    const int rows = table.num_rows();
    for (int f = 0; f < table.num_fields(); ++f) {
        const FieldSpec& spec = table.fields()[static_cast<size_t>(f)];
        if (spec.kind == FieldKind::Id) continue;  // one value per row by construction
        FieldProfile p;
        p.name = spec.name;
        p.vocabulary = spec.cardinality;
        std::vector<uint8_t> used(static_cast<size_t>(spec.cardinality) + 1, 0);
        long missing = 0, values = 0;
        for (int r = 0; r < rows; ++r) {
            const auto v = table.values(r, f);
            if (v.size() == 1 && v[0] == kMissingValue) { ++missing; continue; }
            values += v.size();
            for (int32_t x : v)
                if (x > 0 && x <= spec.cardinality) used[static_cast<size_t>(x)] = 1;
        }
        p.values_used = static_cast<int>(std::count(used.begin() + 1, used.end(), 1));
        p.missing_share = rows > 0 ? static_cast<double>(missing) / rows : 0;
        p.mean_values = rows > 0 ? static_cast<double>(values) / rows : 0;
        out.push_back(p);
    }
    return out;
}

}  // namespace

DatasetProfile profile_dataset(const Dataset& data, const Split& split) {
    DatasetProfile p;
    p.users = data.num_users();
    p.items = data.num_items();
    p.positives = static_cast<long>(data.clicks.size());
    p.train_clicks = static_cast<long>(split.train.size());
    const double cells = static_cast<double>(p.users) * static_cast<double>(p.items);
    p.sparsity = cells > 0 ? 1.0 - static_cast<double>(p.positives) / cells : 0;
    long head_clicks = 0;
    for (int i = 0; i < p.items; ++i) {
        const int c = split.train_clicks[static_cast<size_t>(i)];
        ++p.items_by_bucket[static_cast<size_t>(click_bucket(c))];
        if (c > 0) p.clicks_by_rank.push_back(static_cast<float>(c));
        if (split.item_group[static_cast<size_t>(i)] == ItemGroup::Head) head_clicks += c;
    }
    std::sort(p.clicks_by_rank.begin(), p.clicks_by_rank.end(), std::greater<float>());
    p.num_head = split.num_head;
    p.num_tail = split.num_tail;
    p.num_cold = split.num_cold;
    p.head_click_share = p.train_clicks > 0 ? static_cast<double>(head_clicks) / static_cast<double>(p.train_clicks) : 0;
    p.item_fields = profile_fields(data.items);
    p.user_fields = profile_fields(data.users);
    return p;
}

}  // namespace towerlab
