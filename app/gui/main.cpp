// towerlab: the desktop app. Opens a window (GLFW + OpenGL 3.3 core + Dear ImGui), loads the
// embedded synthetic dataset (or a setup file) on the training thread and draws the AppWindow
// every frame. Two headless-friendly modes reuse the very same loop:
//   --screenshot out.png --train-steps N   train N steps, draw, write out.png and out.png.json
//   --screenshot out.png --lesson NAME       run a lesson in the lessons window, wait for its result, capture
//   --screenshot out.png --converge          press "Train to convergence", wait until it stops, capture
//   --benchmark-seconds S                   train for S seconds and print frame-time percentiles
#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "app_window.h"
#include "file_drop.h"
#include "fonts.h"
#include "glfw_input.h"
#include "render/frame_cache.h"
#include "render/scatter_renderer.h"
#include "screenshot.h"
#include "setup_file.h"
#include "ui_text.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string setup_path;
    std::string screenshot;
    long train_steps = 300;
    int width = 1280, height = 800;
    std::vector<std::string> show;
    std::string colour_by = "group";
    std::string layout = "pca";  // the item map: pca, umap or tsne
    std::string cfm_seed;
    int select_item = -1, select_user = -1;
    double timeout_s = 600;
    double benchmark_s = 0;
    bool benchmark_paused = false;
    bool scatter_every_frame = false;
    bool benchmark_lazy = false;
    bool no_frame_cache = false;
    int max_projected = 100000;
    float font_size = 15;
    std::string language = "en";
    std::string retrieval = "brute-force";
    bool update_replay = false;
    std::vector<std::string> import_files;  // vectors, metadata
    std::string select_imported;
    std::string lesson;  // screenshot mode: run this lesson in the lessons window
    std::string drop;    // deliver this path through the window's drop callback before the first frame
    bool converge = false;  // screenshot mode: train to convergence instead of --train-steps
    towerlab::EarlyStopping stopping;
};

// Input events since start, counted by GLFW callbacks installed before ImGui's (which chains to them).
long g_input_events = 0;
bool g_exposed = false;  // the window was exposed since the last frame (GLFW's refresh callback)

// Paths dropped onto the window since the last frame (GLFW's drop callback; the paths it passes
// live only during the call, so they are copied). The frame loop hands them to app::apply_drop.
std::vector<std::string> g_dropped;

void on_drop(GLFWwindow*, int count, const char** paths) {
    g_dropped.clear();
    for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
    ++g_input_events;
}

void count_input_events(GLFWwindow* win) {
    glfwSetCursorPosCallback(win, [](GLFWwindow*, double, double) { ++g_input_events; });
    glfwSetMouseButtonCallback(win, [](GLFWwindow*, int, int, int) { ++g_input_events; });
    glfwSetScrollCallback(win, [](GLFWwindow*, double, double) { ++g_input_events; });
    glfwSetKeyCallback(win, [](GLFWwindow*, int, int, int, int) { ++g_input_events; });
    glfwSetCharCallback(win, [](GLFWwindow*, unsigned int) { ++g_input_events; });
    glfwSetWindowSizeCallback(win, [](GLFWwindow*, int, int) { ++g_input_events; });
    glfwSetWindowRefreshCallback(win, [](GLFWwindow*) {
        ++g_input_events;
        g_exposed = true;  // the window's pixels may be gone: the next frame repaints them all
    });
    glfwSetWindowFocusCallback(win, [](GLFWwindow*, int) { ++g_input_events; });
    glfwSetDropCallback(win, on_drop);
}

// What changes when the session publishes: a new value in any of these means a frame to draw.
struct PublishedKey {
    const void* snapshot = nullptr;
    const void* data = nullptr;
    const void* item = nullptr;
    const void* user = nullptr;
    bool loading = false;
    long error_serial = 0;
    long notice_serial = 0;
    long task_revision = 0;
    long lesson_revision = 0;
    bool operator!=(const PublishedKey& o) const {
        return snapshot != o.snapshot || data != o.data || item != o.item || user != o.user || loading != o.loading ||
               error_serial != o.error_serial || notice_serial != o.notice_serial || task_revision != o.task_revision ||
               lesson_revision != o.lesson_revision;
    }
};

