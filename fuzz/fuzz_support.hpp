#pragma once
// What every harness shares (fuzz/README.md): the rule that bad input may only end in the designed
// error channel, the checks a user's run would make after a successful parse, and a scratch file for
// the readers that take a path.
//
// A harness returns normally when the parser accepts the input or throws std::invalid_argument (the
// base of spillover::InputError, README "Errors and exit codes"). Any other exception escapes
// LLVMFuzzerTestOneInput and aborts: libFuzzer reports it as a crash, as it does for ASan/UBSan
// reports, time-outs and huge allocations. A check that fails calls fuzz_fail, which aborts with a
// message: a parser that accepted nonsense and left an object that is not what its header promises.

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>

#include "engine/data_table.hpp"
#include "weights/spatial_weights.hpp"
#include "weights/transforms.hpp"
#include "weights/weights_summary.hpp"

namespace spillover::fuzz {

[[noreturn]] inline void fuzz_fail(const std::string& what) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

inline void require(bool ok, const std::string& what) {
    if (!ok) fuzz_fail(what);
}

/// Runs `parse`; true when it returned, false when it threw the designed error (std::invalid_argument,
/// InputError's base). Any other exception propagates.
template <class Parse>
bool accepted(Parse&& parse) {
    try {
        parse();
        return true;
    } catch (const std::invalid_argument&) {
        return false;
    }
}

/// The fuzzer's bytes as text.
inline std::string_view as_text(const unsigned char* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// A file of this process's own that a harness rewrites for each input (a reader that takes a
/// path). In /dev/shm when there is one: no disk writes at 10^3 inputs a second.
class ScratchFile {
public:
    explicit ScratchFile(const std::string& extension) {
        const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
        path_ = std::string(dir) + "/spillover-fuzz-" + std::to_string(getpid()) + extension;
    }
    ~ScratchFile() { std::remove(path_.c_str()); }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    const std::string& write(std::string_view bytes) const {
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        require(out.good(), "cannot write the scratch file " + path_);
        return path_;
    }

private:
    std::string path_;
};

/// A DataTable is what data_table.hpp says: every column as long as the table, numbers exactly when
/// no cell is non-numeric, NaN exactly at the missing cells, problems at real rows. Then what a fit
/// asks of it: every column as numbers (or the designed error) and as labels.
inline void check_table(const DataTable& table) {
    const std::size_t rows = table.rows();
    std::unordered_set<std::string> names;
    std::size_t last_line = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        require(table.source_line(r) > last_line, "row lines must increase");
        last_line = table.source_line(r);
    }
    for (std::size_t c = 0; c < table.cols(); ++c) {
        const Column& column = table.column(c);
        require(!column.name.empty(), "a column without a name");
        require(names.insert(column.name).second, "two columns named '" + column.name + "'");
        require(column.text.size() == rows, "column '" + column.name + "': text is not one cell per row");
        require(column.missing.size() == rows, "column '" + column.name + "': missing is not one flag per row");
        std::size_t missing = 0;
        for (std::size_t r = 0; r < rows; ++r) missing += column.missing[r];
        require(missing == column.missing_count, "column '" + column.name + "': missing_count is wrong");
        const bool non_numeric = column.problem && column.problem->kind == CellProblem::Kind::NonNumeric;
        if (column.problem) require(column.problem->row < rows, "column '" + column.name + "': problem past the end");
        if (non_numeric) {
            require(column.numbers.empty(), "column '" + column.name + "': non-numeric yet has numbers");
        } else {
            require(column.numbers.size() == rows, "column '" + column.name + "': numbers are not one per row");
            for (std::size_t r = 0; r < rows; ++r)
                if (column.missing[r]) require(std::isnan(column.numbers[r]), "a missing cell that is not NaN");
            if (column.problem)
                require(!std::isfinite(column.numbers[column.problem->row]), "a NonFinite problem at a finite cell");
        }
        (void)table.column(column.name);
        accepted([&] { (void)table.numeric(column.name); });
        accepted([&] { (void)table.labels(column.name, "id"); });
        accepted([&] { (void)table.ids(column.name); });
    }
}

/// W is what spatial_weights.hpp promises (square, one unique non-empty id per unit, compressed rows
/// with increasing columns, finite positive weights); then what `weights info` and every fit do with
/// it: the row sums, the row-standardised W (rows that sum to 1, the same islands), the transform
/// inferred from the values, and the summary (with the spectrum of the row-standardised W when it is
/// small enough to be cheap).
inline void check_weights(const SpatialWeights& w) {
    using Index = SpatialWeights::Index;
    const auto& m = w.matrix();
    const Index n = w.n();
    require(m.rows() == n && m.cols() == n, "W is not n x n");
    require(m.isCompressed(), "W is not compressed");
    std::unordered_set<std::string> ids;
    for (Index i = 0; i < n; ++i) {
        const std::string& id = w.ids()[static_cast<std::size_t>(i)];
        require(!id.empty(), "an empty id");
        require(ids.insert(id).second, "id '" + id + "' twice");
        require(w.index_of(id) == i, "index_of does not find id '" + id + "'");
        Index last = -1;
        for (SpatialWeights::Matrix::InnerIterator it(m, i); it; ++it) {
            require(it.col() > last && it.col() < n, "row " + id + ": columns not increasing within 0..n-1");
            last = it.col();
            require(std::isfinite(it.value()) && it.value() > 0, "row " + id + ": a weight not finite and > 0");
        }
    }
    const Eigen::VectorXd sums = row_sums(w);
    const SpatialWeights row = transformed(w, WeightsTransform::Row);
    const Eigen::VectorXd row_sums_after = row_sums(row);
    for (Index i = 0; i < n; ++i) {
        require(row.cardinality(i) == w.cardinality(i), "row-standardising changed the neighbours of a unit");
        if (w.cardinality(i) > 0)
            require(std::fabs(row_sums_after(i) - 1.0) <= 1e-9,
                    "row " + w.ids()[static_cast<std::size_t>(i)] + " of the row-standardised W sums to " +
                        std::to_string(row_sums_after(i)) + " (the row sum was " + std::to_string(sums(i)) + ")");
    }
    (void)with_inferred_transform(w);
    (void)to_text(summarise_weights(w, false));
    (void)to_text(summarise_weights(row, n <= 40));
}

/// read(write(w)) == w: same ids in the same order, same pattern, bit-identical weights (weights_io.hpp:
/// "Round trips are exact where the format can carry W").
inline void require_same_weights(const SpatialWeights& a, const SpatialWeights& b, const std::string& what) {
    require(a.ids() == b.ids(), what + ": the ids differ after a round trip");
    const auto& x = a.matrix();
    const auto& y = b.matrix();
    require(x.nonZeros() == y.nonZeros(), what + ": the number of links differs after a round trip");
    for (SpatialWeights::Index k = 0; k < x.nonZeros(); ++k)
        require(x.innerIndexPtr()[k] == y.innerIndexPtr()[k] && x.valuePtr()[k] == y.valuePtr()[k],
                what + ": a link differs after a round trip");
    for (SpatialWeights::Index i = 0; i <= a.n(); ++i)
        require(x.outerIndexPtr()[i] == y.outerIndexPtr()[i], what + ": a row differs after a round trip");
}

/// The weights harnesses: parse; on success check W, write it back in the same format (the writer may
/// refuse a W it cannot carry, with InputError) and require the reader to give the same W again.
/// `reread(text, w)` reads the written text back (GWT and triplet CSV with w's ids: their files cannot
/// name islands).
template <class Read, class Write, class Reread>
int fuzz_weights(std::string_view text, Read read, Write write, Reread reread, const char* format) {
    SpatialWeights w;
    if (!accepted([&] { w = read(text); })) return 0;
    check_weights(w);
    std::string written;
    if (!accepted([&] { written = write(w); })) return 0;
    SpatialWeights back;
    try {
        back = reread(std::string_view(written), w);
    } catch (const std::invalid_argument& e) {
        fuzz_fail(std::string(format) + ": the reader refuses what the writer wrote: " + e.what() + "\n" + written);
    }
    require_same_weights(w, back, format);
    return 0;
}

}  // namespace spillover::fuzz
