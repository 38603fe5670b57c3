#include "data/split.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/random.h"

namespace towerlab {

const char* to_string(ItemGroup g) {
    switch (g) {
        case ItemGroup::Head: return "head";
        case ItemGroup::Tail: return "long-tail";
        case ItemGroup::Cold: return "cold";
    }
    return "?";
}

int click_bucket(int training_clicks) {
    if (training_clicks <= 0) return 0;
    if (training_clicks <= 2) return 1;
    if (training_clicks <= 5) return 2;
    if (training_clicks <= 20) return 3;
    return 4;
}

const char* click_bucket_name(int bucket) {
    static const char* const names[kNumClickBuckets] = {"0", "1-2", "3-5", "6-20", "21+"};
    return bucket >= 0 && bucket < kNumClickBuckets ? names[bucket] : "?";
}

Split make_split(const Dataset& data, const SplitConfig& config) {
    if (!(config.head_share > 0 && config.head_share < 1))
        throw Error(ErrorContext{"", 0, "head_share"}, "must be in (0, 1)");
    const int n_items = data.num_items(), n_users = data.num_users();
    if (data.clicks.empty()) throw Error(ErrorContext{data.name, 0, ""}, "the dataset has no positive interactions");

    // Which items are new. Synthetic data says so itself; for a static real dataset we make them
    // by holding out a seeded share of the items that have clicks.
    std::vector<uint8_t> is_new(static_cast<size_t>(n_items), 0);
    if (!data.item_is_new.empty()) {
        is_new = data.item_is_new;
    } else if (config.cold_item_share > 0) {
        Rng rng(config.seed);
        for (int i = 0; i < n_items; ++i) is_new[static_cast<size_t>(i)] = uniform01(rng) < config.cold_item_share;
    }

    // Leave-last-out per user (ties in time broken by position in the file, kept stable).
    std::vector<Interaction> clicks = data.clicks;
    std::stable_sort(clicks.begin(), clicks.end(),
                     [](const Interaction& a, const Interaction& b) { return a.timestamp < b.timestamp; });
    std::vector<long> last(static_cast<size_t>(n_users), -1), previous(static_cast<size_t>(n_users), -1),
        count(static_cast<size_t>(n_users), 0);
    for (size_t k = 0; k < clicks.size(); ++k) {
        const Interaction& c = clicks[k];
        if (c.user < 0 || c.user >= n_users || c.item < 0 || c.item >= n_items)
            throw Error(ErrorContext{data.name, 0, "clicks"}, "interaction refers to a user or item outside the tables");
        previous[static_cast<size_t>(c.user)] = last[static_cast<size_t>(c.user)];
        last[static_cast<size_t>(c.user)] = static_cast<long>(k);
        ++count[static_cast<size_t>(c.user)];
    }

    // The label-fraction dial: a seeded share of the training clicks is never observed (not
    // trained on, not removed from rankings, not counted in any statistic). Test clicks all stay.
    if (!(config.label_fraction > 0 && config.label_fraction <= 1))
        throw Error(ErrorContext{"", 0, "label_fraction"}, "must be in (0, 1]");
    Rng label_rng(config.seed ^ 0x1abe1f2acULL);
    auto observed = [&] { return config.label_fraction >= 1 || uniform01(label_rng) < config.label_fraction; };

    Split s;
    s.train_clicks.assign(static_cast<size_t>(n_items), 0);
    s.user_train_items.resize(static_cast<size_t>(n_users));
    for (size_t k = 0; k < clicks.size(); ++k) {
        const Interaction& c = clicks[k];
        const size_t u = static_cast<size_t>(c.user);
        const bool is_test = last[u] == static_cast<long>(k) && count[u] >= 2;
        const bool is_validation = config.validation && previous[u] == static_cast<long>(k) && count[u] >= 3;
        if (is_test) {
            s.test.push_back(c);
        } else if (is_validation) {
            s.validation.push_back(c);
        } else if (!is_new[static_cast<size_t>(c.item)] && observed()) {
            s.train.push_back(c);
            ++s.train_clicks[static_cast<size_t>(c.item)];
            s.user_train_items[static_cast<size_t>(c.user)].push_back(c.item);
        }
    }
    for (auto& v : s.user_train_items) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    }
    // A held-out click on an item the user already trained on says nothing about retrieval of new
    // interests and is removed from the ranking anyway: drop such cases.
    auto already_trained = [&](const Interaction& c) {
        const auto& v = s.user_train_items[static_cast<size_t>(c.user)];
        return std::binary_search(v.begin(), v.end(), c.item);
    };
    s.validation.erase(std::remove_if(s.validation.begin(), s.validation.end(), already_trained), s.validation.end());
    s.validation_item.assign(static_cast<size_t>(n_users), -1);
    for (const Interaction& c : s.validation) s.validation_item[static_cast<size_t>(c.user)] = c.item;
    // The test set does not depend on the validation split: a validation click on a warm item
    // would otherwise have been a training click, and removes the same test cases.
    s.test.erase(std::remove_if(s.test.begin(), s.test.end(), [&](const Interaction& c) {
                     return already_trained(c) ||
                            (s.validation_item[static_cast<size_t>(c.user)] == c.item && !is_new[static_cast<size_t>(c.item)]);
                 }), s.test.end());
    if (s.train.empty()) throw Error(ErrorContext{data.name, 0, ""}, "no training clicks remain after the split");

    // Popularity groups from training clicks only.
    std::vector<int> warm;
    for (int i = 0; i < n_items; ++i)
        if (s.train_clicks[static_cast<size_t>(i)] > 0) warm.push_back(i);
    std::stable_sort(warm.begin(), warm.end(), [&](int a, int b) {
        return s.train_clicks[static_cast<size_t>(a)] > s.train_clicks[static_cast<size_t>(b)];
    });
    s.item_group.assign(static_cast<size_t>(n_items), ItemGroup::Cold);
    const size_t n_head = std::max<size_t>(1, static_cast<size_t>(config.head_share * static_cast<double>(warm.size()) + 0.5));
    for (size_t r = 0; r < warm.size(); ++r)
        s.item_group[static_cast<size_t>(warm[r])] = r < n_head ? ItemGroup::Head : ItemGroup::Tail;
    for (ItemGroup g : s.item_group) {
        if (g == ItemGroup::Head) ++s.num_head;
        else if (g == ItemGroup::Tail) ++s.num_tail;
        else ++s.num_cold;
    }
    return s;
}

}  // namespace towerlab
