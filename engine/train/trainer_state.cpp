#include "train/trainer_state.h"

#include <sstream>

#include "core/config_json.h"
#include "core/error.h"
#include "data/dataset.h"
#include "data/split.h"
#include "train/trainer.h"
#include "train/trainer_impl.h"

namespace towerlab {
namespace {

uint64_t fnv1a(uint64_t h, const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

std::string describe_fields(const std::vector<FieldSpec>& fields) {
    std::string s;
    for (const auto& f : fields) s += f.name + ":" + to_string(f.kind) + ":" + std::to_string(f.cardinality) + ";";
    return s;
}

// Visits the optimizer moments in a fixed order; F gets (pointer, size).
template <typename State, typename F>
void for_each_moment(State& s, F&& f) {
    for (auto* v : {&s.table_m, &s.table_v, &s.weight_m, &s.weight_v})
        for (auto& m : *v) f(m.data(), static_cast<size_t>(m.size()));
    for (auto* v : {&s.bias_m, &s.bias_v})
        for (auto& m : *v) f(m.data(), static_cast<size_t>(m.size()));
}

template <typename Visit>
void capture_blocks(Visit&& visit, Blocks& out) {
    out.clear();
    visit([&](const float* p, size_t n) { out.emplace_back(p, p + n); });
}

// Sizes of the blocks a visitor walks, to compare before writing anything.
template <typename Visit>
std::vector<size_t> block_sizes(Visit&& visit) {
    std::vector<size_t> s;
    visit([&](const float*, size_t n) { s.push_back(n); });
    return s;
}

void check_blocks(const Blocks& have, const std::vector<size_t>& want, const std::string& what) {
    if (have.size() != want.size())
        throw Error(ErrorContext{"", 0, what}, "has " + std::to_string(have.size()) + " blocks, the model has " +
                                                   std::to_string(want.size()) + " (different architecture or schema)");
    for (size_t b = 0; b < want.size(); ++b)
        if (have[b].size() != want[b])
            throw Error(ErrorContext{"", 0, what}, "block " + std::to_string(b) + " has " + std::to_string(have[b].size()) +
                                                       " values, the model has " + std::to_string(want[b]) +
                                                       " (different architecture or catalogue size)");
}

}  // namespace

bool DatasetFingerprint::operator==(const DatasetFingerprint& o) const {
    // The data is identified by what it holds (sizes, the training clicks' hash, the fields) and
    // its kind, not by its path: the same files in another folder are the same data.
    auto kind = [](const std::string& n) { return n.substr(0, n.find(':')); };
    return kind(name) == kind(o.name) && users == o.users && items == o.items && train_clicks == o.train_clicks &&
           train_hash == o.train_hash && user_fields == o.user_fields && item_fields == o.item_fields;
}

DatasetFingerprint fingerprint(const Dataset& data, const Split& split) {
    DatasetFingerprint f;
    f.name = data.name;
    f.users = data.num_users();
    f.items = data.num_items();
    f.train_clicks = static_cast<int64_t>(split.train.size());
    uint64_t h = 1469598103934665603ull;
    for (const Interaction& x : split.train) {
        h = fnv1a(h, &x.user, sizeof x.user);
        h = fnv1a(h, &x.item, sizeof x.item);
        h = fnv1a(h, &x.timestamp, sizeof x.timestamp);
    }
    f.train_hash = h;
    f.user_fields = describe_fields(data.users.fields());
    f.item_fields = describe_fields(data.items.fields());
    return f;
}

std::string first_config_difference(const TrainConfig& a, const TrainConfig& b) {
    nlohmann::json ja = to_json(a), jb = to_json(b);
    ja.erase("threads");
    jb.erase("threads");
    const nlohmann::json diff = nlohmann::json::diff(ja, jb);
    if (diff.empty()) return "";
    std::string path = diff[0].value("path", "");
    if (!path.empty() && path[0] == '/') path = path.substr(1);
    for (auto& c : path) if (c == '/') c = '.';
    return path;
}

TrainerState capture_state(const Trainer& trainer) {
    // Reading only: the visitors below are non-const in the model's API, so drop const here.
    TrainerImpl& m = const_cast<TrainerImpl&>(trainer.impl());
    TrainerState s;
    s.config = m.config;
    s.data = fingerprint(*m.data, *m.split);
    s.step = m.step;
    std::ostringstream rng;
    rng << m.rng;
    s.rng = rng.str();
    auto tower = [](Tower<float>& t, OptimizerState<float>& o, TowerState& out) {
        capture_blocks([&](auto&& f) { t.for_each_block(f); }, out.parameters);
        capture_blocks([&](auto&& f) { for_each_moment(o, f); }, out.moments);
        out.optimizer_steps = o.t;
    };
    tower(m.user_tower, m.user_opt, s.user);
    tower(m.item_tower, m.item_opt, s.item);
    s.frequency_last_seen = m.frequency.last_seen_;
    s.frequency_mean_gap = m.frequency.mean_gap_;
    return s;
}

void restore_state(Trainer& trainer, const TrainerState& s) {
    TrainerImpl& m = trainer.impl();
    // 1. Validate everything; nothing below may throw after the first write.
    if (s.data != fingerprint(*m.data, *m.split))
        throw Error(ErrorContext{"", 0, "dataset"}, "the state was trained on '" + s.data.name + "' (" +
                                                        std::to_string(s.data.users) + " users, " + std::to_string(s.data.items) +
                                                        " items, " + std::to_string(s.data.train_clicks) +
                                                        " training clicks), not on the loaded data");
    const std::string diff = first_config_difference(s.config, m.config);
    if (!diff.empty())
        throw Error(ErrorContext{"", 0, diff}, "the state was trained with a different config value; build the trainer with the state's config");
    Rng rng;
    std::istringstream in(s.rng);
    in >> rng;
    if (!in) throw Error(ErrorContext{"", 0, "rng"}, "unreadable random generator state");
    check_blocks(s.user.parameters, block_sizes([&](auto&& f) { m.user_tower.for_each_block(f); }), "user_tower");
    check_blocks(s.item.parameters, block_sizes([&](auto&& f) { m.item_tower.for_each_block(f); }), "item_tower");
    check_blocks(s.user.moments, block_sizes([&](auto&& f) { for_each_moment(m.user_opt, f); }), "user_optimizer");
    check_blocks(s.item.moments, block_sizes([&](auto&& f) { for_each_moment(m.item_opt, f); }), "item_optimizer");
    if (s.frequency_last_seen.size() != m.frequency.last_seen_.size() ||
        s.frequency_mean_gap.size() != m.frequency.mean_gap_.size())
        throw Error(ErrorContext{"", 0, "frequency_estimator"}, "hash size differs from the model's logq_hash_size");
    if (s.step < 0 || s.user.optimizer_steps < 0 || s.item.optimizer_steps < 0)
        throw Error(ErrorContext{"", 0, "step"}, "negative step count");

    // 2. Copy.
    auto put = [](const Blocks& from) {
        return [&from, b = size_t{0}](float* p, size_t n) mutable { std::copy(from[b].begin(), from[b].begin() + static_cast<long>(n), p); ++b; };
    };
    m.user_tower.for_each_block(put(s.user.parameters));
    m.item_tower.for_each_block(put(s.item.parameters));
    for_each_moment(m.user_opt, put(s.user.moments));
    for_each_moment(m.item_opt, put(s.item.moments));
    m.user_opt.t = s.user.optimizer_steps;
    m.item_opt.t = s.item.optimizer_steps;
    m.frequency.last_seen_ = s.frequency_last_seen;
    m.frequency.mean_gap_ = s.frequency_mean_gap;
    m.rng = rng;
    m.step = s.step;
    m.restart_id_row_movement();  // a window measures training, not the jump to restored rows
    if (m.hard) m.hard = std::make_unique<HardNegatives>(*m.split, m.config.hard_pool);  // refreshes next step
}

}  // namespace towerlab
