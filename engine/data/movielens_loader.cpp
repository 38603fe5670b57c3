#include "data/movielens_loader.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <limits>
#include <unordered_map>

#include "core/error.h"
#include "core/random.h"
#include "data/binning.h"
#include "data/data_files.h"
#include "data/line_reader.h"

namespace towerlab {
namespace {

constexpr int64_t kMaxRawId = std::numeric_limits<int32_t>::max();
constexpr int64_t kMaxTimestamp = std::numeric_limits<int64_t>::max();

// The 18 genres of both sets, in u.genre's order (100K's extra "unknown" flag means missing).
const std::vector<std::string> kGenres = {"Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
                                          "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
                                          "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};

const std::vector<double> kYearEdges = {1950, 1960, 1970, 1980, 1990, 1995, 1998};
const std::vector<std::string> kYearNames = {"<1950", "1950s", "1960s", "1970s", "1980s", "1990-94", "1995-97", ">=1998"};

// 1M's age groups (users.dat codes 1, 18, 25, 35, 45, 50, 56); 100K's ages in years use the same.
const std::vector<double> kAgeEdges = {18, 25, 35, 45, 50, 56};
const std::vector<std::string> kAgeNames = {"<18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+"};

const std::vector<double> kAudienceEdges = {0.2, 0.4, 0.6, 0.8};
const std::vector<std::string> kAudienceNames = {"<20% female", "20-40% female", "40-60% female", "60-80% female",
                                                 ">=80% female"};

// u.occupation (100K) and the occupation codes 0..20 of the 1M README, in order.
const std::vector<std::string> kOccupations100k = {
    "administrator", "artist", "doctor", "educator", "engineer", "entertainment", "executive",
    "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none", "other",
    "programmer", "retired", "salesman", "scientist", "student", "technician", "writer"};
const std::vector<std::string> kOccupations1m = {
    "other or not specified", "academic/educator", "artist", "clerical/admin", "college/grad student",
    "customer service", "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student",
    "lawyer", "programmer", "retired", "sales/marketing", "scientist", "self-employed",
    "technician/engineer", "tradesman/craftsman", "unemployed", "writer"};

constexpr int32_t kMale = 1, kFemale = 2;

struct Movie {
    int64_t raw_id = 0;
    std::string title;
    std::vector<int32_t> genres;  // values 1..18
    int32_t year = kMissingValue; // bucket
};

struct User {
    int64_t raw_id = 0;
    int32_t gender = kMissingValue, age = kMissingValue, occupation = kMissingValue;
};

// Raw ids to dense rows, remembering the line of each id so a duplicate can name the first.
class IdRows {
public:
    int32_t add(int64_t raw, const LineReader& r, const std::string& field) {
        const auto [it, fresh] = rows_.emplace(raw, static_cast<int32_t>(lines_.size()));
        if (!fresh)
            r.fail(field, "duplicate id " + std::to_string(raw) + " (first on line " +
                              std::to_string(lines_[static_cast<size_t>(it->second)]) + ")");
        lines_.push_back(r.line_number());
        return it->second;
    }
    int32_t find(int64_t raw) const {
        const auto it = rows_.find(raw);
        return it == rows_.end() ? -1 : it->second;
    }

private:
    std::unordered_map<int64_t, int32_t> rows_;
    std::vector<long> lines_;
};

struct Tables {
    std::vector<Movie> movies;
    IdRows movie_rows;
    std::vector<User> users;
    IdRows user_rows;
    std::vector<Interaction> clicks;  // positives in file order
};

int64_t field_int(const LineReader& r, std::string_view s, const std::string& field, int64_t lo, int64_t hi) {
    return parse_int(s, r.where(field), lo, hi);
}

// "Toy Story (1995)" -> 1995; 0 when the title ends in no "(YYYY)".
int year_in_title(std::string_view title) {
    title = trim(title);
    if (title.size() < 6 || title.back() != ')') return 0;
    const std::string_view y = title.substr(title.size() - 5, 4);
    if (title[title.size() - 6] != '(' || !std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return 0;
    return std::stoi(std::string(y));
}

int32_t genre_value(std::string_view name) {
    for (size_t g = 0; g < kGenres.size(); ++g)
        if (kGenres[g] == name) return static_cast<int32_t>(g) + 1;
    return kMissingValue;
}

int32_t gender_value(const LineReader& r, std::string_view s, const std::string& field) {
    s = trim(s);
    if (s == "M") return kMale;
    if (s == "F") return kFemale;
    r.fail(field, "expected M or F, found " + quoted_value(s));
}

// ---------------------------------------------------------------------------------------------
// MovieLens 100K

// u.item's release date, "01-Jan-1995"; the published file also has one single-digit day
// ("4-Feb-1971", movie 1373), so the day is one or two digits. The month must be a month's name.
int release_year(const LineReader& r, std::string_view date) {
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto bad = [&]() { r.fail("release date", "expected a date like 01-Jan-1995 or 4-Feb-1971, found " + quoted_value(date)); };
    const size_t a = date.find('-');
    const size_t b = a == std::string_view::npos ? a : date.find('-', a + 1);
    if (a == std::string_view::npos || b == std::string_view::npos || (a != 1 && a != 2) || b != a + 4 || date.size() != b + 5) bad();
    const std::string_view day = date.substr(0, a), month = date.substr(a + 1, 3);
    if (!std::all_of(day.begin(), day.end(), [](char c) { return c >= '0' && c <= '9'; })) bad();
    if (std::none_of(std::begin(kMonths), std::end(kMonths), [&](const char* m) { return month == m; })) bad();
    const int d = std::stoi(std::string(day));
    if (d < 1 || d > 31) bad();
    return static_cast<int>(field_int(r, date.substr(b + 1), "release date", 1800, 2100));
}

void read_u_item(const DataFiles& files, const std::string& file, Tables& t) {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n = {"movie id", "movie title", "release date", "video release date", "IMDb URL", "unknown"};
        n.insert(n.end(), kGenres.begin(), kGenres.end());
        return n;
    }();
    const std::unique_ptr<LineReader> reader = files.open(file);
    LineReader& r = *reader;
    std::string_view line;
    std::vector<std::string_view> f;
    while (r.next(line)) {
        require_field_count(r, split_fields(line, "|", f), names, "'|'");
        Movie m;
        m.raw_id = field_int(r, f[0], "movie id", 1, kMaxRawId);
        m.title = utf8_from_utf8_or_latin1(trim(f[1]));
        const std::string_view date = trim(f[2]);
        int year = 0;
        if (!date.empty()) {
            year = release_year(r, date);
        } else {
            year = year_in_title(m.title);
        }
        m.year = year > 0 ? bucket_of(year, kYearEdges) : kMissingValue;
        for (size_t g = 0; g <= kGenres.size(); ++g) {
            const std::string_view flag = trim(f[5 + g]);
            if (flag != "0" && flag != "1") r.fail(names[5 + g], "expected 0 or 1, found " + quoted_value(flag));
            if (flag == "1" && g > 0) m.genres.push_back(static_cast<int32_t>(g));
        }
        t.movie_rows.add(m.raw_id, r, "movie id");
        t.movies.push_back(std::move(m));
    }
}

void read_u_user(const DataFiles& files, const std::string& file, Tables& t) {
    static const std::vector<std::string> names = {"user id", "age", "gender", "occupation", "zip code"};
    const std::unique_ptr<LineReader> reader = files.open(file);
    LineReader& r = *reader;
    std::string_view line;
    std::vector<std::string_view> f;
    while (r.next(line)) {
        require_field_count(r, split_fields(line, "|", f), names, "'|'");
        User u;
        u.raw_id = field_int(r, f[0], "user id", 1, kMaxRawId);
        u.age = bucket_of(static_cast<double>(field_int(r, f[1], "age", 1, 120)), kAgeEdges);
        u.gender = gender_value(r, f[2], "gender");
        const std::string_view occupation = trim(f[3]);
        const auto it = std::find(kOccupations100k.begin(), kOccupations100k.end(), occupation);
        if (it == kOccupations100k.end()) r.fail("occupation", "unknown occupation " + quoted_value(occupation));
        u.occupation = static_cast<int32_t>(it - kOccupations100k.begin()) + 1;
        t.user_rows.add(u.raw_id, r, "user id");
        t.users.push_back(u);
    }
}

// The ratings of either set: the same four columns, only the separator and the names differ.
void read_ratings(const DataFiles& files, const std::string& file, const std::string& separator, const char* separator_name,
                  const std::vector<std::string>& names, const std::string& user_file,
                  const std::string& item_file, int positive_threshold, Tables& t) {
    const std::unique_ptr<LineReader> reader = files.open(file);
    LineReader& r = *reader;
    std::string_view line;
    std::vector<std::string_view> f;
    while (r.next(line)) {
        require_field_count(r, split_fields(line, separator, f), names, separator_name);
        const int64_t user = field_int(r, f[0], names[0], 1, kMaxRawId);
        const int64_t item = field_int(r, f[1], names[1], 1, kMaxRawId);
        const int64_t rating = field_int(r, f[2], names[2], 1, 5);
        const int64_t timestamp = field_int(r, f[3], names[3], 0, kMaxTimestamp);
        const int32_t user_row = t.user_rows.find(user);
        if (user_row < 0) r.fail(names[0], "user " + std::to_string(user) + " is not in " + user_file);
        const int32_t item_row = t.movie_rows.find(item);
        if (item_row < 0) r.fail(names[1], "item " + std::to_string(item) + " is not in " + item_file);
        if (rating >= positive_threshold) t.clicks.push_back({user_row, item_row, timestamp});
    }
    if (t.clicks.empty())
        throw Error(ErrorContext{r.path(), 0, names[2]},
                    "no rating reaches the positive threshold " + std::to_string(positive_threshold));
}

// ---------------------------------------------------------------------------------------------
// MovieLens 1M

void read_movies_dat(const DataFiles& files, const std::string& file, Tables& t) {
    static const std::vector<std::string> names = {"MovieID", "Title", "Genres"};
    const std::unique_ptr<LineReader> reader = files.open(file);
    LineReader& r = *reader;
    std::string_view line;
    std::vector<std::string_view> f;
    while (r.next(line)) {
        // MovieID::Title::Genres, cut at the first and the last "::" so a title may hold anything
        const size_t a = line.find("::"), b = line.rfind("::");
        if (a == std::string_view::npos || a == b) require_field_count(r, split_fields(line, "::", f), names, "'::'");
        Movie m;
        m.raw_id = field_int(r, line.substr(0, a), "MovieID", 1, kMaxRawId);
        m.title = utf8_from_utf8_or_latin1(trim(line.substr(a + 2, b - a - 2)));
        const int year = year_in_title(m.title);
        m.year = year > 0 ? bucket_of(year, kYearEdges) : kMissingValue;
        const std::string_view genres = trim(line.substr(b + 2));
        if (!genres.empty()) {
            std::vector<std::string_view> g;
            split_fields(genres, "|", g);
            for (std::string_view name : g) {
                const int32_t v = genre_value(trim(name));
                if (v == kMissingValue) r.fail("Genres", "unknown genre " + quoted_value(trim(name)));
                if (std::find(m.genres.begin(), m.genres.end(), v) == m.genres.end()) m.genres.push_back(v);
            }
        }
        t.movie_rows.add(m.raw_id, r, "MovieID");
        t.movies.push_back(std::move(m));
    }
}

void read_users_dat(const DataFiles& files, const std::string& file, Tables& t) {
    static const std::vector<std::string> names = {"UserID", "Gender", "Age", "Occupation", "Zip-code"};
    const std::unique_ptr<LineReader> reader = files.open(file);
    LineReader& r = *reader;
    std::string_view line;
    std::vector<std::string_view> f;
    while (r.next(line)) {
        require_field_count(r, split_fields(line, "::", f), names, "'::'");
        User u;
        u.raw_id = field_int(r, f[0], "UserID", 1, kMaxRawId);
        u.gender = gender_value(r, f[1], "Gender");
        const int64_t age = field_int(r, f[2], "Age", 1, 56);
        if (age != 1 && age != 18 && age != 25 && age != 35 && age != 45 && age != 50 && age != 56)
            r.fail("Age", "expected an age group code (1, 18, 25, 35, 45, 50 or 56), found " + quoted_value(trim(f[2])));
        u.age = bucket_of(static_cast<double>(age), kAgeEdges);
        u.occupation = static_cast<int32_t>(field_int(r, f[3], "Occupation", 0, 20)) + 1;
        t.user_rows.add(u.raw_id, r, "UserID");
        t.users.push_back(u);
    }
}

// ---------------------------------------------------------------------------------------------
// ML-latest / ML-25M (CSV): movies.csv "movieId,title,genres" (a title with a comma is quoted, a
// quote inside doubled), ratings.csv "userId,movieId,rating,timestamp" with half stars 0.5-5.0. No
// user file: users are the ids ratings.csv names. Genres are 100K's with "Children" for
// "Children's" and IMAX added; "(no genres listed)" is missing.

const std::vector<std::string> kLatestGenres = {"Action", "Adventure", "Animation", "Children", "Comedy", "Crime",
                                                "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX",
                                                "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};

void require_header(LineReader& r, const char* expected) {
    std::string_view line;
    r.next(line);  // throws "the file is empty" if there is no line
    if (trim(line) != expected) r.fail("", std::string("expected the header '") + expected + "', found " + quoted_value(line));
}

void read_movies_csv(const DataFiles& files, Tables& t) {
    const std::unique_ptr<LineReader> reader = files.open("movies.csv");
    LineReader& r = *reader;
    require_header(r, "movieId,title,genres");
    std::string_view line;
    while (r.next(line)) {
        // movieId, then the title (anything, maybe quoted), then genres after the last comma.
        const size_t a = line.find(','), b = line.rfind(',');
        if (a == std::string_view::npos || a == b) r.fail("genres", "expected 3 fields separated by ',' (movieId,title,genres)");
        Movie m;
        m.raw_id = field_int(r, line.substr(0, a), "movieId", 1, kMaxRawId);
        std::string_view title = trim(line.substr(a + 1, b - a - 1));
        std::string text;
        if (!title.empty() && title.front() == '"') {
            if (title.size() < 2 || title.back() != '"') r.fail("title", "unterminated quoted title " + quoted_value(title));
            title = title.substr(1, title.size() - 2);
            for (size_t i = 0; i < title.size(); ++i) {
                text += title[i];
                if (title[i] == '"' && i + 1 < title.size() && title[i + 1] == '"') ++i;  // "" is one quote
            }
        } else {
            text = std::string(title);
        }
        m.title = utf8_from_utf8_or_latin1(text);
        const int year = year_in_title(m.title);
        m.year = year > 0 ? bucket_of(year, kYearEdges) : kMissingValue;
        const std::string_view genres = trim(line.substr(b + 1));
        if (genres != "(no genres listed)" && !genres.empty()) {
            std::vector<std::string_view> g;
            split_fields(genres, "|", g);
            for (std::string_view name : g) {
                const auto it = std::find(kLatestGenres.begin(), kLatestGenres.end(), trim(name));
                if (it == kLatestGenres.end()) r.fail("genres", "unknown genre " + quoted_value(trim(name)));
                const int32_t v = static_cast<int32_t>(it - kLatestGenres.begin()) + 1;
                if (std::find(m.genres.begin(), m.genres.end(), v) == m.genres.end()) m.genres.push_back(v);
            }
        }
        t.movie_rows.add(m.raw_id, r, "movieId");
        t.movies.push_back(std::move(m));
    }
}

void read_ratings_csv(const DataFiles& files, double positive_threshold, Tables& t) {
    const std::unique_ptr<LineReader> reader = files.open("ratings.csv");
    LineReader& r = *reader;
    require_header(r, "userId,movieId,rating,timestamp");
    static const std::vector<std::string> names = {"userId", "movieId", "rating", "timestamp"};
    std::string_view line;
    std::vector<std::string_view> f;
    while (r.next(line)) {
        require_field_count(r, split_fields(line, ",", f), names, "','");
        const int64_t user = field_int(r, f[0], "userId", 1, kMaxRawId);
        const int64_t item = field_int(r, f[1], "movieId", 1, kMaxRawId);
        const double rating = parse_finite(trim(f[2]), r.where("rating"));
        if (rating < 0.5 || rating > 5.0 || std::fmod(rating * 2, 1.0) != 0)
            r.fail("rating", "expected half stars 0.5 to 5.0, found " + quoted_value(trim(f[2])));
        const int64_t timestamp = field_int(r, f[3], "timestamp", 0, kMaxTimestamp);
        const int32_t item_row = t.movie_rows.find(item);
        if (item_row < 0) r.fail("movieId", "movie " + std::to_string(item) + " is not in movies.csv");
        int32_t user_row = t.user_rows.find(user);
        if (user_row < 0) {
            user_row = t.user_rows.add(user, r, "userId");
            User u;
            u.raw_id = user;
            t.users.push_back(u);
        }
        if (rating >= positive_threshold) t.clicks.push_back({user_row, item_row, timestamp});
    }
    if (t.clicks.empty())
        throw Error(ErrorContext{r.path(), 0, "rating"}, "no rating reaches the positive threshold " + std::to_string(positive_threshold));
}

// ---------------------------------------------------------------------------------------------
// From parsed tables to a Dataset: cold items, the training-only audience statistic, the tables.

// round(share * n) of the items that have a positive, drawn by a seeded partial Fisher-Yates.
std::vector<uint8_t> choose_cold_items(const Tables& t, const MovieLensOptions& o) {
    std::vector<uint8_t> has_positive(t.movies.size(), 0), is_new(t.movies.size(), 0);
    for (const Interaction& c : t.clicks) has_positive[static_cast<size_t>(c.item)] = 1;
    std::vector<int32_t> pool;
    for (size_t i = 0; i < t.movies.size(); ++i)
        if (has_positive[i]) pool.push_back(static_cast<int32_t>(i));
    const size_t n_cold = static_cast<size_t>(std::llround(o.cold_item_share * static_cast<double>(pool.size())));
    Rng rng(o.seed);
    for (size_t k = 0; k < n_cold; ++k) {
        const size_t j = k + static_cast<size_t>(uniform_int(rng, 0, static_cast<int>(pool.size() - 1 - k)));
        std::swap(pool[k], pool[j]);
        is_new[static_cast<size_t>(pool[k])] = 1;
    }
    return is_new;
}

// 1 for the click make_split() holds out as the user's test target: the user's last positive in
// time (ties: the later one in the file), if the user has at least two positives.
std::vector<uint8_t> leave_last_out_clicks(const std::vector<Interaction>& clicks, size_t n_users) {
    std::vector<long> last(n_users, -1), count(n_users, 0);
    for (size_t k = 0; k < clicks.size(); ++k) {
        const size_t u = static_cast<size_t>(clicks[k].user);
        if (last[u] < 0 || clicks[k].timestamp >= clicks[static_cast<size_t>(last[u])].timestamp) last[u] = static_cast<long>(k);
        ++count[u];
    }
    std::vector<uint8_t> is_test(clicks.size(), 0);
    for (size_t u = 0; u < n_users; ++u)
        if (count[u] >= 2) is_test[static_cast<size_t>(last[u])] = 1;
    return is_test;
}

Dataset assemble(const std::string& name, Tables& t, const MovieLensOptions& o,
                 const std::vector<std::string>& occupations) {
    const size_t n_items = t.movies.size(), n_users = t.users.size();
    Dataset d;
    d.name = name;
    d.item_is_new = choose_cold_items(t, o);

    // audience_gender = female / raters over training positives only (see the header).
    const std::vector<uint8_t> is_test = leave_last_out_clicks(t.clicks, n_users);
    std::vector<int32_t> raters(n_items, 0), female(n_items, 0);
    for (size_t k = 0; k < t.clicks.size(); ++k) {
        const Interaction& c = t.clicks[k];
        const size_t i = static_cast<size_t>(c.item);
        if (is_test[k] || d.item_is_new[i]) continue;
        const int32_t g = t.users[static_cast<size_t>(c.user)].gender;
        if (g == kMissingValue) continue;
        ++raters[i];
        female[i] += g == kFemale;
    }

    std::vector<std::string> item_ids(n_items), user_ids(n_users);
    for (size_t i = 0; i < n_items; ++i) item_ids[i] = std::to_string(t.movies[i].raw_id);
    for (size_t u = 0; u < n_users; ++u) user_ids[u] = std::to_string(t.users[u].raw_id);

    const int n_items_int = static_cast<int>(n_items), n_users_int = static_cast<int>(n_users);
    d.items = FeatureTable({
        {"item_id", FieldKind::Id, n_items_int, 32, std::move(item_ids), {}},
        {"genres", FieldKind::MultiCategorical, static_cast<int>(kGenres.size()), 16, kGenres, {}},
        {"year", FieldKind::Bucketized, static_cast<int>(kYearNames.size()), 8, kYearNames, kYearEdges},
        {"audience_gender", FieldKind::Bucketized, static_cast<int>(kAudienceNames.size()), 8, kAudienceNames, kAudienceEdges},
    });
    d.items.reserve(n_items_int);
    d.item_titles.resize(n_items);
    std::vector<std::vector<int32_t>> row(4);
    for (size_t i = 0; i < n_items; ++i) {
        Movie& m = t.movies[i];
        row[0] = {static_cast<int32_t>(i) + 1};
        row[1] = m.genres;
        row[2] = {m.year};
        const bool known = raters[i] >= o.min_audience_raters;
        row[3] = {known ? bucket_of(static_cast<double>(female[i]) / raters[i], kAudienceEdges) : kMissingValue};
        d.items.add_row(row);
        d.item_titles[i] = std::move(m.title);
    }

    d.users = FeatureTable({
        {"user_id", FieldKind::Id, n_users_int, 32, std::move(user_ids), {}},
        {"gender", FieldKind::Categorical, 2, 8, {"male", "female"}, {}},
        {"age", FieldKind::Bucketized, static_cast<int>(kAgeNames.size()), 8, kAgeNames, kAgeEdges},
        {"occupation", FieldKind::Categorical, static_cast<int>(occupations.size()), 8, occupations, {}},
    });
    d.users.reserve(n_users_int);
    for (size_t u = 0; u < n_users; ++u) {
        const User& x = t.users[u];
        d.users.add_row({{static_cast<int32_t>(u) + 1}, {x.gender}, {x.age}, {x.occupation}});
    }
    d.clicks = std::move(t.clicks);
    return d;
}

// ML-latest has no user file and so no audience statistic: item_id, genres, year; user_id.
Dataset assemble_latest(const std::string& name, Tables& t, const MovieLensOptions& o) {
    const size_t n_items = t.movies.size(), n_users = t.users.size();
    Dataset d;
    d.name = name;
    d.item_is_new = choose_cold_items(t, o);
    std::vector<std::string> item_ids(n_items), user_ids(n_users);
    for (size_t i = 0; i < n_items; ++i) item_ids[i] = std::to_string(t.movies[i].raw_id);
    for (size_t u = 0; u < n_users; ++u) user_ids[u] = std::to_string(t.users[u].raw_id);
    d.items = FeatureTable({
        {"item_id", FieldKind::Id, static_cast<int>(n_items), 32, std::move(item_ids), {}},
        {"genres", FieldKind::MultiCategorical, static_cast<int>(kLatestGenres.size()), 16, kLatestGenres, {}},
        {"year", FieldKind::Bucketized, static_cast<int>(kYearNames.size()), 8, kYearNames, kYearEdges},
    });
    d.items.reserve(static_cast<int>(n_items));
    d.item_titles.resize(n_items);
    for (size_t i = 0; i < n_items; ++i) {
        Movie& m = t.movies[i];
        d.items.add_row({{static_cast<int32_t>(i) + 1}, m.genres, {m.year}});
        d.item_titles[i] = std::move(m.title);
    }
    d.users = FeatureTable({{"user_id", FieldKind::Id, static_cast<int>(n_users), 32, std::move(user_ids), {}}});
    d.users.reserve(static_cast<int>(n_users));
    for (size_t u = 0; u < n_users; ++u) d.users.add_row({{static_cast<int32_t>(u) + 1}});
    d.clicks = std::move(t.clicks);
    return d;
}

}  // namespace

void MovieLensOptions::validate() const {
    if (positive_threshold < 1 || positive_threshold > 5)
        throw Error(ErrorContext{"", 0, "positive_threshold"}, "must be in 1..5 (ratings are whole stars 1..5)");
    if (!(std::isfinite(cold_item_share) && cold_item_share >= 0 && cold_item_share < 0.9))
        throw Error(ErrorContext{"", 0, "cold_item_share"}, "must be in [0, 0.9)");
    if (min_audience_raters < 1) throw Error(ErrorContext{"", 0, "min_audience_raters"}, "must be at least 1");
}

Dataset load_movielens_100k(const std::string& dir, const MovieLensOptions& options) {
    options.validate();
    const DataFiles files(dir);
    Tables t;
    read_u_item(files, "u.item", t);
    read_u_user(files, "u.user", t);
    read_ratings(files, "u.data", "\t", "tab", {"user id", "item id", "rating", "timestamp"}, "u.user",
                 "u.item", options.positive_threshold, t);
    return assemble("ml-100k:" + dir, t, options, kOccupations100k);
}

Dataset load_movielens_1m(const std::string& dir, const MovieLensOptions& options) {
    options.validate();
    const DataFiles files(dir);
    Tables t;
    read_movies_dat(files, "movies.dat", t);
    read_users_dat(files, "users.dat", t);
    read_ratings(files, "ratings.dat", "::", "'::'", {"UserID", "MovieID", "Rating", "Timestamp"},
                 "users.dat", "movies.dat", options.positive_threshold, t);
    return assemble("ml-1m:" + dir, t, options, kOccupations1m);
}

Dataset load_movielens_latest(const std::string& dir, const MovieLensOptions& options) {
    options.validate();
    const DataFiles files(dir);
    Tables t;
    read_movies_csv(files, t);
    read_ratings_csv(files, static_cast<double>(options.positive_threshold), t);
    return assemble_latest("ml-latest:" + dir, t, options);
}

}  // namespace towerlab
