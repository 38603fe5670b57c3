// The UI text table (ui_text.h): both languages for every text, the same printf conversions in
// both, no English literal handed straight to ImGui in the app's sources, every text the whole
// window asks for in Chinese found in the table, and the CJK font (fonts-noto-cjk) giving a glyph
// of its own to every character the Chinese texts use, in a small atlas.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "fonts.h"
#include "ui_text.h"

namespace {

// The printf conversions of a format string, in order ("%ld", "%.3f", "%s"; "%%" is not one).
std::vector<std::string> conversions(const std::string& f) {
    static const std::regex conv(R"(%[-+ #0]*(\*|\d+)?(\.(\*|\d+))?(hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGaAcsp%])");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(f.begin(), f.end(), conv); it != std::sregex_iterator(); ++it)
        if (it->str() != "%%") out.push_back(it->str());
    return out;
}

bool has_cjk(const std::string& s) {
    for (unsigned char c : s)
        if (c >= 0xE0) return true;  // a 3-byte UTF-8 sequence: U+0800 and above
    return false;
}

}  // namespace

TEST_CASE("every text of the table has English and Chinese with the same printf conversions", "[app][i18n]") {
    const std::vector<app::TextEntry>& table = app::text_table();
    REQUIRE(table.size() > 300);
    std::set<std::string> seen;
    int identical = 0;
    for (const app::TextEntry& e : table) {
        INFO(e.en);
        REQUIRE(e.en != nullptr);
        REQUIRE(e.zh != nullptr);
        CHECK(std::string(e.en).size() > 0);
        CHECK(std::string(e.zh).size() > 0);
        CHECK(seen.insert(e.en).second);  // one entry per English text
        CHECK(conversions(e.en) == conversions(e.zh));
        // Identifiers and formulas stay as written; anything with a space is a sentence to translate.
        if (std::string(e.en) == e.zh) {
            ++identical;
            CHECK(std::string(e.en).find(' ') == std::string::npos);
        } else {
            CHECK(has_cjk(e.zh));
        }
    }
    CHECK(identical < 30);
}

TEST_CASE("tr follows the language; a text missing from the table stays English and is reported", "[app][i18n]") {
    app::clear_missing_texts();
    app::set_language(app::Language::Chinese);
    CHECK(std::string(app::tr("Train")) == "训练");
    CHECK(std::string(app::tr("long tail")) == "长尾");
    CHECK(app::tr_id("Training", "training") == "训练###training");
    CHECK(std::string(app::tr("a text nobody wrote into the table")) == "a text nobody wrote into the table");
    app::set_language(app::Language::English);
    CHECK(std::string(app::tr("Train")) == "Train");
    CHECK(app::tr_id("Training", "training") == "Training###training");
    const std::vector<std::string> missing = app::missing_texts();
    REQUIRE(missing.size() == 1);
    CHECK(missing[0] == "a text nobody wrote into the table");
    app::clear_missing_texts();
}

// Every visible text goes through tr(): an ImGui call given an English literal directly would
// stay English in the Chinese UI. IDs ("##x"), formats without words ("%d") and numbers pass.
TEST_CASE("no ImGui call in the app's sources is given an English literal directly", "[app][i18n]") {
    const std::regex call(
        R"re(ImGui::(Text|TextDisabled|TextWrapped|TextUnformatted|BulletText|SetTooltip|Button|SmallButton|Checkbox|MenuItem|BeginMenu|Selectable|CollapsingHeader|RadioButton|SliderFloat|SliderInt|SliderScalar|InputInt|InputText|InputScalar|InputDouble|Combo|BeginCombo|TableSetupColumn|BeginTabItem|ProgressBar)\(\s*"([^"]*)")re");
    const std::regex coloured(R"re(ImGui::TextColored\([^;]*?\),\s*"([^"]*)")re");
    const std::regex words("[A-Za-z]{2}");
    std::vector<std::string> offenders;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(TOWERLAB_APP_SOURCES)) {
        if (entry.path().extension() != ".cpp") continue;
        std::ifstream in(entry.path());
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            for (const std::regex* r : {&call, &coloured})
                for (auto it = std::sregex_iterator(line.begin(), line.end(), *r); it != std::sregex_iterator(); ++it) {
                    const std::string lit = (*it)[it->size() - 1].str();
                    std::string text = lit;  // the literal without its printf conversions
                    for (const std::string& c : conversions(lit)) text.replace(text.find(c), c.size(), " ");
                    if (lit.rfind("##", 0) == 0 || !std::regex_search(text, words)) continue;
                    offenders.push_back(entry.path().filename().string() + ":" + std::to_string(n) + ": " + lit);
                }
        }
    }
    INFO([&] {
        std::string s;
        for (const auto& o : offenders) s += o + "\n";
        return s;
    }());
    CHECK(offenders.empty());
}

// Needs fonts-noto-cjk (scripts/install_deps.sh installs it).
TEST_CASE("the CJK font gives every character of the Chinese texts a glyph of its own, in a small atlas", "[app][i18n]") {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    std::vector<std::string> chinese;
    for (const app::TextEntry& e : app::text_table()) chinese.push_back(e.zh);
    const app::FontChoice font = app::load_ui_font(io, 15, chinese);
    INFO(font.cjk_note);
    REQUIRE(font.chinese());
    CHECK(font.cjk_glyphs > 200);
    CHECK(font.cjk_glyphs < 1500);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    CHECK(static_cast<long>(w) * h <= 2048L * 2048L);
    const ImFont* f = io.Fonts->Fonts[0];
    const ImFontGlyph* fallback = f->FallbackGlyph;
    for (const std::string& zh : chinese) {
        INFO(zh);
        CHECK(app::missing_glyphs(f, zh).empty());
    }
    // A Chinese character's glyph is not the fallback ('?' or a box) and has ink.
    for (ImWchar c : {ImWchar(0x53CC), ImWchar(0x5854), ImWchar(0x7EA0), ImWchar(0x504F)}) {  // 双 塔 纠 偏
        const ImFontGlyph* g = f->FindGlyphNoFallback(c);
        REQUIRE(g != nullptr);
        CHECK(g != fallback);
        CHECK(g->Visible);
        CHECK(g->X1 - g->X0 > 5);
    }
    // Without a CJK font the app says so and stays in English.
    ImGui::DestroyContext(ctx);
    ctx = ImGui::CreateContext();
    setenv("TOWERLAB_CJK_FONT", "none", 1);
    const app::FontChoice none = app::load_ui_font(ImGui::GetIO(), 15, chinese);
    unsetenv("TOWERLAB_CJK_FONT");
    CHECK_FALSE(none.chinese());
    CHECK(none.cjk_note.find("fonts-noto-cjk") != std::string::npos);
    ImGui::DestroyContext(ctx);
}
