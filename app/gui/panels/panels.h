// The panels of the app, one class per panel and one .cpp per class. Each draws its content into
// the current ImGui window (the app window decides where: a window of its own or a tab), owns only
// its view state (zoom, toggles, smoothing) and draws from the frame view (frame_view.h); none
// reaches into the trainer: every change goes through the intents (intents.h).
//
//   ControlsPanel       start/pause/step/reset and every hyper-parameter   controls_panel.cpp
//   DatasetPanel        synthetic parameters, MovieLens/CSV loading         dataset_panel.cpp
//   LossPanel           L_main, alpha*L_self, total over steps; past runs   loss_panel.cpp
//   MetricsPanel        Recall@K head / long-tail / cold over steps         metrics_panel.cpp
//   ProjectionPanel     item embeddings in 2-D (PCA), coloured by group     projection_panel.cpp
//   UserMapPanel        sampled users' vectors in 2-D by PCA, UMAP or t-SNE user_map_panel.cpp
//   GeometryPanel       alignment, uniformity, direction densities          geometry_panel.cpp
//   MiHeatmapPanel      mutual information between item fields, CFM groups  mi_heatmap_panel.cpp
//   ItemInspectorPanel  one item: fields, group, nearest items              item_inspector_panel.cpp
//   UserPanel           one user: clicks, retrieved top-K (brute force or   user_panel.cpp
//                       ANN, and where they differ), held-out rank
//   UpdateTimelinePanel no update / full / incremental, Recall@K per day    update_timeline_panel.cpp
//   ImportedPanel       embeddings trained elsewhere, without training      imported_panel.cpp
//   AugmentationViewerPanel  an item's two views under each transformation  augmentation_viewer_panel.cpp
//   LessonsPanel        the guided lessons: text, Run, claims, curves       lessons_panel.cpp
//   FrameStatsOverlay   FPS and frame-time percentiles                      frame_stats_overlay.cpp
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "frame_view.h"
#include "intents.h"
#include "core/hyperparameters.h"
#include "data/dataset_profile.h"
#include "lesson_runner.h"
#include "lessons/augmentation_views.h"
#include "render/line_plot.h"
#include "render/scatter_canvas.h"

namespace app {

class ControlsPanel {
public:
    void draw(const FrameView& s, Intents& in);

private:
    // A list typed as text ("256,128"): what is typed, the draft value it shows, the parse error.
    struct TextField {
        std::string text, error;
        nlohmann::json synced;
    };
    void control(const towerlab::Hyperparameter& p, towerlab::TrainConfig& c);
    std::map<std::string, TextField> text_fields_;  // by JSON key
    std::string setup_path_ = "towerlab_setup.json";
};

class DatasetPanel {
public:
    void draw(const FrameView& s, Intents& in);

    // The load_dataset() source string for a kind (0 synthetic, 1 ml-100k, 2 ml-1m, 3 csv, 4 a
    // bare folder or zip whose files say the format) and folder.
    static std::string source_string(int kind, const std::string& folder);
    // The loaded data's profile (computed once per loaded dataset), for the view and the tests.
    const towerlab::DatasetProfile* profile() const { return profile_generation_ >= 0 ? &profile_ : nullptr; }

private:
    // Sizes, clicks per item on log-log axes with the head / long-tail cut, cold items, and each
    // field's vocabulary and missing share: the user sees the long tail before training.
    void dataset_view(const towerlab::SessionData& d);

