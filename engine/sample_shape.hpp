#pragma once
// The shape of the sample a spatial likelihood runs over: N units (the units of W) observed in T
// periods, the rows stacked period by period (the N units of the first period, then the second ...),
// and what the shape does to the likelihood.
//
// With W the same N × N matrix in every period, the model's operator is I_T ⊗ W, and
//     ℓ(ρ) = −(n_obs/2) ln(2πσ²) − e'e/(2σ²) + m·ln|I_N − ρW| + c·ln(1 − ρ),
// where
//   - n_obs (`observations`) is the number of terms in the likelihood: N for a cross-section, NT
//     for a panel in the direct approach (Elhorst 2014, §3.2), fewer where a transformation
//     removes the effects (Lee & Yu 2010: N(T − 1) for unit effects, (N − 1)T for time effects);
//   - m (`logdet_multiplier`) counts the periods whose Jacobian enters: ln|I_T ⊗ (I − ρW)| = T·ln|I − ρW|
//     (m = T), or T − 1 after Lee & Yu's orthonormal transformation of the periods;
//   - c (`unit_root`) multiplies ln(1 − ρ): Lee & Yu's transformation of the units (time effects,
//     W row-standardised) removes W's eigenvalue 1 from each transformed period, so each of them
//     loses ln(1 − ρ): c = −m.
// The cross-section is N units, T = 1, n_obs = N, m = 1, c = 0: then every formula below is the
// cross-section's, to the last bit (a multiplier of 1 and a term of 0 change no rounding).
//
// Traces over the sample. The information matrix needs traces of functions of W over all the
// sample's periods; with the rule above, a trace over the transformed sample of f(W) is
// m·tr f(W) + c·f(1) (the eigenvalue 1 removed from each of the m transformed periods). That is
// exact for T1 = tr(W A⁻¹) and T2 = tr((W A⁻¹)²), the first two derivatives of the Jacobian, and for
// T3 = tr((W A⁻¹)ᵀ W A⁻¹) when 1 is also a left eigenvector of W (the columns of W sum to 1 too, as
// for a row-standardised symmetric pattern of equal degrees); otherwise the T3 term of a c ≠ 0
// sample needs a correction, which models/spatial_sample.hpp (SpatialSample::traces) makes exactly.

#include <cmath>
#include <cstdint>

namespace spillover {

struct SampleShape {
    std::int64_t units = 0;         ///< N: the units of W
    std::int64_t periods = 1;       ///< T: blocks of N rows, period by period
    double observations = 0.0;      ///< n_obs: terms in the likelihood (see above)
    double logdet_multiplier = 1.0; ///< m: multiplies ln|I − ρW|
    double unit_root = 0.0;         ///< c: multiplies ln(1 − ρ)

    /// N units observed once: n_obs = N, m = 1, c = 0.
    static SampleShape cross_section(std::int64_t units);
    /// N units in T periods, every period's likelihood term kept (the direct approach): n_obs = NT,
    /// m = T, c = 0.
    static SampleShape panel(std::int64_t units, std::int64_t periods);

    /// Rows of the stacked data: N·T.
    std::int64_t rows() const noexcept { return units * periods; }

    /// m·ln|I − ρW| + c·ln(1 − ρ), given `logdet` = ln|I − ρW|.
    double jacobian(double logdet, double rho) const {
        double value = logdet_multiplier * logdet;
        if (unit_root != 0.0) value += unit_root * std::log1p(-rho);
        return value;
    }
    /// The trace over the sample of a function f of W whose trace over one period is `t`:
    /// m·t + c·f(1), `at_one` = f(1) (see above). For example tr(W A⁻¹) over the sample is
    /// trace(T1, 1/(1 − ρ)), tr((W A⁻¹)²) is trace(T2, 1/(1 − ρ)²).
    double trace(double t, double at_one) const {
        double value = logdet_multiplier * t;
        if (unit_root != 0.0) value += unit_root * at_one;
        return value;
    }

    /// std::invalid_argument naming the first field out of range (no unit, no period, fewer
    /// observations than 1 or more than the rows, a multiplier that is not positive).
    void validate() const;
};

}  // namespace spillover
