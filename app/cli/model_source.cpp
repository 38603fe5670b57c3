#include "model_source.h"

#include <chrono>
#include <iostream>

#include "data/dataset_source.h"
#include "progress_bar.h"

namespace towerlab::cli {

void describe_data(const Dataset& data, const Split& split) {
    std::cerr << data.name << ": " << data.num_users() << " users, " << data.num_items() << " items, "
              << data.clicks.size() << " clicks; train " << split.train.size() << ", test " << split.test.size()
              << "; items head/tail/cold " << split.num_head << "/" << split.num_tail << "/" << split.num_cold << "\n";
}

LoadedModel train_model(const CLI::App& sub, CommonOptions& o, long steps, bool quiet) {
    const TrainConfig config = resolve_config(sub, o);
    LoadedModel m;
    m.data = std::make_shared<Dataset>(load_dataset(o.dataset, o.synthetic));
    SplitConfig sc;
    sc.head_share = config.head_share;
    sc.cold_item_share = o.cold_item_share;
    m.split = std::make_shared<Split>(make_split(*m.data, sc));
    if (!quiet) describe_data(*m.data, *m.split);
    m.trainer = std::make_unique<Trainer>(m.data, m.split, config);
    const auto t0 = std::chrono::steady_clock::now();
    ProgressBar bar(steps, !quiet);
    double smoothed = 0;
    for (long s = 1; s <= steps; ++s) {
        const StepStats st = m.trainer->step();
        smoothed = s == 1 ? st.loss_total : 0.98 * smoothed + 0.02 * st.loss_total;
        bar.update(s, smoothed);
    }
    bar.finish();
    m.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return m;
}

}  // namespace towerlab::cli
