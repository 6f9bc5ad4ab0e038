// The Google Benchmark C shim (see gbench_shim.h): one registered benchmark per sweep point,
// manual time from the C callback, counters for the axes and the figures. Compiles against
// Google Benchmark 1.7 (RegisterBenchmark takes const char*) and 1.8 (const std::string&).
#include "harness/gbench_shim.h"

extern "C" {
#include "harness/gbench_flags.h"
#include "harness/grid.h"
}

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <streambuf>
// GCC 12 with -fsanitize=address,undefined reports std::function members inside libstdc++'s
// <regex> as maybe used uninitialized (a false positive in its own headers, inlined here),
// which -Werror turns into a failed sanitizer build.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <string>
#include <vector>

namespace {

struct Axis {
    std::string name;
    double value;
};

void run_point(benchmark::State &state, pk_gb_fn fn, void *ud, size_t index, std::vector<Axis> axes)
{
    for (auto _ : state) {
        pk_gb_result res;
        std::memset(&res, 0, sizeof res);
        char msg[512] = "";
        if (fn(ud, index, &res, msg, sizeof msg) != 0) {
            state.SkipWithError(msg[0] ? msg : "failed");
            break;
        }
        state.SetIterationTime(res.seconds);
        for (const Axis &a : axes)
            state.counters[a.name] = benchmark::Counter(a.value);
        for (size_t i = 0; i < res.ncounters; i++)
            state.counters[res.counter_name[i]] = benchmark::Counter(res.counter_value[i]);
    }
}

// std::cerr while the benchmarks run: every line passed on but the library's own "***WARNING***
// Library was built as DEBUG. Timings may be affected." (a Debian-built library says it), which
// becomes a note saying why it does not apply here: each point's time is pkbench's own clock
// (manual time, one iteration), never the library's loop.
class DebugNote : public std::streambuf
{
  public:
    explicit DebugNote(std::streambuf *to) : to_(to) {}
    ~DebugNote() override { pass(); }

  protected:
    int overflow(int c) override
    {
        if (c == traits_type::eof())
            return traits_type::not_eof(c);
        line_.push_back(static_cast<char>(c));
        if (c == '\n')
            pass();
        return c;
    }
    std::streamsize xsputn(const char *s, std::streamsize n) override
    {
        for (std::streamsize i = 0; i < n; i++)
            overflow(static_cast<unsigned char>(s[i]));
        return n;
    }
    int sync() override
    {
        if (warning().compare(0, line_.size(), line_) != 0) // a part line that cannot be the warning
            pass();
        return to_->pubsync();
    }

  private:
    static const std::string &warning()
    {
        static const std::string w = "***WARNING*** Library was built as DEBUG. Timings may be affected.\n";
        return w;
    }
    void pass()
    {
        if (line_ == warning()) {
            static const char note[] = "note: this Google Benchmark library was built without NDEBUG (\"built as "
                                       "DEBUG\"); pkbench times each point with its own clock (manual time, one "
                                       "iteration), so the library's build does not enter a figure\n";
            to_->sputn(note, sizeof note - 1);
        } else if (!line_.empty()) {
            to_->sputn(line_.data(), static_cast<std::streamsize>(line_.size()));
        }
        line_.clear();
    }
    std::streambuf *to_;
    std::string line_;
};

} // namespace

