#include "eval/oracle_ranking.h"

#include <cmath>

#include "core/error.h"

namespace towerlab {

bool has_oracle(const Dataset& data) { return data.truth != nullptr && !data.item_topic.empty(); }

EvalReport evaluate_oracle(const Dataset& data, const Split& split, const EvalOptions& options) {
    if (!has_oracle(data)) throw Error(ErrorContext{data.name, 0, "oracle"}, "only the synthetic data knows its click probabilities");
    const SyntheticTruth& g = *data.truth;
    const int n = data.num_items(), D = g.dim, T = data.num_topics;
    const Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> item_taste(g.item_taste.data(), n, D);
    Eigen::MatrixXf items = Eigen::MatrixXf::Zero(n, D + T + 1);
    items.leftCols(D) = item_taste;
    for (int i = 0; i < n; ++i) {
        items(i, D + data.item_topic[static_cast<size_t>(i)]) = 1.0f;
        items(i, D + T) = static_cast<float>(std::log(g.item_weight[static_cast<size_t>(i)]));
    }
    auto users = [&](const std::vector<int32_t>& ids) {
        const Eigen::Index m = static_cast<Eigen::Index>(ids.size());
        Eigen::MatrixXf taste(m, D);
        for (Eigen::Index r = 0; r < m; ++r)
            for (int k = 0; k < D; ++k)
                taste(r, k) = g.user_taste[static_cast<size_t>(ids[static_cast<size_t>(r)]) * static_cast<size_t>(D) + static_cast<size_t>(k)];
        // Z(u, t) for every user of the chunk and every topic.
        const Eigen::MatrixXf match = taste * item_taste.transpose();  // m x n cosines
        Eigen::MatrixXd z = Eigen::MatrixXd::Zero(m, T);
        for (Eigen::Index r = 0; r < m; ++r)
            for (int i = 0; i < n; ++i)
                z(r, data.item_topic[static_cast<size_t>(i)]) +=
                    g.item_weight[static_cast<size_t>(i)] * std::exp(g.taste_sharpness * match(r, i));
        Eigen::MatrixXf out(m, D + T + 1);
        out.leftCols(D) = taste * static_cast<float>(g.taste_sharpness);
        for (Eigen::Index r = 0; r < m; ++r) {
            const auto& prefs = g.user_topics[static_cast<size_t>(ids[static_cast<size_t>(r)])];
            for (int t = 0; t < T; ++t) {
                const double pref = 0.5 * (prefs[0] == t) + 0.5 * (prefs[1] == t);
                const double p_topic = g.topic_affinity * pref + (1 - g.topic_affinity) * g.topic_weight[static_cast<size_t>(t)];
                out(r, D + t) = z(r, t) > 0 && p_topic > 0 ? static_cast<float>(std::log(p_topic) - std::log(z(r, t))) : -1e9f;
            }
            out(r, D + T) = 1.0f;
        }
        return out;
    };
    return evaluate_retrieval(split, items, users, options);
}

}  // namespace towerlab
