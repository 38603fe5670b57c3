#include "ssl/mutual_information.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace towerlab {
namespace {

// Marginal distribution of one field: an item with s values puts mass 1/s on each.
std::vector<double> marginal(const FeatureTable& items, int f) {
    std::vector<double> p(static_cast<size_t>(items.fields()[static_cast<size_t>(f)].table_rows()), 0.0);
    const double n = items.num_rows();
    for (int r = 0; r < items.num_rows(); ++r) {
        auto vs = items.values(r, f);
        const double w = 1.0 / (vs.size() * n);
        for (int32_t v : vs) p[static_cast<size_t>(v)] += w;
    }
    return p;
}

double entropy(const std::vector<double>& p) {
    double h = 0;
    for (double x : p)
        if (x > 0) h -= x * std::log(x);
    return h;
}

double pair_mi(const FeatureTable& items, int fu, int fv, const std::vector<double>& pu, const std::vector<double>& pv) {
    const size_t nu = pu.size(), nv = pv.size();
    const double n = items.num_rows();
    auto accumulate = [&](auto&& add) {
        for (int r = 0; r < items.num_rows(); ++r) {
            auto us = items.values(r, fu);
            auto vs = items.values(r, fv);
            const double w = 1.0 / (static_cast<double>(us.size()) * vs.size() * n);
            for (int32_t u : us)
                for (int32_t v : vs) add(static_cast<size_t>(u) * nv + static_cast<size_t>(v), w);
        }
    };
    auto term = [&](size_t key, double puv) {
        const double a = pu[key / nv], b = pv[key % nv];
        return puv > 0 ? puv * std::log(puv / (a * b)) : 0.0;
    };
    double mi = 0;
    if (nu * nv <= (size_t{1} << 22)) {
        std::vector<double> joint(nu * nv, 0.0);
        accumulate([&](size_t k, double w) { joint[k] += w; });
        for (size_t k = 0; k < joint.size(); ++k) mi += term(k, joint[k]);
    } else {
        std::unordered_map<size_t, double> joint;
        accumulate([&](size_t k, double w) { joint[k] += w; });
        for (const auto& [k, puv] : joint) mi += term(k, puv);
    }
    return std::max(0.0, mi);  // rounding can leave a tiny negative for independent fields
}

}  // namespace

MutualInformation compute_mutual_information(const FeatureTable& items) {
    MutualInformation out;
    const int k = items.num_fields();
    const int id = items.id_field();
    for (int f = 0; f < k; ++f) {
        out.field_names.push_back(items.fields()[static_cast<size_t>(f)].name);
        if (f != id) out.content_fields.push_back(f);
    }
    out.mi.assign(static_cast<size_t>(k), std::vector<double>(static_cast<size_t>(k), 0.0));
    std::vector<std::vector<double>> p(static_cast<size_t>(k));
    std::vector<double> h(static_cast<size_t>(k), 0.0);
    for (int f = 0; f < k; ++f) {
        if (f == id) {
            h[static_cast<size_t>(f)] = items.num_rows() > 0 ? std::log(static_cast<double>(items.num_rows())) : 0.0;
            continue;
        }
        p[static_cast<size_t>(f)] = marginal(items, f);
        h[static_cast<size_t>(f)] = entropy(p[static_cast<size_t>(f)]);
    }
    for (int a = 0; a < k; ++a) {
        out.mi[static_cast<size_t>(a)][static_cast<size_t>(a)] = h[static_cast<size_t>(a)];
        for (int b = a + 1; b < k; ++b) {
            double v;
            // The ID determines every other field: MI(ID, X) = H(X).
            if (a == id) v = h[static_cast<size_t>(b)];
            else if (b == id) v = h[static_cast<size_t>(a)];
            else v = pair_mi(items, a, b, p[static_cast<size_t>(a)], p[static_cast<size_t>(b)]);
            out.mi[static_cast<size_t>(a)][static_cast<size_t>(b)] = out.mi[static_cast<size_t>(b)][static_cast<size_t>(a)] = v;
        }
    }
    out.normalized.assign(static_cast<size_t>(k), std::vector<double>(static_cast<size_t>(k), 0.0));
    for (int a = 0; a < k; ++a)
        for (int b = 0; b < k; ++b) {
            const double denom = std::sqrt(h[static_cast<size_t>(a)] * h[static_cast<size_t>(b)]);
            out.normalized[static_cast<size_t>(a)][static_cast<size_t>(b)] =
                denom > 0 ? std::min(1.0, out.mi[static_cast<size_t>(a)][static_cast<size_t>(b)] / denom) : 0.0;
        }
    return out;
}

std::vector<int> correlated_mask_group(const MutualInformation& mi, int seed_field) {
    std::vector<int> partners;
    for (int f : mi.content_fields)
        if (f != seed_field) partners.push_back(f);
    std::stable_sort(partners.begin(), partners.end(), [&](int a, int b) {
        return mi.mi[static_cast<size_t>(seed_field)][static_cast<size_t>(a)] >
               mi.mi[static_cast<size_t>(seed_field)][static_cast<size_t>(b)];
    });
    const size_t c = mi.content_fields.size();
    // seed + floor(c/2) partners, but always leave the other view at least one content field
    const size_t take = std::min(c / 2, c > 0 ? c - 1 : 0);
    std::vector<int> group{seed_field};
    group.insert(group.end(), partners.begin(), partners.begin() + static_cast<long>(std::min(take, partners.size())));
    return group;
}

}  // namespace towerlab
