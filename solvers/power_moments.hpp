#pragma once
// Moments of the powers of W, the terms of the series of the spatial multiplier (I − ρW)⁻¹ =
// Σ_j ρ^j W^j (LeSage & Pace 2009, §4.2 and §4.5):
//
//     traces    t_j = tr(V^j)/n       the mean of the diagonal of V^j     (direct effects)
//     row sums  s_j = 1ᵀV^j1/n        the mean row sum of V^j             (total effects)
//
// of V = W/c, W scaled by an upper bound c of its spectral radius (spectral_radius_bound), so that
// |t_j| ≤ 1 for every j (|tr(V^j)| = |Σ_i μ_i^j| ≤ n) and no power overflows.
//
// Traces, exact while affordable:
//   - n² ≤ exact_entries: dense powers. Since tr(V^(a+b)) = Σ_il (V^a)_il (V^b)_li, the powers up to
//     V^(m/2) give every trace up to m: m/2 products of sparse V with a dense n × n matrix.
//   - otherwise sparse powers V^a while their entries stay within a few times those of W (usually
//     only V itself, giving t_1 and t_2 exactly), the same pairing giving traces up to 2a;
//   - beyond: Hutchinson estimates with p Rademacher probes z, t_j ≈ mean zᵀV^jz/n, each with its
//     standard error over the probes. When W has a symmetric similar form S (same traces), the
//     estimates pair too, zᵀS^(2a)z = ‖S^a z‖² and zᵀS^(2a+1)z = (S^a z)ᵀ(S^(a+1) z): m traces cost
//     m/2 products with W. The relative error falls like 1/√(n p): at 10^6 units it is far below the
//     simulation error of any effect.
// Row sums: exact, from the power vectors V^j 1 (one product with W each), with a provable bound on
// the rest of the series (RowSumMoments).

#include <cstdint>
#include <string>

#include <Eigen/Dense>

#include "weights/spatial_weights.hpp"

namespace spillover {

struct PowerTraceOptions {
    /// Exact dense powers when n² is at most this many entries (2·10^7 entries are 160 MB: up to
    /// about 4500 units).
    std::int64_t exact_entries = 20'000'000;
    /// Above that, sparse powers while all the powers kept hold at most this many times the links
    /// of W (and at most exact_entries): a sparse product costs about its entries' worth of work, and
    /// the fill grows geometrically, so this keeps W² where it is cheap and stops before it is not
    /// (at 10^4 units a budget of 2·10^7 entries took 4.5 s of sparse products).
    double sparse_power_factor = 4.0;
    /// Hutchinson probes for the traces beyond the exact ones. Each power costs one product of W
    /// with the block (at 10^6 units, 8 probes: about 0.06 s); the standard error of t_j falls like
    /// 1/√(n p) and is reported.
    int probes = 8;
    std::uint64_t seed = 20261129;
    void validate() const;
};

struct PowerTraces {
    Eigen::VectorXd value;      ///< t_0 … t_m of V = W/scale (t_0 = 1)
    Eigen::VectorXd std_error;  ///< Hutchinson standard error of each t_j; 0 where exact
    int exact_through = 0;      ///< t_j is exact for j ≤ exact_through
    std::string method;         ///< what ran, in words
};

/// t_j of W/scale for j = 0 … max_power. scale must bound W's spectral radius (see above).
PowerTraces power_traces(const SpatialWeights& w, double scale, int max_power, const PowerTraceOptions& options = {});

/// An upper bound of the spectral radius of W (W ≥ 0): the smaller of the largest row sum and the
/// largest column sum, tightened by the Collatz–Wielandt bound max_i (Wv)_i/v_i along `iterations`
/// steps of the power method from v = 1 (valid whenever v > 0 on every row with a neighbour; rows
/// without one add the eigenvalue 0). For a row-standardised W it is 1, exactly the spectral radius.
double spectral_radius_bound(const SpatialWeights& w, int iterations = 50);

/// s_j of V = W/scale, j = 0 … terms, from the exact power vectors v_j = V^j 1, with what bounds
/// the rest of the series: whenever v_q > 0 on every row with a neighbour, V v_q ≤ γ v_q with
/// γ = max_i (V v_q)_i/(v_q)_i, so V^m v_q ≤ γ^m v_q and s_(q+m) ≤ γ^m s_q (Collatz–Wielandt).
struct RowSumMoments {
    Eigen::VectorXd value;  ///< s_0 … s_q (s_0 = 1)
    /// γ at the last term, or +∞ when v_q vanishes on a row with a neighbour (no bound).
    double growth = 0.0;
    /// All rows of W sum to the same value (row-standardised without islands): s_j = c0^j exactly.
    bool constant = false;
};

/// Row-sum moments of W/scale, continued until the bound on Σ_{j>q} r^j s_j (× max(1, scale), see
/// SpatialMultiplier) is at most `tolerance` for |ρ'| ≤ r_max, or until max_terms.
RowSumMoments row_sum_moments(const SpatialWeights& w, double scale, double r_max, double tolerance,
                              int min_terms, int max_terms);

/// The bound of RowSumMoments on the rest Σ_{j≥q} r^j s_j and Σ_{j≥q} r^j s_(j+1)·scale after q = the
/// last index, for |ρ'| ≤ r: s_q r^q max(1, scale·γ)/(1 − rγ); +∞ when rγ ≥ 1.
double row_sum_remainder(const RowSumMoments& moments, double scale, double r);

}  // namespace spillover
