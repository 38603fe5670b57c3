// The layout task of a TrainingSession: the map of the items or of sampled users by UMAP or t-SNE
// (or PCA), computed beside training from a published copy of the vectors and published when done. The
// worker decides when (maybe_layout in training_session.cpp); this file does it.
#include "session/training_session.h"

namespace towerlab {

void TrainingSession::start_layout_task(MapPoints points, LayoutMethod method, std::vector<float> pca_xy, long run,
                                        long step, long serial) {
    std::shared_ptr<const ItemLayout> previous;
    {
        std::lock_guard<std::mutex> lk(view_mutex_);
        previous = layout_;
    }
    layout_task_.start(
        [this, points = std::move(points), method, pca_xy = std::move(pca_xy), previous, run, step, serial](TaskContext& ctx) {
            // However the job ends (done, cancelled, failed), the worker hears of it: it starts the
            // next layout only once this one has reported back.
            struct ReportBack {
                TrainingSession* session;
                long serial;
                ~ReportBack() {
                    Intent i(Intent::Kind::LayoutReady);
                    i.n = serial;
                    session->push(std::move(i));
                }
            } report_back{this, serial};
            const ItemLayoutProgress progress = [&](const std::string& stage, int done, int total) {
                layout_task_.progress(ctx, total > 0 ? static_cast<double>(done) / total : -1, stage);
                return !ctx.cancelled();
            };
            std::shared_ptr<const ItemLayout> layout =
                compute_map_layout(points, method, pca_xy, previous.get(), run, step, options_.layout, progress);
            if (!layout || ctx.cancelled()) return;
            layout_task_.publish_if_current(ctx, [&] {
                std::lock_guard<std::mutex> lk(view_mutex_);
                layout_ = layout;
            });
        },
        std::string(to_string(method)) + " of the " + to_string(points.subject) + ": starting");
}

}  // namespace towerlab