    int source_kind_ = 0;
    std::string folder_;
    std::string synced_source_ = "\n";  // the draft's source string the two fields above show
    towerlab::DatasetProfile profile_;
    long profile_generation_ = -1;
    // The clicks-per-item curve, x = log10(rank): its min/max envelope at kCurveColumns columns
    // over the whole rank range, computed once per dataset.
    struct CurvePart {
        std::vector<double> x;
        std::vector<float> y;
    };
    static constexpr int kCurveColumns = 2048;
    CurvePart head_curve_, tail_curve_;
    plot::LinePlotState curve_;
};

class LossPanel {
public:
    void draw(const FrameView& s, Intents& in);
    const plot::LinePlotState& plot_state() const { return plot_; }
    // What the live run's curves hold: k = 0 L_main, 1 alpha*L_self, 2 total; and how often they
    // were rebuilt from the start rather than extended.
    const std::vector<float>& smoothed(int k) const { return smooth_[k]; }
    long rebuilds() const { return rebuilds_; }

private:
    // Brings the curves up to this frame's snapshot: appends the points it adds to the run already
    // built (the usual case while training: the cost of a publish is the points it adds), or
    // rebuilds after a new run, a restore or a change of smoothing.
    void update(const FrameView& s);
    void rebuild_live(const FrameView& s);
    void rebuild_past(const FrameView& s);
    plot::LinePlotState plot_;
    float smoothing_ = 0.9f;
    bool overlay_past_ = true;
    std::string csv_path_ = "towerlab_losses.csv";
    const void* built_for_ = nullptr;
    long built_run_ = -1;
    float built_smoothing_ = -1;
    std::vector<long> built_past_;  // the past runs' ids the overlay was built for
    bool has_self_ = false;
    // The live run: raw and smoothed L_main, alpha*L_self and total, with their min/max summaries.
    std::vector<double> x_;
    std::vector<float> raw_[3], smooth_[3];
    std::vector<plot::DebiasedEma> ema_;
    plot::MinMaxPyramid raw_lod_[3], smooth_lod_[3];
    std::vector<std::vector<double>> past_x_;
    std::vector<std::vector<float>> past_y_;
    std::vector<plot::MinMaxPyramid> past_lod_;
    long rebuilds_ = 0;
};

class MetricsPanel {
public:
    void draw(const FrameView& s, Intents& in);

private:
    plot::LinePlotState plot_;
    int k_index_ = 1;
    bool ndcg_ = false;
};

class ProjectionPanel {
public:
    void draw(const FrameView& s, Intents& in);
    // 0 popularity group, 1 ground-truth topic, 2 + f: item field f.
    int colouring() const { return colouring_; }
    void set_colouring(int c) { colouring_ = c; }
    // PCA, UMAP or t-SNE; a change is sent to the session, which computes the layout on a task.
    towerlab::LayoutMethod method() const { return method_; }
    void set_method(Intents& in, towerlab::LayoutMethod m);
    // Show only the selected item and its nearest neighbours (the Embedding Projector's "isolate").
    void set_isolate(bool on) { isolate_ = on; }

private:
    // The places drawn this frame: the chosen layout when it is of this run, else the PCA projection.
    struct Shown {
        const void* identity = nullptr;
        const std::vector<int32_t>* items = nullptr;
        const std::vector<float>* xy = nullptr;
        const towerlab::ItemLayout* layout = nullptr;  // null: the PCA projection without figures
        long step = 0;
    };
    Shown shown(const FrameView& s) const;
    void upload(const FrameView& s, const Shown& shown);
    void search(const FrameView& s, Intents& in);
    void export_popup(const FrameView& s, Intents& in, const Shown& shown);
    void caption(const FrameView& s, Intents& in, const Shown& shown);
    int colouring_ = 0;  // 0 popularity group, 1 ground-truth topic, 2 + f: item field f
    towerlab::LayoutMethod method_ = towerlab::LayoutMethod::Pca;
    bool isolate_ = false;
    std::string query_, search_note_;
    std::string tsv_path_ = "towerlab_layout.tsv";
    bool show_group_[3] = {true, true, true};
    float point_size_ = 3.0f;
    scatter::CanvasState canvas_;
    const void* uploaded_for_ = nullptr;
    int uploaded_colouring_ = -1;
    int uploaded_mask_ = -1;
    long uploaded_isolation_ = -2;  // the isolated item when uploaded (-1: none)
    const void* uploaded_neighbours_ = nullptr;  // the inspection isolation read
    std::vector<int32_t> order_;     // projection index of each uploaded point (drawing order)
    std::vector<float> xy_;          // points as uploaded (for hover and the fallback renderer)
    std::vector<uint32_t> rgba_;
};

// The user tower's vectors on a plane: a seeded sample of users laid out by PCA, UMAP or t-SNE on
// the session's layout task (it lays out the map on screen), coloured by how many clicks each user
// trained on, their generator topic, or a user field. Hover shows a user; click opens the user view.
class UserMapPanel {
public:
    void draw(const FrameView& s, Intents& in);
    // 0 training clicks, 1 ground-truth topic (synthetic), 2 + f: user field f.
    int colouring() const { return colouring_; }
    void set_colouring(int c) { colouring_ = c; }
    towerlab::LayoutMethod method() const { return method_; }
    void set_method(Intents& in, towerlab::LayoutMethod m);
    // The layout on screen when it is of this run and of the users; null otherwise.
    const towerlab::ItemLayout* shown(const FrameView& s) const;

private:
    void upload(const FrameView& s, const towerlab::ItemLayout& l);
    void caption(const FrameView& s, Intents& in, const towerlab::ItemLayout* l);
    void export_popup(const FrameView& s, Intents& in, const towerlab::ItemLayout* l);
    int colouring_ = 0;
    towerlab::LayoutMethod method_ = towerlab::LayoutMethod::Umap;
    std::string query_, search_note_;
    std::string tsv_path_ = "towerlab_user_map.tsv";
    float point_size_ = 3.0f;
    scatter::CanvasState canvas_;
    const void* uploaded_for_ = nullptr;
    int uploaded_colouring_ = -1;
    std::vector<float> xy_;          // points as uploaded (the layout's order)
    std::vector<uint32_t> rgba_;
};

class GeometryPanel {
public:
    void draw(const FrameView& s, Intents& in);

private:
    plot::LinePlotState alignment_plot_, uniformity_plot_;
};

class MiHeatmapPanel {
public:
    void draw(const FrameView& s, Intents& in);  // the loaded dataset's matrix
    // Any matrix (imported metadata); its heatmap's rectangle is noted as `rect_name`.
    void draw(Intents& in, const towerlab::MutualInformation& mi, const char* rect_name);
    void set_seed_field(int f) { seed_field_ = f; }  // -1: none

private:
    int seed_field_ = -1;
    bool normalized_ = true;
};

class ItemInspectorPanel {
public:
    void draw(const FrameView& s, Intents& in);
};

class UserPanel {
public:
    void draw(const FrameView& s, Intents& in);

private:
    void serving_controls(const FrameView& s, Intents& in);
    void ann_list(Intents& in, const towerlab::Dataset& ds, const towerlab::Split& split,
                  const towerlab::UserInspection& ins, const towerlab::RetrievalDifference& diff);
    int user_input_ = 0;
    uint64_t pick_counter_ = 0;
    towerlab::AnnIndexConfig draft_;  // index parameters being edited
    std::string draft_error_;
};

class UpdateTimelinePanel {
public:
    void draw(const FrameView& s, Intents& in);

private:
    void rebuild(const towerlab::UpdateTimeline& tl);
    towerlab::DayReplayConfig config_;
    std::string error_;
    int k_index_ = 1;
    plot::LinePlotState plots_[3];
    const void* built_for_ = nullptr;
    int built_k_ = -1;
    std::vector<double> x_;
    std::vector<float> y_[4][towerlab::kNumUpdatePolicies];  // head, tail, cold, overall x policy
};

class ImportedPanel {
public:
    void draw(const FrameView& s, Intents& in);

private:
    void upload(const FrameView& s, const towerlab::ImportedView& v);
    void projection(const FrameView& s, Intents& in, const towerlab::ImportedView& v);
    void neighbours(const FrameView& s, Intents& in, const towerlab::ImportedCatalogue& cat);
    MiHeatmapPanel heatmap_;
    scatter::CanvasState canvas_;
    int colouring_ = 0;  // 0 popularity group, 1 + f: metadata field f
    const void* uploaded_for_ = nullptr;
    int uploaded_colouring_ = -1;
    std::vector<float> xy_;
    std::vector<uint32_t> rgba_;
    std::string id_input_, id_error_;
};

class AugmentationViewerPanel {
public:
    void draw(const FrameView& s, Intents& in);

