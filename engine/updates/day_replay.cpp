#include "updates/day_replay.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "train/trainer_state.h"
#include "core/error.h"
#include "core/random.h"
#include "data/split.h"
#include "train/trainer.h"
#include "updates/click_days.h"
#include "updates/full_update.h"
#include "updates/incremental_update.h"

namespace towerlab {

void DayReplayConfig::validate() const {
    auto need = [](bool ok, const char* field, const char* what) {
        if (!ok) throw Error(ErrorContext{"", 0, field}, what);
    };
    need(period_seconds > 0, "period_seconds", "must be positive");
    need(warmup_days >= 1, "warmup_days", "must be at least 1");
    need(warmup_epochs >= 1 && warmup_epochs <= 1000, "warmup_epochs", "must be in 1..1000");
    need(slices_per_day >= 1 && slices_per_day <= 10000, "slices_per_day", "must be in 1..10000");
    need(eval_clicks_per_day >= 0, "eval_clicks_per_day", "must be 0 (all) or positive");
    need(!ks.empty(), "k", "needs at least one K");
    for (int k : ks) need(k >= 1, "k", "every K must be at least 1");
    need(head_share > 0 && head_share < 1, "head_share", "must be in (0, 1)");
    need(threads >= 1, "threads", "must be at least 1");
}

EvalReport merge_reports(const std::vector<EvalReport>& parts) {
    EvalReport out;
    if (parts.empty()) return out;
    out.ks = parts[0].ks;
    const size_t nk = out.ks.size();
    auto init = [&](GroupMetrics& g) { g.recall.assign(nk, 0); g.ndcg.assign(nk, 0); };
    init(out.overall);
    for (auto& g : out.by_group) init(g);
    out.head_share_topk.assign(nk, 0);
    auto add = [&](GroupMetrics& into, const GroupMetrics& from) {
        if (from.users == 0) return;
        into.users += from.users;
        for (size_t q = 0; q < nk; ++q) {
            into.recall[q] += from.recall[q] * from.users;
            into.ndcg[q] += from.ndcg[q] * from.users;
        }
    };
    for (const EvalReport& p : parts) {
        if (p.ks != out.ks) throw Error(ErrorContext{"", 0, "ks"}, "merging reports with different K lists");
        add(out.overall, p.overall);
        for (size_t g = 0; g < out.by_group.size(); ++g) add(out.by_group[g], p.by_group[g]);
        for (size_t q = 0; q < nk && q < p.head_share_topk.size(); ++q) out.head_share_topk[q] += p.head_share_topk[q] * p.overall.users;
        out.seconds += p.seconds;
    }
    auto finish = [&](GroupMetrics& g) {
        if (g.users == 0) return;
        for (size_t q = 0; q < nk; ++q) { g.recall[q] /= g.users; g.ndcg[q] /= g.users; }
    };
    for (size_t q = 0; q < nk && out.overall.users > 0; ++q) out.head_share_topk[q] /= out.overall.users;
    finish(out.overall);
    for (auto& g : out.by_group) finish(g);
    return out;
}

namespace {

// The clicks seen so far: what the model may know before a day starts.
struct History {
    std::vector<int32_t> item_clicks;
    std::vector<std::vector<int32_t>> user_items;  // sorted, unique
    std::vector<Interaction> clicks;

