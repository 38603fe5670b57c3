#include "session/item_layout.h"

#include <chrono>
#include <unordered_map>

#include "core/error.h"
#include "eval/neighbour_graph.h"
#include "eval/tsne_layout.h"
#include "eval/umap_layout.h"
#include "model/matrix.h"

namespace towerlab {

const char* to_string(MapSubject s) { return s == MapSubject::Users ? "users" : "items"; }

const char* to_string(LayoutMethod m) {
    switch (m) {
        case LayoutMethod::Pca: return "PCA";
        case LayoutMethod::Umap: return "UMAP";
        case LayoutMethod::Tsne: return "t-SNE";
    }
    return "?";
}

namespace {

// Where each item of `items` was in `previous` (has = 0 when it was not there).
void previous_places(const ItemLayout& previous, const std::vector<int32_t>& items, std::vector<float>& xy,
                     std::vector<uint8_t>& has) {
    std::unordered_map<int32_t, size_t> at;
    for (size_t k = 0; k < previous.items.size(); ++k) at[previous.items[k]] = k;
    xy.assign(items.size() * 2, 0.0f);
    has.assign(items.size(), 0);
    for (size_t k = 0; k < items.size(); ++k) {
        const auto it = at.find(items[k]);
        if (it == at.end()) continue;
        xy[2 * k] = previous.xy[2 * it->second];
        xy[2 * k + 1] = previous.xy[2 * it->second + 1];
        has[k] = 1;
    }
}

// What both maps' points share: the subject, the vectors and an id per point.
MapPoints points_of(MapSubject subject, std::shared_ptr<const Eigen::MatrixXf> vectors, const std::vector<int32_t>& ids) {
    MapPoints p;
    p.subject = subject;
    p.vectors = std::move(vectors);
    p.ids = ids;
    p.rows.reserve(ids.size());
    p.groups.reserve(ids.size());
    return p;
}

}  // namespace

MapPoints item_map_points(std::shared_ptr<const Eigen::MatrixXf> vectors, const std::vector<int32_t>& items,
                          const Split& split) {
    MapPoints p = points_of(MapSubject::Items, std::move(vectors), items);
    p.rows = items;  // the item vectors have a row per item
    for (int32_t i : items) p.groups.push_back(static_cast<int>(split.item_group[static_cast<size_t>(i)]));
    return p;
}

MapPoints user_map_points(std::shared_ptr<const Eigen::MatrixXf> vectors, const std::vector<int32_t>& users,
                          const Split& split) {
    MapPoints p = points_of(MapSubject::Users, std::move(vectors), users);
    for (size_t k = 0; k < users.size(); ++k) {
        p.rows.push_back(static_cast<int32_t>(k));
        p.groups.push_back(click_bucket(static_cast<int>(split.user_train_items[static_cast<size_t>(users[k])].size())));
    }
    return p;
}

std::shared_ptr<ItemLayout> compute_item_layout(const Eigen::MatrixXf& vectors, const std::vector<int32_t>& items,
                                                const Split& split, LayoutMethod method, const std::vector<float>& pca_xy,
                                                const ItemLayout* previous, long run, long step,
                                                const ItemLayoutOptions& options, const ItemLayoutProgress& progress) {
    // A view of the caller's vectors for the call's length, not a copy.
    const std::shared_ptr<const Eigen::MatrixXf> view(&vectors, [](const Eigen::MatrixXf*) {});
    return compute_map_layout(item_map_points(view, items, split), method, pca_xy, previous, run, step, options, progress);
}

std::shared_ptr<ItemLayout> compute_map_layout(const MapPoints& points, LayoutMethod method, const std::vector<float>& pca_xy,
                                               const ItemLayout* previous, long run, long step,
                                               const ItemLayoutOptions& options, const ItemLayoutProgress& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto report = [&](const std::string& stage, int done, int total) { return !progress || progress(stage, done, total); };
    const std::vector<int32_t>& items = points.ids;
    if (!points.vectors) throw Error("the map has no vectors");
    if (points.rows.size() != items.size() || points.groups.size() != items.size())
        throw Error("the map's rows, ids and groups differ in length");
    const Eigen::MatrixXf& vectors = *points.vectors;
    auto out = std::make_shared<ItemLayout>();
    out->subject = points.subject;
    out->method = method;
    out->run = run;
    out->step = step;
    out->items = items;
    Mat<float> x(static_cast<Eigen::Index>(items.size()), vectors.cols());
    for (size_t k = 0; k < items.size(); ++k) {
        const int32_t r = points.rows[k];
        if (r < 0 || r >= vectors.rows()) throw Error("the map's row " + std::to_string(r) + " is not a row of its vectors");
        x.row(static_cast<Eigen::Index>(k)) = vectors.row(r);
    }
    // A previous layout this one may continue: of the same run, subject and method.
    const bool continues = previous && previous->run == run && previous->subject == points.subject &&
                           previous->method == method && !previous->items.empty();

    if (method == LayoutMethod::Pca && !pca_xy.empty()) {
        if (pca_xy.size() != items.size() * 2) throw Error("the PCA layout does not match the projected items");
        out->xy = pca_xy;
    } else if (method == LayoutMethod::Pca) {
        // No projection of these points from the worker (the user map): their own principal plane,
        // each axis turned to agree with the previous picture's so a refresh does not flip it.
        out->xy = principal_plane(x);
        if (continues) {
            std::vector<float> before;
            std::vector<uint8_t> has;
            previous_places(*previous, items, before, has);
            for (int a = 0; a < 2; ++a) {
                double agree = 0;
                for (size_t k = 0; k < items.size(); ++k)
                    if (has[k]) agree += static_cast<double>(before[2 * k + a]) * out->xy[2 * k + a];
                if (agree < 0)
                    for (size_t k = 0; k < items.size(); ++k) out->xy[2 * k + a] = -out->xy[2 * k + a];
            }
        }
        out->warm = continues;
    } else {
        if (!report("nearest neighbours by cosine", 0, 1)) return nullptr;
        NeighbourGraphConfig gc;
        TsneConfig tsne;
        tsne.perplexity = options.perplexity;
        tsne.threads = options.threads;
        // UMAP's fuzzy graph reads n_neighbors; t-SNE calibrates its perplexity on 3x as many.
        gc.k = method == LayoutMethod::Umap ? options.neighbours : tsne.neighbours_for(static_cast<int>(items.size()));
        gc.threads = options.threads;
        gc.seed = options.seed;
        // Both continue the previous picture. t-SNE did not at first: refreshed with 100 plain
        // iterations its clusters diffused into one disc on the live map (trustworthiness@15 0.62
        // against PCA's 0.73 on the default data at step 3000), the vectors having moved too far
        // between refreshes; its refresh now begins with an exaggerated phase (eval/tsne_layout.h).
        const bool warm = continues;
        // A warm refresh of the same items refines the previous graph (eval/neighbour_graph.h,
        // NN-Descent): the vectors moved a little since. On trained vectors 300 steps apart at
        // 100,000 items that took 2.8 s against HNSW's 10.9 s, and the UMAP picture on the refined
        // graph (recall 0.913 against exact neighbours) was as faithful as on the rebuilt one
        // (0.981): kNN recall@15 0.060 vs 0.059, trustworthiness@15 0.985 vs 0.985 (`towerlab-cli
        // layout-bench --vectors A.npy --later-vectors B.npy`, docs/benchmarks.md). But refinement
        // only reaches neighbours a few hops away, so its misses add up over refreshes in a row:
        // chained on trained vectors, recall fell from 0.990 to 0.976 over 9 refreshes 45 steps
        // apart at 5,000 items, and from 0.943 to 0.900 over 10 refreshes 75 steps apart at 100,000
        // (a scratch program over refine_neighbour_graph; `layout-bench` prints such a chain on
        // synthetic turns). A fixed "rebuild every N" would rebuild the slow-moving small catalogue
        // for nothing and the fast-moving large one too late, so the recall is measured on a
        // sample after each refinement (graph_recall_sample rows by brute force: 200 of 100,000
        // is 1/500 of an exact graph's work), and the next refresh rebuilds in full below
        // graph_min_recall = 0.9: the lowest recall at which the picture was measured unharmed.
        // The faithfulness figures below never read this graph: they are measured against exact
        // 64-D neighbours (eval/layout_faithfulness.h).
        const bool drifted = warm && previous->graph_recall >= 0 && previous->graph_recall < options.graph_min_recall;
        // t-SNE keeps no graph (previous->graph is null): its 90 neighbours a point would make
        // NN-Descent's candidate lists about 20x UMAP's, and the exact graph of the default 5,000
        // items takes 0.14 s (`layout-bench`, quiet 2-core VM).
        const bool refine = warm && !drifted && previous->graph && previous->items == items && previous->graph->k == gc.k;
        std::shared_ptr<const NeighbourGraph> kept =
            refine ? std::make_shared<const NeighbourGraph>(refine_neighbour_graph(x, *previous->graph, gc))
                   : std::make_shared<const NeighbourGraph>(build_neighbour_graph(x, gc));
        const NeighbourGraph& graph = *kept;
        if (method == LayoutMethod::Umap) {
            out->graph = kept;
            out->graph_refinements = refine ? previous->graph_refinements + 1 : 0;
            if (refine) {
                if (!report("recall of the refined neighbours", 0, 1)) return nullptr;
                out->graph_recall = neighbour_graph_recall(x, graph, options.graph_recall_sample, options.seed, options.threads);
            }
        }
        std::vector<float> start;
        if (warm) {
            std::vector<uint8_t> has;
            previous_places(*previous, items, start, has);
            start = place_at_neighbour_mean(graph, start, has);
        }
        out->warm = warm;
        const std::string stage = std::string(to_string(method)) + (warm ? " refresh" : " layout");
        bool stopped = false;
        const auto step_progress = [&](int done, int total) { return !(stopped = !report(stage, done, total)); };
        if (method == LayoutMethod::Umap) {
            UmapConfig uc;
            uc.n_neighbors = options.neighbours;
            uc.seed = options.seed;
            uc.threads = options.threads;
            if (!warm) start = umap_initial_layout(x, options.seed);
            UmapLayout layout(graph, std::move(start), uc);
            out->epochs = warm ? layout.refresh(options.refresh_epochs, step_progress) : layout.run(step_progress);
            out->xy = layout.xy();
        } else {
            if (!warm) start = tsne_initial_layout(x);
            TsneLayout layout(graph, start, tsne);
            out->epochs = warm ? layout.refresh(options.refresh_iterations, options.refresh_exaggerated_iterations, step_progress) : layout.run(step_progress);
            out->xy = layout.xy();
        }
        if (stopped) return nullptr;
    }

    if (!report("faithfulness against the 64-D neighbours", 0, 1)) return nullptr;
    const std::vector<int>& group = points.groups;
    FaithfulnessConfig fc;
    fc.k = options.neighbours;
    fc.max_queries = options.faithfulness_queries;
    fc.seed = options.seed;
    fc.threads = options.threads;
    if (static_cast<int>(items.size()) > 2 * fc.k + 1) out->faithfulness = layout_faithfulness(x, out->xy, group, fc);
    out->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

}  // namespace towerlab
