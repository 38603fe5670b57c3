// Pieces several panels draw: a long task's status line, the serving figures of an ANN index.
#include "panels/shared_widgets.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "intents.h"
#include "ui_text.h"

namespace app {

void serving_figures(const towerlab::ServingBenchReport& r) {
    ImGui::PushTextWrapPos(0);
    std::string recall;
    for (const towerlab::AnnOperatingPoint& p : r.points) {
        char b[64];
        std::snprintf(b, sizeof b, "%s@%d %.3f", recall.empty() ? "" : "  ", p.k, p.recall);
        recall += b;
    }
    ImGui::Text(tr("ANN recall %s (%d queries)"), recall.c_str(), r.queries);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("recall@K = share of the exact top-K that the index also returns (an item tied with\n"
                                   "the K-th exact score counts as found). Queries: the vectors of sampled test users\n"
                                   "(for imported embeddings: of sampled items)."));
    if (!r.points.empty() && !r.brute_force.empty()) {
        const towerlab::AnnOperatingPoint& p = r.points.back();
        const towerlab::LatencySummary& b = r.brute_force.back();
        ImGui::Text(tr("latency at K=%d: ANN p50 %.0f us, p99 %.0f us; brute force p50 %.0f us, p99 %.0f us"), p.k,
                    p.latency.p50_us, p.latency.p99_us, b.p50_us, b.p99_us);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("One query at a time on one thread, as a server answers one request.\n"
                                       "Measured on this machine now: other work on it moves these figures."));
    }
    ImGui::Text(tr("index of %d items x %d dims built in %.2f s, %.1f MB"), r.items, r.dim, r.build_seconds,
                static_cast<double>(r.index_bytes) / 1e6);
    ImGui::PopTextWrapPos();
}

bool task_status_line(const towerlab::TaskStatus& t, const char* id) {
    bool cancel = false;
    if (t.running) {
        ImGui::PushID(id);
        const float w = ImGui::GetFontSize() * 8;
        if (t.fraction >= 0) ImGui::ProgressBar(static_cast<float>(t.fraction), ImVec2(w, 0));
        else ImGui::ProgressBar(static_cast<float>(-0.3 * ImGui::GetTime()), ImVec2(w, 0), tr("working"));
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr(t.stage.c_str()));
        ImGui::SameLine();
        cancel = ImGui::SmallButton(tr("Cancel"));
        ImGui::PopID();
    } else if (!t.error.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), tr("%s failed: %s"), tr(t.name.c_str()), t.error.c_str());
        ImGui::PopTextWrapPos();
    } else if (t.cancelled) {
        ImGui::TextDisabled(tr("%s cancelled"), tr(t.name.c_str()));
    }
    return cancel;
}

}  // namespace app

namespace app {
namespace {

// Text struck through with a line: a value the view dropped.
void struck(const std::string& text) {
    ImGui::TextDisabled("%s", text.c_str());
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float y = std::floor((a.y + b.y) * 0.5f) + 0.5f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), IM_COL32(235, 110, 100, 255), 1.5f);
}

// The item's value names, parallel to f.original (original_text joins them with ", ").
std::vector<std::string> original_names(const towerlab::FieldView& f) {
    std::vector<std::string> names;
    size_t at = 0;
    for (;;) {
        const size_t comma = f.original_text.find(", ", at);
        names.push_back(f.original_text.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
        if (comma == std::string::npos) break;
        at = comma + 2;
    }
    if (names.size() != f.original.size()) {  // a value name with ", " in it: fall back to the ids
        names.clear();
        for (int32_t v : f.original) names.push_back("#" + std::to_string(v));
    }
    return names;
}

void view_cell(const towerlab::FieldView& f, const std::vector<int32_t>& view, const std::string& text,
               towerlab::FieldChange change) {
    switch (change) {
        case towerlab::FieldChange::Kept: ImGui::TextWrapped("%s", text.c_str()); break;
        case towerlab::FieldChange::Missing: ImGui::TextDisabled("%s", tr("(missing)")); break;
        case towerlab::FieldChange::Masked:
            ImGui::TextColored(ImVec4(0.55f, 0.55f, 0.6f, 1), "%s", tr("[masked]"));
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("the view has the learned \"missing\" value instead"));
            break;
        case towerlab::FieldChange::Dropped: {
            ImGui::TextUnformatted(text.c_str());
            // The values the item has and this view lacks.
            const std::vector<std::string> names = original_names(f);
            for (size_t i = 0; i < f.original.size(); ++i) {
                bool kept = false;
                for (int32_t w : view) kept = kept || w == f.original[i];
                if (kept) continue;
                ImGui::SameLine();
                struck(names[i]);
            }
            break;
        }
    }
}

}  // namespace

