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

}  // namespace towerlab
