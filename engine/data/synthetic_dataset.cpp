#include "data/synthetic_dataset.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/random.h"

namespace towerlab {
namespace {

// Vocabulary sizes of the item fields. Each topic owns a few "home" values of every field; an
// item draws its values from its topic's home values most of the time, which makes every content
// field informative about the topic and therefore about each other (what CFM looks for).
constexpr int kCategories = 60;
constexpr int kHomeCategories = 3;
constexpr int kKeywords = 300;
constexpr int kHomeKeywords = 12;
constexpr int kCreators = 400;
constexpr int kRegions = 8;
constexpr int kPriceBuckets = 5;
constexpr int kGenders = 3;  // audience: male, female, neutral
constexpr int kAgeBuckets = 7;

const char* const kGenderNames[] = {"male", "female", "neutral"};
const char* const kRegionNames[] = {"north", "south", "east", "west", "centre", "coast", "mountain", "island"};
const char* const kAgeNames[] = {"<18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+"};

struct TopicProfile {
    std::vector<int> home_categories;  // values 1..kCategories
    std::vector<int> home_keywords;
    std::vector<int> creators;
    int region = 1;
    double price_mean = 2.5;
    int audience = 1;
    double age_mean = 3.5;
};

int draw_distinct_from(Rng& rng, const std::vector<int>& pool, std::vector<int>& taken) {
    for (int attempt = 0; attempt < 16; ++attempt) {
        int v = pool[static_cast<size_t>(uniform_int(rng, 0, static_cast<int>(pool.size()) - 1))];
        if (std::find(taken.begin(), taken.end(), v) == taken.end()) return v;
    }
    return 0;
}

}  // namespace

void SyntheticConfig::validate() const {
    auto need = [](bool ok, const char* field, const std::string& what) {
        if (!ok) throw Error(ErrorContext{"synthetic", 0, field}, what);
    };
    need(num_users >= 2 && num_users <= 50'000'000, "users", "must be in 2..50,000,000");
    need(num_items >= 10 && num_items <= 50'000'000, "items", "must be in 10..50,000,000");
    need(num_clicks >= num_users && num_clicks <= 2'000'000'000L, "clicks",
         "must be at least the number of users (each user needs clicks) and at most 2e9");
    need(num_topics >= 1 && num_topics <= 10000, "topics", "must be in 1..10000");
    need(num_days >= 2 && num_days <= 3650, "days", "must be in 2..3650");
    need(std::isfinite(zipf_exponent) && zipf_exponent >= 0 && zipf_exponent <= 3, "zipf", "must be in [0, 3]");
    need(std::isfinite(new_item_share) && new_item_share >= 0 && new_item_share < 0.9, "new_items", "must be in [0, 0.9)");
    need(std::isfinite(topic_affinity) && topic_affinity >= 0 && topic_affinity <= 1, "affinity", "must be in [0, 1]");
    need(impressions_per_click >= 0 && impressions_per_click <= 20, "impressions", "must be in 0..20");
}

Dataset make_synthetic_dataset(const SyntheticConfig& cfg) {
    cfg.validate();
    Rng rng(cfg.seed);
    const int T = cfg.num_topics;

    // Topic profiles.
    std::vector<TopicProfile> topics(static_cast<size_t>(T));
    std::vector<int> creator_topic(kCreators + 1);
    for (int c = 1; c <= kCreators; ++c) {
        creator_topic[static_cast<size_t>(c)] = (c - 1) % T;
        topics[static_cast<size_t>((c - 1) % T)].creators.push_back(c);
    }
    std::vector<int> category_gender(kCategories + 1);
    for (int c = 1; c <= kCategories; ++c) category_gender[static_cast<size_t>(c)] = uniform_int(rng, 1, kGenders);
    for (int t = 0; t < T; ++t) {
        TopicProfile& p = topics[static_cast<size_t>(t)];
        for (int k = 0; k < kHomeCategories; ++k) p.home_categories.push_back(uniform_int(rng, 1, kCategories));
        for (int k = 0; k < kHomeKeywords; ++k) p.home_keywords.push_back(uniform_int(rng, 1, kKeywords));
        if (p.creators.empty()) p.creators.push_back(uniform_int(rng, 1, kCreators));
        p.region = uniform_int(rng, 1, kRegions);
        p.price_mean = 0.5 + uniform01(rng) * (kPriceBuckets - 1);
        p.audience = category_gender[static_cast<size_t>(p.home_categories[0])];
        p.age_mean = 1 + uniform01(rng) * (kAgeBuckets - 2);
    }

    // Items.
    std::vector<FieldSpec> item_fields;
    auto names = [](int n, const char* prefix) {
        std::vector<std::string> v;
        for (int i = 1; i <= n; ++i) v.push_back(std::string(prefix) + std::to_string(i));
        return v;
    };
    item_fields.push_back({"item_id", FieldKind::Id, cfg.num_items, 32, {}, {}});
    item_fields.push_back({"category", FieldKind::MultiCategorical, kCategories, 16, names(kCategories, "cat"), {}});
    item_fields.push_back({"audience_gender", FieldKind::Categorical, kGenders, 8,
                           {kGenderNames, kGenderNames + kGenders}, {}});
    item_fields.push_back({"region", FieldKind::Categorical, kRegions, 8, {kRegionNames, kRegionNames + kRegions}, {}});
    item_fields.push_back({"price", FieldKind::Bucketized, kPriceBuckets, 8,
                           {"$", "$$", "$$$", "$$$$", "$$$$$"}, {10, 20, 50, 100}});
    item_fields.push_back({"keywords", FieldKind::MultiCategorical, kKeywords, 16, names(kKeywords, "kw"), {}});
    item_fields.push_back({"creator", FieldKind::Categorical, kCreators, 8, names(kCreators, "creator"), {}});

    Dataset d;
    d.name = "synthetic";
    d.num_topics = T;
    d.items = FeatureTable(item_fields);
    d.items.reserve(cfg.num_items);
    d.item_topic.resize(static_cast<size_t>(cfg.num_items));
    d.item_is_new.assign(static_cast<size_t>(cfg.num_items), 0);
    d.item_titles.resize(static_cast<size_t>(cfg.num_items));
    std::vector<std::vector<int32_t>> row(item_fields.size());
    std::normal_distribution<double> noise(0.0, 0.7);
    for (int i = 0; i < cfg.num_items; ++i) {
        const int t = uniform_int(rng, 0, T - 1);
        const TopicProfile& p = topics[static_cast<size_t>(t)];
        d.item_topic[static_cast<size_t>(i)] = t;
        for (auto& r : row) r.clear();
        row[0] = {i + 1};
        const int n_cat = uniform_int(rng, 1, 3);
        for (int k = 0; k < n_cat; ++k) {
            int v = uniform01(rng) < 0.8 ? draw_distinct_from(rng, p.home_categories, row[1]) : uniform_int(rng, 1, kCategories);
            if (v != 0 && std::find(row[1].begin(), row[1].end(), v) == row[1].end()) row[1].push_back(v);
        }
        if (row[1].empty()) row[1].push_back(p.home_categories[0]);
        row[2] = {uniform01(rng) < 0.85 ? category_gender[static_cast<size_t>(row[1][0])] : uniform_int(rng, 1, kGenders)};
        row[3] = {uniform01(rng) < 0.6 ? p.region : uniform_int(rng, 1, kRegions)};
        const int price = static_cast<int>(std::lround(p.price_mean + noise(rng)));
        row[4] = {std::clamp(price, 0, kPriceBuckets - 1) + 1};
        const int n_kw = uniform_int(rng, 2, 4);
        for (int k = 0; k < n_kw; ++k) {
            int v = uniform01(rng) < 0.7 ? draw_distinct_from(rng, p.home_keywords, row[5]) : uniform_int(rng, 1, kKeywords);
            if (v != 0 && std::find(row[5].begin(), row[5].end(), v) == row[5].end()) row[5].push_back(v);
        }
        row[6] = {uniform01(rng) < 0.9 ? p.creators[static_cast<size_t>(uniform_int(rng, 0, static_cast<int>(p.creators.size()) - 1))]
                                       : uniform_int(rng, 1, kCreators)};
        // a small share of real items lacks a value: "missing" is a value real data has too
        if (uniform01(rng) < 0.05) row[3].clear();
        d.items.add_row(row);
        d.item_titles[static_cast<size_t>(i)] = "item " + std::to_string(i) + " (topic " + std::to_string(t) + ")";
    }

    // Popularity: Zipf over a random permutation of items, independent of topic.
    std::vector<int> rank(static_cast<size_t>(cfg.num_items));
    std::iota(rank.begin(), rank.end(), 0);
    std::shuffle(rank.begin(), rank.end(), rng);
    std::vector<double> weight(static_cast<size_t>(cfg.num_items));
    for (int i = 0; i < cfg.num_items; ++i)
        weight[static_cast<size_t>(i)] = 1.0 / std::pow(rank[static_cast<size_t>(i)] + 1.0, cfg.zipf_exponent);
    // New items: a seeded share, launched on the last day (their clicks happen only then).
    for (int i = 0; i < cfg.num_items; ++i)
        if (uniform01(rng) < cfg.new_item_share) d.item_is_new[static_cast<size_t>(i)] = 1;

    std::vector<std::vector<double>> topic_weights_old(static_cast<size_t>(T)), topic_weights_all(static_cast<size_t>(T));
    std::vector<std::vector<int>> topic_items(static_cast<size_t>(T));
    for (int i = 0; i < cfg.num_items; ++i) {
        const size_t t = static_cast<size_t>(d.item_topic[static_cast<size_t>(i)]);
        topic_items[t].push_back(i);
        topic_weights_all[t].push_back(weight[static_cast<size_t>(i)]);
        topic_weights_old[t].push_back(d.item_is_new[static_cast<size_t>(i)] ? 0.0 : weight[static_cast<size_t>(i)]);
    }
    std::vector<AliasTable> pick_old(static_cast<size_t>(T)), pick_all(static_cast<size_t>(T));
    for (int t = 0; t < T; ++t) {
        auto& wo = topic_weights_old[static_cast<size_t>(t)];
        if (wo.empty()) { wo.push_back(1); topic_items[static_cast<size_t>(t)].push_back(0); topic_weights_all[static_cast<size_t>(t)].push_back(1); }
        if (std::accumulate(wo.begin(), wo.end(), 0.0) <= 0) wo.assign(wo.size(), 1.0);
        pick_old[static_cast<size_t>(t)] = AliasTable(wo);
        pick_all[static_cast<size_t>(t)] = AliasTable(topic_weights_all[static_cast<size_t>(t)]);
    }

    // Users: one or two preferred topics; their fields follow those topics.
    std::vector<FieldSpec> user_fields;
    user_fields.push_back({"user_id", FieldKind::Id, cfg.num_users, 32, {}, {}});
    user_fields.push_back({"gender", FieldKind::Categorical, 2, 8, {"male", "female"}, {}});
    user_fields.push_back({"age", FieldKind::Bucketized, kAgeBuckets, 8, {kAgeNames, kAgeNames + kAgeBuckets}, {}});
    user_fields.push_back({"region", FieldKind::Categorical, kRegions, 8, {kRegionNames, kRegionNames + kRegions}, {}});
    d.users = FeatureTable(user_fields);
    d.users.reserve(cfg.num_users);
    std::vector<std::array<int, 2>> user_topics(static_cast<size_t>(cfg.num_users));
    std::vector<int32_t> user_gender(static_cast<size_t>(cfg.num_users));
    std::vector<std::vector<int32_t>> urow(user_fields.size());
    for (int u = 0; u < cfg.num_users; ++u) {
        const int t1 = uniform_int(rng, 0, T - 1);
        const int t2 = uniform01(rng) < 0.5 ? t1 : uniform_int(rng, 0, T - 1);
        user_topics[static_cast<size_t>(u)] = {t1, t2};
        const TopicProfile& p = topics[static_cast<size_t>(t1)];
        urow[0] = {u + 1};
        int g = p.audience == 3 ? uniform_int(rng, 1, 2) : p.audience;
        if (uniform01(rng) < 0.25) g = 3 - g;
        urow[1] = {g};
        urow[2] = {std::clamp(static_cast<int>(std::lround(p.age_mean + noise(rng))), 1, kAgeBuckets)};
        urow[3] = {uniform01(rng) < 0.5 ? p.region : uniform_int(rng, 1, kRegions)};
        d.users.add_row(urow);
    }

    // Clicks, spread over num_days; new items only on the last day.
    const int64_t day = 86400;
    const int64_t start = 1'700'000'000;  // an arbitrary fixed epoch keeps runs identical
    const double mean_extra = std::max(0.0, static_cast<double>(cfg.num_clicks) / cfg.num_users - 2.0);
    std::geometric_distribution<long> extra(1.0 / (1.0 + mean_extra));
    d.clicks.reserve(static_cast<size_t>(cfg.num_clicks * 11 / 10));
    if (cfg.impressions_per_click > 0)
        d.impressions.reserve(d.clicks.capacity() * static_cast<size_t>(cfg.impressions_per_click));
    for (int u = 0; u < cfg.num_users && static_cast<long>(d.clicks.size()) < cfg.num_clicks; ++u) {
        const long n = std::min(2 + extra(rng), cfg.num_clicks - static_cast<long>(d.clicks.size()));
        for (long c = 0; c < n; ++c) {
            const int64_t ts = start + static_cast<int64_t>(uniform01(rng) * cfg.num_days * day);
            const bool last_day = ts >= start + (cfg.num_days - 1) * day;
            int t = uniform01(rng) < cfg.topic_affinity ? user_topics[static_cast<size_t>(u)][uniform_int(rng, 0, 1)]
                                                        : uniform_int(rng, 0, T - 1);
            const auto& table = last_day ? pick_all[static_cast<size_t>(t)] : pick_old[static_cast<size_t>(t)];
            const int item = topic_items[static_cast<size_t>(t)][static_cast<size_t>(table.sample(rng))];
            d.clicks.push_back({u, item, ts});
            // Impressions: items the (imaginary) ranking system showed beside the click and the
            // user skipped. They are close to the user's interest (same topic), which is exactly
            // why they make poor retrieval negatives.
            for (int k = 0; k < cfg.impressions_per_click; ++k) {
                const int other = topic_items[static_cast<size_t>(t)][static_cast<size_t>(table.sample(rng))];
                if (other != item) d.impressions.push_back({u, other, ts});
            }
        }
    }
    return d;
}

}  // namespace towerlab
