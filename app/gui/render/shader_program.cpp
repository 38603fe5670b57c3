#include "render/shader_program.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include <unistd.h>

namespace gfx {
namespace {

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

bool exists(const std::string& path) { return std::ifstream(path).good(); }

GLuint compile(GLenum kind, const std::string& path, std::string& error) {
    std::string source;
    if (!read_file(path, source)) {
        error = path + ": cannot read shader";
        return 0;
    }
    const GLuint s = glCreateShader(kind);
    const char* src = source.c_str();
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        error = path + ": " + log;
        glDeleteShader(s);
        return 0;
    }
    return s;
}

}  // namespace

std::string shader_dir() {
    if (const char* env = std::getenv("TOWERLAB_SHADERS")) return env;
#ifdef TOWERLAB_SOURCE_SHADERS
    if (exists(std::string(TOWERLAB_SOURCE_SHADERS) + "/points.vert")) return TOWERLAB_SOURCE_SHADERS;
#endif
    char exe[4096];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        std::string dir(exe, static_cast<size_t>(n));
        dir = dir.substr(0, dir.find_last_of('/'));
        return dir + "/shaders";
    }
    return "shaders";
}

GLuint load_program(const std::string& name, std::string& error) {
    const std::string base = shader_dir() + "/" + name;
    const GLuint vs = compile(GL_VERTEX_SHADER, base + ".vert", error);
    if (!vs) return 0;
    const GLuint fs = compile(GL_FRAGMENT_SHADER, base + ".frag", error);
    if (!fs) {
        glDeleteShader(vs);
        return 0;
    }
    const GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetProgramInfoLog(p, sizeof log, nullptr, log);
        error = base + ": link: " + log;
        glDeleteProgram(p);
        return 0;
    }
    return p;
}

}  // namespace gfx
