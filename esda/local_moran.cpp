#include "esda/local_moran.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "engine/input_error.hpp"
#include "esda/permutation_test.hpp"

namespace spillover {

std::string_view to_string(QuadrantRule rule) { return rule == QuadrantRule::Centred ? "centred" : "mean"; }

QuadrantRule parse_quadrant_rule(std::string_view name) {
    if (name == "centred" || name == "centered" || name == "geoda" || name == "pysal") return QuadrantRule::Centred;
    if (name == "mean") return QuadrantRule::Mean;
    throw InputError("unknown quadrant rule '" + std::string(name) + "' (centred, mean)");
}

namespace {

LisaClass quadrant_of(bool high, bool lag_high) {
    if (high) return lag_high ? LisaClass::HighHigh : LisaClass::HighLow;
    return lag_high ? LisaClass::LowHigh : LisaClass::LowLow;
}

/// The scatterplot quadrant of every unit by `rule` (spdep's cut(): a value at the cut is Low).
std::vector<LisaClass> quadrants(const Eigen::VectorXd& x, const Eigen::VectorXd& z, const Eigen::VectorXd& lz,
                                   const SpatialWeights& w, QuadrantRule rule) {
    std::vector<LisaClass> q(static_cast<std::size_t>(x.size()));
    Eigen::VectorXd lx;
    double lx_mean = 0.0;
    if (rule == QuadrantRule::Mean) {
        lx = w.lag(x);
        lx_mean = lx.mean();
    }
    const double x_mean = x.mean();
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const auto k = static_cast<std::size_t>(i);
        if (w.cardinality(i) == 0) q[k] = LisaClass::Neighbourless;
        else if (rule == QuadrantRule::Centred) q[k] = quadrant_of(z[i] > 0.0, lz[i] > 0.0);
        else q[k] = quadrant_of(x[i] > x_mean, lx[i] > lx_mean);
    }
    return q;
}

}  // namespace

LocalMoranResult local_moran(const Eigen::VectorXd& x, const SpatialWeights& w, const LocalMoranOptions& options) {
    options.validate();
    if (x.size() != w.n()) throw std::invalid_argument("local_moran: the variable and W differ in size");
    const Eigen::Index n_units = x.size();
    const double n = static_cast<double>(n_units);
    LocalMoranResult r;
    const Eigen::VectorXd z = x.array() - x.mean();
    const double m2 = z.squaredNorm() / n;
    if (!(m2 > 0.0) || n_units < 3) {
        const double nan = std::nan("");
        for (Eigen::VectorXd* v : {&r.ii, &r.expected, &r.variance, &r.z, &r.p_value, &r.permutation_p_value, &r.p_adjusted,
                                   &r.standardised, &r.lag})
            *v = Eigen::VectorXd::Constant(n_units, nan);
        r.quadrant.assign(static_cast<std::size_t>(n_units), LisaClass::NotSignificant);
        r.cluster = r.quadrant;
        r.status = FitStatus::Warning;
        r.message = n_units < 3 ? "local Moran needs at least 3 units" : "the variable is constant: local Moran is undefined";
        return r;
    }
    const Eigen::VectorXd lz = w.lag(z);
    const SpatialWeights::Matrix& W = w.matrix();
    r.ii = (z.array() / m2) * lz.array();
    r.expected.resize(n_units);
    r.variance.resize(n_units);
    r.z.resize(n_units);
    r.p_value.resize(n_units);
    for (Eigen::Index i = 0; i < n_units; ++i) {
        double wi = 0.0, wi2 = 0.0;
        for (SpatialWeights::Matrix::InnerIterator it(W, i); it; ++it) {
            wi += it.value();
            wi2 += it.value() * it.value();
        }
        if (w.cardinality(i) == 0) r.ii[i] = 0.0;  // not −0 from a negative z_i times an empty lag
        const double zi2 = z[i] * z[i];
        r.expected[i] = -zi2 * wi / ((n - 1.0) * m2) + 0.0;
        r.variance[i] = (z[i] / m2) * (z[i] / m2) * (n / (n - 2.0)) * (wi2 - wi * wi / (n - 1.0)) * (m2 - zi2 / (n - 1.0));
        r.z[i] = (r.ii[i] - r.expected[i]) / std::sqrt(r.variance[i]);  // 0/0 = NaN for an island, as spdep
        r.p_value[i] = normal_p_value(r.z[i], options.inference.alternative);
    }

    std::vector<PermutationCounts> counts;
    if (options.inference.permutation.permutations > 0) counts = conditional_counts(w, z, options.inference.permutation);
    const Eigen::VectorXd direction = z.array().sign();  // I_i = (z_i/m2)·L_i
    const LocalInference inference = local_inference(r.p_value, counts, direction, options.inference);
    r.permutation_p_value = inference.permutation_p_value;
    r.p_adjusted = inference.p_adjusted;

    r.quadrant = quadrants(x, z, lz, w, options.quadrant);
    r.cluster = r.quadrant;
    for (std::size_t i = 0; i < r.cluster.size(); ++i)
        if (r.cluster[i] != LisaClass::Neighbourless && !inference.significant[i]) r.cluster[i] = LisaClass::NotSignificant;

    const double sd = std::sqrt(m2);
    r.standardised = z / sd;
    r.lag = lz / sd;
    r.conventions.push_back(
        "local Moran as spdep localmoran (mlvar = TRUE: m2 = sum(z^2)/n; conditional moments; two-sided by default)");
    for (std::string& line : local_inference_conventions(inference, options.inference)) r.conventions.push_back(std::move(line));
    r.conventions.push_back(options.quadrant == QuadrantRule::Centred
                                ? "quadrants: z_i and (Wz)_i against 0 (GeoDa, esda; spdep's \"pysal\")"
                                : "quadrants: x_i against mean(x), (Wx)_i against mean(Wx) (spdep's \"mean\")");
    if (w.has_islands())
        r.conventions.push_back("units with no neighbour: Ii = E = Var = 0, Z and p undefined, class 'No neighbours'");
    return r;
}

}  // namespace spillover
