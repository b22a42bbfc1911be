#include "esda/global_test.hpp"

#include <cmath>

namespace spillover {

GlobalTest begin_global_test(std::string statistic, const WeightsConstants& c, const GlobalTestOptions& options) {
    GlobalTest t;
    t.statistic = std::move(statistic);
    t.assumption = options.assumption;
    t.alternative = options.alternative;
    t.n = c.n;
    t.n_all = c.n_all;
    t.s0 = c.s0;
    return t;
}

void set_normal_inference(GlobalTest& t, Alternative alternative, const std::string& trouble, double sign) {
    if (t.variance > 0.0) {
        t.z = sign * (t.value - t.expected) / std::sqrt(t.variance);
        t.p_value = normal_p_value(t.z, alternative);
    } else {
        t.status = FitStatus::Warning;
        t.message = trouble;
    }
}

void set_permutation_inference(GlobalTest& t, const PermutationCounts& counts, Alternative alternative) {
    t.permutations = counts.draws;
    t.permutation_p_value = permutation_p_value(counts.at_least, counts.at_most, counts.draws, alternative);
    t.permutation_mean = counts.mean;
    t.permutation_sd = counts.sd;
}

}  // namespace spillover
