#include "core/random.h"

#include "core/error.h"

namespace towerlab {

AliasTable::AliasTable(const std::vector<double>& weights) {
    const size_t n = weights.size();
    if (n == 0) throw Error("AliasTable: empty weight vector");
    double total = 0;
    for (double w : weights) {
        if (!(w >= 0)) throw Error("AliasTable: negative or NaN weight");
        total += w;
    }
    if (!(total > 0)) throw Error("AliasTable: all weights are zero");
    prob_of_.resize(n);
    accept_.assign(n, 1.0);
    alias_.resize(n);
    std::vector<double> scaled(n);
    std::vector<int> small, large;
    for (size_t i = 0; i < n; ++i) {
        prob_of_[i] = weights[i] / total;
        scaled[i] = prob_of_[i] * static_cast<double>(n);
        alias_[i] = static_cast<int>(i);
        (scaled[i] < 1.0 ? small : large).push_back(static_cast<int>(i));
    }
    while (!small.empty() && !large.empty()) {
        int s = small.back(); small.pop_back();
        int l = large.back();
        accept_[static_cast<size_t>(s)] = scaled[static_cast<size_t>(s)];
        alias_[static_cast<size_t>(s)] = l;
        scaled[static_cast<size_t>(l)] -= 1.0 - scaled[static_cast<size_t>(s)];
        if (scaled[static_cast<size_t>(l)] < 1.0) { large.pop_back(); small.push_back(l); }
    }
}

int AliasTable::sample(Rng& rng) const {
    const int n = size();
    const int i = uniform_int(rng, 0, n - 1);
    return uniform01(rng) < accept_[static_cast<size_t>(i)] ? i : alias_[static_cast<size_t>(i)];
}

}  // namespace towerlab
