// Work beside training yields the CPU. On the project's 2-core machines the app's window, the
// training thread, a layout or serving task and Mesa's software rasteriser all want a core; a
// frame that waits for one is a dropped frame however little it has to do. A background task
// therefore lowers its own thread's scheduling priority (a higher nice value): when cores are
// free it runs as fast as before, when they are not, the window and the training step go first.
#pragma once

namespace towerlab {

// Adds `increment` (0..19) to the calling thread's nice value, capped at 19. Linux: per thread
// (setpriority on the thread id); elsewhere nothing. Returns the thread's nice value afterwards,
// or 0 where it cannot be read.
int lower_this_thread_priority(int increment);

// The calling thread's nice value (0 where it cannot be read).
int this_thread_nice();

}  // namespace towerlab
