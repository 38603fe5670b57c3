// `towerlab-cli lesson`: run a guided lesson's experiment and print its figures and whether each
// of its claims held on this run.
//
//   towerlab-cli lesson --list
//   towerlab-cli lesson logq_popularity_bias          (or its number: lesson 1)
//   towerlab-cli lesson --all --json > lessons.json
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli_options.h"
#include "commands.h"
#include "core/error.h"
#include "lessons/lesson.h"
#include "lessons/lesson_json.h"

namespace towerlab::cli {
namespace {

struct LessonOptions {
    std::string name;
    bool all = false;
    bool list = false;
    bool json = false;
    std::string json_out;
    std::string lang = "en";
    std::string seeds;   // override of the presets' seeds
    int threads = 2;
    bool quiet = false;
};

Language language_of(const std::string& s) {
    if (s == "en") return Language::English;
    if (s == "zh") return Language::Chinese;
    throw Error(ErrorContext{"", 0, "--lang"}, "expected en or zh, got '" + s + "'");
}

void print_list(Language lang) {
    for (const Lesson& l : all_lessons())
        std::printf("%2d  %-22s %s\n", l.number, l.id.c_str(), l.title.in(lang).c_str());
}

// Words wrapped at `width` columns (CJK text has no spaces: it is printed as one paragraph).
void print_wrapped(const std::string& text, const std::string& indent, size_t width = 100) {
    std::istringstream words(text);
    std::string word, line;
    while (words >> word) {
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            std::printf("%s%s\n", indent.c_str(), line.c_str());
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) std::printf("%s%s\n", indent.c_str(), line.c_str());
}

void print_result(const Lesson& l, const LessonResult& r, Language lang) {
    const bool zh = lang == Language::Chinese;
    std::printf("Lesson %d · %s  (%s)\n", l.number, l.title.in(lang).c_str(), l.id.c_str());
    print_wrapped(l.text.in(lang), "  ");
    std::printf("  %s %s\n", zh ? "公式：" : "formula:", l.formula.c_str());
    std::printf("  %s %s panel: %s\n", zh ? "看哪里：" : "look at:", l.look_at.c_str(), l.look_for.in(lang).c_str());
    const LessonPreset& p = r.preset;
    std::printf("\n  data: synthetic, %d users, %d items, %ld clicks (seed %llu)", p.data.num_users, p.data.num_items,
                p.data.num_clicks, static_cast<unsigned long long>(p.data.seed));
    if (p.steps > 0) std::printf("; %zu variant(s) x %zu seed(s) x %ld steps", p.variants.size(), p.seeds.size(), p.steps);
    std::printf("; took %.1f s\n\n", r.seconds);

    std::printf("  %s\n", zh ? "实测数据" : "figures");
    for (const LessonFigure& f : r.figures) {
        std::printf("    %-70s %10.4g", f.label.in(lang).c_str(), f.value);
        if (f.per_seed.size() > 1) {
            std::printf(" ± %.4g  [", f.sd);
            for (size_t i = 0; i < f.per_seed.size(); ++i) std::printf("%s%.4g", i ? " " : "", f.per_seed[i]);
            std::printf("]");
        }
        std::printf("\n");
    }
    std::printf("\n  %s\n", zh ? "结论" : "claims");
    for (const ClaimResult& c : r.claims) {
        std::printf("    [%s] %s\n", c.held ? (zh ? "成立" : "held") : (zh ? "不成立" : "did not hold"),
                    c.spec.statement.in(lang).c_str());
        std::printf("        %s\n        %s\n", c.spec.figure.in(lang).c_str(), c.verdict.in(lang).c_str());
    }
    std::printf("\n");
}

// Progress on stderr: redrawn in place on a terminal, a line per tenth otherwise.
struct ProgressLine {
    bool enabled, tty;
    int last_tenth = -1;
    std::string prefix;
    void operator()(const LessonProgress& p) {
        if (!enabled) return;
        if (tty) {
            std::fprintf(stderr, "\r%s %3.0f%% %-50.50s", prefix.c_str(), 100 * p.fraction, p.stage.c_str());
            return;
        }
        const int tenth = static_cast<int>(p.fraction * 10);
        if (tenth == last_tenth) return;
        last_tenth = tenth;
        std::fprintf(stderr, "%s %3.0f%% %s\n", prefix.c_str(), 100 * p.fraction, p.stage.c_str());
    }
    void finish() const {
        if (enabled && tty) std::fprintf(stderr, "\n");
    }
};

void run(LessonOptions& o) {
    const Language lang = language_of(o.lang);
    if (o.list) {
        if (o.json) {
            nlohmann::json j = nlohmann::json::array();
            for (const Lesson& l : all_lessons()) j.push_back(to_json(l));
            std::cout << j.dump(2) << "\n";
        } else {
            print_list(lang);
        }
        return;
    }
    if (o.all == !o.name.empty())
        throw Error(ErrorContext{"", 0, "lesson"}, "name one lesson (e.g. 'lesson 1' or 'lesson temperature'), or give --all or --list");
    std::vector<const Lesson*> chosen;
    if (o.all)
        for (const Lesson& l : all_lessons()) chosen.push_back(&l);
    else
        chosen.push_back(&find_lesson(o.name));

    nlohmann::json out = nlohmann::json::array();
    for (const Lesson* l : chosen) {
        LessonPreset preset = l->preset();
        if (!o.seeds.empty()) preset.seeds = parse_seeds(o.seeds);
        ProgressLine progress{!o.quiet, isatty(2) != 0, -1, "lesson " + std::to_string(l->number)};
        LessonRunOptions ro;
        ro.threads = o.threads;
        ro.on_progress = [&progress](const LessonProgress& p) { progress(p); };
        const LessonResult r = run_lesson(*l, preset, ro);
        progress.finish();
        if (o.json || !o.json_out.empty()) out.push_back(to_json(*l, r));
        if (!o.json) print_result(*l, r, lang);
    }
    const nlohmann::json doc = o.all ? out : out.empty() ? nlohmann::json() : out[0];
    if (!o.json_out.empty()) write_json_file(o.json_out, doc);
    if (o.json) std::cout << doc.dump(2) << "\n";
}

}  // namespace

void register_lesson_command(CLI::App& app) {
    auto o = std::make_shared<LessonOptions>();
    CLI::App* sub = app.add_subcommand("lesson", "run a guided lesson's experiment; print its figures and whether each claim held");
    sub->add_option("name", o->name, "lesson id or number (see --list)");
    sub->add_flag("--all", o->all, "run every lesson in course order");
    sub->add_flag("--list", o->list, "list the lessons and exit");
    sub->add_flag("--json", o->json, "print machine-readable results (both languages) on stdout");
    sub->add_option("--json-out", o->json_out, "also write the JSON results to this file");
    sub->add_option("--lang", o->lang, "language of the text output: en or zh");
    sub->add_option("--seeds", o->seeds, "comma-separated model seeds instead of the preset's");
    sub->add_option("--threads", o->threads, "threads for training and evaluation")->check(CLI::Range(1, 256));
    sub->add_flag("--quiet", o->quiet, "no progress output");
    sub->callback([o] { run(*o); });
}

}  // namespace towerlab::cli
