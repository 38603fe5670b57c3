// The serving task of a TrainingSession: an HNSW index of one run's item vectors at one step,
// built beside training, and its recall and latency measured against brute force on the test
// users' vectors. The worker decides when (maybe_serve in training_session.cpp); this file does it.
#include "session/training_session.h"

namespace towerlab {

void TrainingSession::start_serving_task(std::shared_ptr<const Mat<float>> items, Mat<float> queries,
                                         const AnnIndexConfig& index, std::vector<int> ks, long run, long step) {
    serving_task_.start(
        [this, items, queries = std::move(queries), index, ks = std::move(ks), run, step](TaskContext& ctx) {
            auto state = std::make_shared<ServingState>();
            state->run = run;
            state->step = step;
            state->index = index;
            auto retriever = std::make_shared<ItemRetriever>(*items, index);
            if (ctx.cancelled()) return;
            serving_task_.progress(ctx, 0, "measuring recall and latency against brute force");
            state->report = measure_built_index(
                retriever->exact(), retriever->ann(), queries, ks,
                [&](double f) { serving_task_.progress(ctx, f, "measuring recall and latency against brute force"); },
                &ctx.cancel_flag());
            if (ctx.cancelled()) return;
            state->retriever = std::move(retriever);
            serving_task_.publish_if_current(ctx, [&] {
                std::lock_guard<std::mutex> lk(view_mutex_);
                serving_ = state;
            });
            push(Intent(Intent::Kind::ServingReady));  // the inspected user gets the comparison
        },
        "building the HNSW index");
}

}  // namespace towerlab