    void set_item(int item) {
        item_ = item;
        follow_inspected_ = false;
    }
    void follow_inspected() { follow_inspected_ = true; }  // the "Inspected item" button
    void set_kind(towerlab::Augmentation kind) { kind_ = kind; }
    void resample() { ++seed_; }
    uint64_t seed() const { return seed_; }  // the views are drawn by towerlab::Rng(seed())
    // The views on screen (item -1 before the first draw).
    const towerlab::ItemViews& views() const { return views_; }

private:
    struct Key {
        long generation = -1;
        int item = -1;
        towerlab::Augmentation kind = towerlab::Augmentation::None;
        uint64_t seed = 0;
        double mask = -1, dropout = -1;
        towerlab::SslIdMasking id_masking = towerlab::SslIdMasking::Never;
        bool operator==(const Key& o) const {
            return generation == o.generation && item == o.item && kind == o.kind && seed == o.seed && mask == o.mask &&
                   dropout == o.dropout && id_masking == o.id_masking;
        }
    };
    int item_ = 0;
    bool follow_inspected_ = true;
    towerlab::Augmentation kind_ = towerlab::Augmentation::RandomMask;
    uint64_t seed_ = 1;
    Key key_;
    towerlab::ItemViews views_;
    std::string error_;
};

// The guided lessons. Run and Cancel act on a LessonRunner (a task beside training); the page
// draws the selected lesson's latest result.
class LessonsPanel {
public:
    enum class Metric { LossMain, Recall, HeadRecall, TailRecall, ColdRecall, HeadShare, Coverage, kCount };

