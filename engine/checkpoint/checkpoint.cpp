#include "checkpoint/checkpoint.h"

#include <cmath>
#include <cstring>
#include <map>

#include "checkpoint/atomic_file.h"
#include "core/config_json.h"
#include "core/error.h"
#include "data/line_reader.h"
#include "train/trainer.h"

namespace towerlab {
namespace {

constexpr char kMagic[8] = {'T', 'W', 'R', 'L', 'C', 'K', 'P', 'T'};
constexpr uint32_t kHeaderSize = 32;
static_assert(sizeof(float) == 4 && sizeof(double) == 8, "checkpoints store IEEE-754 float32 and float64");

uint64_t fnv1a64(const char* p, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 1099511628211ull;
    return h;
}

bool little_endian() {
    const uint16_t one = 1;
    unsigned char b;
    std::memcpy(&b, &one, 1);
    return b == 1;
}

// ---- writing --------------------------------------------------------------------------------

class SectionWriter {
public:
    template <typename T> void put(const T& v) { raw(&v, sizeof v); }
    void raw(const void* p, size_t n) { body_.append(static_cast<const char*>(p), n); }
    void text(const std::string& s) { raw(s.data(), s.size()); }
    void blocks(const Blocks& b) {
        put(static_cast<uint32_t>(b.size()));
        for (const auto& v : b) {
            put(static_cast<uint64_t>(v.size()));
            raw(v.data(), v.size() * sizeof(float));
        }
    }
    // Appends this section to the payload and starts a new one.
    void close(const char tag[4], std::string& payload) {
        payload.append(tag, 4);
        const uint64_t n = body_.size();
        payload.append(reinterpret_cast<const char*>(&n), sizeof n);
        payload += body_;
        body_.clear();
    }

private:
    std::string body_;
};

nlohmann::json fingerprint_json(const DatasetFingerprint& f) {
    return {{"name", f.name}, {"users", f.users}, {"items", f.items}, {"train_clicks", f.train_clicks},
            {"train_hash", f.train_hash}, {"user_fields", f.user_fields}, {"item_fields", f.item_fields}};
}

std::string build_payload(const Checkpoint& c) {
    std::string payload;
    SectionWriter w;
    w.text(nlohmann::json{{"format", "towerlab-checkpoint"}, {"writer", "TowerLab"}, {"dataset_source", c.dataset_source}}.dump());
    w.close("META", payload);
    w.text(to_json(c.state.config).dump());
    w.close("CONF", payload);
    w.text(fingerprint_json(c.state.data).dump());
    w.close("DATA", payload);
    w.put(static_cast<int64_t>(c.state.step));
    w.close("STEP", payload);
    w.text(c.state.rng);
    w.close("RNG_", payload);
    w.blocks(c.state.user.parameters);
    w.close("UTWR", payload);
    w.put(c.state.user.optimizer_steps);
    w.blocks(c.state.user.moments);
    w.close("UOPT", payload);
    w.blocks(c.state.item.parameters);
    w.close("ITWR", payload);
    w.put(c.state.item.optimizer_steps);
    w.blocks(c.state.item.moments);
    w.close("IOPT", payload);
    if (c.state.frequency_last_seen.size() != c.state.frequency_mean_gap.size())
        throw Error(ErrorContext{"", 0, "frequency_estimator"}, "last-seen and mean-gap arrays differ in size");
    w.put(static_cast<uint64_t>(c.state.frequency_last_seen.size()));
    w.raw(c.state.frequency_last_seen.data(), c.state.frequency_last_seen.size() * sizeof(double));
    w.raw(c.state.frequency_mean_gap.data(), c.state.frequency_mean_gap.size() * sizeof(double));
    w.close("FREQ", payload);
    return payload;
}

// ---- reading --------------------------------------------------------------------------------

// Bounds-checked reads of one section; any overrun is a corrupt file, reported with the section.
class SectionReader {
public:
    SectionReader(const char* p, size_t n, std::string path, std::string section)
        : p_(p), end_(p + n), path_(std::move(path)), section_(std::move(section)) {}
    template <typename T> T get() {
        T v;
        raw(&v, sizeof v);
        return v;
    }
    void raw(void* out, size_t n) {
        if (static_cast<size_t>(end_ - p_) < n) fail("ends early");
        if (n == 0) return;  // an empty block's data() may be null, and memcpy(null, ..., 0) is undefined
        std::memcpy(out, p_, n);
        p_ += n;
    }
    std::string rest() {
        std::string s(p_, end_);
        p_ = end_;
        return s;
    }
    // Parameters or optimizer moments. The trainer never keeps a non-finite value (it restores the
    // last good step), so a NaN or Inf here is damage, refused before it could poison training.
    Blocks blocks() {
        const uint32_t count = get<uint32_t>();
        Blocks b;
        for (uint32_t i = 0; i < count; ++i) {
            const uint64_t n = get<uint64_t>();
            if (n > static_cast<uint64_t>(end_ - p_) / sizeof(float)) fail("block " + std::to_string(i) + " is longer than the section");
            b.emplace_back(static_cast<size_t>(n));
            raw(b.back().data(), static_cast<size_t>(n) * sizeof(float));
            for (size_t k = 0; k < b.back().size(); ++k)
                if (!std::isfinite(b.back()[k]))
                    fail("block " + std::to_string(i) + " value " + std::to_string(k) + " is NaN or infinite");
        }
        return b;
    }
    void expect_end() {
        if (p_ != end_) fail("has " + std::to_string(end_ - p_) + " unexpected trailing bytes");
    }
    nlohmann::json json() {
        try {
            return nlohmann::json::parse(rest());
        } catch (const nlohmann::json::exception& e) {
            fail(std::string("is not valid JSON: ") + e.what());
        }
        return {};
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorContext{path_, 0, section_}, "corrupted checkpoint: section " + what);
    }

private:
    const char* p_;
    const char* end_;
    std::string path_, section_;
};

DatasetFingerprint fingerprint_from_json(const nlohmann::json& j, SectionReader& r) {
    try {
        DatasetFingerprint f;
        f.name = j.at("name").get<std::string>();
        f.users = j.at("users").get<int32_t>();
        f.items = j.at("items").get<int32_t>();
        f.train_clicks = j.at("train_clicks").get<int64_t>();
        f.train_hash = j.at("train_hash").get<uint64_t>();
        f.user_fields = j.at("user_fields").get<std::string>();
        f.item_fields = j.at("item_fields").get<std::string>();
        return f;
    } catch (const nlohmann::json::exception& e) {
        r.fail(std::string("lacks a dataset key: ") + e.what());
    }
}

}  // namespace

