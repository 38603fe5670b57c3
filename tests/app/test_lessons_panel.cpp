// The lessons panel and the augmentation viewer under a real ImGui context and a real session,
// without GL: a cheap lesson runs to its end on the panel's task while frames keep coming and its
// claims come back judged; Cancel stops a lesson and leaves no result; a lesson that throws shows
// its message; the viewer's rows are exactly describe_augmented_views' for the same seed; every
// Chinese character the lessons can show is in the font's glyph list.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include "app_window.h"
#include "core/error.h"
#include "imgui_fixture.h"
#include "lesson_runner.h"
#include "panels/shared_widgets.h"
#include "ui_text.h"
#include "../session_fixtures.h"

namespace {

using towerlab::test::tiny_setup;

struct App {
    ImGuiFixture ui;
    towerlab::TrainingSession session;
    app::AppWindow window{session, nullptr};
    long frames = 0;

    void frame() {
        ui.frame([&] { window.frame(); });
        ++frames;
    }
    bool frames_until(const std::function<bool()>& done, double seconds = 60) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < end) {
            frame();
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    void load() {
        window.load(tiny_setup());
        REQUIRE(frames_until([&] { return window.state().frame.data() != nullptr && window.state().frame.snapshot() != nullptr; }));
    }
};

int lesson_index(const std::string& id) {
    const std::vector<towerlab::Lesson>& all = towerlab::all_lessons();
    for (size_t i = 0; i < all.size(); ++i)
        if (all[i].id == id) return static_cast<int>(i);
    FAIL("no lesson " << id);
    return -1;
}

// Code points of the UTF-8 text at or above U+2E80 (CJK: what the font merges from the CJK font).
std::set<unsigned> cjk_of(const std::string& s) {
    std::set<unsigned> out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        unsigned cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (int k = 1; k < n && i + static_cast<size_t>(k) < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
        if (cp >= 0x2E80) out.insert(cp);
        i += static_cast<size_t>(n);
    }
    return out;
}

}  // namespace

TEST_CASE("the lessons panel runs a lesson on its task, the window stays live, and the claims come back judged", "[app][lessons]") {
    App a;
    a.load();
    app::LessonsPanel& panel = a.window.lessons_panel();
    a.window.show("lessons");
    panel.select(lesson_index("augmentations"));
    panel.run(1);
    const long before = a.frames;
    const bool seen_running = a.frames_until([&] { return panel.runner().status().running; }, 10);
    REQUIRE((seen_running || panel.result() != nullptr));  // it may finish before a frame sees it running
    REQUIRE(a.frames_until([&] { return panel.result() != nullptr; }, 240));
    // Frames kept coming while the lesson ran on its own thread.
    CHECK(a.frames - before >= 3);
    const towerlab::TaskStatus t = panel.runner().status();
    CHECK(t.finished);
    CHECK(t.error.empty());
    const std::shared_ptr<const towerlab::LessonResult> r = panel.result();
    REQUIRE(r->lesson_id == "augmentations");
    REQUIRE(r->claims.size() == towerlab::find_lesson("augmentations").claims.size());
    for (const towerlab::ClaimResult& c : r->claims) {
        INFO(c.spec.id << ": " << c.verdict.en);
        CHECK(c.held);
    }
    a.frame();
    a.frame();
    const std::map<std::string, app::Rect>& layout = a.window.state().requests.layout;
    REQUIRE(layout.count("lessons"));
    CHECK(layout.at("lessons").w > 600);
    REQUIRE(layout.count("lesson.views"));  // the example item's two views
    CHECK(layout.at("lesson.views").h > 40);

    // The page in Chinese asks only for texts the table has.
    app::clear_missing_texts();
    app::set_language(app::Language::Chinese);
    a.frame();
    a.frame();
    app::set_language(app::Language::English);
    const std::vector<std::string> missing = app::missing_texts();
    INFO([&] {
        std::string m;
        for (const auto& x : missing) m += "'" + x + "'\n";
        return m;
    }());
    CHECK(missing.empty());
}

TEST_CASE("Cancel stops a running lesson and leaves no result", "[app][lessons]") {
    App a;
    a.load();
    app::LessonsPanel& panel = a.window.lessons_panel();
    a.window.show("lessons");
    panel.select(lesson_index("logq_popularity_bias"));  // minutes of training: it cannot end first
    panel.run(1);
    a.frame();
    a.frame();
    panel.cancel();
    REQUIRE(a.frames_until([&] { return !panel.runner().status().running; }, 120));
    const towerlab::TaskStatus t = panel.runner().status();
    CHECK(t.cancelled);
    CHECK_FALSE(t.finished);
    CHECK(t.error.empty());
    CHECK(panel.result() == nullptr);
    a.frame();
}