    void draw(const FrameView& s, Intents& in);

    void select(int index);  // in towerlab::all_lessons()
    int selected() const { return selected_; }
    // Runs the selected lesson as the Run button does (threads <= 0: the app's training threads).
    void run(int threads = 0);
    void cancel() { runner_.cancel(); }
    const LessonRunner& runner() const { return runner_; }
    // The selected lesson's latest result, or null.
    std::shared_ptr<const towerlab::LessonResult> result() const;
    // Puts a variant of the selected lesson's preset into the live session and points at its panel.
    void load_into_session(Intents& in, size_t variant);

private:
    void lesson_list();
    void lesson_page(const FrameView& s, Intents& in, const towerlab::Lesson& l);
    void run_controls(Intents& in, const towerlab::Lesson& l);
    void claims_table(const towerlab::LessonResult& r);
    void figures_table(const towerlab::LessonResult& r);
    void pictures(Intents& in, const towerlab::LessonResult& r);
    void comparison_plot(Intents& in, const towerlab::LessonResult& r, float height);
    void long_tail_plots(Intents& in, const towerlab::LessonResult& r, float height);
    void correlated_groups(Intents& in, const towerlab::LessonResult& r);
    void views(Intents& in, const towerlab::LessonResult& r);
    void timeline_plots(Intents& in, const towerlab::LessonResult& r, float height);
    void ann_lists(const towerlab::LessonResult& r);

    int selected_ = 0;
    size_t load_variant_ = 0;
    int metric_ = -1;     // -1: the lesson's own choice
    int view_index_ = 0;  // lesson 8: which transformation's views
    plot::LinePlotState plots_[6];
    const void* built_for_ = nullptr;
    int built_metric_ = -1;
    std::vector<std::vector<double>> curve_x_;
    std::vector<std::vector<float>> curve_y_;
    std::vector<double> lt_x_, tl_x_;
    std::vector<float> lt_y_[6];
    std::vector<float> tl_y_[2][3];
    MiHeatmapPanel heatmap_;
    LessonRunner runner_;  // last: its task is joined before the rest goes
};

class FrameStatsOverlay {
public:
    // work: seconds spent building and drawing this frame; interval: seconds since the previous
    // frame (what the eye sees, pacing included), negative when the previous frame was skipped
    // because nothing changed (a lazy pause is not a stutter).
    void record(float work_s, float interval_s);
    void draw(const FrameView& s);
    // q-quantiles (0..1) over the last kWindow frames, seconds; 0 with no frames.
    double percentile(double q) const;
    double work_percentile(double q) const;
    size_t frames() const { return work_.size(); }
    static constexpr size_t kWindow = 600;

private:
    std::deque<float> intervals_, work_;
};

}  // namespace app
