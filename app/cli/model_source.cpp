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

// The one loading path (data/data_setup.h); the checkpoint records the setup with an absolute
// path, so it resumes from any folder.
void load_data(LoadedModel& m, DataSetup setup, const TrainConfig& config, bool quiet) {
    const RunData run = load_run_data(setup, config);
    m.data = run.dataset;
    m.split = run.split;
    setup.dataset = absolute_dataset_source(setup.dataset);
    m.dataset_source = to_json(setup);
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
    load_data(m, data_setup(o), config, quiet);
    m.trainer = std::make_unique<Trainer>(m.data, m.split, config);
    m.train_seconds = train_steps(*m.trainer, steps, quiet);
    return m;
}

LoadedModel resume_model(const std::string& path, int threads, bool quiet, const std::string& dataset_override) {
    const Checkpoint c = load_checkpoint(path);
    const nlohmann::json& src = c.dataset_source;
    if (!src.is_object() || !src.contains("dataset"))
        throw Error(ErrorContext{path, 0, "dataset_source"}, "the checkpoint does not say which dataset it was trained on");
    // Written by this CLI or by the app: the same keys (data/data_setup.h), other keys are theirs.
    DataSetup setup = data_setup_from_json(src, path + " (dataset source)");
    // The data moved (another machine, another folder): the same data from another path. The
    // trainer's state is checked against it below (users, items, training clicks).
    if (!dataset_override.empty()) setup.dataset = dataset_override;
    LoadedModel m;
    load_data(m, setup, c.state.config, quiet);
    m.trainer = resume_trainer(m.data, m.split, c, threads);
    if (!quiet) std::cerr << "resumed " << path << " at step " << m.trainer->steps_done() << "\n";
    return m;
}

LoadedModel load_or_train_model(const CLI::App& sub, CommonOptions& o, const std::string& checkpoint, long steps,
                                bool quiet) {
    if (checkpoint.empty()) return train_model(sub, o, steps, quiet);
    const TrainConfig flags = resolve_config(sub, o);
    return resume_model(checkpoint, sub.count("--threads") ? flags.threads : 0, quiet,
                        sub.count("--dataset") ? o.dataset : std::string());
}

}  // namespace towerlab::cli
