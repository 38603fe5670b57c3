// Embedding export: .npy that NumPy reads, Projector TSVs, and a round trip back through the
// importer that keeps vectors, ids, click counts and the metadata's mutual information.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <unistd.h>

#include "core/error.h"
#include "data/dataset_source.h"
#include "data/split.h"
#include "data/synthetic_dataset.h"
#include "export/embedding_export.h"
#include "export/embedding_import.h"
#include "export/imported_catalogue.h"
#include "export/npy_format.h"
#include "synthetic_fixtures.h"
#include "train/trainer.h"

using namespace towerlab;

namespace {

std::string temp_dir() {
    const std::string d = "/tmp/towerlab_export_" + std::to_string(::getpid());
    std::string cmd = "mkdir -p " + d;
    REQUIRE(std::system(cmd.c_str()) == 0);
    return d;
}

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    std::string l;
    while (std::getline(in, l)) out.push_back(l);
    return out;
}

std::string bytes_of(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
}

}  // namespace

TEST_CASE("npy files round-trip and carry NumPy's header", "[export]") {
    const std::string dir = temp_dir(), path = dir + "/m.npy";
    Mat<float> m(3, 5);
    for (int i = 0; i < 15; ++i) m.data()[i] = 0.1f * static_cast<float>(i) - 0.7f;
    write_npy(path, m);
    const std::string b = bytes_of(path);
    REQUIRE(b.size() > 10);
    CHECK(b.substr(1, 5) == "NUMPY");
    const size_t header_len = static_cast<unsigned char>(b[8]) | (static_cast<size_t>(static_cast<unsigned char>(b[9])) << 8);
    CHECK((10 + header_len) % 64 == 0);  // data aligned as numpy writes it
    CHECK(b.find("'descr': '<f4', 'fortran_order': False, 'shape': (3, 5)") != std::string::npos);
    CHECK(b.size() == 10 + header_len + 15 * 4);
    CHECK(read_npy_matrix(path) == m);

    // What np.save(np.asfortranarray(a.astype(np.float64))) writes: float64, column after column.
    std::string h = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
    h.append(128 - 10 - h.size() - 1, ' ');
    h += '\n';
    std::string f64 = std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(h.size()) + '\0' + h;
    const double col_major[6] = {1, 4, 2, 5, 3, 6};  // [[1,2,3],[4,5,6]]
    f64.append(reinterpret_cast<const char*>(col_major), sizeof col_major);
    write_text(dir + "/f.npy", f64);
    const Mat<float> g = read_npy_matrix(dir + "/f.npy");
    REQUIRE(g.rows() == 2);
    REQUIRE(g.cols() == 3);
    CHECK(g(0, 2) == 3);
    CHECK(g(1, 0) == 4);

    std::string ints = f64;
    ints.replace(ints.find("<f8"), 3, "<i4");
    write_text(dir + "/i.npy", ints);
    try {
        read_npy_matrix(dir + "/i.npy");
        FAIL("int32 accepted");
    } catch (const Error& e) {
        CHECK(e.where().field == "descr");
    }
    write_text(dir + "/t.npy", b.substr(0, b.size() - 7));
    CHECK_THROWS_WITH(read_npy_matrix(dir + "/t.npy"), Catch::Contains("truncated"));
    CHECK_THROWS_WITH(read_npy_matrix(dir + "/missing.npy"), Catch::Contains("file not found"));
}

