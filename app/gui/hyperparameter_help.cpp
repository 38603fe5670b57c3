#include "hyperparameter_help.h"
#include "ui_text.h"

#include <cstring>

#include <imgui.h>

namespace app {
namespace {

struct Entry {
    const char* key;
    const char* text;
};

// Written for a student who attended the lecture; formulas in plain text. The English text is
// the key of its translation in the UI text table (ui_text.h).
const Entry kHelp[] = {
    {"objective",
     "How a click becomes a loss.\n"
     "InBatchSoftmax: the user must pick their item among the batch's items,\n"
     "  L = -log( e^{s_ii} / sum_j e^{s_ij} ),  s_ij = cos(a_i, b_j)/tau.\n"
     "SampledSoftmax: the same against k sampled negatives instead of the batch.\n"
     "Pointwise: classify cos(a,b+) as +1 and cos(a,b-) as -1.\n"
     "TripletHinge: max(0, cos(a,b-) + m - cos(a,b+)).\n"
     "TripletLogistic: log(1 + exp(sigma * (cos(a,b-) - cos(a,b+))))."},
    {"negatives",
     "Where the negative items come from.\n"
     "InBatch: the other positives of the batch - free, but drawn by popularity, so popular items\n"
     "  are over-punished (logQ fixes that).\n"
     "Uniform: any item with equal chance. Popularity: clicks^0.75, as word2vec.\n"
     "Hard: items the current model ranks high for the user that are not positives.\n"
     "Mixed: hard_share hard, the rest uniform. In-batch + uniform: uniform_share uniform, the rest in-batch.\n"
     "Impressions: shown-but-not-clicked items - a mistake for retrieval: they are already\n"
     "  relevant-looking, so the model never learns to reject the rest of the catalogue."},
    {"batch_size", "n: clicks per training step. In-batch softmax gets n-1 negatives per click, so a larger\n"
                   "batch means more (and more popular) negatives."},
    {"num_negatives", "k: negatives per positive for the sampled objectives (a 1:k ratio)."},
    {"tau",
     "Softmax temperature: logits are cos/tau. Cosines live in [-1, 1]; without tau the softmax is\n"
     "almost flat. Small tau (0.05, the best of Yi et al.) sharpens it and focuses on hard negatives."},
    {"logq",
     "Sampling-bias (logQ) correction, training only:\n"
     "  logit_ij = cos(a_i, b_j)/tau - log p_j\n"
     "where p_j is how often item j appears as an in-batch negative. Subtract, never add: popular\n"
     "items appear often as negatives and would be pushed down too hard otherwise.\n"
     "Streaming: p_j from the streaming frequency estimator (Yi et al., Alg. 2).\n"
     "ExactCounts: p_j from the training click counts. Serving uses the plain cosine."},
    {"logq_alpha",
     "Learning rate a of the streaming frequency estimator: B[h(j)] <- (1-a) B[h(j)] + a (t - A[h(j)]),\n"
     "A[h(j)] <- t; then p_j = 1 / B[h(j)] (B estimates the steps between two sightings of j)."},
    {"logq_warm_start",
     "Streaming estimator warm-up. Algorithm 2 starts at A = B = 0, so an item first seen at step t\n"
     "gets B = a t and p = 1/(a t): far too large, and it takes ~1/a sightings to fade. On: the first\n"
     "sighting sets B = t (the steps the item took to appear), an unbiased first guess of the gap."},
    {"logq_hash_size", "H: size of the estimator's hashed arrays A and B. Collisions merge items' estimates."},
    {"remove_accidental_hits",
     "If the user's positive item also appears elsewhere in the batch, that copy would count as a\n"
     "negative. Masking it removes a contradiction from the softmax."},
    {"margin", "m, TripletHinge: the positive must beat the negative by at least m in cosine."},
    {"sigma", "TripletLogistic sharpness: log(1 + exp(sigma * (cos(a,b-) - cos(a,b+))))."},
    {"hard_share", "Mixed negatives: the share taken from the hard pool; the rest are uniform."},
    {"uniform_share", "In-batch + uniform negatives: the share drawn uniformly from the catalogue; the rest are other "
                      "rows' positives. In-batch alone never shows the model an item nobody clicked."},
    {"hard_pool", "Hard negatives are drawn from the user's current top-N retrieved items that are not positives."},
    {"hard_refresh_steps", "Steps between recomputing the users' top-N lists (they are expensive)."},
    {"augmentation",
     "Self-supervised learning (Yao et al. 2021): two transformed views of each item must agree.\n"
     "None: no L_self. RandomMask: each field masked with probability p per view.\n"
     "Dropout: values of multi-valued fields dropped. Complementary: fields split at random, one\n"
     "half per view. CorrelatedMask (CFM): a seed field and its most related fields by mutual\n"
     "information masked together in one view, the rest in the other - see the MI heatmap."},
    {"alpha", "Weight of self-supervision: L = L_main + alpha * L_self. Larger alpha helps cold items and\n"
              "can cost head/tail recall - a trade-off, not a free win."},
    {"ssl_tau",
     "Temperature of the contrastive loss:\n"
     "  L_self = -log( e^{cos(b'_i,b''_i)/tau_ssl} / sum_j e^{cos(b'_i,b''_j)/tau_ssl} )."},
    {"ssl_batch_size",
     "m: items per SSL batch, drawn uniformly from the whole catalogue (cold items included) -\n"
     "drawn by clicks, the long tail would get no help."},
    {"ssl_id_masking",
     "What self-supervision does with the item ID field. as_field: the ID is one more field of the\n"
     "transformation (with CFM it joins one of the two views at random). always: both views have\n"
     "ID = missing, so SSL trains only the content path that cold items are served through.\n"
     "never (default): both views keep the ID. kept_frozen: both keep it, but only L_main moves ID rows.\n"
     "docs/results.md shows why this choice decides whether SSL helps or hurts cold items."},
    {"mask_probability", "RandomMask: chance that a field is replaced by the learned 'missing' value in a view."},
    {"dropout_probability", "Dropout: chance that each value of a multi-valued field is dropped (one is always kept)."},
    {"optimizer", "Adam (default), Adagrad or plain SGD."},
    {"learning_rate", "Step size of the optimizer. Too large: the loss jumps or becomes NaN (training stops)."},
    {"adam_beta1", "Adam: decay of the running mean of gradients."},
    {"adam_beta2", "Adam: decay of the running mean of squared gradients."},
    {"adam_epsilon", "Adam: added to the denominator sqrt(v) + eps for stability."},
    {"adagrad_initial", "Adagrad: initial value of the squared-gradient accumulator."},
    {"threads", "CPU threads (OpenMP) used by a training step and by evaluation. Leave a core for the window:\n"
                "with as many threads as cores, a step waits at every barrier for a thread the window\n"
                "pushed off the CPU, and training gets many times slower, not faster."},
    {"seed", "Seed of every random choice of training (batches, negatives, masks, initialisation)."},
    {"hidden_widths", "Hidden layer widths of both towers' MLPs, comma separated (e.g. 128,64)."},
    {"output_dim", "Embedding size d. Outputs are L2-normalised, so dot product = cosine."},
    {"activation", "Non-linearity between the MLP layers."},
    {"id_embedding_dim", "Width of the user-ID and item-ID embedding tables."},
    {"field_embedding_dim", "Width of the other categorical fields' embedding tables."},
    {"multi_field_embedding_dim", "Width of multi-valued fields (their values' embeddings are mean-pooled)."},
    {"init_std",
     "Standard deviation of the initial embedding rows. Small (0.01) keeps rarely seen rows quiet;\n"
     "N(0,1) lets untrained tail rows dominate the tower input."},
    {"cold_items_use_missing_id",
     "Score items without training clicks with ID = 'missing' (the row SSL's masked views train)\n"
     "instead of their never-trained random ID row."},
    {"learn_missing_id",
     "Whether the ID table's 'missing' row is learned like any other row or fixed at zero ('no identity\n"
     "known', what a rarely clicked item's near-zero row also says). Learned, it is trained only by\n"
     "SSL's masked views and can become a flag that pushes every cold item (served with ID = missing)\n"
     "away from all users."},
    {"ssl_sampling_power",
     "How SSL's m items are drawn: probability ~ (training clicks + 1)^power. 0 (default) is uniform over\nthe whole catalogue, as Yao et al. prescribe; a positive power gives popular items more of L_self."},
    {"id_dropout",
     "ID dropout in L_main: the chance that a clicked item is shown to the item tower with ID = missing.\nIt trains the path that cold and rarely clicked items are served with, so the content fields must\ncarry what the ID would. Use it with 'learn the missing ID'."},
    {"id_dropout_tail",
     "ID dropout for long-tail items only (the larger of this and id_dropout applies): the rarer the\nitem, the less its own ID row can learn, the more its content path should."},
    {"id_learning_rate_scale",
     "The ID tables' learning rate is learning rate x this. Adam's step is about the learning rate\nwhatever the gradient's size, so this (not alpha) bounds how far L_self can move a tail item's ID row."},
    {"embedding_optimizer",
     "The embedding tables' update rule. same: the optimizer above. adagrad: Adagrad for the tables only,\n"
     "v += g^2, row -= lr g / sqrt(v), as Yao et al. trained; the MLPs keep the optimizer above. Under Adam\n"
     "a row moved mostly by L_self steps about lr whatever alpha is; Adagrad's steps shrink as the row's\n"
     "gradients add up."},
    {"embedding_learning_rate",
     "The embedding tables' learning rate (ID tables: x the ID learning-rate scale). 0: the learning rate.\n"
     "Adagrad usually wants a larger one than Adam (0.05 where Adam uses 0.001)."},
    {"label_fraction",
     "Share of the training clicks kept (seeded); test clicks all stay. Yao et al.'s second claim:\nthe fewer the labels, the larger SSL's gain. Changing it reloads the split."},
    {"item_inputs",
     "What the item tower reads. all: ID and content fields. features_only: the ID is always missing\n(a pure content model). id_only: every content field missing (a pure ID model). Comparing the two\non the tail tests SSL's precondition: features must beat IDs there for SSL to have anything to transfer."},
    {"eval_k", "The K of Recall@K / NDCG@K, comma separated."},
    {"head_share", "Top share of items by training clicks that counts as 'head'; the rest with clicks is the long tail."},
    {"eval_users", "Test users per evaluation (0 = all). The app samples for speed while training."},
};

}  // namespace

const char* hyperparameter_help(const char* key) {
    for (const Entry& e : kHelp)
        if (std::strcmp(e.key, key) == 0) return tr(e.text);
    return "";
}

void help_marker(const char* key) {
    const char* text = hyperparameter_help(key);
    if (!*text) return;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

}  // namespace app
