#include "inequality/gini.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace spillover {

double pairwise_absolute_sum(std::span<const double> y) {
    std::vector<double> sorted(y.begin(), y.end());
    std::sort(sorted.begin(), sorted.end());
    // y_(k) is above the k − 1 values before it and below the n − k after it: its coefficient in
    // Σ_{i<r} (y_(r) − y_(i)) is (k − 1) − (n − k) = 2k − n − 1 (k 1-based); both orders count.
    const double n = static_cast<double>(sorted.size());
    double sum = 0.0;
    for (std::size_t k = 0; k < sorted.size(); ++k) sum += (2.0 * static_cast<double>(k) + 1.0 - n) * sorted[k];
    return 2.0 * sum;
}

double gini(std::span<const double> y) {
    if (y.empty()) throw std::invalid_argument("gini: no values");
    double total = 0.0;
    for (double v : y) total += v;
    const double n = static_cast<double>(y.size()), mean = total / n;
    if (!(mean > 0.0)) throw std::invalid_argument("gini: the mean is not positive");
    return pairwise_absolute_sum(y) / (2.0 * n * n * mean);
}

PositivePartSums positive_part_sums(std::span<const double> a, std::span<const double> b) {
    std::vector<double> sorted(b.begin(), b.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> prefix(sorted.size() + 1, 0.0);  // prefix[k]: sum of the k smallest b
    for (std::size_t k = 0; k < sorted.size(); ++k) prefix[k + 1] = prefix[k] + sorted[k];
    const double n_b = static_cast<double>(sorted.size()), total_b = prefix.back();
    PositivePartSums sums;
    for (double x : a) {
        // b values strictly below x contribute x − b; those above contribute b − x (ties: 0 either way).
        const auto below = static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin());
        const double k = static_cast<double>(below);
        sums.a_above_b += k * x - prefix[below];
        sums.b_above_a += (total_b - prefix[below]) - (n_b - k) * x;
    }
    return sums;
}

}  // namespace spillover