std::string wrap_text(const std::string& text, float width) {
    const ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    // Chinese punctuation that must not begin a line: it takes the character before it along.
    static const char* const kNoLineStart[] = {"，", "。", "、", "；", "：", "）", "！", "？", "”", "》"};
    std::string out;
    float line = 0;
    size_t i = 0, last_start = 0;  // where the last token began in `out`
    float last_w = 0;
    while (i < text.size()) {
        // The next token: a newline, a space, one CJK character, or a run of anything else.
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const auto is_cjk_at = [&](size_t at) {  // U+2E80 (E2 BA 80) and up: CJK punctuation, ideographs, full-width forms
            const unsigned char lead = static_cast<unsigned char>(text[at]);
            return lead > 0xE2 || (lead == 0xE2 && at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) >= 0xBA);
        };
        const auto length_at = [&](size_t at) {
            const unsigned char b = static_cast<unsigned char>(text[at]);
            return static_cast<size_t>(b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4);
        };
        size_t end = i + length_at(i);
        if (c != '\n' && c != ' ' && !is_cjk_at(i))
            while (end < text.size() && text[end] != ' ' && text[end] != '\n' && !is_cjk_at(end)) end += length_at(end);
        const std::string token = text.substr(i, end - i);
        i = std::min(end, text.size());
        if (token == "\n") {
            out += '\n';
            line = 0;
            continue;
        }
        const float w = font->CalcTextSizeA(size, FLT_MAX, 0, token.c_str()).x;
        if (line > 0 && line + w > width) {
            bool no_start = false;
            for (const char* p : kNoLineStart) no_start = no_start || token == p;
            std::string carried;
            if (no_start && last_start < out.size() && line > last_w) {
                carried = out.substr(last_start);
                out.resize(last_start);
            }
            while (!out.empty() && out.back() == ' ') out.pop_back();
            out += '\n';
            line = 0;
            if (token == " ") continue;
            if (!carried.empty()) {
                out += carried;
                line = last_w;
            }
        }
        last_start = out.size();
        last_w = w;
        out += token;
        line += w;
    }
    return out;
}

void wrapped_text(const std::string& text, ImGuiCol colour) {
    const std::string lines = wrap_text(text, ImGui::GetContentRegionAvail().x);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(colour));
    ImGui::TextUnformatted(lines.c_str());
    ImGui::PopStyleColor();
}

const char* augmentation_name(towerlab::Augmentation kind) {
    switch (kind) {
        case towerlab::Augmentation::None: return tr("none");
        case towerlab::Augmentation::RandomMask: return tr("random mask");
        case towerlab::Augmentation::Dropout: return tr("dropout");
        case towerlab::Augmentation::Complementary: return tr("complementary");
        case towerlab::Augmentation::CorrelatedMask: return tr("correlated masking");
    }
    return "?";
}

void item_views_table(const towerlab::ItemViews& v, const char* id, float height) {
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  (height > 0 ? ImGuiTableFlags_ScrollY : 0);
    if (!ImGui::BeginTable(id, 4, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("field"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn(tr("item"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn(tr("view 1"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn(tr("view 2"), ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableHeadersRow();
    for (const towerlab::FieldView& f : v.fields) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", f.name.c_str());
        ImGui::TableNextColumn();
        if (f.change1 == towerlab::FieldChange::Missing) ImGui::TextDisabled("%s", tr("(missing)"));
        else ImGui::TextWrapped("%s", f.original_text.c_str());
        ImGui::TableNextColumn();
        view_cell(f, f.view1, f.view1_text, f.change1);
        ImGui::TableNextColumn();
        view_cell(f, f.view2, f.view2_text, f.change2);
    }
    ImGui::EndTable();
}

void k_combo(const std::vector<int>& ks, int& index) {
    index = std::clamp(index, 0, static_cast<int>(ks.size()) - 1);
    char current[32];
    std::snprintf(current, sizeof current, "K = %d", ks[static_cast<size_t>(index)]);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (ImGui::BeginCombo("##k", current)) {
        for (size_t i = 0; i < ks.size(); ++i) {
            char label[32];
            std::snprintf(label, sizeof label, "K = %d", ks[i]);
            if (ImGui::Selectable(label, static_cast<int>(i) == index)) index = static_cast<int>(i);
        }
        ImGui::EndCombo();
    }
}

void file_export_button(const char* label, const char* tooltip, const char* popup_id, std::string& path, bool ready,
                        const std::function<void()>& save, const std::string& done, Intents& in) {
    if (ImGui::Button(label)) ImGui::OpenPopup(popup_id);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
    if (!ImGui::BeginPopup(popup_id)) return;
    ImGui::SetNextItemWidth(320);
    ImGui::InputText(tr("file"), &path);
    if (ImGui::Button(tr("Save")) && ready) {
        in.attempt(save, done + path);
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

towerlab::LayoutMethod layout_method_combo(const char* id, towerlab::LayoutMethod current, const char* tooltip) {
    towerlab::LayoutMethod picked = current;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    if (ImGui::BeginCombo(id, towerlab::to_string(current))) {
        for (towerlab::LayoutMethod m : {towerlab::LayoutMethod::Pca, towerlab::LayoutMethod::Umap, towerlab::LayoutMethod::Tsne})
            if (ImGui::Selectable(towerlab::to_string(m), current == m)) picked = m;
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
    return picked;
}

void colouring_combo(int& colouring, const char* first, bool has_topics, const towerlab::FeatureTable& fields,
                     const char* tooltip) {
    const int num_fields = fields.num_fields();
    std::string current = colouring == 0 ? first : colouring == 1 ? tr("ground-truth topic") : "";
    if (colouring >= 2 && colouring - 2 < num_fields) current = tr("field: ") + fields.fields()[static_cast<size_t>(colouring - 2)].name;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::BeginCombo(tr("colour"), current.c_str())) {
        if (ImGui::Selectable(first, colouring == 0)) colouring = 0;
        if (has_topics && ImGui::Selectable(tr("ground-truth topic"), colouring == 1)) colouring = 1;
        for (int f = 0; f < num_fields; ++f) {
            const std::string label = tr("field: ") + fields.fields()[static_cast<size_t>(f)].name;
            if (ImGui::Selectable(label.c_str(), colouring == f + 2)) colouring = f + 2;
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
}

}  // namespace app