    History(int users, int items) : item_clicks(static_cast<size_t>(items), 0), user_items(static_cast<size_t>(users)) {}
    void add(const std::vector<Interaction>& more) {
        std::set<int32_t> touched;
        for (const Interaction& c : more) {
            ++item_clicks[static_cast<size_t>(c.item)];
            user_items[static_cast<size_t>(c.user)].push_back(c.item);
            touched.insert(c.user);
        }
        for (int32_t u : touched) {
            auto& v = user_items[static_cast<size_t>(u)];
            std::sort(v.begin(), v.end());
            v.erase(std::unique(v.begin(), v.end()), v.end());
        }
        clicks.insert(clicks.end(), more.begin(), more.end());
    }
    bool clicked(int32_t user, int32_t item) const {
        const auto& v = user_items[static_cast<size_t>(user)];
        return std::binary_search(v.begin(), v.end(), item);
    }
};

// A Split whose training part is the history: the trainer is built on it (frequency tables,
// samplers) and evaluation reads its exclusions and popularity groups.
Split history_split(const History& h, std::vector<Interaction> test, double head_share, bool with_train) {
    Split s;
    if (with_train) s.train = h.clicks;
    s.test = std::move(test);
    s.train_clicks = h.item_clicks;
    s.user_train_items = h.user_items;
    std::vector<int32_t> warm;
    for (size_t i = 0; i < h.item_clicks.size(); ++i)
        if (h.item_clicks[i] > 0) warm.push_back(static_cast<int32_t>(i));
    std::stable_sort(warm.begin(), warm.end(), [&](int32_t a, int32_t b) {
        return h.item_clicks[static_cast<size_t>(a)] > h.item_clicks[static_cast<size_t>(b)];
    });
    s.item_group.assign(h.item_clicks.size(), ItemGroup::Cold);
    const size_t n_head = warm.empty() ? 0 : std::max<size_t>(1, static_cast<size_t>(head_share * static_cast<double>(warm.size()) + 0.5));
    for (size_t r = 0; r < warm.size(); ++r) s.item_group[static_cast<size_t>(warm[r])] = r < n_head ? ItemGroup::Head : ItemGroup::Tail;
    for (ItemGroup g : s.item_group) (g == ItemGroup::Head ? s.num_head : g == ItemGroup::Tail ? s.num_tail : s.num_cold)++;
    return s;
}

// Items with no clicks yet are served with the "missing" ID (their ID row never trained).
void set_serving_mask(Trainer& t, const std::vector<int32_t>& item_clicks) { t.set_cold_serving_mask(item_clicks); }

EvalReport evaluate_on(const Trainer& t, const Split& split, const DayReplayConfig& c) {
    EvalOptions eo;
    eo.ks = c.ks;
    eo.threads = c.threads;
    return evaluate_retrieval(split, t.item_embeddings(), [&](const std::vector<int32_t>& u) { return t.user_embeddings(u); }, eo);
}

struct EvalClick {
    Interaction click;
    int slice = 0;
};

// The day's first-time (user, item) clicks on items the user had not clicked before, sampled.
std::vector<EvalClick> eval_clicks_of(const ClickDay& day, const History& h, const DayReplayConfig& c, Rng& rng) {
    std::vector<EvalClick> out;
    std::set<std::pair<int32_t, int32_t>> seen;
    const size_t n = day.clicks.size();
    for (size_t k = 0; k < n; ++k) {
        const Interaction& x = day.clicks[k];
        if (h.clicked(x.user, x.item) || !seen.insert({x.user, x.item}).second) continue;
        out.push_back({x, static_cast<int>(k * static_cast<size_t>(c.slices_per_day) / n)});
    }
    if (c.eval_clicks_per_day > 0 && out.size() > static_cast<size_t>(c.eval_clicks_per_day)) {
        std::vector<size_t> idx(out.size());
        for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
        std::shuffle(idx.begin(), idx.end(), rng);
        idx.resize(static_cast<size_t>(c.eval_clicks_per_day));
        std::sort(idx.begin(), idx.end());
        std::vector<EvalClick> kept;
        for (size_t i : idx) kept.push_back(out[i]);
        out.swap(kept);
    }
    return out;
}

}  // namespace

UpdateTimeline replay_days(std::shared_ptr<const Dataset> data, const TrainConfig& train, const DayReplayConfig& config,
                           const std::function<void(const UpdateTimeline&)>& on_day, const std::atomic<bool>* cancel) {
    config.validate();
    train.validate();
    const auto t_start = std::chrono::steady_clock::now();
    UpdateTimeline tl;
    tl.config = config;
    const std::vector<ClickDay> days = split_into_days(data->clicks, config.period_seconds);
    tl.num_days = static_cast<int>(days.size());
    if (tl.num_days < config.warmup_days + 1)
        throw Error(ErrorContext{data->name, 0, "warmup_days"}, "the clicks span " + std::to_string(tl.num_days) +
                                                                    " days: a replay needs the warm-up days plus at least one more");
    Rng rng(config.seed);

    // The first model: warm-up days, shuffled epochs, all parameters.
    History history(data->num_users(), data->num_items());
    for (int d = 0; d < config.warmup_days; ++d) history.add(days[static_cast<size_t>(d)].clicks);
    auto base_split = std::make_shared<const Split>(history_split(history, {}, config.head_share, true));
    const std::vector<int32_t> warmup_clicks = history.item_clicks;
    Trainer full(data, base_split, train);
    {
        const auto t0 = std::chrono::steady_clock::now();
        for (int e = 0; e < config.warmup_epochs; ++e) tl.warmup_steps += full_update(full, history.clicks, rng).steps;
        tl.warmup_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    Trainer frozen(data, base_split, train), incremental(data, base_split, train);
    restore_state(frozen, capture_state(full));

    for (int d = config.warmup_days; d < tl.num_days; ++d) {
        if (cancel && cancel->load()) break;
        const ClickDay& day = days[static_cast<size_t>(d)];
        DayResult r;
        r.day = d;
        r.start = day.start;
        r.clicks = static_cast<long>(day.clicks.size());
        PolicyDay& none = r.policies[static_cast<size_t>(UpdatePolicy::NoUpdate)];
        PolicyDay& fu = r.policies[static_cast<size_t>(UpdatePolicy::Full)];
        PolicyDay& inc = r.policies[static_cast<size_t>(UpdatePolicy::Incremental)];
        none.policy = UpdatePolicy::NoUpdate;
        fu.policy = UpdatePolicy::Full;
        inc.policy = UpdatePolicy::Incremental;

        // Full update at the start of the day: yesterday's clicks (the warm-up already covers them
        // on the first replayed day).
        if (d > config.warmup_days) {
            const UpdateStats s = full_update(full, days[static_cast<size_t>(d - 1)].clicks, rng);
            fu.update_steps = s.steps;
            fu.update_seconds = s.seconds;
            history.add(days[static_cast<size_t>(d - 1)].clicks);
        }
        std::set<int32_t> fresh;
        for (const Interaction& x : day.clicks)
            if (history.item_clicks[static_cast<size_t>(x.item)] == 0) fresh.insert(x.item);
        r.new_items = static_cast<int>(fresh.size());

        const std::vector<EvalClick> eval = eval_clicks_of(day, history, config, rng);
        r.eval_clicks = static_cast<long>(eval.size());
        std::vector<Interaction> all_eval;
        for (const auto& e : eval) all_eval.push_back(e.click);
        Split split = history_split(history, all_eval, config.head_share, false);

        set_serving_mask(frozen, warmup_clicks);
        none.report = evaluate_on(frozen, split, config);
        set_serving_mask(full, history.item_clicks);
        fu.report = evaluate_on(full, split, config);

        // Incremental: from today's full model, slice by slice: evaluate, then learn the slice.
        restore_state(incremental, capture_state(full));
        std::vector<int32_t> seen = history.item_clicks;
        const auto slices = split_into_slices(day.clicks, config.slices_per_day);
        std::vector<EvalReport> parts;
        for (int s = 0; s < config.slices_per_day; ++s) {
            split.test.clear();
            for (const auto& e : eval)
                if (e.slice == s) split.test.push_back(e.click);
            set_serving_mask(incremental, seen);
            if (!split.test.empty()) parts.push_back(evaluate_on(incremental, split, config));
            const UpdateStats st = incremental_update(incremental, slices[static_cast<size_t>(s)]);
            inc.update_steps += st.steps;
            inc.update_seconds += st.seconds;
            for (const Interaction& x : slices[static_cast<size_t>(s)]) ++seen[static_cast<size_t>(x.item)];
        }
        inc.report = merge_reports(parts);

        tl.days.push_back(std::move(r));
        if (on_day) on_day(tl);
    }
    tl.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    return tl;
}

}  // namespace towerlab