TEST_CASE("a lesson that throws reports its message", "[app][lessons]") {
    static towerlab::Lesson bad;  // the runner keeps a pointer to it
    bad.number = 99;
    bad.id = "broken";
    bad.preset = [] { return towerlab::LessonPreset{}; };
    bad.measure = [](const towerlab::LessonPreset&, const towerlab::LessonRunOptions&, towerlab::LessonResult&) {
        throw towerlab::Error("the preset names no data");
    };
    app::LessonRunner runner;
    runner.start(bad, 1);
    REQUIRE(runner.wait(30));
    const towerlab::TaskStatus t = runner.status();
    CHECK_FALSE(t.running);
    CHECK(t.error.find("the preset names no data") != std::string::npos);
    CHECK(runner.result("broken") == nullptr);
}

TEST_CASE("the augmentation viewer shows exactly the engine's two views, and Resample draws new ones", "[app][lessons]") {
    App a;
    a.load();
    app::AugmentationViewerPanel& viewer = a.window.augmentation_panel();
    a.window.show("augmentations");
    const towerlab::SessionData& d = *a.window.state().frame.data();
    const towerlab::TrainConfig config = a.window.state().frame.snapshot()->config;
    auto expect_engine_views = [&](int item, towerlab::Augmentation kind) {
        towerlab::Rng rng(viewer.seed());
        const towerlab::ItemViews want = towerlab::describe_augmented_views(*d.dataset, *d.mi, item, kind, config, rng);
        const towerlab::ItemViews& got = viewer.views();
        REQUIRE(got.item == item);
        REQUIRE(got.kind == kind);
        REQUIRE(got.fields.size() == want.fields.size());
        for (size_t f = 0; f < want.fields.size(); ++f) {
            INFO(want.fields[f].name);
            CHECK(got.fields[f].original == want.fields[f].original);
            CHECK(got.fields[f].view1 == want.fields[f].view1);
            CHECK(got.fields[f].view2 == want.fields[f].view2);
            CHECK(got.fields[f].change1 == want.fields[f].change1);
            CHECK(got.fields[f].change2 == want.fields[f].change2);
        }
    };
    viewer.set_item(5);
    viewer.set_kind(towerlab::Augmentation::RandomMask);
    a.frame();
    a.frame();
    REQUIRE(a.window.state().requests.layout.count("augmentations.table"));
    expect_engine_views(5, towerlab::Augmentation::RandomMask);
    // The default keeps the item ID in both views (ssl_id_masking = never).
    for (const towerlab::FieldView& f : viewer.views().fields)
        if (d.dataset->items.fields()[static_cast<size_t>(f.field)].kind == towerlab::FieldKind::Id) {
            CHECK(f.change1 == towerlab::FieldChange::Kept);
            CHECK(f.change2 == towerlab::FieldChange::Kept);
        }

    viewer.set_kind(towerlab::Augmentation::Complementary);
    a.frame();
    expect_engine_views(5, towerlab::Augmentation::Complementary);
    const towerlab::ItemViews first = viewer.views();
    bool changed = false;
    for (int i = 0; i < 10 && !changed; ++i) {
        viewer.resample();
        a.frame();
        expect_engine_views(5, towerlab::Augmentation::Complementary);
        for (size_t f = 0; f < first.fields.size(); ++f) changed = changed || first.fields[f].view1 != viewer.views().fields[f].view1;
    }
    CHECK(changed);

    // The inspected item is followed.
    a.window.state().intents.select_item(7);  // brings the Item tab forward: come back to the viewer
    viewer.set_kind(towerlab::Augmentation::CorrelatedMask);
    a.frame();
    a.window.show("augmentations");
    a.frame();
    a.frame();
    CHECK(viewer.views().item == 5);  // an item typed in stays until "Inspected item" is pressed
    viewer.follow_inspected();
    a.frame();
    CHECK(viewer.views().item == 7);
    expect_engine_views(7, towerlab::Augmentation::CorrelatedMask);
}

