#pragma once
// The entropy-weight method for a composite index of many indicators (the "entropy method", 熵值法,
// of the regional-development and "new quality productive forces" literature; Shannon's entropy as a
// weight, Zeleny 1982 / Hwang & Yoon 1981).
//
// For m observations (unit-years) of k indicators x_ij:
//   1. min–max normalisation, oriented so that larger is better:
//        positive indicator  x'_ij = (x_ij − min_j) / (max_j − min_j)
//        negative indicator  x'_ij = (max_j − x_ij) / (max_j − min_j)
//      plus a shift (default 0.0001) so that ln p_ij is defined: x'_ij ∈ [shift, 1 + shift];
//   2. p_ij = x'_ij / Σ_i x'_ij;
//   3. entropy e_j = −(1/ln m) Σ_i p_ij ln p_ij  (0 ln 0 = 0 when the shift is 0);
//   4. divergence d_j = 1 − e_j, weight w_j = d_j / Σ_j d_j;
//   5. index_i = Σ_j w_j x'_ij  (inequality/entropy_index.hpp).
// An indicator with little spread relative to its level has p_ij near 1/m, entropy near 1, and a
// small weight.
//
// Scope of min and max (EntropyIndexOptions::scope): pooled over all units and years (the default,
// the "global"/panel entropy method, so that index values compare across years), or per period (each
// year normalised and weighted on its own, the cross-sectional method applied year by year).
// Variants in the literature that are not the default: a shift of 0.01 instead of 0.0001 (--shift),
// the index × 100 (multiply the output).
//
// WARNING: a constant indicator (max = min over the scope) has no normalisation; it is refused,
// naming the indicator (and the period), rather than given weight 0 silently.

#include <string>
#include <vector>

#include <Eigen/Core>

namespace spillover {

enum class Direction { Positive, Negative };

struct Indicator {
    std::string name;
    Direction direction = Direction::Positive;
};

/// "a,b,-c": the indicators in order, a leading '-' marking a negative one (InputError for an empty
/// name or one given twice).
std::vector<Indicator> parse_indicators(const std::string& list);

/// Step 1 over the rows of `x` (m × k, k = indicators.size()). InputError naming the indicator when
/// one is constant; `where` (e.g. " in period 1990") is added to that message.
Eigen::MatrixXd min_max_normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Indicator>& indicators,
                                  double shift, const std::string& where = "");

struct EntropyWeights {
    Eigen::VectorXd entropy;     ///< e_j
    Eigen::VectorXd divergence;  ///< d_j = 1 − e_j
    Eigen::VectorXd weight;      ///< w_j = d_j / Σ d
};

/// Steps 2–4 on a normalised matrix (m ≥ 2 rows, every value ≥ 0, every column with a positive sum).
EntropyWeights entropy_weights(const Eigen::Ref<const Eigen::MatrixXd>& normalised);

}  // namespace spillover
