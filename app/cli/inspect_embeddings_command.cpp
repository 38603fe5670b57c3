// `towerlab-cli inspect-embeddings`: look at item embeddings trained elsewhere, without training:
// popularity groups, PCA projection, nearest neighbours, MI of the metadata fields, ANN recall.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>

#include "commands.h"
#include "core/error.h"
#include "export/imported_catalogue.h"

namespace towerlab::cli {
namespace {

struct InspectOptions {
    std::string vectors, metadata;
    ImportOptions import;
    std::vector<std::string> items;
    int k = 10;
    int queries = 1000;
    AnnIndexConfig index;
    bool ann = true;
};

void print_neighbours(const ImportedCatalogue& cat, int item, int k) {
    const ImportedEmbeddings& e = cat.embeddings();
    auto describe = [&](int i) {
        std::string s = e.item_ids[static_cast<size_t>(i)];
        if (cat.has_popularity())
            s += " (" + std::to_string(static_cast<long>(e.clicks[static_cast<size_t>(i)])) + " clicks, " + to_string(cat.group(i)) + ")";
        return s;
    };
    std::printf("  %s:\n", describe(item).c_str());
    for (const ScoredItem& s : cat.neighbours(item, k)) std::printf("    %.4f  %s\n", s.score, describe(s.item).c_str());
}

void run_inspect(InspectOptions& o) {
    const ImportedCatalogue cat(import_item_embeddings(o.vectors, o.metadata, o.import));
    const ImportedEmbeddings& e = cat.embeddings();
    std::vector<float> norms = e.original_norms;
    std::sort(norms.begin(), norms.end());
    std::printf("%d items x %d dims from %s; vector norms before normalising: min %.3g, median %.3g, max %.3g\n", e.size(),
                static_cast<int>(e.vectors.cols()), o.vectors.c_str(), norms.front(), norms[norms.size() / 2], norms.back());
    if (cat.has_popularity())
        std::printf("popularity from the metadata's clicks: %d head, %d long-tail, %d cold items\n", cat.num_head, cat.num_tail,
                    cat.num_cold);
    else
        std::printf("no click counts in the metadata: no popularity groups\n");
    if (!e.dropped_columns.empty()) {
        std::printf("ID-like columns left out of the fields:");
        for (const auto& c : e.dropped_columns) std::printf(" %s", c.c_str());
        std::printf("\n");
    }

    const CatalogueProjection p = cat.projection();
    std::printf("\nPCA projection of %zu items: the first two axes explain %.1f%% and %.1f%% of the variance\n", p.items.size(),
                100 * p.explained[0], 100 * p.explained[1]);
    if (cat.has_popularity()) {
        for (ItemGroup g : {ItemGroup::Head, ItemGroup::Tail, ItemGroup::Cold}) {
            double x = 0, y = 0;
            long n = 0;
            for (size_t i = 0; i < p.items.size(); ++i)
                if (p.group[i] == g) { x += p.xy[2 * i]; y += p.xy[2 * i + 1]; ++n; }
            if (n) std::printf("  %-9s centroid (%+.3f, %+.3f) over %ld points\n", to_string(g), x / n, y / n, n);
        }
    }

    const MutualInformation& mi = cat.mutual_information();
    if (mi.num_fields() > 0) {
        std::printf("\nnormalised mutual information of the metadata fields (MI / sqrt(H(U) H(V))):\n%16s", "");
        for (const auto& n : mi.field_names) std::printf(" %10.10s", n.c_str());
        std::printf("\n");
        for (int a = 0; a < mi.num_fields(); ++a) {
            std::printf("%16.16s", mi.field_names[static_cast<size_t>(a)].c_str());
            for (int b = 0; b < mi.num_fields(); ++b) std::printf(" %10.3f", mi.normalized[static_cast<size_t>(a)][static_cast<size_t>(b)]);
            std::printf("\n");
        }
    }

    std::printf("\nnearest neighbours by cosine:\n");
    std::vector<int> rows;
    for (const auto& id : o.items) {
        const int r = cat.find(id);
        if (r < 0) throw Error(ErrorContext{o.metadata, 0, "--item"}, "no item with id '" + id + "'");
        rows.push_back(r);
    }
    if (rows.empty()) {
        // the two most clicked items and the first cold one, or the first two items
        std::vector<int> order(static_cast<size_t>(cat.size()));
        std::iota(order.begin(), order.end(), 0);
        if (cat.has_popularity()) {
            std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return e.clicks[static_cast<size_t>(a)] > e.clicks[static_cast<size_t>(b)]; });
            rows = {order[0]};
            if (cat.size() > 1) rows.push_back(order[1]);
            for (int i = 0; i < cat.size(); ++i)
                if (cat.group(i) == ItemGroup::Cold) { rows.push_back(i); break; }
        } else {
            rows = {0};
            if (cat.size() > 1) rows.push_back(1);
        }
    }
    for (int r : rows) print_neighbours(cat, r, o.k);

    if (!o.ann) return;
    ServingBenchConfig bc;
    bc.ks = {10, 100};
    bc.ef_search = {o.index.ef_search};
    const ServingBenchReport r = cat.ann_recall(o.index, bc, o.queries);
    std::printf("\nANN (HNSW M=%d ef_construction=%d, built in %.2f s) vs brute force, %d item queries:\n", r.index.M,
                r.index.ef_construction, r.build_seconds, r.queries);
    for (size_t q = 0; q < r.points.size(); ++q) {
        const auto& pt = r.points[q];
        std::printf("  K=%-4d ef_search %d: recall %.4f, p50 %.1f us, p99 %.1f us (brute force p50 %.1f us)\n", pt.k,
                    pt.ef_search, pt.recall, pt.latency.p50_us, pt.latency.p99_us, r.brute_force[q % r.ks.size()].p50_us);
    }
}

}  // namespace

void register_inspect_embeddings_command(CLI::App& app) {
    auto o = std::make_shared<InspectOptions>();
    CLI::App* sub = app.add_subcommand("inspect-embeddings",
                                       "inspect item embeddings trained elsewhere (.npy or TSV + metadata TSV) without training");
    sub->add_option("--vectors", o->vectors, ".npy (float32/float64, items x d) or Projector vectors TSV")->required();
    sub->add_option("--metadata", o->metadata, "metadata TSV: header row, item ids, optional clicks and fields")->required();
    sub->add_option("--id-column", o->import.id_column, "metadata column with the item ids (default item_id, id or the first)");
    sub->add_option("--clicks-column", o->import.clicks_column, "metadata column with click counts ('none' to ignore)");
    sub->add_option("--item", o->items, "item id(s) whose neighbours to print (default: the two most clicked, one cold)");
    sub->add_option("--k", o->k, "neighbours per item")->check(CLI::Range(1, 100000));
    sub->add_option("--queries", o->queries, "item queries for ANN recall")->check(CLI::Range(1, 100000000));
    sub->add_option("--M", o->index.M, "HNSW links per node");
    sub->add_option("--ef-construction", o->index.ef_construction, "HNSW candidate list while building");
    sub->add_option("--ef-search", o->index.ef_search, "HNSW candidate list while querying");
    sub->add_option("--ann", o->ann, "measure ANN recall (true/false)");
    sub->callback([o] { run_inspect(*o); });
}

}  // namespace towerlab::cli
