#include "solvers/power_moments.hpp"

#include "engine/parallel_for.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "engine/random_probes.hpp"
#include "weights/locality_order.hpp"
#include "weights/symmetric_similar.hpp"

namespace spillover {

using Index = SpatialWeights::Index;
using Sparse = SpatialWeights::Matrix;

void PowerTraceOptions::validate() const {
    if (exact_entries < 0) throw std::invalid_argument("power traces: exact_entries must be >= 0");
    if (probes < 2) throw std::invalid_argument("power traces: at least 2 probes are needed for a standard error");
    if (!(sparse_power_factor >= 0.0)) throw std::invalid_argument("power traces: sparse_power_factor must be >= 0");
}

namespace {

/// Σ_il a_il b_li for dense a, b: tr(ab).
double trace_of_product(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    return a.cwiseProduct(b.transpose()).sum();
}

/// Σ_il a_il b_li for sparse row-major a, b, looking b_li up in row l of b (sorted columns).
double trace_of_product(const Sparse& a, const Sparse& b) {
    const auto* outer = b.outerIndexPtr();
    const auto* inner = b.innerIndexPtr();
    const double* value = b.valuePtr();
    double sum = 0.0;
    for (Index i = 0; i < a.outerSize(); ++i)
        for (Sparse::InnerIterator it(a, i); it; ++it) {
            const Index l = it.index();
            const auto* found = std::lower_bound(inner + outer[l], inner + outer[l + 1], i);
            if (found != inner + outer[l + 1] && *found == i) sum += it.value() * value[found - inner];
        }
    return sum;
}

/// next = power · v column by column (v column-major), with Σ_il power_il next_il and Σ_il next_il²
/// taken while each column is in cache — for a symmetric V these are t_(2a+1) and t_(2a+2).
template <typename SparseV>
std::pair<double, double> product_with_traces(const Eigen::MatrixXd& power, const SparseV& v, Eigen::MatrixXd& next) {
    // Blocks of columns on every hardware thread, each summing its own part of the two traces.
    constexpr Eigen::Index block = 64;
    const Eigen::Index columns = v.outerSize(), blocks = (columns + block - 1) / block;
    std::vector<double> odd(static_cast<std::size_t>(blocks), 0.0), even(static_cast<std::size_t>(blocks), 0.0);
    parallel_for(static_cast<std::size_t>(blocks), thread_count(0), [&](std::size_t b, int) {
        const Eigen::Index first = static_cast<Eigen::Index>(b) * block, last = std::min(columns, first + block);
        for (Eigen::Index j = first; j < last; ++j) {
            auto column = next.col(j);
            column.setZero();
            for (typename SparseV::InnerIterator it(v, j); it; ++it) column.noalias() += it.value() * power.col(it.index());
            odd[b] += power.col(j).dot(column);
            even[b] += column.squaredNorm();
        }
    });
    double sum_odd = 0.0, sum_even = 0.0;  // in block order: the same sums for any thread count
    for (std::size_t b = 0; b < odd.size(); ++b) sum_odd += odd[b], sum_even += even[b];
    return {sum_odd, sum_even};
}

/// Exact traces from dense powers: t_(2a) from V^a with itself, t_(2a+1) from V^a and V^(a+1).
/// For a symmetric V the powers are symmetric and tr(AB) = Σ a_il b_il reads both contiguously,
/// in the same pass as the product (the transposed read of the general case costs about as much
/// as the product).
template <typename SparseV>
int dense_traces(const SparseV& v, bool symmetric, int max_power, Eigen::VectorXd& t) {
    const double n = static_cast<double>(v.rows());
    Eigen::MatrixXd power = Eigen::MatrixXd(v);  // V^a
    Eigen::MatrixXd next(power.rows(), power.cols());
    if (max_power >= 1) t[1] = power.trace() / n;
    if (max_power >= 2) t[2] = symmetric ? power.squaredNorm() / n : trace_of_product(power, power) / n;
    for (int a = 1; 2 * a + 1 <= max_power; ++a) {
        // V^(a+1) = V^a V (powers commute): each column of the product combines a few columns of
        // V^a — neighbours in breadth-first order — and the two buffers are reused.
        if (symmetric) {
            const auto [odd, even] = product_with_traces(power, v, next);
            t[2 * a + 1] = odd / n;
            if (2 * a + 2 <= max_power) t[2 * a + 2] = even / n;
        } else {
            next.noalias() = power * v;
            t[2 * a + 1] = trace_of_product(power, next) / n;
            if (2 * a + 2 <= max_power) t[2 * a + 2] = trace_of_product(next, next) / n;
        }
        power.swap(next);
    }
    return max_power;
}

/// An upper bound of the entries of the product ab (row-major): Σ_i Σ_(l in row i of a) |row l of b|,
/// capped at n per row.
double product_entries_bound(const Sparse& a, const Sparse& b) {
    const auto* outer = b.outerIndexPtr();
    double total = 0.0;
    for (Index i = 0; i < a.outerSize(); ++i) {
        double row = 0.0;
        for (Sparse::InnerIterator it(a, i); it; ++it) row += static_cast<double>(outer[it.index() + 1] - outer[it.index()]);
        total += std::min(row, static_cast<double>(b.cols()));
    }
    return total;
}

/// tr(V²) for V = D⁻¹B with B symmetric (d empty: V symmetric): v_ji = v_ij d_i/d_j, so
/// tr(V²) = Σ_ij v_ij² d_i/d_j in one pass, with no lookup of v_ji.
double square_trace_symmetric_similar(const Sparse& v, const Eigen::VectorXd& d) {
    double sum = 0.0;
    for (Index i = 0; i < v.outerSize(); ++i)
        for (Sparse::InnerIterator it(v, i); it; ++it)
            sum += it.value() * it.value() * (d.size() ? d[i] / d[it.index()] : 1.0);
    return sum;
}

/// Exact traces from sparse powers kept while their entries fit the budget: with V..V^A kept,
/// t_j = tr(V^⌊j/2⌋ V^⌈j/2⌉) for j ≤ 2A. `symmetric`: V's symmetric scaling d when it has a
/// symmetric similar form (an empty d for a symmetric V), else null.
int sparse_traces(const Sparse& v, int max_power, double budget, Eigen::VectorXd& t, const Eigen::VectorXd* symmetric) {
    const double n = static_cast<double>(v.rows());
    std::vector<Sparse> powers{v};
    double entries = static_cast<double>(v.nonZeros());
    while (2 * static_cast<int>(powers.size()) < max_power) {
        // Σ_i Σ_(l in row i of V) (entries of row l of V^a) bounds the entries of V^(a+1) in O(nnz):
        // the product itself is not formed when it could not fit (at 10^6 units V² alone costs seconds).
        if (entries + product_entries_bound(v, powers.back()) > budget) break;
        Sparse next = (v * powers.back()).pruned(0.0);
        entries += static_cast<double>(next.nonZeros());
        powers.push_back(std::move(next));
    }
    const int exact = std::min<int>(max_power, 2 * static_cast<int>(powers.size()));
    if (exact >= 1) t[1] = v.diagonal().sum() / n;
    for (int j = 2; j <= exact; ++j)
        t[j] = (j == 2 && symmetric) ? square_trace_symmetric_similar(v, *symmetric) / n
                                     : trace_of_product(powers[j / 2 - 1], powers[(j + 1) / 2 - 1]) / n;
    return exact;
}

/// Mean and standard error of the probe values zᵀV^jz / n.
void record(const Eigen::ArrayXd& per_probe, double n, double& value, double& std_error) {
    const double p = static_cast<double>(per_probe.size());
    const double mean = per_probe.mean();
    value = mean / n;
    std_error = std::sqrt((per_probe - mean).square().sum() / (p - 1.0) / p) / n;
}


using RowBlock = SpatialWeights::RowBlock;

/// Σ_i d_i a_ij b_ij for each column j of row-major blocks (d = 1 when empty).
Eigen::ArrayXd weighted_column_dots(const RowBlock& a, const RowBlock& b, const Eigen::VectorXd& d) {
    Eigen::ArrayXd out = Eigen::ArrayXd::Zero(a.cols());
    for (Eigen::Index i = 0; i < a.rows(); ++i)
        out += (d.size() ? d[i] : 1.0) * (a.row(i).array() * b.row(i).array()).transpose();
    return out;
}

/// Hutchinson estimates of t_j for first ≤ j ≤ max_power, the probes kept row-major (each unit's
/// values together) through every product with W. With a symmetric similar S = D^(1/2) V D^(−1/2)
/// (d = 1 for a symmetric W), S^a Z = D^(1/2) U_a with U_a = V^a D^(−1/2) Z, and the estimates
/// pair: zᵀS^(2a)z = Σ_i d_i u_a,i², zᵀS^(2a+1)z = Σ_i d_i u_a,i u_(a+1),i. Otherwise Y_j = V^j Z
/// and zᵀV^jz directly.
void probe_traces(const SpatialWeights& w, double scale, const Eigen::VectorXd* scaling, int first, int max_power,
                  const PowerTraceOptions& options, PowerTraces& out) {
    const double n = static_cast<double>(w.n());
    const RowBlock z = rademacher_probes(w.n(), options.probes, options.seed);
    const auto power_step = [&](const RowBlock& x) {
        RowBlock y = w.lag(x);
        if (scale != 1.0) y /= scale;
        return y;
    };
    const Eigen::VectorXd none;
    if (scaling == nullptr) {
        RowBlock y = z;
        for (int j = 1; j <= max_power; ++j) {
            y = power_step(y);
            if (j >= first) record(weighted_column_dots(z, y, none), n, out.value[j], out.std_error[j]);
        }
        return;
    }
    const Eigen::VectorXd& d = *scaling;
    RowBlock u = d.size() ? RowBlock(d.cwiseSqrt().cwiseInverse().asDiagonal() * z) : z;  // U_0 = D^(−1/2) Z
    for (int a = 0; 2 * a <= max_power; ++a) {
        if (2 * a >= first && a > 0) record(weighted_column_dots(u, u, d), n, out.value[2 * a], out.std_error[2 * a]);
        if (2 * a + 1 > max_power) break;
        RowBlock next = power_step(u);
        if (2 * a + 1 >= first) record(weighted_column_dots(u, next, d), n, out.value[2 * a + 1], out.std_error[2 * a + 1]);
        u.swap(next);
    }
}

bool dense_fits(const SpatialWeights& w, const PowerTraceOptions& options) {
    const double n = static_cast<double>(w.n());
    return n * n <= static_cast<double>(options.exact_entries);
}

}  // namespace

PowerTraces power_traces(const SpatialWeights& w, double scale, int max_power, const PowerTraceOptions& options) {
    options.validate();
    if (max_power < 0) throw std::invalid_argument("power traces: max_power must be >= 0");
    if (!(scale > 0.0) || !std::isfinite(scale)) throw std::invalid_argument("power traces: scale must be positive");
    PowerTraces out;
    out.value = Eigen::VectorXd::Zero(max_power + 1);
    out.std_error = Eigen::VectorXd::Zero(max_power + 1);
    out.value[0] = 1.0;
    const bool symmetric = has_symmetric_similar(w);  // O(links) for a symmetric W: asked once
    if (dense_fits(w, options)) {
        // The symmetric similar S has W's traces, and so has W with its units renumbered: in
        // breadth-first order each column of V^a V reads a narrow band of V^a's columns, which then
        // stay in cache (in random order the product streams n² entries per link and is bound by memory).
        const SpatialWeights local = w.permuted(breadth_first_order(w));
        out.exact_through = symmetric ? dense_traces(SymmetricSparse(symmetric_similar(local) / scale), true, max_power, out.value)
                                      : dense_traces(Sparse(local.matrix() / scale), false, max_power, out.value);
        out.method = fmt::format("exact traces of W^1..W^{} from dense powers{}", max_power,
                                 symmetric ? " of the symmetric similar matrix" : "");
        return out;
    }
    Sparse scaled;
    if (scale != 1.0) scaled = w.matrix() / scale;
    const Sparse& v = scale != 1.0 ? scaled : w.matrix();  // no copy of W at scale 1 (row-standardised)
    const Eigen::VectorXd no_scaling;
    const Eigen::VectorXd* scaling = !symmetric                                  ? nullptr
                                     : w.symmetric_scaling().size() == w.n() ? &w.symmetric_scaling()
                                                                             : &no_scaling;
    const double budget = std::min(static_cast<double>(options.exact_entries),
                                   options.sparse_power_factor * static_cast<double>(w.links()));
    out.exact_through = sparse_traces(v, max_power, budget, out.value, scaling);
    out.method = fmt::format("exact traces of W^1..W^{} from sparse powers", out.exact_through);
    if (out.exact_through < max_power) {
        probe_traces(w, scale, scaling, out.exact_through + 1, max_power, options, out);
        out.method += fmt::format(", Hutchinson estimates of W^{}..W^{} ({} Rademacher probes{})", out.exact_through + 1,
                                  max_power, options.probes, symmetric ? ", paired powers of the symmetric similar matrix" : "");
    }
    return out;
}

double spectral_radius_bound(const SpatialWeights& w, int iterations) {
    const Sparse& m = w.matrix();
    const Eigen::VectorXd row_sums = m * Eigen::VectorXd::Ones(w.n());
    if (w.n() == 0 || m.nonZeros() == 0) return 0.0;
    const Eigen::VectorXd column_sums = Eigen::RowVectorXd::Ones(w.n()) * m;
    double bound = std::min(row_sums.maxCoeff(), column_sums.maxCoeff());
    if (row_sums.maxCoeff() - row_sums.minCoeff() <= 1e-12 * row_sums.maxCoeff()) return bound;  // constant: exact
    Eigen::VectorXd v = Eigen::VectorXd::Ones(w.n());
    double previous = std::numeric_limits<double>::infinity();
    for (int step = 0; step < iterations; ++step) {
        const Eigen::VectorXd next = m * v;
        double gamma = 0.0;
        bool valid = true;
        for (Index i = 0; i < w.n() && valid; ++i) {
            if (w.cardinality(i) == 0) continue;
            valid = v[i] > 0.0;
            if (valid) gamma = std::max(gamma, next[i] / v[i]);
        }
        if (!valid) break;
        bound = std::min(bound, gamma);
        if (gamma >= previous * (1.0 - 1e-9)) break;  // no longer tightening: the power method has settled
        previous = gamma;
        v = next / next.maxCoeff();
    }
    return bound;
}

namespace {

/// γ = max_i (V v)_i / v_i over rows with a neighbour, +∞ when v_i = 0 on one of them.
double growth_ratio(const SpatialWeights& w, const Eigen::VectorXd& v, const Eigen::VectorXd& next) {
    double gamma = 0.0;
    for (Index i = 0; i < w.n(); ++i) {
        if (w.cardinality(i) == 0) continue;
        if (!(v[i] > 0.0)) return std::numeric_limits<double>::infinity();
        gamma = std::max(gamma, next[i] / v[i]);
    }
    return gamma;
}

}  // namespace

double row_sum_remainder(const RowSumMoments& moments, double scale, double r) {
    const Eigen::Index q = moments.value.size() - 1;
    if (moments.constant) return 0.0;
    if (!(r * moments.growth < 1.0)) return std::numeric_limits<double>::infinity();
    return moments.value[q] * std::pow(r, static_cast<double>(q)) * std::max(1.0, scale * moments.growth) /
           (1.0 - r * moments.growth);
}

RowSumMoments row_sum_moments(const SpatialWeights& w, double scale, double r_max, double tolerance, int min_terms,
                              int max_terms) {
    if (!(scale > 0.0)) throw std::invalid_argument("row-sum moments: scale must be positive");
    RowSumMoments out;
    const Eigen::VectorXd row_sums = w.matrix() * Eigen::VectorXd::Ones(w.n()) / scale;
    if (w.n() > 0 && row_sums.maxCoeff() - row_sums.minCoeff() <= 1e-12 * std::abs(row_sums.maxCoeff())) {
        out.constant = true;
        const double c0 = row_sums[0];
        out.value.resize(std::max(min_terms, 1) + 1);
        for (Eigen::Index j = 0; j < out.value.size(); ++j) out.value[j] = std::pow(c0, static_cast<double>(j));
        out.growth = c0;
        return out;
    }
    std::vector<double> s{1.0};
    Eigen::VectorXd v = Eigen::VectorXd::Ones(w.n());
    const double n = static_cast<double>(w.n());
    for (int j = 1; j <= max_terms; ++j) {
        Eigen::VectorXd next = w.lag(v) / scale;
        out.growth = growth_ratio(w, v, next);
        s.push_back(next.sum() / n);
        v.swap(next);
        out.value = Eigen::Map<const Eigen::VectorXd>(s.data(), static_cast<Eigen::Index>(s.size()));
        if (j >= min_terms && row_sum_remainder(out, scale, r_max) <= tolerance) break;
    }
    return out;
}

}  // namespace spillover
