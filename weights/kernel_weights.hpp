#pragma once
// Kernel weights from points, following PySAL's libpysal.weights.Kernel (libpysal 4.x,
// weights/distance.py; kernel formulas from Anselin & Rey 2014, Modern Spatial Econometrics in
// Practice, table 5.4).
//
// Conventions (all PySAL's unless marked)
//   - z_ij = d_ij / h_i, with d the planar or great-circle (km) distance of point_set.hpp and h_i the
//     bandwidth of the row's unit i. W is not symmetric when bandwidths differ.
//   - Kernels, for z ≤ 1:
//         Uniform       K(z) = 1/2
//         Triangular    K(z) = 1 − z
//         Epanechnikov  K(z) = 3/4 (1 − z²)          (PySAL "quadratic")
//         Bisquare      K(z) = 15/16 (1 − z²)²       (PySAL "quartic"; GWR's bisquare (1 − z²)² is
//                                                     this times 16/15)
//         Gaussian      K(z) = exp(−z²/2) / √(2π)    (or exp(−z²/2) with gaussian_normalise = false,
//                                                     PySAL's normalize = False)
//     and there is no link for z > 1: the Gaussian too is truncated at the bandwidth, because PySAL
//     evaluates every kernel on the same neighbour set.
//   - Neighbour set: with a fixed bandwidth h, every j with d_ij ≤ h (inclusive, as scipy's
//     query_ball_point), unit i itself included. Adaptive: unit i and its k nearest neighbours
//     (knn.hpp's order and tie rule; PySAL queries the k + 1 nearest, self first).
//   - The diagonal is kept: w_ii = K(0) (1/2, 1, 3/4, 15/16 or 1/√(2π)); `diagonal_one` sets it to 1
//     (PySAL diagonal = True).
//   - Bandwidths: `bandwidth` > 0 fixes h for every unit. Otherwise from k: fixed,
//     h = eps · max_i d_i(k); adaptive, h_i = eps · d_i(k), where d_i(k) is the distance from i to
//     its k-th nearest neighbour and eps = 1.0000001 (PySAL's, so that the k-th neighbour gets a
//     small positive weight instead of K(1) = 0 for the tapered kernels). Defaults k = 2 and the
//     triangular kernel are PySAL's.
//   - Links whose kernel value is 0 (z = 1 exactly for the tapered kernels) are dropped: PySAL keeps
//     them as explicit zero weights, SpatialWeights keeps no explicit zero (differs only in neighbour
//     counts, not in W).
//   - Duplicate points are at d = 0: each gets K(0) from the other.

#include <optional>
#include <string_view>
#include <vector>

#include "weights/point_set.hpp"
#include "weights/spatial_weights.hpp"

namespace spillover {

enum class KernelFunction { Uniform, Triangular, Epanechnikov, Bisquare, Gaussian };

/// "uniform", "triangular", "epanechnikov" (also "quadratic"), "bisquare" (also "quartic"),
/// "gaussian"; InputError otherwise.
KernelFunction parse_kernel_function(std::string_view name);
std::string_view to_string(KernelFunction function);

/// K(z) for 0 ≤ z ≤ 1 (see the header comment); 0 for z > 1.
double kernel_value(KernelFunction function, double z, bool gaussian_normalise = true);

struct KernelOptions {
    KernelFunction function = KernelFunction::Triangular;
    /// A fixed bandwidth h > 0 (distance units, km for lon/lat); absent = from k.
    std::optional<double> bandwidth;
    /// Bandwidth per unit, h_i = eps · distance to its k-th nearest neighbour (needs no `bandwidth`).
    bool adaptive = false;
    int k = 2;                      ///< neighbours that set the bandwidth (when not given)
    double eps = 1.0000001;         ///< PySAL's bandwidth inflation
    bool diagonal_one = false;      ///< w_ii = 1 instead of K(0)
    bool gaussian_normalise = true; ///< Gaussian with the 1/√(2π) factor
    int threads = 0;                ///< 0 = one per hardware thread

    /// Throws InputError: a bandwidth that is not a positive finite number, a fixed bandwidth
    /// together with `adaptive`, k < 1, eps < 1 or not finite, threads < 0.
    void validate() const;
    /// Also k < n when the bandwidth comes from k.
    void validate(PointSet::Index n) const;
};

/// h_i for every unit (all equal unless adaptive).
std::vector<double> kernel_bandwidths(const PointIndex& index, const KernelOptions& options);
std::vector<double> kernel_bandwidths(const PointSet& points, const KernelOptions& options);

/// Kernel W (diagonal included), ids from `points`.
SpatialWeights kernel_weights(const PointSet& points, const KernelOptions& options);

}  // namespace spillover
