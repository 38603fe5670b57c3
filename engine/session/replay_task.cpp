// The update-replay task of a TrainingSession: the day-by-day replay of the clicks' timestamps
// (updates/day_replay.h) with the current run's config, on a task of its own; the timeline is
// published after every day, so the panel grows while it runs. The worker checks the request and
// clears the old timeline (start_replay in training_session.cpp); this file runs it.
#include "session/training_session.h"

namespace towerlab {

void TrainingSession::start_replay_task(std::shared_ptr<const Dataset> data, const TrainConfig& config,
                                        const DayReplayConfig& replay) {
    replay_task_.start(
        [this, data, tc = config, rc = replay](TaskContext& ctx) {
            const auto publish = [&](const UpdateTimeline& tl) {
                auto copy = std::make_shared<const UpdateTimeline>(tl);
                replay_task_.publish_if_current(ctx, [&] {
                    std::lock_guard<std::mutex> lk(view_mutex_);
                    timeline_ = copy;
                });
            };
            const auto on_day = [&](const UpdateTimeline& tl) {
                const int total = std::max(1, tl.num_days - rc.warmup_days);
                const int done = static_cast<int>(tl.days.size());
                replay_task_.progress(ctx, static_cast<double>(done) / total, "measuring the days");
                publish(tl);
            };
            publish(replay_days(data, tc, rc, on_day, &ctx.cancel_flag()));
        },
        "training the first model on the warm-up days");
}

}  // namespace towerlab
