#include "esda/local_inference.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace spillover {

void LocalInferenceOptions::validate() const {
    if (!(significance > 0.0 && significance < 1.0))
        throw std::invalid_argument(fmt::format("the significance level must be in (0, 1) (got {})", significance));
    permutation.validate();
}

LocalInference local_inference(const Eigen::VectorXd& analytic_p, const std::vector<PermutationCounts>& counts,
                               const Eigen::VectorXd& direction, const LocalInferenceOptions& options) {
    const Eigen::Index n = analytic_p.size();
    LocalInference r;
    r.permutation_p_value = Eigen::VectorXd::Constant(n, std::nan(""));
    for (Eigen::Index i = 0; i < n && !counts.empty(); ++i) {
        const PermutationCounts& c = counts[static_cast<std::size_t>(i)];
        if (c.draws == 0) continue;
        if (direction[i] == 0.0) {
            r.permutation_p_value[i] = 1.0;  // the statistic is the same whatever the neighbours
            continue;
        }
        const std::int64_t at_least = direction[i] > 0.0 ? c.at_least : c.at_most;
        r.permutation_p_value[i] = folded_permutation_p_value(at_least, c.draws);
    }
    const bool permuted = !counts.empty();
    r.p_source = permuted ? "permutation" : "analytic";
    r.p_adjusted = adjusted_p_values(permuted ? r.permutation_p_value : analytic_p, options.adjust);
    r.significant.resize(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) r.significant[static_cast<std::size_t>(i)] = r.p_adjusted[i] < options.significance;
    return r;
}

std::vector<std::string> local_inference_conventions(const LocalInference& inference, const LocalInferenceOptions& options) {
    std::vector<std::string> lines;
    lines.push_back(fmt::format("local p_value: analytic, normal approximation, alternative {}", to_string(options.alternative)));
    if (inference.p_source == "permutation")
        lines.push_back(fmt::format(
            "local permutation_p_value: conditional randomisation (unit i fixed, its neighbours' values drawn without "
            "replacement from the other units), {} draws, seed {}, folded pseudo p (min(#>=, N-#>=)+1)/(N+1) as esda's p_sim",
            options.permutation.permutations, options.permutation.seed));
    lines.push_back(fmt::format("clusters: {} p-values, adjustment {}, significant when p < {}", inference.p_source,
                                to_string(options.adjust), options.significance));
    return lines;
}

}  // namespace spillover
