#include "fonts.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>

#include <imgui_internal.h>

namespace app {
namespace {

bool exists(const std::string& path) { return !path.empty() && std::ifstream(path).good(); }

// "path:index" or "path".
CjkFont parse(const std::string& s) {
    CjkFont f;
    f.path = s;
    const size_t colon = s.rfind(':');
    if (colon != std::string::npos && colon + 1 < s.size() && s.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
        f.path = s.substr(0, colon);
        f.index = std::atoi(s.c_str() + colon + 1);
    }
    return f;
}

// fontconfig's best Simplified Chinese font, when what it answers does cover Chinese.
CjkFont from_fontconfig() {
    std::unique_ptr<FILE, int (*)(FILE*)> p(
        popen("fc-match -f '%{file}|%{index}|%{lang}' 'sans-serif:lang=zh-cn' 2>/dev/null", "r"), pclose);
    if (!p) return {};
    std::string out;
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, p.get())) out.append(buf, n);
    const size_t a = out.find('|'), b = out.find('|', a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos) return {};
    const std::string langs = "|" + out.substr(b + 1) + "|";
    if (langs.find("zh-cn") == std::string::npos) return {};  // fontconfig fell back to a Latin font
    CjkFont f;
    f.path = out.substr(0, a);
    f.index = std::atoi(out.substr(a + 1, b - a - 1).c_str());
    return exists(f.path) ? f : CjkFont{};
}

// Decodes UTF-8 into code points (invalid bytes are skipped).
std::vector<unsigned> code_points(const std::string& s) {
    std::vector<unsigned> out;
    for (size_t i = 0; i < s.size();) {
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, s.c_str() + i, s.c_str() + s.size());
        if (n <= 0) break;
        out.push_back(c);
        i += static_cast<size_t>(n);
    }
    return out;
}

bool is_cjk(unsigned c) { return c >= 0x2E80; }  // CJK radicals onwards: ideographs, punctuation, full-width forms

}  // namespace

CjkFont find_cjk_font() {
    if (const char* env = std::getenv("TOWERLAB_CJK_FONT")) {
        if (std::string(env) == "none") return {};
        CjkFont f = parse(env);
        return exists(f.path) ? f : CjkFont{};
    }
    CjkFont f = from_fontconfig();
    if (!f.path.empty()) return f;
    // Debian's packages: Noto Sans CJK's collection holds JP, KR, SC, TC, HK in that order.
    const CjkFont known[] = {{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},
                             {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0},
                             {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0}};
    for (const CjkFont& k : known)
        if (exists(k.path)) return k;
    return {};
}

std::vector<unsigned> missing_glyphs(const ImFont* font, const std::string& text) {
    std::vector<unsigned> out;
    std::set<unsigned> seen;
    for (unsigned c : code_points(text)) {
        if (c == '\n' || c == '\t' || c == '\r' || !seen.insert(c).second) continue;
        if (c > 0xFFFF || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) out.push_back(c);
    }
    return out;
}

FontChoice load_ui_font(ImGuiIO& io, float size_pixels, const std::vector<std::string>& cjk_texts) {
    // Latin-1, Greek (tau, alpha), punctuation, super- and subscripts (b⁺, b⁻), arrows and mathematical operators.
    static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2000, 0x209F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0};
    FontChoice choice;
    choice.size = size_pixels;
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("TOWERLAB_FONT")) candidates.push_back(env);
    candidates.push_back("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    candidates.push_back("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf");
    candidates.push_back("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf");
    for (const std::string& path : candidates) {
        if (!exists(path)) continue;
        ImFontConfig cfg;
        cfg.OversampleH = 2;
        cfg.OversampleV = 1;
        if (io.Fonts->AddFontFromFileTTF(path.c_str(), size_pixels, &cfg, kRanges)) {
            choice.path = path;
            break;
        }
    }
    if (choice.path.empty()) {
        ImFontConfig cfg;
        cfg.SizePixels = 13;
        io.Fonts->AddFontDefault(&cfg);
        io.FontGlobalScale = size_pixels / 13.0f;
        choice.cjk_note = "Chinese needs a TrueType UI font (install fonts-dejavu-core); the UI stays in English.";
        return choice;
    }
    if (cjk_texts.empty()) {
        choice.cjk_note = "no Chinese texts to show";
        return choice;
    }
    choice.cjk = find_cjk_font();
    if (choice.cjk.path.empty()) {
        choice.cjk_note = "No Chinese font found (install fonts-noto-cjk); the UI stays in English.";
        return choice;
    }
    // Exactly the characters the Chinese texts use.
    static ImVector<ImWchar> ranges;
    ranges.clear();
    ImFontGlyphRangesBuilder builder;
    std::set<unsigned> cjk;
    for (const std::string& t : cjk_texts)
        for (unsigned c : code_points(t))
            if (is_cjk(c) && c <= 0xFFFF) cjk.insert(c);
    for (unsigned c : cjk) builder.AddChar(static_cast<ImWchar>(c));
    builder.BuildRanges(&ranges);
    choice.cjk_glyphs = static_cast<int>(cjk.size());
    ImFontConfig cfg;
    cfg.MergeMode = true;
    cfg.FontNo = choice.cjk.index;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    // CJK fonts spend much of their em on ascent and descent: at the Latin size their ideographs
    // look a size smaller than the Latin text beside them. A little larger and nudged up matches.
    cfg.GlyphOffset.y = -0.06f * size_pixels;
    const ImFont* merged = io.Fonts->AddFontFromFileTTF(choice.cjk.path.c_str(), size_pixels * 1.12f, &cfg, ranges.Data);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    if (!merged || !io.Fonts->Build()) {
        io.Fonts->Clear();
        const std::string note = "The Chinese font " + choice.cjk.path + " did not load; the UI stays in English.";
        FontChoice latin = load_ui_font(io, size_pixels, {});
        latin.cjk_note = note;
        return latin;
    }
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    // Every merged character must now have a glyph of its own (not the fallback box or '?').
    std::string all;
    for (unsigned c : cjk) {
        char utf8[5] = {};
        ImTextCharToUtf8(utf8, c);
        all += utf8;
    }
    const std::vector<unsigned> missing = missing_glyphs(io.Fonts->Fonts[0], all);
    if (!missing.empty()) {
        char msg[160];
        std::snprintf(msg, sizeof msg, "%zu Chinese characters are missing from %s; the UI stays in English.",
                      missing.size(), choice.cjk.path.c_str());
        io.Fonts->Clear();
        FontChoice latin = load_ui_font(io, size_pixels, {});
        latin.cjk_note = msg;
        return latin;
    }
    io.Fonts->ClearInputData();  // the 19 MB collection is not needed once the atlas is built
    return choice;
}

}  // namespace app
