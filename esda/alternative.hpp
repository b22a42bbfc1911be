#pragma once
// The alternative hypothesis of a test of spatial autocorrelation, and its p-values, as spdep names
// them: "greater" (positive autocorrelation: similar values cluster), "less" (negative: neighbours
// differ) and "two.sided".
//
// For Moran's I, Getis–Ord's G and the local statistics "greater" means a statistic above its
// expectation. For Geary's C positive autocorrelation makes C small (C < 1); spdep's geary.test
// computes z = (E[C] − C)/√Var[C], so that "greater" still means positive autocorrelation, and so
// does this code (esda/geary.hpp).

#include <cstdint>
#include <string_view>

namespace spillover {

enum class Alternative { Greater, Less, TwoSided };

/// "greater", "less", "two.sided" (spdep's names).
std::string_view to_string(Alternative alternative);
/// spdep's names, and "two-sided"; InputError naming the choices otherwise.
Alternative parse_alternative(std::string_view name);

/// The p-value of a standard normal deviate z: P(Z > z), P(Z < z) or P(|Z| > |z|) (NaN for NaN).
double normal_p_value(double z, Alternative alternative);

/// The permutation p-value of an observed statistic among `draws` permuted ones, `at_least` of which
/// are ≥ it and `at_most` ≤ it (Hope 1968; esda, GeoDa; the observed counts as one of the draws):
///   greater (#≥ + 1)/(N + 1),  less (#≤ + 1)/(N + 1),  two.sided min(1, 2·min of the two).
double permutation_p_value(std::int64_t at_least, std::int64_t at_most, std::int64_t draws, Alternative alternative);

/// The folded pseudo p-value of the local statistics, (min(#≥, N − #≥) + 1)/(N + 1): one-sided in the
/// direction the observed value lies (esda's p_sim, GeoDa's LISA p, spdep's "Pr(folded) Sim").
double folded_permutation_p_value(std::int64_t at_least, std::int64_t draws);

}  // namespace spillover
