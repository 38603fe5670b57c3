#include "data/synthetic_dataset.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/random.h"

namespace towerlab {
namespace {

// Vocabulary sizes of the item fields. Categories, keywords and creators are owned by topics
// (value v belongs to topic v mod T), so every content field says something about the topic and
// therefore about the others: the correlations correlated feature masking looks for.
constexpr int kCategories = 60;
constexpr int kKeywords = 300;
constexpr int kCreators = 400;
constexpr int kRegions = 8;
constexpr int kPriceBuckets = 5;
constexpr int kGenders = 3;  // audience: male, female, neutral
constexpr int kAgeBuckets = 7;
constexpr int kTasteDim = 8;

// How far a value's taste point lies from its topic's centre: categories are coarse (near the
// centre), keywords and creators fine (scattered), so they carry taste beyond the topic.
constexpr double kCategorySpread = 0.3;
constexpr double kKeywordSpread = 0.9;
constexpr double kCreatorSpread = 0.9;
constexpr double kUserNoise = 0.5;
constexpr int kMaxProposals = 64;

const char* const kGenderNames[] = {"male", "female", "neutral"};
const char* const kRegionNames[] = {"north", "south", "east", "west", "centre", "coast", "mountain", "island"};
const char* const kAgeNames[] = {"<18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+"};

using Taste = std::array<double, kTasteDim>;

Taste gaussian(Rng& rng, double scale) {
    std::normal_distribution<double> g(0.0, scale / std::sqrt(static_cast<double>(kTasteDim)));
    Taste v;
    for (double& x : v) x = g(rng);
    return v;
}

void add(Taste& a, const Taste& b, double w) {
    for (int k = 0; k < kTasteDim; ++k) a[static_cast<size_t>(k)] += w * b[static_cast<size_t>(k)];
}

Taste normalized(Taste v) {
    double n = 0;
    for (double x : v) n += x * x;
    n = std::sqrt(std::max(n, 1e-24));
    for (double& x : v) x /= n;
    return v;
}

double dot(const Taste& a, const Taste& b) {
    double s = 0;
    for (int k = 0; k < kTasteDim; ++k) s += a[static_cast<size_t>(k)] * b[static_cast<size_t>(k)];
    return s;
}

// Values 1..n owned by topic t: t+1, t+1+T, t+1+2T, ...
std::vector<int> owned_values(int n, int t, int T) {
    std::vector<int> v;
    for (int x = t + 1; x <= n; x += T) v.push_back(x);
    return v;
}

int draw_from(Rng& rng, const std::vector<int>& pool, int fallback_max) {
    if (pool.empty()) return uniform_int(rng, 1, fallback_max);
    return pool[static_cast<size_t>(uniform_int(rng, 0, static_cast<int>(pool.size()) - 1))];
}

void add_distinct(std::vector<int32_t>& set, int v) {
    if (std::find(set.begin(), set.end(), v) == set.end()) set.push_back(v);
}

struct TopicProfile {
    Taste centre{};
    std::vector<int> categories, keywords, creators;
    int region = 1;
    double price_mean = 2.5;
    int audience = 1;
    double age_mean = 3.5;
};

std::vector<std::string> numbered(int n, const char* prefix) {
    std::vector<std::string> v;
    for (int i = 1; i <= n; ++i) v.push_back(std::string(prefix) + std::to_string(i));
    return v;
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
    need(std::isfinite(topic_zipf_exponent) && topic_zipf_exponent >= 0 && topic_zipf_exponent <= 3, "topic_zipf",
         "must be in [0, 3]");
    need(std::isfinite(taste_sharpness) && taste_sharpness >= 0 && taste_sharpness <= 20, "taste",
         "must be in [0, 20]");
    need(std::isfinite(item_residual) && item_residual >= 0 && item_residual <= 10, "residual", "must be in [0, 10]");
    need(std::isfinite(missing_share) && missing_share >= 0 && missing_share <= 0.9, "missing", "must be in [0, 0.9]");
    need(std::isfinite(new_item_share) && new_item_share >= 0 && new_item_share < 0.9, "new_items", "must be in [0, 0.9)");
    need(std::isfinite(topic_affinity) && topic_affinity >= 0 && topic_affinity <= 1, "affinity", "must be in [0, 1]");
    need(impressions_per_click >= 0 && impressions_per_click <= 20, "impressions", "must be in 0..20");
}

Dataset make_synthetic_dataset(const SyntheticConfig& cfg) {
    cfg.validate();
    Rng rng(cfg.seed);
    const int T = cfg.num_topics;
    auto truth = std::make_shared<SyntheticTruth>();
    truth->dim = kTasteDim;
    truth->topic_affinity = cfg.topic_affinity;
    truth->taste_sharpness = cfg.taste_sharpness;

    // 1. Topics: centres, popularity, and the values each owns.
    std::vector<TopicProfile> topics(static_cast<size_t>(T));
    std::vector<int> category_gender(kCategories + 1);
    for (int c = 1; c <= kCategories; ++c) category_gender[static_cast<size_t>(c)] = uniform_int(rng, 1, kGenders);
    truth->topic_weight.resize(static_cast<size_t>(T));
    for (int t = 0; t < T; ++t) {
        TopicProfile& p = topics[static_cast<size_t>(t)];
        p.centre = normalized(gaussian(rng, 1.0));
        p.categories = owned_values(kCategories, t, T);
        p.keywords = owned_values(kKeywords, t, T);
        p.creators = owned_values(kCreators, t, T);
        p.region = uniform_int(rng, 1, kRegions);
        p.price_mean = 0.5 + uniform01(rng) * (kPriceBuckets - 1);
        p.audience = p.categories.empty() ? uniform_int(rng, 1, kGenders) : category_gender[static_cast<size_t>(p.categories[0])];
        p.age_mean = 1 + uniform01(rng) * (kAgeBuckets - 2);
        truth->topic_weight[static_cast<size_t>(t)] = 1.0 / std::pow(t + 1.0, cfg.topic_zipf_exponent);
    }
    const double topic_total = std::accumulate(truth->topic_weight.begin(), truth->topic_weight.end(), 0.0);
    for (double& w : truth->topic_weight) w /= topic_total;
    const AliasTable pick_topic(truth->topic_weight);

    // 2. Content values' taste points, near the owning topic's centre.
    auto value_points = [&](int n, double spread) {
        std::vector<Taste> pts(static_cast<size_t>(n) + 1);
        for (int v = 1; v <= n; ++v) {
            Taste x = topics[static_cast<size_t>((v - 1) % T)].centre;
            add(x, gaussian(rng, spread), 1.0);
            pts[static_cast<size_t>(v)] = normalized(x);
        }
        return pts;
    };
    const auto category_point = value_points(kCategories, kCategorySpread);
    const auto keyword_point = value_points(kKeywords, kKeywordSpread);
    const auto creator_point = value_points(kCreators, kCreatorSpread);

    // 3. Items.
    std::vector<FieldSpec> item_fields;
    item_fields.push_back({"item_id", FieldKind::Id, cfg.num_items, 32, {}, {}});
    item_fields.push_back({"category", FieldKind::MultiCategorical, kCategories, 16, numbered(kCategories, "cat"), {}});
    item_fields.push_back({"audience_gender", FieldKind::Categorical, kGenders, 8, {kGenderNames, kGenderNames + kGenders}, {}});
    item_fields.push_back({"region", FieldKind::Categorical, kRegions, 8, {kRegionNames, kRegionNames + kRegions}, {}});
    item_fields.push_back({"price", FieldKind::Bucketized, kPriceBuckets, 8, {"$", "$$", "$$$", "$$$$", "$$$$$"}, {10, 20, 50, 100}});
    item_fields.push_back({"keywords", FieldKind::MultiCategorical, kKeywords, 16, numbered(kKeywords, "kw"), {}});
    item_fields.push_back({"creator", FieldKind::Categorical, kCreators, 8, numbered(kCreators, "creator"), {}});
    const int num_fields = static_cast<int>(item_fields.size());

    Dataset d;
    d.name = "synthetic";
    d.num_topics = T;
    d.items = FeatureTable(item_fields);
    d.items.reserve(cfg.num_items);
    d.item_topic.resize(static_cast<size_t>(cfg.num_items));
    d.item_is_new.assign(static_cast<size_t>(cfg.num_items), 0);
    d.item_titles.resize(static_cast<size_t>(cfg.num_items));
    truth->item_taste.resize(static_cast<size_t>(cfg.num_items) * kTasteDim);
    std::vector<Taste> item_taste(static_cast<size_t>(cfg.num_items));
    std::vector<std::vector<int32_t>> row(item_fields.size());
    std::normal_distribution<double> noise(0.0, 0.7);
    for (int i = 0; i < cfg.num_items; ++i) {
        const int t = uniform_int(rng, 0, T - 1);
        const TopicProfile& p = topics[static_cast<size_t>(t)];
        d.item_topic[static_cast<size_t>(i)] = t;
        for (auto& r : row) r.clear();
        row[0] = {i + 1};
        const int n_cat = uniform_int(rng, 1, 3);
        for (int k = 0; k < n_cat; ++k)
            add_distinct(row[1], uniform01(rng) < 0.8 ? draw_from(rng, p.categories, kCategories) : uniform_int(rng, 1, kCategories));
        row[2] = {uniform01(rng) < 0.85 ? category_gender[static_cast<size_t>(row[1][0])] : uniform_int(rng, 1, kGenders)};
        row[3] = {uniform01(rng) < 0.6 ? p.region : uniform_int(rng, 1, kRegions)};
        row[4] = {std::clamp(static_cast<int>(std::lround(p.price_mean + noise(rng))), 0, kPriceBuckets - 1) + 1};
        const int n_kw = uniform_int(rng, 2, 4);
        for (int k = 0; k < n_kw; ++k)
            add_distinct(row[5], uniform01(rng) < 0.7 ? draw_from(rng, p.keywords, kKeywords) : uniform_int(rng, 1, kKeywords));
        row[6] = {uniform01(rng) < 0.9 ? draw_from(rng, p.creators, kCreators) : uniform_int(rng, 1, kCreators)};

        // The hidden taste point mixes the item's true values, missing or not.
        Taste z{};
        for (int32_t v : row[1]) add(z, category_point[static_cast<size_t>(v)], 0.5 / static_cast<double>(row[1].size()));
        for (int32_t v : row[5]) add(z, keyword_point[static_cast<size_t>(v)], 1.0 / static_cast<double>(row[5].size()));
        add(z, creator_point[static_cast<size_t>(row[6][0])], 1.0);
        add(z, gaussian(rng, cfg.item_residual), 1.0);
        item_taste[static_cast<size_t>(i)] = normalized(z);
        for (int k = 0; k < kTasteDim; ++k)
            truth->item_taste[static_cast<size_t>(i) * kTasteDim + static_cast<size_t>(k)] =
                static_cast<float>(item_taste[static_cast<size_t>(i)][static_cast<size_t>(k)]);

        // Real catalogues have gaps: each content field is unknown with probability missing_share.
        for (int f = 1; f < num_fields; ++f)
            if (uniform01(rng) < cfg.missing_share) row[static_cast<size_t>(f)].clear();
        d.items.add_row(row);
        d.item_titles[static_cast<size_t>(i)] = "item " + std::to_string(i) + " (topic " + std::to_string(t) + ")";
    }

    // 4. Popularity within each topic (Zipf over a random order) and the new items.
    std::vector<int> rank(static_cast<size_t>(cfg.num_items));
    std::iota(rank.begin(), rank.end(), 0);
    std::shuffle(rank.begin(), rank.end(), rng);
    std::vector<std::vector<int>> topic_items(static_cast<size_t>(T));
    for (int i = 0; i < cfg.num_items; ++i) topic_items[static_cast<size_t>(d.item_topic[static_cast<size_t>(i)])].push_back(i);
    truth->item_weight.resize(static_cast<size_t>(cfg.num_items));
    for (auto& members : topic_items) {
        std::sort(members.begin(), members.end(), [&](int a, int b) { return rank[static_cast<size_t>(a)] < rank[static_cast<size_t>(b)]; });
        for (size_t r = 0; r < members.size(); ++r)
            truth->item_weight[static_cast<size_t>(members[r])] = 1.0 / std::pow(static_cast<double>(r) + 1.0, cfg.zipf_exponent);
    }
    for (int i = 0; i < cfg.num_items; ++i)
        if (uniform01(rng) < cfg.new_item_share) d.item_is_new[static_cast<size_t>(i)] = 1;
    std::vector<AliasTable> pick_old(static_cast<size_t>(T)), pick_all(static_cast<size_t>(T));
    for (int t = 0; t < T; ++t) {
        auto& members = topic_items[static_cast<size_t>(t)];
        if (members.empty()) members.push_back(uniform_int(rng, 0, cfg.num_items - 1));  // a topic with no item of its own
        std::vector<double> w_old, w_all;
        for (int i : members) {
            w_all.push_back(truth->item_weight[static_cast<size_t>(i)]);
            w_old.push_back(d.item_is_new[static_cast<size_t>(i)] ? 0.0 : w_all.back());
        }
        if (std::accumulate(w_old.begin(), w_old.end(), 0.0) <= 0) w_old.assign(w_old.size(), 1.0);
        pick_old[static_cast<size_t>(t)] = AliasTable(w_old);
        pick_all[static_cast<size_t>(t)] = AliasTable(w_all);
    }

    // 5. Users.
    std::vector<FieldSpec> user_fields;
    user_fields.push_back({"user_id", FieldKind::Id, cfg.num_users, 32, {}, {}});
    user_fields.push_back({"gender", FieldKind::Categorical, 2, 8, {"male", "female"}, {}});
    user_fields.push_back({"age", FieldKind::Bucketized, kAgeBuckets, 8, {kAgeNames, kAgeNames + kAgeBuckets}, {}});
    user_fields.push_back({"region", FieldKind::Categorical, kRegions, 8, {kRegionNames, kRegionNames + kRegions}, {}});
    d.users = FeatureTable(user_fields);
    d.users.reserve(cfg.num_users);
    truth->user_topics.resize(static_cast<size_t>(cfg.num_users));
    truth->user_taste.resize(static_cast<size_t>(cfg.num_users) * kTasteDim);
    std::vector<Taste> user_taste(static_cast<size_t>(cfg.num_users));
    std::vector<std::vector<int32_t>> urow(user_fields.size());
    for (int u = 0; u < cfg.num_users; ++u) {
        const int t1 = pick_topic.sample(rng);
        const int t2 = uniform01(rng) < 0.5 ? t1 : pick_topic.sample(rng);
        truth->user_topics[static_cast<size_t>(u)] = {t1, t2};
        Taste x = topics[static_cast<size_t>(t1)].centre;
        add(x, topics[static_cast<size_t>(t2)].centre, 1.0);
        add(x, gaussian(rng, kUserNoise * 2.0), 1.0);
        user_taste[static_cast<size_t>(u)] = normalized(x);
        for (int k = 0; k < kTasteDim; ++k)
            truth->user_taste[static_cast<size_t>(u) * kTasteDim + static_cast<size_t>(k)] =
                static_cast<float>(user_taste[static_cast<size_t>(u)][static_cast<size_t>(k)]);
        const TopicProfile& p = topics[static_cast<size_t>(t1)];
        urow[0] = {u + 1};
        int g = p.audience == 3 ? uniform_int(rng, 1, 2) : p.audience;
        if (uniform01(rng) < 0.25) g = 3 - g;
        urow[1] = {g};
        urow[2] = {std::clamp(static_cast<int>(std::lround(p.age_mean + noise(rng))), 1, kAgeBuckets)};
        urow[3] = {uniform01(rng) < 0.5 ? p.region : uniform_int(rng, 1, kRegions)};
        d.users.add_row(urow);
    }

    // 6. Clicks: topic, then popularity-proposed items accepted by taste match.
    const int64_t day = 86400;
    const int64_t start = 1'700'000'000;  // an arbitrary fixed epoch keeps runs identical
    const double mean_extra = std::max(0.0, static_cast<double>(cfg.num_clicks) / cfg.num_users - 2.0);
    std::geometric_distribution<long> extra(1.0 / (1.0 + mean_extra));
    d.clicks.reserve(static_cast<size_t>(cfg.num_clicks * 11 / 10));
    if (cfg.impressions_per_click > 0)
        d.impressions.reserve(d.clicks.capacity() * static_cast<size_t>(cfg.impressions_per_click));
    std::vector<int> rejected;
    for (int u = 0; u < cfg.num_users && static_cast<long>(d.clicks.size()) < cfg.num_clicks; ++u) {
        const long n = std::min(2 + extra(rng), cfg.num_clicks - static_cast<long>(d.clicks.size()));
        const auto& prefs = truth->user_topics[static_cast<size_t>(u)];
        const Taste& taste = user_taste[static_cast<size_t>(u)];
        for (long c = 0; c < n; ++c) {
            const int64_t ts = start + static_cast<int64_t>(uniform01(rng) * cfg.num_days * day);
            const bool last_day = ts >= start + (cfg.num_days - 1) * day;
            const int t = uniform01(rng) < cfg.topic_affinity ? prefs[static_cast<size_t>(uniform_int(rng, 0, 1))]
                                                              : pick_topic.sample(rng);
            const auto& table = last_day ? pick_all[static_cast<size_t>(t)] : pick_old[static_cast<size_t>(t)];
            const auto& members = topic_items[static_cast<size_t>(t)];
            rejected.clear();
            int item = -1;
            for (int attempt = 0; attempt < kMaxProposals && item < 0; ++attempt) {
                const int candidate = members[static_cast<size_t>(table.sample(rng))];
                const double accept = std::exp(cfg.taste_sharpness * (dot(taste, item_taste[static_cast<size_t>(candidate)]) - 1.0));
                if (uniform01(rng) < accept || attempt + 1 == kMaxProposals) item = candidate;
                else rejected.push_back(candidate);
            }
            d.clicks.push_back({u, item, ts});
            // Impressions: proposals the user passed over. They are close to the user's interest
            // (same topic, popular), which is exactly why they make poor retrieval negatives.
            const int shown = std::min(cfg.impressions_per_click, static_cast<int>(rejected.size()));
            for (int k = 0; k < shown; ++k)
                if (rejected[static_cast<size_t>(k)] != item) d.impressions.push_back({u, rejected[static_cast<size_t>(k)], ts});
        }
    }
    d.truth = std::move(truth);
    return d;
}

}  // namespace towerlab
