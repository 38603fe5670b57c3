#include "export/imported_catalogue.h"

#include <algorithm>
#include <numeric>

#include <Eigen/Eigenvalues>

#include "core/error.h"
#include "core/random.h"

namespace towerlab {

ImportedCatalogue::ImportedCatalogue(ImportedEmbeddings embeddings, double head_share)
    : e_(std::move(embeddings)), exact_(e_.vectors) {
    if (!(head_share > 0 && head_share < 1)) throw Error(ErrorContext{"", 0, "head_share"}, "must be in (0, 1)");
    if (e_.has_clicks()) {
        // As split.h does for training clicks: head = the top share of the items that have clicks.
        std::vector<int32_t> warm;
        for (int i = 0; i < size(); ++i)
            if (e_.clicks[static_cast<size_t>(i)] > 0) warm.push_back(i);
        std::stable_sort(warm.begin(), warm.end(),
                         [&](int32_t a, int32_t b) { return e_.clicks[static_cast<size_t>(a)] > e_.clicks[static_cast<size_t>(b)]; });
        group_.assign(static_cast<size_t>(size()), ItemGroup::Cold);
        const size_t n_head = warm.empty() ? 0 : std::max<size_t>(1, static_cast<size_t>(head_share * static_cast<double>(warm.size()) + 0.5));
        for (size_t r = 0; r < warm.size(); ++r) group_[static_cast<size_t>(warm[r])] = r < n_head ? ItemGroup::Head : ItemGroup::Tail;
        for (ItemGroup g : group_) (g == ItemGroup::Head ? num_head : g == ItemGroup::Tail ? num_tail : num_cold)++;
    }
    mi_ = compute_mutual_information(e_.fields);
}

int ImportedCatalogue::find(const std::string& id) const {
    const auto it = std::find(e_.item_ids.begin(), e_.item_ids.end(), id);
    return it == e_.item_ids.end() ? -1 : static_cast<int>(it - e_.item_ids.begin());
}

CatalogueProjection ImportedCatalogue::projection(int max_points, uint64_t seed) const {
    CatalogueProjection p;
    std::vector<int32_t> items(static_cast<size_t>(size()));
    std::iota(items.begin(), items.end(), 0);
    if (max_points > 0 && size() > max_points) {
        Rng rng(seed);
        std::shuffle(items.begin(), items.end(), rng);
        items.resize(static_cast<size_t>(max_points));
        std::sort(items.begin(), items.end());
    }
    const Mat<float>& v = e_.vectors;
    Mat<double> x(static_cast<Eigen::Index>(items.size()), v.cols());
    for (size_t r = 0; r < items.size(); ++r) x.row(static_cast<Eigen::Index>(r)) = v.row(items[r]).cast<double>();
    const Eigen::RowVectorXd mean = x.colwise().mean();
    x.rowwise() -= mean;
    // Principal axes: the top eigenvectors of the covariance X^T X / n.
    const Eigen::MatrixXd cov = (x.transpose() * x) / std::max<double>(1.0, static_cast<double>(x.rows()));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    const Eigen::Index d = cov.rows();
    const double total = std::max(1e-300, eig.eigenvalues().sum());
    Eigen::MatrixXd axes(d, 2);
    for (int a = 0; a < 2; ++a) {
        const Eigen::Index col = std::max<Eigen::Index>(0, d - 1 - a);
        Eigen::VectorXd axis = eig.eigenvectors().col(col);
        Eigen::Index big;
        axis.cwiseAbs().maxCoeff(&big);
        if (axis(big) < 0) axis = -axis;  // a fixed sign: the same data always gives the same picture
        axes.col(a) = axis;
        p.explained[a] = d > a ? eig.eigenvalues()(col) / total : 0.0;
    }
    const Eigen::MatrixXd xy = x * axes;
    p.items = items;
    p.xy.resize(items.size() * 2);
    for (size_t r = 0; r < items.size(); ++r) {
        p.xy[2 * r] = static_cast<float>(xy(static_cast<Eigen::Index>(r), 0));
        p.xy[2 * r + 1] = static_cast<float>(xy(static_cast<Eigen::Index>(r), 1));
        if (has_popularity()) {
            p.clicks.push_back(e_.clicks[static_cast<size_t>(items[r])]);
            p.group.push_back(group(items[r]));
        }
    }
    return p;
}

ScoredList ImportedCatalogue::neighbours(int item, int k) const {
    if (item < 0 || item >= size()) throw Error(ErrorContext{"", 0, "item"}, "no item " + std::to_string(item));
    ScoredList all = exact_.search(e_.vectors.row(item).data(), k + 1);
    all.erase(std::remove_if(all.begin(), all.end(), [&](const ScoredItem& s) { return s.item == item; }), all.end());
    if (static_cast<int>(all.size()) > k) all.resize(static_cast<size_t>(k));
    return all;
}

ServingBenchReport ImportedCatalogue::ann_recall(const AnnIndexConfig& index, const ServingBenchConfig& bench, int queries,
                                                 uint64_t seed) const {
    const int q = std::max(1, std::min(queries, size()));
    std::vector<int32_t> rows(static_cast<size_t>(size()));
    std::iota(rows.begin(), rows.end(), 0);
    Rng rng(seed);
    std::shuffle(rows.begin(), rows.end(), rng);
    Mat<float> query(q, e_.vectors.cols());
    for (int r = 0; r < q; ++r) query.row(r) = e_.vectors.row(rows[static_cast<size_t>(r)]);
    return run_serving_benchmark(e_.vectors, query, index, bench);
}

}  // namespace towerlab
