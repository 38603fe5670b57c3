#include "model_source.h"

#include <chrono>
#include <iostream>

#include "checkpoint/checkpoint.h"
#include "core/error.h"
#include "data/dataset_source.h"
#include "data/synthetic_config_json.h"
#include "progress_bar.h"

namespace towerlab::cli {

void describe_data(const Dataset& data, const Split& split) {
    std::cerr << data.name << ": " << data.num_users() << " users, " << data.num_items() << " items, "
              << data.clicks.size() << " clicks; train " << split.train.size() << ", test " << split.test.size()
              << "; items head/tail/cold " << split.num_head << "/" << split.num_tail << "/" << split.num_cold << "\n";
}

namespace {

void load_data(LoadedModel& m, const std::string& source, const SyntheticConfig& synthetic, const TrainConfig& config,
               double cold_item_share, bool quiet) {
    m.data = std::make_shared<Dataset>(load_dataset(source, synthetic));
    SplitConfig sc;
    sc.head_share = config.head_share;
    sc.label_fraction = config.label_fraction;
    sc.cold_item_share = cold_item_share;
    m.split = std::make_shared<Split>(make_split(*m.data, sc));
    m.dataset_source = {{"dataset", source}, {"synthetic", to_json(synthetic)},
                        {"cold_item_share", cold_item_share}, {"split_seed", sc.seed}};
    if (!quiet) describe_data(*m.data, *m.split);
}

}  // namespace

double train_steps(Trainer& trainer, long steps, bool quiet) {
    const auto t0 = std::chrono::steady_clock::now();
    ProgressBar bar(steps, !quiet);
    double smoothed = 0;
    for (long s = 1; s <= steps; ++s) {
        const StepStats st = trainer.step();
        smoothed = s == 1 ? st.loss_total : 0.98 * smoothed + 0.02 * st.loss_total;
        bar.update(s, smoothed);
    }
    bar.finish();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

LoadedModel train_model(const CLI::App& sub, CommonOptions& o, long steps, bool quiet) {
    const TrainConfig config = resolve_config(sub, o);
    LoadedModel m;
    load_data(m, o.dataset, o.synthetic, config, o.cold_item_share, quiet);
    m.trainer = std::make_unique<Trainer>(m.data, m.split, config);
    m.train_seconds = train_steps(*m.trainer, steps, quiet);
    return m;
}

LoadedModel resume_model(const std::string& path, int threads, bool quiet) {
    const Checkpoint c = load_checkpoint(path);
    const nlohmann::json& src = c.dataset_source;
    if (!src.contains("dataset"))
        throw Error(ErrorContext{path, 0, "dataset_source"}, "the checkpoint does not say which dataset it was trained on");
    LoadedModel m;
    load_data(m, src.at("dataset").get<std::string>(), synthetic_config_from_json(src.value("synthetic", nlohmann::json::object())),
              c.state.config, src.value("cold_item_share", 0.1), quiet);
    if (src.value("split_seed", uint64_t{7}) != SplitConfig{}.seed)
        throw Error(ErrorContext{path, 0, "split_seed"}, "the checkpoint's split seed is not this build's");
    m.trainer = resume_trainer(m.data, m.split, c, threads);
    if (!quiet) std::cerr << "resumed " << path << " at step " << m.trainer->steps_done() << "\n";
    return m;
}

LoadedModel load_or_train_model(const CLI::App& sub, CommonOptions& o, const std::string& checkpoint, long steps,
                                bool quiet) {
    if (checkpoint.empty()) return train_model(sub, o, steps, quiet);
    const TrainConfig flags = resolve_config(sub, o);
    return resume_model(checkpoint, sub.count("--threads") ? flags.threads : 0, quiet);
}

}  // namespace towerlab::cli