extern "C" {

void pk_gb_result_counter(pk_gb_result *r, const char *name, double value)
{
    if (r->ncounters < PK_GB_MAX_COUNTERS && std::isfinite(value)) {
        r->counter_name[r->ncounters] = name;
        r->counter_value[r->ncounters] = value;
        r->ncounters++;
    }
}

const char *pk_gb_version(void)
{
#ifdef PKB_GBENCH_VERSION
    return PKB_GBENCH_VERSION;
#else
    return "";
#endif
}

/* Google Benchmark reports some failures by throwing (std::length_error, std::bad_alloc): no
 * exception leaves the shim; each becomes a status and a one-line reason. */
static int caught(const char *what, char *err, size_t errlen)
{
    if (err && errlen)
        std::snprintf(err, errlen, "Google Benchmark failed: %s", what);
    return -1;
}

int pk_gb_init(int argc, char **argv, char *err, size_t errlen)
{
    /* The library read its BENCHMARK_* variables when it loaded: none may be set (gbench_flags.h). */
    if (pk_gb_flags_env(err, errlen) != 0)
        return -1;
    try {
        int n = argc;
        benchmark::Initialize(&n, argv);
        if (n > 1) {
            std::snprintf(err, errlen, "unknown or malformed Google Benchmark flag '%s'", argv[1]);
            return -1;
        }
        return 0;
    } catch (const std::exception &e) {
        return caught(e.what(), err, errlen);
    } catch (...) {
        return caught("an unknown exception", err, errlen);
    }
}

long pk_gb_filter_count(const char *filter, const pk_point *pts, size_t n, char *why, size_t whylen)
{
    try {
        std::vector<pk_point> kept(pts, pts + n); /* the points glibc's regex keeps, in order */
        size_t nk = n, k = 0;
        if (pk_grid_filter(filter, kept.data(), &nk) != 0) /* does not compile: its reason */
            return pk_grid_filter_count(filter, pts, n, why, whylen);
        if (!filter || !*filter || std::strcmp(filter, "all") == 0) /* every point, as pk_gb_run passes it on */
            return (long)nk;
        const bool neg = filter[0] == '-'; /* Google Benchmark's negative filter: the rest is the regex */
        const std::regex re(filter + neg, std::regex_constants::extended);
        long count = 0;
        for (size_t i = 0; i < n; i++) {
            char name[200];
            pk_point_name(&pts[i], name, sizeof name - 40);
            std::strcat(name, "/iterations:1/manual_time"); /* the name Google Benchmark matches */
            const bool gb = std::regex_search(name, re) != neg, gl = k < nk && pk_point_equal(&kept[k], &pts[i]);
            if (gb != gl) {
                std::snprintf(why, whylen, "Google Benchmark's regex engine %s %s, the POSIX one pkbench plans with "
                              "does not (a GNU escape such as \\< or \\b?)", gb ? "selects" : "leaves out", name);
                return -2;
            }
            k += gl;
            count += gb;
        }
        return count;
    } catch (const std::regex_error &e) {
        std::snprintf(why, whylen, "%s", e.what());
    } catch (...) {
        std::snprintf(why, whylen, "it does not compile");
    }
    return -1;
}

int pk_gb_add_context(const char *key, const char *value)
{
    try {
        benchmark::AddCustomContext(key, value);
        return 0;
    } catch (...) {
        return -1;
    }
}

int pk_gb_register(const char *name, const char *const *axis_names, const double *axis_values, size_t naxes,
                   pk_gb_fn fn, void *ud, size_t index)
{
    try {
        std::vector<Axis> axes;
        for (size_t i = 0; i < naxes; i++)
            axes.push_back(Axis{axis_names[i], axis_values[i]});
        benchmark::internal::Benchmark *b = benchmark::RegisterBenchmark(
            name, [fn, ud, index, axes](benchmark::State &st) { run_point(st, fn, ud, index, axes); });
        if (!b)
            return -1;
        b->Iterations(1)->UseManualTime()->Unit(benchmark::kNanosecond);
        return 0;
    } catch (...) {
        return -1;
    }
}

int pk_gb_run(size_t *ran, char *err, size_t errlen)
{
    *ran = 0;
    try {
        /* No filter given: the library reads "" and "all" as ".", and for exactly "." it reserves
         * room for one more benchmark per registered family, reallocating (and copying) its list
         * each time: quadratic in the points (4000 points: 13 s before the first one ran, 0.13 s
         * with ".*"). ".*" selects the same benchmarks. */
        const std::string f = benchmark::GetBenchmarkFilter();
        if (f.empty() || f == "all" || f == ".")
            benchmark::SetBenchmarkFilter(".*");
        DebugNote note(std::cerr.rdbuf());
        std::streambuf *was = std::cerr.rdbuf(&note);
        try {
            *ran = benchmark::RunSpecifiedBenchmarks();
        } catch (...) {
            std::cerr.rdbuf(was);
            throw;
        }
        std::cerr.rdbuf(was);
        return 0;
    } catch (const std::exception &e) {
        return caught(e.what(), err, errlen);
    } catch (...) {
        return caught("an unknown exception", err, errlen);
    }
}

void pk_gb_shutdown(void)
{
    try {
        benchmark::Shutdown();
    } catch (...) {
        /* nothing is left to release */
    }
}

} // extern "C"