PublishedKey published_key(const towerlab::SessionView& v, long lesson_revision) {
    return {v.snapshot.get(), v.data.get(), v.item.get(), v.user.get(), v.loading, v.error_serial, v.notice_serial,
            v.task_revision, lesson_revision};
}

void glfw_error(int code, const char* text) { std::fprintf(stderr, "towerlab: GLFW error %d: %s\n", code, text); }

void style() {
    ImGui::StyleColorsDark();
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowRounding = 3;
    st.FrameRounding = 3;
    st.TabRounding = 3;
    st.WindowPadding = ImVec2(8, 6);
    st.ItemSpacing = ImVec2(7, 5);
    st.Colors[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.13f, 1);
}

// What the screenshot and benchmark modes wait for, frame by frame.
struct Director {
    const Options& o;
    app::AppWindow& window;
    bool started = false, selected = false, replay_started = false, imported_selected = false, lesson_started = false;
    bool failed = false;  // a request that cannot be met (an unknown --show panel): headless modes exit 2
    double ready_s = -1;  // seconds from start until the first run was ready to train
    Clock::time_point train_begin;
    int settled_frames = 0;
    Clock::time_point begin = Clock::now();

    bool screenshot() const { return !o.screenshot.empty(); }
    bool benchmark() const { return o.benchmark_s > 0; }
    // The user map on screen (--show usermap): --layout picks its method and the capture waits for it.
    bool user_map_shown() const { return std::find(o.show.begin(), o.show.end(), "usermap") != o.show.end(); }

    // Called before each frame; sends intents once the data is there.
    void before_frame() {
        const app::FrameView& s = window.state().frame;
        app::Intents& in = window.state().intents;
        if (!s.data() || s.view.loading) return;
        if (!selected) {
            if (o.select_item >= 0) in.select_item(o.select_item);
            if (o.select_user >= 0) in.select_user(o.select_user);
            if (o.layout == "umap") window.projection_panel().set_method(in, towerlab::LayoutMethod::Umap);
            if (o.layout == "tsne") window.projection_panel().set_method(in, towerlab::LayoutMethod::Tsne);
            if (user_map_shown())
                window.user_map_panel().set_method(in, o.layout == "tsne" ? towerlab::LayoutMethod::Tsne
                                                       : o.layout == "pca" ? towerlab::LayoutMethod::Pca
                                                                           : towerlab::LayoutMethod::Umap);
            if (o.colour_by == "topic") window.projection_panel().set_colouring(1), window.user_map_panel().set_colouring(1);
            if (o.colour_by != "group" && o.colour_by != "topic") {
                const int f = s.data()->dataset->items.field_index(o.colour_by);
                if (f >= 0) window.projection_panel().set_colouring(2 + f);
                else std::fprintf(stderr, "towerlab: no item field '%s' to colour by\n", o.colour_by.c_str());
            }
            if (!o.cfm_seed.empty()) {
                const int f = s.data()->dataset->items.field_index(o.cfm_seed);
                if (f >= 0) window.heatmap_panel().set_seed_field(f);
                else std::fprintf(stderr, "towerlab: no item field '%s' for the CFM seed\n", o.cfm_seed.c_str());
            }
            for (const std::string& t : o.show) {
                if (window.panels().find(t)) {
                    window.show(t);
                } else {
                    std::fprintf(stderr, "towerlab: --show: no panel '%s' (panels: %s)\n", t.c_str(), window.panels().ids().c_str());
                    failed = true;
                }
            }
            if (o.retrieval == "ann") in.set_ann_retrieval(true);
            if (o.import_files.size() == 2)
                app::FilePopups::act(s, in, app::FileAction::ImportEmbeddings, o.import_files[0], o.import_files[1], {});
            selected = true;
        }
        if (!imported_selected && !o.select_imported.empty() && s.view.imported) {
            const int row = s.view.imported->catalogue->find(o.select_imported);
            if (row < 0) std::fprintf(stderr, "towerlab: no imported item '%s'\n", o.select_imported.c_str());
            else in.select_imported_item(row);
            imported_selected = true;
        }
        if (!o.lesson.empty() && !lesson_started) {
            const std::vector<towerlab::Lesson>& all = towerlab::all_lessons();
            for (size_t i = 0; i < all.size(); ++i)
                if (&all[i] == &towerlab::find_lesson(o.lesson)) window.lessons_panel().select(static_cast<int>(i));
            window.lessons_panel().run();
            window.show("lessons");
            lesson_started = true;
        }
        if (ready_s < 0 && s.snapshot()) ready_s = elapsed();
        if (!started && s.snapshot()) {
            if (screenshot() && o.converge) {
                in.draft().stopping = o.stopping;
                in.train_to_convergence();
            } else if (screenshot() && o.train_steps > 0) {
                in.session().run_steps(o.train_steps);
            }
            if (benchmark() && !o.benchmark_paused) in.session().start();
            started = true;
            train_begin = Clock::now();
        }
        // The replay starts once the run has trained (its config is the run's).
        const towerlab::TrainingSnapshot* snap = s.snapshot();
        if (o.update_replay && started && !replay_started && snap && !snap->running && snap->step >= o.train_steps) {
            towerlab::DayReplayConfig rc;
            rc.ks = snap->config.eval_k;
            in.session().start_update_replay(rc);
            replay_started = true;
        }
    }

