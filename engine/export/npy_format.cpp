#include "export/npy_format.h"

#include <cstdint>
#include <cstring>
#include <limits>

#include "checkpoint/atomic_file.h"
#include "core/error.h"
#include "data/line_reader.h"

namespace towerlab {
namespace {

constexpr char kMagic[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};

// The value of `key` in the header dict, as raw text up to the next top-level ',' or '}'.
std::string dict_value(const std::string& header, const std::string& key, const std::string& path) {
    const std::string quoted[2] = {"'" + key + "'", "\"" + key + "\""};
    size_t at = std::string::npos;
    for (const auto& q : quoted)
        if ((at = header.find(q)) != std::string::npos) {
            at += q.size();
            break;
        }
    if (at == std::string::npos) throw Error(ErrorContext{path, 0, key}, "the .npy header has no '" + key + "'");
    at = header.find(':', at);
    if (at == std::string::npos) throw Error(ErrorContext{path, 0, key}, "malformed .npy header");
    ++at;
    int depth = 0;
    size_t end = at;
    for (; end < header.size(); ++end) {
        const char c = header[end];
        if (c == '(') ++depth;
        else if (c == ')') --depth;
        else if ((c == ',' || c == '}') && depth == 0) break;
    }
    std::string v = header.substr(at, end - at);
    const auto first = v.find_first_not_of(" \t'\"");
    const auto last = v.find_last_not_of(" \t'\"");
    return first == std::string::npos ? "" : v.substr(first, last - first + 1);
}

}  // namespace

void write_npy(const std::string& path, const Mat<float>& m) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(m.rows()) + ", " +
                         std::to_string(m.cols()) + "), }";
    // magic(6) + version(2) + length(2) + header + '\n' must be a multiple of 64.
    const size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    if (header.size() > 65535) throw Error(ErrorContext{path, 0, ""}, ".npy header too long");
    const uint16_t len = static_cast<uint16_t>(header.size());
    write_file_atomically(path, [&](std::FILE* f) {
        write_bytes(f, kMagic, 6, path);
        const unsigned char version[2] = {1, 0};
        write_bytes(f, version, 2, path);
        const unsigned char le[2] = {static_cast<unsigned char>(len & 0xff), static_cast<unsigned char>(len >> 8)};
        write_bytes(f, le, 2, path);
        write_bytes(f, header.data(), header.size(), path);
        write_bytes(f, m.data(), static_cast<size_t>(m.size()) * sizeof(float), path);  // row-major = C order
    });
}

Mat<float> read_npy_matrix(const std::string& path) {
    const std::string bytes = read_whole_file(path);  // a folder, an unreadable or empty file: Error
    const ErrorContext at{path, 0, ""};
    if (bytes.size() < 10 || std::memcmp(bytes.data(), kMagic, 6) != 0)
        throw Error(at, "not a .npy file (it does not start with \\x93NUMPY)");
    const int major = static_cast<unsigned char>(bytes[6]);
    size_t header_len, offset;
    if (major == 1) {
        header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8);
        offset = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) throw Error(at, "truncated .npy header");
        uint32_t l;
        std::memcpy(&l, bytes.data() + 8, 4);
        header_len = l;
        offset = 12;
    } else {
        throw Error(at, ".npy format version " + std::to_string(major) + " is not supported (1, 2 or 3)");
    }
    if (bytes.size() < offset + header_len) throw Error(at, "truncated .npy header");
    const std::string header = bytes.substr(offset, header_len);
    const std::string descr = dict_value(header, "descr", path);
    const std::string fortran = dict_value(header, "fortran_order", path);
    const std::string shape = dict_value(header, "shape", path);
    size_t item;
    if (descr == "<f4" || descr == "=f4") item = 4;
    else if (descr == "<f8" || descr == "=f8") item = 8;
    else throw Error(ErrorContext{path, 0, "descr"}, "dtype '" + descr + "' is not supported: save float32 or float64 (little-endian)");
    if (fortran != "False" && fortran != "True") throw Error(ErrorContext{path, 0, "fortran_order"}, "expected True or False");

    std::vector<long> dims;
    std::string num;
    for (char c : shape + ",") {
        if (c >= '0' && c <= '9') num += c;
        else if (c == ',' || c == ')') {
            // no real matrix has a side of 2^31; a longer number would overflow the size below
            if (num.size() > 10 || (!num.empty() && std::stoll(num) > std::numeric_limits<int32_t>::max()))
                throw Error(ErrorContext{path, 0, "shape"}, "dimension " + num.substr(0, 20) + " in shape " + shape + " is too large");
            if (!num.empty()) dims.push_back(std::stol(num));
            num.clear();
        } else if (c != '(' && c != ' ' && c != 'L') {
            throw Error(ErrorContext{path, 0, "shape"}, "unreadable shape '" + shape + "'");
        }
    }
    // Embeddings are a matrix: one row per item. A 1-D array is one vector (or a list of scores),
    // and reading it as N items of dimension 1 would give a meaningless catalogue.
    if (dims.size() != 2)
        throw Error(ErrorContext{path, 0, "shape"}, "expected a 2-D array (items x dimensions), got shape " + shape +
                                                        (dims.size() == 1 ? " (one vector: reshape it to (1, d), or save the whole matrix)" : ""));
    const long rows = dims[0], cols = dims[1];
    const size_t data_at = offset + header_len;
    // Both sides are below 2^31, so the product fits; compare in values, not bytes, to stay exact.
    const size_t values = static_cast<size_t>(rows) * static_cast<size_t>(cols);
    if ((bytes.size() - data_at) / item < values)
        throw Error(at, "truncated .npy data: " + std::to_string(bytes.size() - data_at) + " of " +
                            std::to_string(values) + " x " + std::to_string(item) + " bytes");
    // More bytes than the shape says: not one array (np.savez output renamed, two files joined).
    if (bytes.size() - data_at != values * item)
        throw Error(at, std::to_string(bytes.size() - data_at - values * item) + " bytes after the " + shape +
                            " array's data: a .npy file holds exactly one array");

    Mat<float> m(rows, cols);
    const char* p = bytes.data() + data_at;
    for (long i = 0; i < rows * cols; ++i) {
        float v;
        if (item == 4) {
            std::memcpy(&v, p + i * 4, 4);
        } else {
            double d;
            std::memcpy(&d, p + i * 8, 8);
            v = static_cast<float>(d);
        }
        // Fortran order stores column after column.
        if (fortran == "True") m(i % rows, i / rows) = v;
        else m(i / cols, i % cols) = v;
    }
    return m;
}

}  // namespace towerlab