TEST_CASE("exported embeddings come back through the importer unchanged", "[export]") {
    auto data = test::synthetic_data(600, 300, 6000);
    auto split = test::split_of(*data);
    TrainConfig c;
    c.batch_size = 64;
    c.logq_hash_size = 1 << 12;
    c.threads = 1;
    Trainer t(data, split, c);
    for (int s = 0; s < 5; ++s) t.step();
    const std::string dir = temp_dir();

    const EmbeddingTable items = item_embedding_table(t);
    const auto files = export_embeddings(items, dir, "items");
    REQUIRE(files.size() == 3);
    const auto vec_lines = lines_of(dir + "/items_vectors.tsv");
    const auto meta_lines = lines_of(dir + "/items_metadata.tsv");
    CHECK(vec_lines.size() == 300);
    CHECK(meta_lines.size() == 301);  // Projector: a header row when there are several columns
    CHECK(meta_lines[0].rfind("item_id\ttitle\tclicks\tgroup\ttopic\tcategory", 0) == 0);
    CHECK(std::count(vec_lines[0].begin(), vec_lines[0].end(), '\t') == 63);

    for (const std::string& vectors : {dir + "/items.npy", dir + "/items_vectors.tsv"}) {
        const ImportedEmbeddings back = import_item_embeddings(vectors, dir + "/items_metadata.tsv");
        REQUIRE(back.size() == 300);
        CHECK(back.vectors.isApprox(items.vectors, 1e-6f));  // served vectors are already unit length
        CHECK(back.item_ids[17] == "17");
        REQUIRE(back.has_clicks());
        CHECK(back.clicks[17] == split->train_clicks[17]);
        // unique per item: ID-like (with 300 items the 400 creators are nearly unique too)
        CHECK(std::count(back.dropped_columns.begin(), back.dropped_columns.end(), "title") == 1);
        CHECK(back.fields.field_index("category") >= 0);
        CHECK(back.fields.fields()[static_cast<size_t>(back.fields.field_index("category"))].kind == FieldKind::MultiCategorical);
    }

    // The metadata's MI is the trainer's MI of the same fields: nothing was lost on the way.
    const ImportedCatalogue cat(import_item_embeddings(dir + "/items.npy", dir + "/items_metadata.tsv"));
    const MutualInformation& mine = t.mutual_information();
    const MutualInformation& theirs = cat.mutual_information();
    auto at = [](const MutualInformation& m, const std::string& a, const std::string& b) {
        int ia = -1, ib = -1;
        for (int f = 0; f < m.num_fields(); ++f) {
            if (m.field_names[static_cast<size_t>(f)] == a) ia = f;
            if (m.field_names[static_cast<size_t>(f)] == b) ib = f;
        }
        REQUIRE(ia >= 0);
        REQUIRE(ib >= 0);
        return m.mi[static_cast<size_t>(ia)][static_cast<size_t>(ib)];
    };
    CHECK(at(theirs, "category", "audience_gender") == Approx(at(mine, "category", "audience_gender")).epsilon(1e-9));
    CHECK(at(theirs, "keywords", "region") == Approx(at(mine, "keywords", "region")).epsilon(1e-9));
    CHECK(cat.num_cold == split->num_cold);
    CHECK(cat.num_head == split->num_head);

    const EmbeddingTable users = user_embedding_table(t);
    export_embeddings(users, dir, "users", ExportFormats{true, false});
    CHECK(lines_of(dir + "/users_metadata.tsv")[0] == "user_id\tclicks\tgender\tage\tregion");
    CHECK(read_npy_matrix(dir + "/users.npy").rows() == 600);
    CHECK_FALSE(std::ifstream(dir + "/users_vectors.tsv").good());
    std::system(("rm -rf " + dir).c_str());
}

// The dataset's own ids, never row numbers: a row-number id makes `inspect-embeddings --item 50`
// show another movie's neighbours, and CSV ids like "a1" come back as "0".
TEST_CASE("exports write the dataset's own item and user ids, and the importer finds items by them", "[export]") {
    auto data = std::make_shared<Dataset>(load_dataset("csv:" + std::string(TOWERLAB_TEST_DATA) + "/csv_example"));
    auto split = std::make_shared<Split>(make_split(*data, SplitConfig{}));
    TrainConfig c;
    c.batch_size = 4;
    c.logq_hash_size = 1 << 8;
    c.threads = 1;
    Trainer t(data, split, c);
    t.step();
    const std::string dir = temp_dir() + "_ids";
    export_embeddings(item_embedding_table(t), dir, "items", ExportFormats{true, false});
    export_embeddings(user_embedding_table(t), dir, "users", ExportFormats{true, false});
    const auto items = lines_of(dir + "/items_metadata.tsv");
    REQUIRE(items.size() == static_cast<size_t>(data->num_items()) + 1);
    for (int i = 0; i < data->num_items(); ++i) {
        INFO("item row " << i);
        CHECK(items[static_cast<size_t>(i) + 1].substr(0, items[static_cast<size_t>(i) + 1].find('\t')) == "a" + std::to_string(i + 1));
    }
    const auto users = lines_of(dir + "/users_metadata.tsv");
    REQUIRE(users.size() == static_cast<size_t>(data->num_users()) + 1);
    CHECK(users[1].substr(0, users[1].find('\t')) == "u1");
    const ImportedCatalogue cat(import_item_embeddings(dir + "/items.npy", dir + "/items_metadata.tsv"));
    CHECK(cat.find("a3") == 2);
    CHECK(cat.find("2") == -1);
    std::system(("rm -rf " + dir).c_str());
}

TEST_CASE("the CLI's export-embeddings creates its output folder and writes every file", "[export][cli]") {
    const std::string dir = "/tmp/towerlab_cli_export_" + std::to_string(::getpid()) + "/nested/out";
    const std::string cmd = std::string("'") + TOWERLAB_CLI +
                            "' export-embeddings --dataset synthetic:items=60,users=200,clicks=2000 --steps 3 --quiet --out '" +
                            dir + "' > /dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    for (const char* f : {"items.npy", "items_vectors.tsv", "items_metadata.tsv", "users.npy", "users_vectors.tsv",
                          "users_metadata.tsv"}) {
        INFO(f);
        CHECK(std::ifstream(dir + "/" + f).good());
    }
    std::system(("rm -rf '/tmp/towerlab_cli_export_" + std::to_string(::getpid()) + "'").c_str());
}
