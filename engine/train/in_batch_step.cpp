// One training step of the in-batch softmax objective, with self-supervision when it is on, as a
// single parallel pass over both towers and both losses.
//
// The item tower sees one batch: the n clicked items, then the m items' first views, then their
// second views (n + 2m rows), so each of its layers is one GEMM forward and one backward instead
// of three. The work is cut into independent tasks of Tower::kBlockRows rows (or columns) and
// run in five phases, each a set of tasks any thread may take:
//
//   1. forward      user blocks, item blocks
//   2. loss rows    similarity GEMM, softmax and query gradient of each block of rows: main
//                   (users vs items, logQ, accidental hits) and SSL (view 1 vs view 2, weight alpha)
//   3. key columns  d items = G^T users and d view2 = G^T view1, block by block
//   4. backward     every tower row back to the layer inputs
//   5. gradients    weight/bias column blocks and one task per embedding field (sparse rows)
//
// The phases run on the trainer's TaskTeam (core/task_team.h): no allocation once the buffers
// have grown, threads that sleep instead of spinning between phases. Tasks are fixed blocks,
// whatever the thread count, and every reduction runs in a fixed order inside one task, so the
// same seed gives the same loss curve with 1, 2 or 8 threads. Tasks are handed out one at a time,
// so a thread the OS has descheduled (other work on the machine) holds up only the block it is
// in, not a fixed half of the work.
#include <algorithm>

#include "train/trainer_impl.h"

namespace towerlab {

namespace {
int blocks_of(int rows) { return (rows + Tower<float>::kBlockRows - 1) / Tower<float>::kBlockRows; }
int block_begin(int b) { return b * Tower<float>::kBlockRows; }
int block_end(int b, int rows) { return std::min(rows, (b + 1) * Tower<float>::kBlockRows); }
}  // namespace

void TrainerImpl::in_batch_step(const std::vector<int32_t>& users, const std::vector<int32_t>& items, StepStats& stats) {
    const int n = static_cast<int>(users.size());
    const bool ssl = config.augmentation != Augmentation::None && config.alpha > 0;
    const int m = ssl ? config.ssl_batch_size : 0;

    // Serial preparation: everything that draws from the generator, in the order of the
    // unfused step (clicks were drawn by the caller; then SSL items, then their views).
    user_batch.gather(data->users, users.data(), n);
    item_batch.gather(data->items, items.data(), n);
    present_clicked_items(item_batch, items);
    if (ssl) {
        // m items drawn uniformly from the whole catalogue, cold items included (Yao et al.: drawn
        // by clicks, the tail would get no help).
        draw_ssl_items();
        ssl_batch.gather(data->items, ssl_items.data(), m);
        apply_item_inputs(ssl_batch);
        const AugmentationContext ctx = augmentation_context(data->items.fields(), mi, config);
        make_augmented_views(config.augmentation, ssl_batch, ctx, rng, view1, view2);
        item_batch.append(view1);
        item_batch.append(view2);
    }
    if (config.remove_accidental_hits) accidental_hits.build(items.data(), n);
    user_tower.check_values(user_batch);
    item_tower.check_values(item_batch);
    const int ni = item_batch.rows;
    user_tower.prepare(user_cache, n);
    item_tower.prepare(item_cache, ni);
    const int d = item_tower.output_dim();
    user_d_output.resize(n, d);
    item_d_output.resize(ni, d);
    main_softmax.resize(n);
    if (ssl) ssl_softmax.resize(m);

    const float* log_p_data = log_p.empty() ? nullptr : log_p.data();
    const AccidentalHits* hits = config.remove_accidental_hits ? &accidental_hits : nullptr;
    const float alpha = static_cast<float>(config.alpha);
    // With the ID kept frozen, only the clicked items' rows (the first n) reach the item ID table.
    const int item_id_rows = config.ssl_id_masking == SslIdMasking::KeptFrozen ? n : -1;
    const int ub = blocks_of(n), ib = blocks_of(ni), mb = blocks_of(n), sb = blocks_of(m);
    const int ug = user_tower.num_gradient_tasks(), ig = item_tower.num_gradient_tasks();

    const Eigen::Ref<const Mat<float>> A = user_cache.output;
    const Eigen::Ref<const Mat<float>> B = item_cache.output.topRows(n);
    const Eigen::Ref<const Mat<float>> V1 = item_cache.output.middleRows(n, m);
    const Eigen::Ref<const Mat<float>> V2 = item_cache.output.middleRows(n + m, m);

    team->run(ub + ib, [&](int t) {
        if (t < ub) user_tower.forward_rows(user_batch, user_cache, block_begin(t), block_end(t, n));
        else item_tower.forward_rows(item_batch, item_cache, block_begin(t - ub), block_end(t - ub, ni));
    });
    team->run(mb + sb, [&](int t) {
        if (t < mb)
            main_softmax.rows(A, B, log_p_data, config.tau, hits, 1.f, block_begin(t), block_end(t, n), user_d_output);
        else
            ssl_softmax.rows(V1, V2, nullptr, config.ssl_tau, config.remove_accidental_hits ? &ssl_duplicates : nullptr, alpha, block_begin(t - mb), block_end(t - mb, m),
                             item_d_output.middleRows(n, m));
    });
    team->run(mb + sb, [&](int t) {
        if (t < mb) main_softmax.key_gradient(A, block_begin(t), block_end(t, n), item_d_output.topRows(n));
        else ssl_softmax.key_gradient(V1, block_begin(t - mb), block_end(t - mb, m), item_d_output.middleRows(n + m, m));
    });
    team->run(ub + ib, [&](int t) {
        if (t < ub) user_tower.backward_rows(user_cache, user_d_output, block_begin(t), block_end(t, n));
        else item_tower.backward_rows(item_cache, item_d_output, block_begin(t - ub), block_end(t - ub, ni));
    });
    team->run(ug + ig, [&](int t) {
        if (t < ug) user_tower.gradient_task(t, user_batch, user_cache, user_grad);
        else item_tower.gradient_task(t - ug, item_batch, item_cache, item_grad, item_id_rows);
    });
    stats.loss_main = main_softmax.loss();
    stats.loss_self = ssl ? ssl_softmax.loss() : 0.0;
}

}  // namespace towerlab