void save_checkpoint(const std::string& path, const Checkpoint& c) {
    if (!little_endian()) throw Error(ErrorContext{path, 0, ""}, "checkpoints are little-endian; this machine is not");
    const std::string payload = build_payload(c);
    char header[kHeaderSize] = {};
    std::memcpy(header, kMagic, 8);
    const uint32_t version = kCheckpointVersion, header_size = kHeaderSize;
    const uint64_t size = payload.size(), checksum = fnv1a64(payload.data(), payload.size());
    std::memcpy(header + 8, &version, 4);
    std::memcpy(header + 12, &header_size, 4);
    std::memcpy(header + 16, &size, 8);
    std::memcpy(header + 24, &checksum, 8);
    write_file_atomically(path, [&](std::FILE* f) {
        write_bytes(f, header, kHeaderSize, path);
        write_bytes(f, payload.data(), payload.size(), path);
    });
}

void save_checkpoint(const std::string& path, const Trainer& trainer, const nlohmann::json& dataset_source) {
    Checkpoint c;
    c.state = capture_state(trainer);
    c.dataset_source = dataset_source;
    save_checkpoint(path, c);
}

Checkpoint load_checkpoint(const std::string& path) {
    const std::string bytes = read_whole_file(path);  // a folder, an unreadable or empty file: Error
    const ErrorContext at{path, 0, ""};
    if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 8) != 0)
        throw Error(at, "not a TowerLab checkpoint (the file does not start with \"TWRLCKPT\")");
    if (bytes.size() < kHeaderSize)
        throw Error(at, "truncated checkpoint: " + std::to_string(bytes.size()) + " bytes, shorter than the " +
                            std::to_string(kHeaderSize) + "-byte header");
    uint32_t version, header_size;
    uint64_t size, checksum;
    std::memcpy(&version, bytes.data() + 8, 4);
    std::memcpy(&header_size, bytes.data() + 12, 4);
    std::memcpy(&size, bytes.data() + 16, 8);
    std::memcpy(&checksum, bytes.data() + 24, 8);
    if (version == 0 || version > kCheckpointVersion)
        throw Error(at, "checkpoint format version " + std::to_string(version) + " is not readable by this build (reads up to " +
                            std::to_string(kCheckpointVersion) + ")");
    if (header_size < kHeaderSize || header_size > bytes.size())
        throw Error(at, "corrupted checkpoint: header size " + std::to_string(header_size) + " is impossible");
    const uint64_t have = bytes.size() - header_size;
    if (have < size)
        throw Error(at, "truncated checkpoint: the payload has " + std::to_string(have) + " of its " + std::to_string(size) +
                            " bytes (an interrupted copy?)");
    if (have > size) throw Error(at, "corrupted checkpoint: " + std::to_string(have - size) + " bytes after the payload");
    const char* payload = bytes.data() + header_size;
    if (fnv1a64(payload, size) != checksum)
        throw Error(at, "corrupted checkpoint: checksum mismatch (the file was changed after it was written)");

    // Sections by tag.
    std::map<std::string, std::pair<const char*, size_t>> sections;
    for (size_t at_byte = 0; at_byte < size;) {
        if (size - at_byte < 12) throw Error(at, "corrupted checkpoint: a section header is cut off");
        const std::string tag(payload + at_byte, 4);
        uint64_t n;
        std::memcpy(&n, payload + at_byte + 4, 8);
        if (n > size - at_byte - 12) throw Error(ErrorContext{path, 0, tag}, "corrupted checkpoint: section longer than the file");
        if (!sections.emplace(tag, std::make_pair(payload + at_byte + 12, static_cast<size_t>(n))).second)
            throw Error(ErrorContext{path, 0, tag}, "corrupted checkpoint: the section appears twice");
        at_byte += 12 + static_cast<size_t>(n);
    }
    auto section = [&](const char* tag) {
        const auto it = sections.find(tag);
        if (it == sections.end()) throw Error(ErrorContext{path, 0, tag}, "corrupted checkpoint: required section missing");
        return SectionReader(it->second.first, it->second.second, path, tag);
    };

    Checkpoint c;
    c.version = version;
    {
        SectionReader r = section("META");
        const nlohmann::json meta = r.json();
        if (!meta.is_object() || !meta.contains("format") || meta.at("format") != "towerlab-checkpoint")
            r.fail("names another format");
        if (meta.contains("dataset_source")) c.dataset_source = meta.at("dataset_source");
    }
    {
        SectionReader r = section("CONF");
        const nlohmann::json j = r.json();
        try {
            c.state.config = train_config_from_json(j, path);
        } catch (const Error& e) {
            throw Error(ErrorContext{path, 0, "CONF." + e.where().field}, "checkpoint config: " + e.message());
        }
    }
    {
        SectionReader r = section("DATA");
        c.state.data = fingerprint_from_json(r.json(), r);
    }
    {
        SectionReader r = section("STEP");
        c.state.step = r.get<int64_t>();
        r.expect_end();
    }
    c.state.rng = section("RNG_").rest();
    {
        SectionReader r = section("UTWR");
        c.state.user.parameters = r.blocks();
        r.expect_end();
    }
    {
        SectionReader r = section("UOPT");
        c.state.user.optimizer_steps = r.get<int64_t>();
        c.state.user.moments = r.blocks();
        r.expect_end();
    }
    {
        SectionReader r = section("ITWR");
        c.state.item.parameters = r.blocks();
        r.expect_end();
    }
    {
        SectionReader r = section("IOPT");
        c.state.item.optimizer_steps = r.get<int64_t>();
        c.state.item.moments = r.blocks();
        r.expect_end();
    }
    {
        SectionReader r = section("FREQ");
        const uint64_t n = r.get<uint64_t>();
        if (n > (size / sizeof(double))) r.fail("declares more entries than the file holds");
        c.state.frequency_last_seen.resize(static_cast<size_t>(n));
        c.state.frequency_mean_gap.resize(static_cast<size_t>(n));
        r.raw(c.state.frequency_last_seen.data(), static_cast<size_t>(n) * sizeof(double));
        r.raw(c.state.frequency_mean_gap.data(), static_cast<size_t>(n) * sizeof(double));
        r.expect_end();
    }
    return c;
}

std::unique_ptr<Trainer> resume_trainer(std::shared_ptr<const Dataset> data, std::shared_ptr<const Split> split,
                                        const Checkpoint& checkpoint, int threads) {
    TrainConfig config = checkpoint.state.config;
    if (threads > 0) config.threads = threads;
    auto trainer = std::make_unique<Trainer>(std::move(data), std::move(split), config);
    restore_state(*trainer, checkpoint.state);
    return trainer;
}

}  // namespace towerlab
