// Item embeddings trained elsewhere, in a TrainingSession: imported, projected and measured for
// ANN recall on the import task, and an imported item's nearest neighbours on a task of its own,
// so neither the training worker nor the UI waits for them.
#include "session/training_session.h"

#include "export/embedding_import.h"

namespace towerlab {

void TrainingSession::import_embeddings(const std::string& vectors_path, const std::string& metadata_path,
                                        const AnnIndexConfig& index) {
    const int points = options_.imported_points, queries = options_.imported_queries;
    import_task_.start(
        [this, vectors_path, metadata_path, index, points, queries](TaskContext& ctx) {
            auto cat = std::make_shared<const ImportedCatalogue>(import_item_embeddings(vectors_path, metadata_path));
            if (ctx.cancelled()) return;
            import_task_.progress(ctx, 0.4, "projecting the items (PCA)");
            auto v = std::make_shared<ImportedView>();
            v->vectors_path = vectors_path;
            v->metadata_path = metadata_path;
            v->catalogue = cat;
            v->index = index;
            v->projection = std::make_shared<const CatalogueProjection>(cat->projection(points));
            if (!import_task_.publish_if_current(ctx, [&] {
                    std::lock_guard<std::mutex> lk(view_mutex_);
                    imported_ = v;
                    imported_item_.reset();
                }))
                return;
            import_task_.progress(ctx, 0.6, "measuring ANN recall against brute force");
            ServingBenchConfig bc;
            bc.ks.clear();
            for (int k : {10, 100})
                if (k < cat->size()) bc.ks.push_back(k);
            if (bc.ks.empty()) bc.ks.push_back(std::max(1, cat->size() - 1));
            bc.ef_search = {index.ef_search};
            bc.threads = std::max(1, index.threads);
            auto with_ann = std::make_shared<ImportedView>(*v);
            with_ann->ann = std::make_shared<const ServingBenchReport>(cat->ann_recall(index, bc, queries));
            import_task_.publish_if_current(ctx, [&] {
                std::lock_guard<std::mutex> lk(view_mutex_);
                if (imported_ == v) imported_ = with_ann;
            });
        },
        "reading the vectors and the metadata");
}

void TrainingSession::cancel_import() { import_task_.cancel(); }

void TrainingSession::inspect_imported_item(int item) {
    std::shared_ptr<const ImportedView> v;
    {
        std::lock_guard<std::mutex> lk(view_mutex_);
        v = imported_;
        if (item < 0 || !v || item >= v->catalogue->size()) {
            imported_item_.reset();
            v.reset();
        }
    }
    if (!v) {
        imported_item_task_.cancel();
        tasks_changed();
        return;
    }
    const int k = options_.neighbours;
    imported_item_task_.start(
        [this, v, item, k](TaskContext& ctx) {
            auto r = std::make_shared<ImportedNeighbours>();
            r->item = item;
            r->neighbours = v->catalogue->neighbours(item, k);
            imported_item_task_.publish_if_current(ctx, [&] {
                std::lock_guard<std::mutex> lk(view_mutex_);
                if (imported_ && imported_->catalogue == v->catalogue) imported_item_ = r;
            });
        },
        "finding nearest neighbours");
}

void TrainingSession::close_imported() {
    import_task_.cancel();
    imported_item_task_.cancel();
    {
        std::lock_guard<std::mutex> lk(view_mutex_);
        imported_.reset();
        imported_item_.reset();
    }
    tasks_changed();
}

}  // namespace towerlab