// The font merges only the glyphs of the texts it is given (fonts.h): every CJK character the
// lesson sources can put on screen (texts, figure labels, verdicts) must be among them.
TEST_CASE("every Chinese character of the lessons is in the font's glyph list", "[app][lessons][i18n]") {
    std::set<unsigned> have;
    for (const app::TextEntry& e : app::text_table())
        for (unsigned c : cjk_of(e.zh)) have.insert(c);
    for (const std::string& t : app::lesson_glyph_texts())
        for (unsigned c : cjk_of(t)) have.insert(c);
    std::set<unsigned> lacking;
    const std::filesystem::path dir = std::filesystem::path(TOWERLAB_APP_SOURCES) / ".." / ".." / "engine" / "lessons";
    REQUIRE(std::filesystem::exists(dir));
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".cpp") continue;
        std::ifstream in(entry.path());
        std::string line;
        while (std::getline(in, line)) {
            if (line.find("//") != std::string::npos && line.find('"') == std::string::npos) continue;  // comments
            for (unsigned c : cjk_of(line))
                if (!have.count(c)) lacking.insert(c);
        }
    }
    std::string shown;
    for (unsigned c : lacking) {
        char b[8];
        std::snprintf(b, sizeof b, "U+%04X ", c);
        shown += b;
    }
    INFO(shown);
    CHECK(lacking.empty());
}

// ImGui 1.86 wraps only at spaces and punctuation; the lessons' Chinese has neither for a whole
// sentence, so wrap_text also breaks between CJK characters.
TEST_CASE("wrap_text breaks Chinese between characters and English at spaces, within the width", "[app][lessons][i18n]") {
    ImGuiFixture ui;
    ui.window_frame([] {
        const float width = 120;
        auto lines_of = [](const std::string& s) {
            std::vector<std::string> out(1);
            for (char c : s) {
                if (c == '\n') out.emplace_back();
                else out.back() += c;
            }
            return out;
        };
        // The built-in font has no CJK glyphs, but every character still has the fallback's width.
        const std::string zh = "自监督学习需要同一物品的两个不同视图。Random Mask 以概率 p 遮住每个特征，两个视图独立进行。";
        const std::vector<std::string> zh_lines = lines_of(app::wrap_text(zh, width));
        CHECK(zh_lines.size() > 2);
        for (const std::string& l : zh_lines) CHECK(ImGui::CalcTextSize(l.c_str()).x <= width + 0.5f);
        std::string joined;
        for (const std::string& l : zh_lines) joined += l;
        CHECK(joined.size() >= zh.size() - zh_lines.size());  // only spaces at the breaks are dropped

        const std::string en = "Head items are retrieved far better than long-tail items.";
        const std::vector<std::string> en_lines = lines_of(app::wrap_text(en, width));
        CHECK(en_lines.size() > 1);
        for (const std::string& l : en_lines) {
            CHECK(ImGui::CalcTextSize(l.c_str()).x <= width + 0.5f);
            CHECK(l.front() != ' ');
            CHECK(l.back() != ' ');
        }
        CHECK(app::wrap_text("short", width) == "short");
        // A closing bracket or comma never begins a line.
        for (float w : {60.0f, 75.0f, 90.0f, 105.0f}) {
            const std::vector<std::string> lines = lines_of(app::wrap_text("长尾物品Recall@50：纠偏减不纠偏（同种子配对）。模型对头部物品的相似关系学得更准确，长尾更差。", w));
            for (size_t i = 1; i < lines.size(); ++i) {
                INFO(lines[i]);
                CHECK(lines[i].rfind("）", 0) != 0);
                CHECK(lines[i].rfind("，", 0) != 0);
                CHECK(lines[i].rfind("。", 0) != 0);
            }
        }
    });
}

// "Load into the session": the preset's data and the chosen variant's hyper-parameters become the
// live run, and the panel the lesson is about is pointed at (raised and outlined).
TEST_CASE("Load into the session puts the chosen variant into the live run and points at the lesson's panel", "[app][lessons]") {
    App a;
    a.load();
    app::AppState& s = a.window.state();
    app::LessonsPanel& panel = a.window.lessons_panel();
    a.window.show("lessons");
    panel.select(lesson_index("temperature"));
    a.frame();
    const towerlab::LessonPreset preset = towerlab::find_lesson("temperature").preset();
    const long generation = s.frame.data()->generation;
    panel.load_into_session(s.intents, 1);  // tau = 0.05
    CHECK(s.requests.pointed == "loss");     // lesson 2 looks at the loss curves
    CHECK(s.highlighted("loss"));   // the slot that holds them is outlined
    REQUIRE(a.frames_until([&] {
        return s.frame.data() && s.frame.data()->generation > generation && s.frame.snapshot() && !s.frame.view.loading;
    }, 120));
    CHECK_FALSE(s.requests.raise_pointed);  // the loss window was brought to the front
    CHECK(s.frame.data()->dataset->num_items() == preset.data.num_items);
    CHECK(s.frame.snapshot()->config.tau == Approx(preset.variants[1].config.tau));
    CHECK(s.frame.snapshot()->config.seed == preset.seeds[0]);
}