    // True when the state to capture is on screen.
    bool ready_to_capture() {
        const app::FrameView& s = window.state().frame;
        const towerlab::ItemLayout* user_map = user_map_shown() ? window.user_map_panel().shown(s) : nullptr;
        const towerlab::TrainingSnapshot* snap = s.snapshot();
        if (!o.lesson.empty()) {
            // The lesson's result (or its error) is on the page, and the session has trained what it was asked.
            const towerlab::TaskStatus t = window.lessons_panel().runner().status();
            const bool lesson_done = lesson_started && !t.running && (window.lessons_panel().result() || !t.error.empty());
            const bool done = lesson_done && started && snap && !snap->running && snap->step >= o.train_steps;
            settled_frames = done ? settled_frames + 1 : 0;
            return settled_frames >= 6;
        }
        // Converging: until the run has stopped by itself (its summary is on screen), or failed.
        const bool trained = o.converge ? snap && snap->convergence && !snap->convergence->active
                                        : snap && snap->step >= o.train_steps;
        const bool done = started && snap && !snap->running && trained && snap->projection &&
                          snap->projection->step == snap->step && !snap->metrics.empty() &&
                          snap->metrics.back().step == snap->step &&
                          (o.select_item < 0 || (s.view.item && s.view.item->step == snap->step)) &&
                          (o.select_user < 0 || (s.view.user && s.view.user->step == snap->step)) &&
                          (user_map_shown() ? user_map && user_map->step == snap->step && !s.view.layout_task.running
                                            : o.layout == "pca" || (s.view.layout && s.view.layout->step == snap->step &&
                                                            s.view.layout->subject == towerlab::MapSubject::Items &&
                                                            s.view.layout->method == window.projection_panel().method() &&
                                                            !s.view.layout_task.running)) &&
                          (o.retrieval != "ann" || (s.view.serving && s.view.serving->step == snap->step &&
                                                    (o.select_user < 0 || (s.view.user && s.view.user->ann &&
                                                                           s.view.user->ann_index_step == snap->step)))) &&
                          (!o.update_replay || (replay_started && s.view.replay_task.serial > 0 && !s.view.replay_task.running &&
                                                s.view.timeline)) &&
                          (o.import_files.empty() || (s.view.imported && s.view.imported->ann && !s.view.import_task.running &&
                                                      (o.select_imported.empty() ||
                                                       (s.view.imported_item && s.view.imported_item->item == s.selection().imported_item))));
        settled_frames = done ? settled_frames + 1 : 0;
        return settled_frames >= 4;  // a few frames so new windows and tabs have their final size
    }

    double elapsed() const { return std::chrono::duration<double>(Clock::now() - begin).count(); }
};

