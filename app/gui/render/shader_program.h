// GLSL programs loaded by name from the shaders/ folder: program("points") compiles
// shaders/points.vert and shaders/points.frag. Compile and link errors come back with the
// file name and the driver's log.
#pragma once

#include <string>

#include <epoxy/gl.h>

namespace gfx {

// Folder the shaders are read from: $TOWERLAB_SHADERS if set, else the source tree's shaders/
// (compiled in), else shaders/ beside the executable.
std::string shader_dir();

// Returns 0 and fills `error` on failure.
GLuint load_program(const std::string& name, std::string& error);

}  // namespace gfx
