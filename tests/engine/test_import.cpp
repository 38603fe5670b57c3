// Importing embeddings trained elsewhere: bad files are refused with file, line and column; good
// ones become a catalogue with popularity groups, neighbours, a projection and ANN recall.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <unistd.h>

#include "core/error.h"
#include "core/random.h"
#include "export/embedding_import.h"
#include "export/imported_catalogue.h"
#include "export/npy_format.h"

using namespace towerlab;

namespace {

std::string temp_file(const std::string& name, const std::string& text) {
    const std::string path = "/tmp/towerlab_import_" + std::to_string(::getpid()) + "_" + name;
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
    return path;
}

Error import_error(const std::string& vectors, const std::string& metadata) {
    try {
        import_item_embeddings(vectors, metadata);
    } catch (const Error& e) {
        return e;
    }
    FAIL("the import was accepted");
    return Error("");
}

}  // namespace

TEST_CASE("a broken vectors or metadata TSV is refused with its line and column", "[import]") {
    const std::string vec = temp_file("v.tsv", "1\t0\n0\t1\n0.6\t0.8\n");
    const std::string meta = temp_file("m.tsv", "item_id\tclicks\tgenre\na\t10\tx\nb\t0\ty|z\nc\t3\t\n");
    CHECK(import_item_embeddings(vec, meta).size() == 3);

    Error e = import_error(temp_file("ragged.tsv", "1\t0\n0\t1\t5\n0.6\t0.8\n"), meta);
    CHECK(e.where().line == 2);
    e = import_error(temp_file("nan.tsv", "1\t0\n0\tabc\n0.6\t0.8\n"), meta);
    CHECK(e.where().line == 2);
    CHECK(e.where().field == "column 2");
    e = import_error(temp_file("zero.tsv", "1\t0\n0\t0\n0.6\t0.8\n"), meta);
    CHECK(e.where().line == 2);
    CHECK_THAT(e.message(), Catch::Contains("all-zero"));
    e = import_error(vec, temp_file("short.tsv", "item_id\tclicks\na\t1\nb\t2\n"));
    CHECK_THAT(e.message(), Catch::Contains("3 vectors"));
    e = import_error(vec, temp_file("dup.tsv", "item_id\tclicks\na\t1\nb\t2\na\t3\n"));
    CHECK(e.where().line == 4);
    CHECK_THAT(e.message(), Catch::Contains("first on line 2"));
    e = import_error(vec, temp_file("neg.tsv", "item_id\tclicks\na\t1\nb\t-2\nc\t3\n"));
    CHECK(e.where().field == "clicks");
    CHECK(e.where().line == 3);
    e = import_error(vec, temp_file("cols.tsv", "item_id\tclicks\na\t1\nb\t2\t9\nc\t3\n"));
    CHECK(e.where().line == 3);
    e = import_error(vec, temp_file("nohead.tsv", "a\t1\nb\t2\nc\t3\n"));
    CHECK_THAT(e.message(), Catch::Contains("header"));
}

TEST_CASE("a single-column metadata file is the ids, without a header", "[import]") {
    const std::string vec = temp_file("v1.tsv", "3\t4\n0\t2\n");
    const ImportedEmbeddings e = import_item_embeddings(vec, temp_file("ids.tsv", "first\nsecond\n"));
    CHECK(e.item_ids == std::vector<std::string>{"first", "second"});
    CHECK_FALSE(e.has_clicks());
    CHECK(e.original_norms[0] == Approx(5));
    CHECK(e.vectors(0, 1) == Approx(0.8f));  // normalised: inner product = cosine
}

