#include "esda/local_getis_ord.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <Eigen/SparseCore>

#include "esda/permutation_test.hpp"

namespace spillover {

std::string_view to_string(HotSpot cluster) {
    switch (cluster) {
        case HotSpot::NotSignificant: return "Not significant";
        case HotSpot::Hot: return "Hot spot";
        case HotSpot::Cold: return "Cold spot";
        case HotSpot::NoNeighbours: return "No neighbours";
    }
    return "?";
}

SpatialWeights star_weights(const SpatialWeights& w) {
    const SpatialWeights::Matrix& W = w.matrix();
    std::vector<Eigen::Triplet<double, SpatialWeights::Index>> links;
    links.reserve(static_cast<std::size_t>(W.nonZeros() + w.n()));
    for (SpatialWeights::Index i = 0; i < W.outerSize(); ++i) {
        for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it)
            if (it.col() != i) links.emplace_back(i, it.col(), it.value());
        links.emplace_back(i, i, 1.0);
    }
    SpatialWeights::Matrix star(w.n(), w.n());
    star.setFromTriplets(links.begin(), links.end());
    return SpatialWeights(w.ids(), taken(star), WeightsTransform::None);
}

LocalGResult local_g(const Eigen::VectorXd& x, const SpatialWeights& w, bool star, const LocalInferenceOptions& options) {
    options.validate();
    if (x.size() != w.n()) throw std::invalid_argument("local_g: the variable and W differ in size");
    const SpatialWeights::Matrix& W = w.matrix();
    const Eigen::Index n_units = x.size();
    const double n = static_cast<double>(n_units), sum = x.sum(), sum2 = x.squaredNorm();
    LocalGResult r;
    r.star = star;
    for (Eigen::VectorXd* v : {&r.g, &r.expected, &r.variance, &r.z, &r.p_value}) v->resize(n_units);
    const Eigen::VectorXd lx = w.lag(x);
    const double mean = sum / n, s2_star = (x.array() - mean).square().sum() / n;
    std::vector<bool> has_neighbours(static_cast<std::size_t>(n_units));
    for (Eigen::Index i = 0; i < n_units; ++i) {
        double wi = 0.0, s1i = 0.0;
        bool self = false, other = false;
        for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it) {
            wi += it.value();
            s1i += it.value() * it.value();
            (it.col() == i ? self : other) = true;
        }
        if (star != self)
            throw std::invalid_argument(star ? "local G*: W must include each unit in its neighbours (star_weights)"
                                             : "local G: W has a self-link; use G* for a W that includes the unit");
        has_neighbours[static_cast<std::size_t>(i)] = other;
        double xbar, s2, var, denominator;
        if (star) {
            xbar = mean;
            s2 = s2_star;
            var = s2 * (n * s1i - wi * wi) / (n - 1.0);
            denominator = sum;
        } else {
            xbar = (sum - x[i]) / (n - 1.0);
            s2 = (sum2 - x[i] * x[i]) / (n - 1.0) - xbar * xbar;
            var = s2 * ((n - 1.0) * s1i - wi * wi) / (n - 2.0);
            denominator = sum - x[i];
        }
        const double expected = wi * xbar;
        r.z[i] = (lx[i] - expected) / std::sqrt(var);
        r.p_value[i] = normal_p_value(r.z[i], options.alternative);
        r.g[i] = lx[i] / denominator;
        r.expected[i] = expected / denominator;
        r.variance[i] = var / (denominator * denominator);
    }

    std::vector<PermutationCounts> counts;
    if (options.permutation.permutations > 0) counts = conditional_counts(w, x, options.permutation);
    const LocalInference inference = local_inference(r.p_value, counts, Eigen::VectorXd::Ones(n_units), options);
    r.permutation_p_value = inference.permutation_p_value;
    r.p_adjusted = inference.p_adjusted;
    r.cluster.resize(static_cast<std::size_t>(n_units));
    for (std::size_t i = 0; i < r.cluster.size(); ++i) {
        if (!has_neighbours[i]) r.cluster[i] = HotSpot::NoNeighbours;
        else if (!inference.significant[i]) r.cluster[i] = HotSpot::NotSignificant;
        else r.cluster[i] = r.z[static_cast<Eigen::Index>(i)] > 0.0 ? HotSpot::Hot : HotSpot::Cold;
    }
    r.conventions.push_back(star ? "local G*: spdep localG with include.self() (each unit its own neighbour, weight 1 "
                                   "before the transform); Z as spdep, G = (Wx)_i / sum(x)"
                                 : "local G: spdep localG; Z as spdep, G = (Wx)_i / (sum(x) - x_i)");
    for (std::string& line : local_inference_conventions(inference, options)) r.conventions.push_back(std::move(line));
    r.conventions.push_back("classes: Hot spot (significant, Z > 0), Cold spot (significant, Z < 0)");
    return r;
}

}  // namespace spillover
