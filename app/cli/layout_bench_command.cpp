// `towerlab-cli layout-bench`: the cost and faithfulness of the neighbour-preserving pictures of
// item embeddings (kNN graph, UMAP, its warm refresh, t-SNE) beside the PCA plane, on synthetic
// topic vectors of each size asked (engine/bench/layout_benchmark.h).
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "bench/layout_benchmark.h"
#include "commands.h"
#include "core/error.h"
#include "export/npy_format.h"

namespace towerlab::cli {

namespace {

struct LayoutBenchOptions {
    LayoutBenchConfig bench;
    std::string vectors, later_vectors;  // given .npy vectors instead of synthetic topics
    bool json = false;
    bool quiet = false;
};

void print_table(const LayoutBenchReport& r) {
    if (r.topics > 0)
        std::printf("synthetic topics: %d directions in %d-D, unit vectors; %d threads; figures @%d on up to %d sampled items\n", r.topics,
                    r.dim, r.threads, r.k, r.queries);
    else
        std::printf("given vectors in %d-D; %d threads; figures @%d on up to %d sampled items\n", r.dim, r.threads, r.k, r.queries);
    std::printf("%9s  %-13s %9s %11s %9s  %s\n", "items", "step", "seconds", "recall@k", "trust@k", "detail");
    for (const LayoutBenchRow& row : r.rows) {
        char recall[16] = "", trust[16] = "";
        if (row.knn_recall >= 0) std::snprintf(recall, sizeof recall, "%.4f", row.knn_recall);
        if (row.trustworthiness >= 0) std::snprintf(trust, sizeof trust, "%.4f", row.trustworthiness);
        std::printf("%9d  %-13s %9.2f %11s %9s  %s\n", row.items, row.what.c_str(), row.seconds, recall, trust, row.detail.c_str());
    }
    std::printf("recall@k of the kNN graph, graph refine and graph drift rows: their neighbours against exact ones (1 when exact)\n");
}

}  // namespace

void register_layout_bench_command(CLI::App& app) {
    auto o = std::make_shared<LayoutBenchOptions>();
    CLI::App* sub = app.add_subcommand(
        "layout-bench", "time the kNN graph, UMAP (full and warm refresh) and t-SNE on synthetic topic vectors, with kNN recall and trustworthiness");
    sub->add_option("--items", o->bench.items, "catalogue sizes, e.g. 5000,100000")->delimiter(',')->check(CLI::Range(31, 10000000));
    sub->add_option("--threads", o->bench.threads, "threads for every step")->check(CLI::Range(1, 1024));
    sub->add_option("--seed", o->bench.seed, "seed of the vectors, the layouts and the sampled items");
    sub->add_option("--refresh-epochs", o->bench.refresh_epochs, "UMAP epochs of a warm refresh")->check(CLI::Range(1, 10000));
    sub->add_option("--tsne-large-iterations", o->bench.tsne_large_iterations,
                    "t-SNE iterations timed above " + std::to_string(o->bench.tsne_full_max_items) + " items (0: skip t-SNE there)")
        ->check(CLI::Range(0, 100000));
    sub->add_option("--refine-chain", o->bench.refine_chain, "refinements in a row for the graph drift row (0: none)")
        ->check(CLI::Range(0, 1000));
    sub->add_option("--refine-rounds", o->bench.refine_rounds, "further NN-Descent rounds of the graph refinement (default: the engine's)")
        ->check(CLI::Range(0, 100));
    sub->add_option("--vectors", o->vectors, "item vectors (.npy, e.g. from export-embeddings) instead of synthetic topics");
    sub->add_option("--later-vectors", o->later_vectors, "the same items' vectors at a later step (.npy): what the refresh refreshes for");
    sub->add_flag("--json", o->json, "print machine-readable results on stdout");
    sub->add_flag("--quiet", o->quiet, "no progress output");
    sub->callback([o] {
        auto say = [o](const std::string& s) { if (!o->quiet) std::cerr << "layout-bench: " << s << "...\n"; };
        LayoutBenchReport r;
        if (o->vectors.empty() != o->later_vectors.empty())
            throw Error(ErrorContext{"", 0, o->vectors.empty() ? "--vectors" : "--later-vectors"}, "give both --vectors and --later-vectors");
        if (o->vectors.empty()) {
            r = run_layout_benchmark(o->bench, say);
        } else {
            const Mat<float> first = read_npy_matrix(o->vectors), later = read_npy_matrix(o->later_vectors);
            r.dim = static_cast<int>(first.cols()), r.topics = 0, r.threads = o->bench.threads, r.k = o->bench.k;
            r.queries = o->bench.faithfulness_queries;
            r.rows = benchmark_layouts(first, o->bench, say, &later);
        }
        if (!o->json) {
            print_table(r);
            return;
        }
        nlohmann::json j;
        j["dim"] = r.dim;
        j["topics"] = r.topics;
        j["threads"] = r.threads;
        j["k"] = r.k;
        j["max_queries"] = r.queries;
        for (const LayoutBenchRow& row : r.rows) {
            nlohmann::json e{{"items", row.items}, {"step", row.what}, {"detail", row.detail}, {"seconds", row.seconds}};
            if (row.knn_recall >= 0) e["knn_recall"] = row.knn_recall;
            if (row.trustworthiness >= 0) e["trustworthiness"] = row.trustworthiness;
            j["rows"].push_back(e);
        }
        std::cout << j.dump(2) << "\n";
    });
}

}  // namespace towerlab::cli
