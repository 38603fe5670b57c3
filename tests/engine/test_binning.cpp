// Binning: edges are exclusive upper bounds, NaN is missing, data-driven edges.
#include <catch2/catch.hpp>

#include <cmath>

#include "data/binning.h"

using namespace towerlab;

TEST_CASE("binning: bucket of a value against upper edges", "[binning]") {
    const std::vector<double> e = {18, 25, 35};
    CHECK(bucket_of(17.9, e) == 1);
    CHECK(bucket_of(18, e) == 2);  // an edge starts the next bucket
    CHECK(bucket_of(34.99, e) == 3);
    CHECK(bucket_of(35, e) == 4);
    CHECK(bucket_of(1e9, e) == 4);
    CHECK(bucket_of(std::nan(""), e) == 0);
    CHECK(bucket_of(5, {}) == 1);
    CHECK(check_bucket_edges(e).empty());
    CHECK(check_bucket_edges({1, 1}) == "edges must be strictly increasing");
    CHECK(check_bucket_edges({1, INFINITY}) == "edge 1 is not a finite number");
    CHECK(bucket_names(e) == std::vector<std::string>{"<18", "[18, 25)", "[25, 35)", ">=35"});
}

TEST_CASE("binning: quantile and uniform edges", "[binning]") {
    CHECK(quantile_edges({1, 2, 3, 4, 5, 6, 7, 8}, 4) == std::vector<double>{3, 5, 7});
    CHECK(quantile_edges({1, 1, 1, 1, 1, 1, 2, 9}, 4) == std::vector<double>{2});  // ties merge buckets
    CHECK(quantile_edges({std::nan(""), 1, 2}, 2) == std::vector<double>{2});
    CHECK(quantile_edges({}, 3).empty());
    CHECK(uniform_edges({0, 10, std::nan("")}, 4) == std::vector<double>{2.5, 5, 7.5});
    CHECK(uniform_edges({3, 3}, 4).empty());
}