TEST_CASE("metadata columns become fields: multi-valued, missing, bucketed numbers", "[import]") {
    std::string v, m = "id\tpopularity\tgenre\tprice\tname\n";
    Rng rng(3);
    for (int i = 0; i < 200; ++i) {
        v += std::to_string(uniform01(rng) - 0.5) + "\t" + std::to_string(uniform01(rng) - 0.5) + "\t0.1\n";
        m += "it" + std::to_string(i) + "\t" + std::to_string(i % 7) + "\t" + (i % 3 == 0 ? "rock|pop" : i % 3 == 1 ? "jazz" : "") +
             "\t" + std::to_string(i * 1.5) + "\tname " + std::to_string(i) + "\n";
    }
    const ImportedEmbeddings e = import_item_embeddings(temp_file("f.tsv", v), temp_file("fm.tsv", m));
    REQUIRE(e.has_clicks());  // "popularity" is a click column
    CHECK(e.clicks[10] == 3);
    CHECK(e.dropped_columns == std::vector<std::string>{"name"});
    const int genre = e.fields.field_index("genre"), price = e.fields.field_index("price");
    REQUIRE(genre >= 0);
    REQUIRE(price >= 0);
    CHECK(e.fields.fields()[static_cast<size_t>(genre)].kind == FieldKind::MultiCategorical);
    CHECK(e.fields.values(0, genre).size() == 2);
    CHECK(e.fields.value(2, genre) == kMissingValue);  // an empty cell is "missing"
    CHECK(e.fields.fields()[static_cast<size_t>(price)].kind == FieldKind::Bucketized);
    CHECK(e.fields.fields()[static_cast<size_t>(price)].cardinality == 10);
    CHECK(e.fields.value(0, price) < e.fields.value(199, price));
}

TEST_CASE("an imported catalogue has groups by clicks, neighbours, a projection and ANN recall", "[import]") {
    const int n = 1500, d = 16;
    Mat<float> vectors(n, d);
    Rng rng(5);
    std::normal_distribution<float> g(0, 1);
    std::string meta = "item_id\tclicks\tcluster\n";
    for (int i = 0; i < n; ++i) {
        // three clusters along the first axes, so the projection has structure to find
        for (int k = 0; k < d; ++k) vectors(i, k) = 0.3f * g(rng);
        vectors(i, i % 3) += 3;
        meta += "item" + std::to_string(i) + "\t" + std::to_string(i < 100 ? 1000 - i : i < 1200 ? 5 : 0) + "\tc" +
                std::to_string(i % 3) + "\n";
    }
    const std::string npy = "/tmp/towerlab_import_" + std::to_string(::getpid()) + "_cat.npy";
    write_npy(npy, vectors);
    const ImportedCatalogue cat(import_item_embeddings(npy, temp_file("cat.tsv", meta)));
    REQUIRE(cat.has_popularity());
    CHECK(cat.num_cold == 300);
    CHECK(cat.num_head == 240);  // 20% of the 1200 items with clicks
    CHECK(cat.group(0) == ItemGroup::Head);
    CHECK(cat.group(1400) == ItemGroup::Cold);
    CHECK(cat.find("item7") == 7);

    const ScoredList nb = cat.neighbours(4, 5);
    REQUIRE(nb.size() == 5);
    for (const auto& s : nb) {
        CHECK(s.item != 4);
        CHECK(s.item % 3 == 4 % 3);  // same cluster
    }
    const CatalogueProjection p = cat.projection(1000, 1);
    CHECK(p.items.size() == 1000);
    CHECK(p.xy.size() == 2000);
    CHECK(p.group.size() == 1000);
    CHECK(p.explained[0] + p.explained[1] > 0.5);  // the clusters span two axes

    const MutualInformation& mi = cat.mutual_information();
    CHECK(mi.field_names == std::vector<std::string>{"cluster"});

    ServingBenchConfig bc;
    bc.ks = {10};
    bc.ef_search = {};
    bc.brute_force_latency_queries = 10;
    const ServingBenchReport r = cat.ann_recall(AnnIndexConfig{}, bc, 200);
    REQUIRE(r.points.size() == 1);
    CHECK(r.queries == 200);
    CHECK(r.points[0].recall >= 0.95);
}
