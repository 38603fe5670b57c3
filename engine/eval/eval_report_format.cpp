#include "eval/eval_report_format.h"

#include <cstdio>

namespace towerlab {

nlohmann::json to_json(const EvalReport& r) {
    auto group = [&](const GroupMetrics& g) {
        nlohmann::json j;
        j["users"] = g.users;
        for (size_t q = 0; q < r.ks.size(); ++q) {
            j["recall@" + std::to_string(r.ks[q])] = g.recall[q];
            j["ndcg@" + std::to_string(r.ks[q])] = g.ndcg[q];
        }
        return j;
    };
    nlohmann::json j;
    j["overall"] = group(r.overall);
    j["head"] = group(r.group(ItemGroup::Head));
    j["tail"] = group(r.group(ItemGroup::Tail));
    j["cold"] = group(r.group(ItemGroup::Cold));
    for (int b = 0; b < kNumClickBuckets; ++b)
        j["click_buckets"][click_bucket_name(b)] = group(r.by_bucket[static_cast<size_t>(b)]);
    for (size_t q = 0; q < r.ks.size(); ++q) {
        j["coverage@" + std::to_string(r.ks[q])] = r.coverage[q];
        j["head_share@" + std::to_string(r.ks[q])] = r.head_share_topk[q];
    }
    j["seconds"] = r.seconds;
    return j;
}

void print_report_table(std::ostream& out, const std::vector<std::pair<std::string, EvalReport>>& rows, int k) {
    if (rows.empty()) return;
    const EvalReport& first = rows.front().second;
    const int q = first.k_index(k);
    if (q < 0) return;
    char buf[512];
    std::snprintf(buf, sizeof buf, "%-22s %9s %9s %9s %9s %9s %9s %9s\n", "", ("R@" + std::to_string(k)).c_str(),
                  "head", "tail", "cold", ("NDCG@" + std::to_string(k)).c_str(), "coverage", "head%top");
    out << buf;
    std::snprintf(buf, sizeof buf, "%-22s %9d %9d %9d %9d %9s %9s %9s\n", "(test users)", first.overall.users,
                  first.group(ItemGroup::Head).users, first.group(ItemGroup::Tail).users,
                  first.group(ItemGroup::Cold).users, "", "", "");
    out << buf;
    for (const auto& [name, r] : rows) {
        const int i = r.k_index(k);
        if (i < 0) continue;
        const size_t s = static_cast<size_t>(i);
        std::snprintf(buf, sizeof buf, "%-22s %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f\n", name.c_str(),
                      r.overall.recall[s], r.group(ItemGroup::Head).recall[s], r.group(ItemGroup::Tail).recall[s],
                      r.group(ItemGroup::Cold).recall[s], r.overall.ndcg[s], r.coverage[s], r.head_share_topk[s]);
        out << buf;
    }
}

void print_bucket_table(std::ostream& out, const std::vector<std::pair<std::string, EvalReport>>& rows, int k) {
    if (rows.empty()) return;
    const EvalReport& first = rows.front().second;
    if (first.k_index(k) < 0) return;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-22s", ("R@" + std::to_string(k) + " by training clicks").c_str());
    out << buf;
    for (int b = 0; b < kNumClickBuckets; ++b) {
        std::snprintf(buf, sizeof buf, " %9s", click_bucket_name(b));
        out << buf;
    }
    std::snprintf(buf, sizeof buf, "\n%-22s", "(test users)");
    out << buf;
    for (const GroupMetrics& g : first.by_bucket) {
        std::snprintf(buf, sizeof buf, " %9d", g.users);
        out << buf;
    }
    out << "\n";
    for (const auto& [name, r] : rows) {
        const int i = r.k_index(k);
        if (i < 0) continue;
        std::snprintf(buf, sizeof buf, "%-22s", name.c_str());
        out << buf;
        for (const GroupMetrics& g : r.by_bucket) {
            if (g.users > 0) std::snprintf(buf, sizeof buf, " %9.4f", g.recall[static_cast<size_t>(i)]);
            else std::snprintf(buf, sizeof buf, " %9s", "-");
            out << buf;
        }
        out << "\n";
    }
}

}  // namespace towerlab
