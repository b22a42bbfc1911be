#pragma once
// What every global test of spatial autocorrelation shares (Moran's I, Geary's C, Getis–Ord's G,
// the bivariate Moran): the options — variance assumption, alternative, permutations — and the
// result: the statistic, its moments under the null, the normal deviate, its p-value and the
// permutation p-value.
//
// The null moments are spdep 1.2-7's (moran.test, geary.test, globalG.test): under randomisation
// (the default, as spdep: the observed values are a random allocation of the n values to the units,
// so the moments involve the sample kurtosis) or under normality (the values are iid normal).
// Islands (units with no neighbour) are allowed, as spdep with zero.policy = TRUE, and n in the
// moments counts only units with neighbours (spdep's adjust.n = TRUE; esda/weights_constants.hpp).
//
// Permutation inference (`permutations` > 0): the statistic recomputed for random permutations of the
// values over the units (free randomisation, Cliff & Ord 1981; spdep moran.mc, esda Moran.p_sim), from
// a seeded stream (engine/random_permutation.hpp) in blocks of 64 draws, each block its own stream,
// so the p-value depends on the seed and never on the number of threads. The p-value is
// (#{draws at least as extreme} + 1)/(N + 1) (esda/alternative.hpp). R's RNG is not reproduced, so
// the permutation p-values equal spdep's only up to Monte Carlo error. (spdep's moran.mc counts from
// ranks, max(#{draws > I}, 1)/(N + 1) for "greater": one draw fewer than this at most.)

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/estimation_result.hpp"
#include "esda/alternative.hpp"

namespace spillover {

enum class VarianceAssumption { Randomisation, Normality };
std::string_view to_string(VarianceAssumption assumption);

struct PermutationOptions {
    std::int64_t permutations = 999;  ///< N; 0: no permutation inference
    std::uint64_t seed = 20261129;
    int threads = 0;  ///< 0: one per hardware thread (the numbers do not depend on it)
    /// std::invalid_argument for N < 0 or N > 10^7, or threads < 0.
    void validate() const;
};

struct GlobalTestOptions {
    VarianceAssumption assumption = VarianceAssumption::Randomisation;
    Alternative alternative = Alternative::Greater;
    PermutationOptions permutation;
    void validate() const { permutation.validate(); }
};

struct GlobalTest {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::string statistic;  ///< "moran", "geary", "getis", "bivariate_moran"
    double value = nan;     ///< I, C or G
    double expected = nan;  ///< under the null
    double variance = nan;  ///< under the null, by `assumption`
    double z = nan;         ///< the normal deviate; for Geary (E[C] − C)/√Var (positive: positive autocorrelation)
    double p_value = nan;   ///< normal, by `alternative`
    VarianceAssumption assumption = VarianceAssumption::Randomisation;
    Alternative alternative = Alternative::Greater;
    std::int64_t permutations = 0;
    double permutation_p_value = nan;  ///< NaN without permutations
    double permutation_mean = nan;     ///< of the permuted statistics
    double permutation_sd = nan;
    double n = 0.0;      ///< units with neighbours (spdep adjust.n)
    double n_all = 0.0;  ///< all units
    double s0 = 0.0;
    std::vector<std::string> conventions;
    FitStatus status = FitStatus::Ok;
    std::string message;
};

}  // namespace spillover
