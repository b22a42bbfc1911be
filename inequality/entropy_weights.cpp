#include "inequality/entropy_weights.hpp"

#include <cmath>
#include <set>
#include <stdexcept>

#include "engine/input_error.hpp"
#include "engine/number_format.hpp"

namespace spillover {

std::vector<Indicator> parse_indicators(const std::string& list) {
    std::vector<Indicator> indicators;
    std::set<std::string> seen;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        std::string item = list.substr(start, comma - start);
        while (!item.empty() && item.front() == ' ') item.erase(item.begin());
        while (!item.empty() && item.back() == ' ') item.pop_back();
        Indicator indicator;
        if (!item.empty() && item.front() == '-') {
            indicator.direction = Direction::Negative;
            item.erase(item.begin());
        }
        if (item.empty())
            throw InputError("--indicators: an empty indicator name in '" + list + "' (give names as a,b,-c)");
        if (!seen.insert(item).second) throw InputError("--indicators: '" + item + "' is given twice");
        indicator.name = item;
        indicators.push_back(indicator);
        start = comma + 1;
    }
    return indicators;
}

Eigen::MatrixXd min_max_normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Indicator>& indicators,
                                  double shift, const std::string& where) {
    if (static_cast<std::size_t>(x.cols()) != indicators.size())
        throw std::invalid_argument("min_max_normalise: " + std::to_string(x.cols()) + " columns for " +
                                    std::to_string(indicators.size()) + " indicators");
    Eigen::MatrixXd z(x.rows(), x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double lo = x.col(j).minCoeff(), hi = x.col(j).maxCoeff();
        const Indicator& indicator = indicators[static_cast<std::size_t>(j)];
        if (!(hi > lo))
            throw InputError("indicator '" + indicator.name + "' is constant" + where +
                             " (every value is " + format_number(lo) + "): it has no min-max normalisation; leave it out");
        const double range = hi - lo;
        if (indicator.direction == Direction::Positive)
            z.col(j) = (x.col(j).array() - lo) / range + shift;
        else
            z.col(j) = (hi - x.col(j).array()) / range + shift;
    }
    return z;
}

EntropyWeights entropy_weights(const Eigen::Ref<const Eigen::MatrixXd>& normalised) {
    const Eigen::Index m = normalised.rows(), k = normalised.cols();
    if (m < 2) throw std::invalid_argument("entropy_weights: needs at least 2 observations");
    EntropyWeights w;
    w.entropy.resize(k);
    const double scale = 1.0 / std::log(static_cast<double>(m));
    for (Eigen::Index j = 0; j < k; ++j) {
        const double total = normalised.col(j).sum();
        if (!(total > 0.0)) throw std::invalid_argument("entropy_weights: a column has no positive sum");
        double sum = 0.0;
        for (Eigen::Index i = 0; i < m; ++i) {
            const double p = normalised(i, j) / total;
            if (p > 0.0) sum += p * std::log(p);
        }
        w.entropy(j) = -scale * sum;
    }
    w.divergence = 1.0 - w.entropy.array();
    w.weight = w.divergence / w.divergence.sum();
    return w;
}

}  // namespace spillover
