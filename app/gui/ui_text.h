// Every string the app shows, in English and Simplified Chinese, from one table (ui_text_table.cpp),
// switchable at run time. Code writes the English text and wraps it: tr("Train") is "Train" or
// "训练" depending on the language. The Chinese uses the lecture's own terms (双塔模型, 自监督学习,
// 纠偏, 长尾物品, 互补特征, 互信息, Batch内负样本 ...).
//
// A text missing from the table is shown in English and remembered (missing_texts()), so a test
// that draws every panel in Chinese finds any string that was never translated. Format strings
// keep their printf conversions, in the same order, in both languages (tested).
//
// Labels of windows, tabs and headers use tr_id("Training", "training") = "训练###training": the
// text changes with the language, the ImGui ID does not (open tabs and window places survive a switch).
#pragma once

#include <string>
#include <vector>

#include "core/language.h"

namespace app {

using Language = towerlab::Language;  // core/language.h: the engine's texts and the UI's speak the same two

Language language();
void set_language(Language language);
const char* language_name(Language language);  // in its own language: "English", "中文"

// The current language's text for this English text (the English itself when it is not in the table).
const char* tr(const char* english);
// "text###id": translated text, stable ImGui ID.
std::string tr_id(const char* english, const char* id);

struct TextEntry {
    const char* en;
    const char* zh;
};
const std::vector<TextEntry>& text_table();

// Texts asked for since the last clear that the table does not have.
std::vector<std::string> missing_texts();
void clear_missing_texts();

}  // namespace app