int run(const Options& o) {
    towerlab::SessionSetup setup = app::app_default_setup();
    std::string setup_error;
    if (!o.setup_path.empty()) {
        try {
            setup = app::load_setup_for_app(o.setup_path);
        } catch (const std::exception& e) {
            if (!o.screenshot.empty() || o.benchmark_s > 0) {
                std::fprintf(stderr, "towerlab: %s\n", e.what());
                return 2;
            }
            setup_error = e.what();  // the window opens with the defaults and shows why
        }
    }

    glfwSetErrorCallback(glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "towerlab: cannot open a window (no display?). Run it in a desktop session or under\n"
                             "xvfb-run, or train headless with towerlab-cli.\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    const bool headless_mode = !o.screenshot.empty() || o.benchmark_s > 0;
    if (headless_mode) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
    GLFWwindow* win = glfwCreateWindow(o.width, o.height, "TowerLab: two-tower retrieval with self-supervision", nullptr, nullptr);
    if (!win) {
        std::fprintf(stderr, "towerlab: cannot create an OpenGL 3.3 core window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(win);
    glfwSwapInterval(headless_mode ? 0 : 1);
    count_input_events(win);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout comes from the display size, every start the same
    style();
    std::vector<std::string> chinese;
    for (const app::TextEntry& e : app::text_table()) chinese.push_back(e.zh);
    for (const std::string& t : app::lesson_glyph_texts()) chinese.push_back(t);
    const app::FontChoice font = app::load_ui_font(io, o.font_size, chinese);
    if (font.path.empty()) std::fprintf(stderr, "towerlab: no TrueType font found (install fonts-dejavu-core); using ImGui's\n");
    if (!font.chinese()) {
        std::fprintf(stderr, "towerlab: %s\n", font.cjk_note.c_str());
        if (o.language == "zh") {
            std::fprintf(stderr, "towerlab: --language zh needs a Chinese font\n");
            if (!o.screenshot.empty()) return 2;
        }
    } else if (o.language == "zh") {
        app::set_language(app::Language::Chinese);
    }
    // Before ImGui's backend, whose callbacks then chain to its own (glfw_input.h).
    auto input = std::make_unique<app::GlfwInput>(win);
    ImGui_ImplGlfw_InitForOpenGL(win, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    int result = 0;
    {
        gfx::ScatterRenderer scatter, imported_scatter, user_scatter;
        std::string gl_error;
        const bool scatter_ok = scatter.init(gl_error) && imported_scatter.init(gl_error) && user_scatter.init(gl_error);
        scatter.set_always_redraw(o.scatter_every_frame);
        gfx::FrameCache frame_cache;
        frame_cache.set_enabled(!o.no_frame_cache);
        double repainted_sum = 0;    // share of the window repainted, summed over the frames drawn
        long repainted_frames = 0;
        if (!scatter_ok) std::fprintf(stderr, "towerlab: scatter shaders unavailable (%s); drawing points with ImGui\n", gl_error.c_str());

        towerlab::SessionOptions so;
        so.max_projected_items = o.max_projected;
        towerlab::TrainingSession session(so);
        app::AppWindow window(session, scatter_ok ? &scatter : nullptr, scatter_ok ? &imported_scatter : nullptr,
                              scatter_ok ? &user_scatter : nullptr);
        window.state().frame.capture = !o.screenshot.empty();
        window.state().frame.chinese_available = font.chinese();
        window.state().frame.font_note = font.cjk_note;
        if (!scatter_ok) window.state().intents.fail("scatter shaders unavailable: " + gl_error);
        if (!setup_error.empty()) window.state().intents.fail(setup_error);
        if (o.drop.empty()) {
            window.load(setup);
        } else {
            // --drop: the path goes through the drop callback GLFW holds for this window (the same
            // function a desktop drop calls), and its load replaces the setup's.
            window.state().draft.setup = setup;
            const GLFWdropfun registered = glfwSetDropCallback(win, nullptr);
            glfwSetDropCallback(win, registered);
            const char* paths[] = {o.drop.c_str()};
            if (registered) registered(win, 1, paths);
        }

        Director director{o, window};
        Clock::time_point last = Clock::now();
        const double frame_budget = 1.0 / 60;
        // Frames are drawn lazily: when the user did something, when the session published a new
        // value, while ImGui settles after either (a few frames), and at least twice a second.
        // Software GL pays for every pixel of every frame; the trainer shares the cores with it.
        long seen_input = -1;
        PublishedKey seen_view;
        int frames_left = 0;
        bool drew_last = false;
        const bool lazy = !headless_mode || (o.benchmark_s > 0 && o.benchmark_lazy);
        for (;;) {
            if (glfwWindowShouldClose(win) || window.quit_requested()) break;
            if (glfwGetKey(win, GLFW_KEY_Q) == GLFW_PRESS &&
                (glfwGetKey(win, GLFW_KEY_LEFT_CONTROL) == GLFW_PRESS || glfwGetKey(win, GLFW_KEY_RIGHT_CONTROL) == GLFW_PRESS))
                break;
            if (!lazy) glfwPollEvents();
            else glfwWaitEventsTimeout(frames_left > 0 ? 0.0 : frame_budget);
            if (!g_dropped.empty()) {
                app::apply_drop(window.state().frame, window.state().intents, g_dropped, [&](const towerlab::SessionSetup& x) { window.load(x); });
                g_dropped.clear();
            }
            const PublishedKey key = published_key(session.view(), window.lessons_panel().runner().revision());
            if (g_input_events != seen_input || key != seen_view || ImGui::IsAnyMouseDown()) frames_left = 4;
            seen_input = g_input_events;
            seen_view = key;
            const double since_last = std::chrono::duration<double>(Clock::now() - last).count();
            if (lazy && frames_left == 0 && since_last < 0.5) {
                drew_last = false;
                continue;
            }
            if (frames_left > 0) --frames_left;

            const Clock::time_point start = Clock::now();
            {
                const app::FrameProfile::Scope timed(&window.profile(), "before_frame");
                director.before_frame();
            }
            {
                const app::FrameProfile::Scope timed(&window.profile(), "new_frame");
                ImGui_ImplOpenGL3_NewFrame();
                input->new_frame();
                // Screenshots show no hover readout or tooltip wherever Xvfb happens to put the pointer.
                if (!o.screenshot.empty()) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
                ImGui::NewFrame();
            }
            {
                const app::FrameProfile::Scope timed(&window.profile(), "window_frame");
                window.frame();
            }
            {
                const app::FrameProfile::Scope timed(&window.profile(), "imgui_render");
                ImGui::Render();
            }
            const Clock::time_point gl_start = Clock::now();
            const int fw = input->framebuffer_width(), fh = input->framebuffer_height();
            // The window colour: the tiled panels draw no background of their own (app_window.cpp).
            const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
            // The capture reads the whole back buffer: this frame repaints all of it.
            const bool capture = director.screenshot() && director.ready_to_capture() &&
                                 !(scatter_ok && (scatter.pending() || imported_scatter.pending() || user_scatter.pending()));
            if (capture || g_exposed) frame_cache.damage_all();
            g_exposed = false;
            const bool presented = frame_cache.render(ImGui::GetDrawData(), fw, fh, bg);
            repainted_sum += frame_cache.last_repainted_share();
            ++repainted_frames;

            if (capture) {
                glFinish();
                std::string error;
                const std::vector<uint8_t> px = gfx::read_pixels(fw, fh);
                if (!gfx::write_png(o.screenshot, px, fw, fh, error) ||
                    !gfx::write_report(o.screenshot, window, fw, fh, director.ready_s, error)) {
                    std::fprintf(stderr, "towerlab: %s\n", error.c_str());
                    result = 1;
                } else {
                    std::fprintf(stderr, "towerlab: wrote %s (%dx%d, step %ld); frame p50 %.1f ms, p99 %.1f ms over %zu frames\n",
                                 o.screenshot.c_str(), fw, fh, window.state().frame.snapshot()->step,
                                 window.frame_stats().work_percentile(0.5) * 1000,
                                 window.frame_stats().work_percentile(0.99) * 1000, window.frame_stats().frames());
                }
                break;
            }
            if (!presented) glfwSwapBuffers(win);
            const Clock::time_point end = Clock::now();
            window.profile().add("gl_draw_and_swap", std::chrono::duration<double>(end - gl_start).count());
            const double work = std::chrono::duration<double>(end - start).count();
            // Pace to 60 frames a second where vsync does not (Xvfb): the trainer needs the cores.
            if (work < frame_budget) std::this_thread::sleep_for(std::chrono::duration<double>(frame_budget - work));
            const Clock::time_point now = Clock::now();
            // The interval only counts between frames drawn back to back (a lazy pause is no stutter).
            const double interval = std::chrono::duration<double>(now - last).count();
            window.frame_stats().record(static_cast<float>(work), drew_last ? static_cast<float>(interval) : -1.0f);
            window.profile().end_frame();
            last = now;
            drew_last = true;

            if (headless_mode && !window.state().frame.view.error.empty() &&
                (window.state().frame.view.error_source == "load" || window.state().frame.view.error_source == "convergence")) {
                std::fprintf(stderr, "towerlab: %s\n", window.state().frame.view.error.c_str());
                result = 2;
                break;
            }
            if (headless_mode && director.failed) {
                result = 2;
                break;
            }
            // An --import that failed will never produce what the capture waits for: say why now,
            // not "timed out" after --timeout seconds.
            if (headless_mode && !o.import_files.empty() && !window.state().frame.view.import_task.error.empty()) {
                std::fprintf(stderr, "towerlab: import failed: %s\n", window.state().frame.view.import_task.error.c_str());
                result = 2;
                break;
            }
            if (director.benchmark() && director.started &&
                std::chrono::duration<double>(Clock::now() - director.train_begin).count() > o.benchmark_s) {
                const app::FrameStatsOverlay& f = window.frame_stats();
                const towerlab::TrainingSnapshot* s = window.state().frame.snapshot();
                std::printf("ready to train after %.2f s\n", director.ready_s);
                std::printf("percentiles over the last %zu frames\n", f.frames());
                std::printf("frame interval  p50 %.1f ms  p99 %.1f ms\n", f.percentile(0.5) * 1000, f.percentile(0.99) * 1000);
                std::printf("frame work      p50 %.1f ms  p99 %.1f ms\n", f.work_percentile(0.5) * 1000,
                            f.work_percentile(0.99) * 1000);
                std::printf("projected points %zu, scatter redraws %ld\n",
                            s && s->projection ? s->projection->items.size() : 0, scatter_ok ? scatter.redraws() : 0L);
                const double secs = std::chrono::duration<double>(Clock::now() - director.train_begin).count();
                std::printf("training: %ld steps in %.1f s = %.1f steps/s (recent rate: %.1f steps/s)\n", s ? s->step : 0,
                            secs, s ? static_cast<double>(s->step) / secs : 0.0, s ? s->steps_per_second : 0.0);
                if (const ImDrawData* d = ImGui::GetDrawData())
                    std::printf("last frame: %d vertices, %d indices in %d draw lists\n", d->TotalVtxCount, d->TotalIdxCount,
                                d->CmdListsCount);
                std::printf("frame cache %s: %.0f%% of the window repainted per frame on average\n",
                            !frame_cache.enabled() ? "off (--no-frame-cache)"
                            : frame_cache.partial_present() ? "on, partial present (GLX_MESA_copy_sub_buffer)"
                                                            : "on, kept texture",
                            repainted_frames > 0 ? 100.0 * repainted_sum / static_cast<double>(repainted_frames) : 0.0);
                std::printf("frame work by phase (ms), the most expensive p99 first:\n");
                for (const app::FrameProfile::Phase& p : window.profile().summary())
                    std::printf("  %-18s p50 %6.2f  p99 %6.2f  mean %6.2f\n", p.name.c_str(), p.p50 * 1000, p.p99 * 1000,
                                p.mean * 1000);
                break;
            }
            if (headless_mode && director.elapsed() > o.timeout_s) {
                std::fprintf(stderr, "towerlab: timed out after %.0f s waiting for step %ld\n", o.timeout_s, o.train_steps);
                const app::FrameView& st = window.state().frame;
                if (o.layout != "pca")
                    std::fprintf(stderr, "towerlab: the %s layout: %s (%s, step %ld)\n", o.layout.c_str(),
                                 st.view.layout_task.running ? "computing" : "idle", st.view.layout_task.stage.c_str(),
                                 st.view.layout ? st.view.layout->step : -1L);
                result = 3;
                break;
            }
        }
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    input.reset();  // gives the window its callbacks back before it goes
    ImGui::DestroyContext();
    glfwDestroyWindow(win);
    glfwTerminate();
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App cli{"TowerLab: train a two-tower retrieval model with self-supervision and watch it learn"};
    cli.add_option("--setup", o.setup_path, "start from a setup file (File > Save setup writes one)");
    cli.add_option("--drop", o.drop,
                   "deliver PATH as if dropped onto the window (a dataset folder or zip, a setup .json or a "
                   "checkpoint), through the window's own drop callback");
    cli.add_option("--screenshot", o.screenshot, "train, draw, write this PNG (and PNG.json) and exit");
    cli.add_option("--train-steps", o.train_steps, "screenshot mode: steps to train before the capture")->check(CLI::NonNegativeNumber);
    cli.add_option("--width", o.width, "window width")->check(CLI::Range(640, 8192));
    cli.add_option("--height", o.height, "window height")->check(CLI::Range(480, 8192));
    cli.add_option("--show", o.show, "bring panels to the front by id: pca, updates, recall, geometry, heatmap, item, user, augmentations, lessons (the window's panel registry)");
    cli.add_option("--lesson", o.lesson, "screenshot mode: run this lesson (number or id) in the lessons window and wait for it")
        ->check([](const std::string& name) {
            try {
                towerlab::find_lesson(name);
                return std::string();
            } catch (const std::exception& e) {
                return std::string(e.what());
            }
        });
    cli.add_option("--language", o.language, "UI language: en or zh (Simplified Chinese; needs fonts-noto-cjk)")
        ->check(CLI::IsMember({"en", "zh"}));
    cli.add_option("--retrieval", o.retrieval, "user view: brute-force or ann (HNSW; waits for the index)")
        ->check(CLI::IsMember({"brute-force", "ann"}));
    cli.add_flag("--converge", o.converge, "screenshot mode: train to convergence (early stopping on validation) instead of --train-steps; the setup must hold out validation clicks");
    cli.add_option("--patience", o.stopping.patience, "--converge: validation checks without a new best before stopping")->check(CLI::PositiveNumber);
    cli.add_option("--max-epochs", o.stopping.max_epochs, "--converge: the cap in epochs")->check(CLI::PositiveNumber);
    cli.add_option("--validate-every", o.stopping.eval_every, "--converge: steps between validation checks (0 = one epoch)")->check(CLI::NonNegativeNumber);
    cli.add_flag("--update-replay", o.update_replay, "screenshot mode: after training, run the day replay and wait for it");
    cli.add_option("--import", o.import_files, "import item embeddings: VECTORS METADATA (.npy or TSV, metadata TSV)")
        ->expected(2);
    cli.add_option("--select-imported", o.select_imported, "imported embeddings: show this item id's neighbours");
    cli.add_option("--colour-by", o.colour_by, "projection colours: group, topic or an item field's name");
    cli.add_option("--layout", o.layout, "the item map (and the user map with --show usermap): pca, umap (McInnes et al. 2018) or tsne (Barnes-Hut, van der Maaten 2014)")
        ->check(CLI::IsMember({"pca", "umap", "tsne"}));
    cli.add_option("--cfm-seed", o.cfm_seed, "MI heatmap: outline the masking group of this seed field");
    cli.add_option("--select-item", o.select_item, "inspect this item");
    cli.add_option("--select-user", o.select_user, "show this user");
    cli.add_option("--timeout", o.timeout_s, "screenshot/benchmark mode: give up after this many seconds");
    cli.add_option("--benchmark-seconds", o.benchmark_s, "train for this long, print frame-time percentiles, exit");
    cli.add_flag("--benchmark-paused", o.benchmark_paused, "benchmark the UI without training");
    cli.add_flag("--no-frame-cache", o.no_frame_cache,
                 "repaint the whole window every frame instead of only what changed (render/frame_cache.h): the benchmark's peer");
    cli.add_flag("--benchmark-lazy", o.benchmark_lazy,
                 "benchmark: draw frames only when something changed, as the interactive app does");
    cli.add_flag("--scatter-every-frame", o.scatter_every_frame,
                 "benchmark: rasterise the projection every frame instead of caching it in a texture");
    cli.add_option("--max-points", o.max_projected, "most items in the projection (stratified sample above)")
        ->check(CLI::Range(100, 10000000));
    cli.add_option("--font-size", o.font_size, "UI font size in pixels")->check(CLI::Range(8.0, 48.0));
    CLI11_PARSE(cli, argc, argv);
    return run(o);
}
