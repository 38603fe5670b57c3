// `towerlab-cli serve-bench`: ANN serving figures for a catalogue of any size. Trains the model
// (or loads a checkpoint), embeds every item, builds an HNSW index and compares it with brute
// force on the same user queries: recall@K, per-query latency p50/p99, build time, index memory.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <algorithm>
#include <memory>
#include <numeric>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_options.h"
#include "commands.h"
#include "core/error.h"
#include "core/random.h"
#include "model_source.h"
#include "serving/serving_benchmark.h"

namespace towerlab::cli {
namespace {

struct ServeBenchOptions {
    CommonOptions common;
    std::string checkpoint;
    long steps = 1000;
    AnnIndexConfig index;
    std::string ef_search = "16,32,64,128,256";
    std::string ks = "10,100";
    int queries = 1000;
    int brute_queries = 200;
    QueryRoutingConfig routing;
    bool json = false;
    bool quiet = false;
};

std::vector<int> parse_int_list(const std::string& s, const std::string& flag) {
    std::vector<int> out;
    std::stringstream ss(s);
    std::string part;
    while (std::getline(ss, part, ',')) {
        try {
            size_t used = 0;
            out.push_back(std::stoi(part, &used));
            if (used != part.size()) throw std::invalid_argument(part);
        } catch (...) {
            throw Error(ErrorContext{"", 0, flag}, "expected comma-separated integers, got '" + s + "'");
        }
    }
    if (out.empty()) throw Error(ErrorContext{"", 0, flag}, "needs at least one value");
    return out;
}

nlohmann::json latency_json(const LatencySummary& l) {
    return {{"queries", l.queries}, {"p50_us", l.p50_us}, {"p99_us", l.p99_us}, {"mean_us", l.mean_us}, {"max_us", l.max_us}};
}

void run_serve_bench(const CLI::App& sub, ServeBenchOptions& o) {
    ServingBenchConfig bc;
    bc.ks = parse_int_list(o.ks, "--k");
    bc.ef_search = parse_int_list(o.ef_search, "--ef-search");
    bc.brute_force_latency_queries = o.brute_queries;
    if (o.queries < 1) throw Error(ErrorContext{"", 0, "--queries"}, "must be at least 1");
    o.index.validate();

    LoadedModel m = load_or_train_model(sub, o.common, o.checkpoint, o.steps, o.quiet);
    const Trainer& trainer = *m.trainer;
    bc.threads = trainer.config().threads;
    auto t0 = std::chrono::steady_clock::now();
    const Mat<float> items = trainer.item_embeddings();
    const double embed_items_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // Queries: the user tower's vectors of a seeded sample of users, as a server would compute them.
    // Routing bridges: other users' vectors (never the measured ones).
    std::vector<int32_t> order(static_cast<size_t>(m.data->num_users()));
    std::iota(order.begin(), order.end(), 0);
    Rng rng(trainer.config().seed + 1);
    std::shuffle(order.begin(), order.end(), rng);
    const size_t nq = std::min(order.size() / 2, static_cast<size_t>(o.queries));
    const std::vector<int32_t> users(order.begin(), order.begin() + static_cast<long>(nq));
    const size_t nb = o.routing.bridges > 0 ? std::min(order.size() - nq, static_cast<size_t>(o.routing.bridges)) : 0;
    const std::vector<int32_t> bridge_users(order.begin() + static_cast<long>(nq), order.begin() + static_cast<long>(nq + nb));
    const Mat<float> queries = trainer.user_embeddings(users);
    const Mat<float> bridges = nb ? Mat<float>(trainer.user_embeddings(bridge_users)) : Mat<float>();
    if (nb) bc.routing = o.routing;

    auto say = [&](const std::string& s) { if (!o.quiet) std::cerr << "serve-bench: " << s << "...\n"; };
    const ServingBenchReport r = run_serving_benchmark(items, queries, o.index, bc, nb ? &bridges : nullptr, say);

    if (o.json) {
        nlohmann::json j;
        j["dataset"] = m.data->name;
        j["items"] = r.items;
        j["dim"] = r.dim;
        j["queries"] = r.queries;
        j["train_steps"] = trainer.steps_done();
        j["train_seconds"] = m.train_seconds;
        j["embed_items_seconds"] = embed_items_s;
        j["index"] = {{"M", r.index.M}, {"ef_construction", r.index.ef_construction}, {"threads", r.index.threads},
                      {"build_seconds", r.build_seconds}, {"bytes", r.index_bytes}};
        j["ground_truth_seconds"] = r.ground_truth_seconds;
        j["routing"] = {{"bridges", r.routing_bridges}, {"neighbours", bc.routing.neighbours},
                        {"entries_per_bridge", bc.routing.entries_per_bridge}, {"build_seconds", r.routing_build_seconds}};
        for (size_t q = 0; q < r.ks.size(); ++q)
            j["brute_force"].push_back({{"k", r.ks[q]}, {"latency", latency_json(r.brute_force[q])}});
        for (const auto& p : r.points)
            j["ann"].push_back({{"ef_search", p.ef_search}, {"k", p.k}, {"routed", p.routed}, {"recall", p.recall}, {"min_recall", p.min_recall},
                                {"latency", latency_json(p.latency)}});
        std::cout << j.dump(2) << "\n";
        return;
    }
    std::printf("catalogue: %d items x %d dims (%s); %d user queries; model at step %ld; items embedded in %.2f s\n", r.items,
                r.dim, m.data->name.c_str(), r.queries, trainer.steps_done(), embed_items_s);
    std::printf("HNSW index: M=%d ef_construction=%d, built in %.2f s on %d threads, %.1f MiB\n", r.index.M,
                r.index.ef_construction, r.build_seconds, r.index.threads, static_cast<double>(r.index_bytes) / (1 << 20));
    if (r.routing_bridges)
        std::printf("query routing: %d bridge users x %d nearest x %d entry items, built in %.2f s\n", r.routing_bridges,
                    bc.routing.neighbours, bc.routing.entries_per_bridge, r.routing_build_seconds);
    std::printf("brute force (one query, one thread, %d queries timed):", r.brute_force.empty() ? 0 : r.brute_force[0].queries);
    for (size_t q = 0; q < r.ks.size(); ++q)
        std::printf("  K=%d p50 %.0f us p99 %.0f us;", r.ks[q], r.brute_force[q].p50_us, r.brute_force[q].p99_us);
    std::printf("\n\n%10s %8s %6s %10s %10s %10s %10s %10s\n", "ef_search", "entry", "K", "recall", "min", "p50 us", "p99 us",
                "speed-up");
    for (const auto& p : r.points) {
        size_t q = 0;
        while (r.ks[q] != p.k) ++q;
        std::printf("%10d %8s %6d %10.4f %10.3f %10.1f %10.1f %9.1fx\n", p.ef_search, p.routed ? "routed" : "top", p.k, p.recall,
                    p.min_recall, p.latency.p50_us,
                    p.latency.p99_us, r.brute_force[q].p50_us / std::max(1e-9, p.latency.p50_us));
    }
}

}  // namespace

void register_serve_bench_command(CLI::App& app) {
    auto o = std::make_shared<ServeBenchOptions>();
    CLI::App* sub = app.add_subcommand("serve-bench", "ANN (HNSW) vs brute-force retrieval: recall@K, latency p50/p99, build time");
    add_common_options(*sub, o->common);
    sub->add_option("--checkpoint", o->checkpoint, "benchmark this checkpoint's model (else train --steps on --dataset)");
    sub->add_option("--steps", o->steps, "training steps before the benchmark")->check(CLI::Range(1L, 1000000000L));
    sub->add_option("--M", o->index.M, "HNSW links per node");
    sub->add_option("--ef-construction", o->index.ef_construction, "HNSW candidate list while building");
    sub->add_option("--ef-search", o->ef_search, "HNSW candidate list(s) while querying, swept: e.g. 16,64,256");
    sub->add_option("--k", o->ks, "K values, e.g. 10,100");
    sub->add_option("--queries", o->queries, "user queries (recall and ANN latency use all of them)")->check(CLI::Range(1, 100000000));
    sub->add_option("--brute-queries", o->brute_queries, "queries timed for brute-force latency");
    sub->add_option("--routing-bridges", o->routing.bridges, "query routing: other users' vectors kept as bridges (0 = off)");
    sub->add_option("--routing-neighbours", o->routing.neighbours, "query routing: nearest bridges per query");
    sub->add_option("--routing-entries", o->routing.entries_per_bridge, "query routing: top items of each bridge used as entries");
    sub->add_flag("--json", o->json, "print machine-readable results on stdout");
    sub->add_flag("--quiet", o->quiet, "no progress output");
    sub->callback([sub, o] { run_serve_bench(*sub, *o); });
}

}  // namespace towerlab::cli
