#include "solvers/spatial_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include <boost/math/tools/minima.hpp>
#include <fmt/format.h>

#include "engine/stage_timer.hpp"
#include "solvers/logdet_model.hpp"

namespace spillover {

void SearchOptions::validate() const {
    if (!(tolerance > 0 && tolerance < 1e-2)) throw std::invalid_argument("search tolerance must be in (0, 0.01)");
    if (!(bound_margin >= 0 && bound_margin < 0.1)) throw std::invalid_argument("search bound_margin must be in [0, 0.1)");
    if (global_nodes < 3) throw std::invalid_argument("search global_nodes must be >= 3");
    if (max_rounds < 1) throw std::invalid_argument("search max_rounds must be >= 1");
}

namespace {

const double brent_floor = std::sqrt(std::numeric_limits<double>::epsilon());

bool sparse_exact(const LogDeterminant& logdet) {
    return logdet.method() == LogDetMethod::Cholesky || logdet.method() == LogDetMethod::Lu;
}

/// Brent locates a maximum only to about √ε relative (the objective is flat there): no step below
/// this floor means anything.
double step_tolerance(const SearchOptions& o, double at) {
    return std::max(o.tolerance, 4 * brent_floor) * std::max(1.0, std::fabs(at));
}

/// The next local spacing: halved, but no more than four times what is still unknown.
double next_spacing(double h, double step, double uncertainty, const LogDetModel& model) {
    return std::max(model.min_spacing(), std::min(h / 2, 4 * std::max(step, uncertainty)));
}

bool near_an_end(double value, double lo, double hi, const SearchOptions& o) {
    const double near = std::max(o.tolerance, 1e-6 * (hi - lo));
    return value - lo < near || hi - value < near;
}

SearchResult brent_search(LogDeterminant& logdet, const std::function<double(double)>& rest, const SampleShape& shape,
                          double lo, double hi) {
    SearchResult r;
    const std::int64_t before = logdet.evaluations();
    auto objective = [&](double rho) { return rest(rho) + shape.jacobian(logdet.evaluate(rho).value, rho); };
    std::tie(r.estimate, r.objective) = brent_maximum(objective, lo, hi);
    r.logdet = logdet.evaluate(r.estimate);
    r.objective = rest(r.estimate) + shape.jacobian(r.logdet.value, r.estimate);
    r.logdet_evaluations = logdet.evaluations() - before;
    r.scheme = fmt::format("Brent's method on the concentrated log-likelihood, {} log-determinant evaluations ({})",
                           r.logdet_evaluations, to_string(logdet.method()));
    return r;
}

/// The exact scheme of the header, in one dimension.
SearchResult interpolated_exact_search(LogDeterminant& logdet, const std::function<double(double)>& rest,
                                       const SampleShape& shape, double lo, double hi, const SearchOptions& o) {
    SearchResult r;
    const std::int64_t before = logdet.evaluations();
    const double width = hi - lo;
    LogDetModel model(logdet, lo, hi, o.use_surrogate);
    double centre = 0.0;
    if (model.has_surrogate()) {
        centre = brent_maximum([&](double rho) { return rest(rho) + shape.jacobian(model.base(rho), rho); }, lo, hi).first;
    } else {
        model.add_chebyshev_nodes(o.global_nodes);
        centre = brent_maximum([&](double rho) { return rest(rho) + shape.jacobian(model.through_all(rho), rho); }, lo, hi)
                     .first;
    }
    int rounds = model.has_surrogate() ? 0 : (o.global_nodes + 1) / 2;  // the global nodes, in pairs
    // First local spacing: about the error of the first maximiser.
    double h = width / (2.0 * o.global_nodes * o.global_nodes);
    double missed = std::numeric_limits<double>::infinity();  // the model's error at the newest nodes
    double side = 1.0;
    r.converged = false;
    for (int round = 0; round < o.max_rounds && !r.converged; ++round) {
        // Exact values at the centre and one side of it (alternating); how far the current model
        // missed them measures its error.
        std::vector<double> fresh;
        for (double rho : {centre, std::clamp(centre + side * h, lo, hi)})
            if (!model.nodes().has_near(rho, rho == centre ? 0.0 : model.min_spacing())) fresh.push_back(rho);
        side = -side;
        if (!fresh.empty()) {
            missed = model.add_exact(fresh);
            ++rounds;
        }
        auto objective = [&](double rho) { return rest(rho) + shape.jacobian(model.near(centre, rho), rho); };
        const double a = std::max(lo, centre - 2 * h), b = std::min(hi, centre + 2 * h);
        const double next = brent_maximum(objective, a, b).first;
        // A model error δ over a spacing h tilts the slope by about m·δ/h, which moves the maximum
        // by that over the curvature: the uncertainty of the estimate the model leaves.
        const double curvature = std::fabs(objective(next + h) - 2 * objective(next) + objective(next - h)) / (h * h);
        const double uncertainty = curvature > 0 ? shape.logdet_multiplier * missed / h / curvature : h;
        const double step = std::fabs(next - centre);
        // Converged: the centre, where the log-determinant is now known exactly, is the maximiser to
        // within the tolerance.
        const double tolerance = step_tolerance(o, next);
        r.converged = step < tolerance && uncertainty < tolerance;
        h = next_spacing(h, step, uncertainty, model);
        if (!r.converged) centre = next;
    }
    r.estimate = centre;
    if (const auto known = model.exact_at(centre)) {
        r.logdet.value = *known;
    } else {
        const double predicted = model.near(centre, centre);
        r.logdet = logdet.evaluate(r.estimate);
        ++rounds;
        r.model_error = std::fabs(r.logdet.value - predicted);
    }
    r.rounds = rounds;
    r.model_error = std::max(r.model_error, missed);
    r.objective = rest(r.estimate) + shape.jacobian(r.logdet.value, r.estimate);
    r.logdet_evaluations = logdet.evaluations() - before;
    const std::string start_from =
        model.has_surrogate() ? fmt::format("started from the maximum with the {} approximation as control variate",
                                            to_string(model.surrogate()->method()))
                              : fmt::format("at {} Chebyshev nodes, interpolated", o.global_nodes);
    r.scheme = fmt::format("exact {} log-determinant {}, then refined by local cubic models: {} factorisations in {} "
                           "parallel rounds; exact value at the optimum (model error at the last nodes {:.2g})",
                           to_string(logdet.method()), start_from, r.logdet_evaluations, r.rounds, r.model_error);
    return r;
}

/// argmax over [r_lo, r_hi] × [l_lo, l_hi] of f(ρ, λ) by nested Brent (λ outside, ρ inside).
std::pair<double, double> nested_maximum(const std::function<double(double, double)>& f, double r_lo, double r_hi,
                                         double l_lo, double l_hi) {
    auto inner = [&](double lambda) { return brent_maximum([&](double rho) { return f(rho, lambda); }, r_lo, r_hi); };
    const double lambda = brent_maximum([&](double l) { return inner(l).second; }, l_lo, l_hi).first;
    return {inner(lambda).first, lambda};
}

/// The joint result at (ρ, λ) with the log-determinants there.
JointSearchResult joint_result(double rho, double lambda, LogDetValue at_rho, LogDetValue at_lambda, double lo,
                               double hi, const SearchOptions& o) {
    JointSearchResult s;
    for (auto [result, value, ld] : {std::tuple{&s.rho, rho, at_rho}, std::tuple{&s.lambda, lambda, at_lambda}}) {
        result->estimate = value;
        result->logdet = ld;
        result->lower = lo;
        result->upper = hi;
        result->at_bound = near_an_end(value, lo, hi, o);
    }
    return s;
}

/// Eigen or an approximate method: every log-determinant value is cheap, so nested Brent on ℓ.
JointSearchResult brent_joint_search(const std::function<double(double, double)>& rest, LogDeterminant& logdet,
                                     const SampleShape& shape, double lo, double hi, const SearchOptions& o) {
    auto jacobian = [&](double r) { return shape.jacobian(logdet.evaluate(r).value, r); };
    const auto [rho, lambda] =
        nested_maximum([&](double r, double l) { return rest(r, l) + jacobian(r) + jacobian(l); }, lo, hi, lo, hi);
    return joint_result(rho, lambda, logdet.evaluate(rho), logdet.evaluate(lambda), lo, hi, o);
}

/// Exact sparse methods: the exact scheme in two dimensions (see the header).
JointSearchResult exact_joint_search(const std::function<double(double, double)>& rest, LogDeterminant& logdet,
                                     const SampleShape& shape, double lo, double hi, const SearchOptions& o) {
    LogDetModel model(logdet, lo, hi, o.use_surrogate);
    double missed = 0.0;
    // Factorises at the points not yet known (sorted, once each).
    auto add_exact = [&](std::vector<double> rs) {
        std::vector<double> fresh;
        for (double r : rs)
            if (!model.exact_at(r)) fresh.push_back(r);
        std::sort(fresh.begin(), fresh.end());
        fresh.erase(std::unique(fresh.begin(), fresh.end()), fresh.end());
        if (!fresh.empty()) missed = model.add_exact(fresh);
    };
    if (!model.has_surrogate()) model.add_chebyshev_nodes(o.global_nodes);
    auto objective = [&](double r, double l) {
        return rest(r, l) + shape.jacobian(model.at(r), r) + shape.jacobian(model.at(l), l);
    };
    auto [rho, lambda] = nested_maximum(objective, lo, hi, lo, hi);
    double h = (hi - lo) / 128, side = 1.0;
    bool converged = false;
    for (int round = 0; round < o.max_rounds && !converged; ++round) {
        add_exact({rho, lambda, std::clamp(rho + side * h, lo, hi), std::clamp(lambda - side * h, lo, hi)});
        side = -side;
        const auto [next_rho, next_lambda] =
            nested_maximum(objective, std::max(lo, rho - 2 * h), std::min(hi, rho + 2 * h), std::max(lo, lambda - 2 * h),
                           std::min(hi, lambda + 2 * h));
        // As in one dimension: a model error δ over a spacing h moves the maximiser by about
        // m·δ/(h · curvature).
        const double centre = objective(next_rho, next_lambda);
        const double curvature = std::min(std::fabs(objective(next_rho + h, next_lambda) - 2 * centre +
                                                    objective(next_rho - h, next_lambda)),
                                          std::fabs(objective(next_rho, next_lambda + h) - 2 * centre +
                                                    objective(next_rho, next_lambda - h))) /
                                 (h * h);
        const double uncertainty = curvature > 0 ? shape.logdet_multiplier * missed / h / curvature : h;
        const double step = std::max(std::fabs(next_rho - rho), std::fabs(next_lambda - lambda));
        const double tolerance = step_tolerance(o, 0.0);
        converged = step < tolerance && uncertainty < tolerance;
        h = next_spacing(h, step, uncertainty, model);
        if (!converged) std::tie(rho, lambda) = std::pair{next_rho, next_lambda};
    }
    add_exact({rho, lambda});  // the reported ℓ uses exact values at the estimate
    auto exact_at = [&](double r) { return LogDetValue{*model.exact_at(r), 0.0, 0.0, 0.0}; };
    JointSearchResult s = joint_result(rho, lambda, exact_at(rho), exact_at(lambda), lo, hi, o);
    s.rho.converged = s.lambda.converged = converged;
    return s;
}

}  // namespace

std::pair<double, double> brent_maximum(const std::function<double(double)>& f, double a, double b) {
    std::uintmax_t iterations = 200;
    const auto [x, minus_f] = boost::math::tools::brent_find_minima([&](double r) { return -f(r); }, a, b,
                                                                   std::numeric_limits<double>::digits / 2, iterations);
    return {x, -minus_f};
}

std::pair<double, double> search_interval(const LogDeterminant& logdet, const SearchOptions& options) {
    const RhoInterval& interval = logdet.interval();
    const double margin = options.bound_margin * (interval.upper - interval.lower);
    return {interval.lower + margin, interval.upper - margin};
}

SearchResult maximise_over_parameter(LogDeterminant& logdet, const std::function<double(double)>& rest,
                                     const SampleShape& shape, const SearchOptions& options) {
    options.validate();
    const auto start = StageClock::now();
    const auto [lo, hi] = search_interval(logdet, options);
    SearchResult r = sparse_exact(logdet) ? interpolated_exact_search(logdet, rest, shape, lo, hi, options)
                                          : brent_search(logdet, rest, shape, lo, hi);
    r.lower = lo;
    r.upper = hi;
    r.at_bound = near_an_end(r.estimate, lo, hi, options);
    r.seconds = seconds_since(start);
    return r;
}

JointSearchResult maximise_over_parameters(LogDeterminant& logdet, const std::function<double(double, double)>& rest,
                                           const SampleShape& shape, const SearchOptions& options) {
    options.validate();
    const auto start = StageClock::now();
    const std::int64_t before = logdet.evaluations();
    const auto [lo, hi] = search_interval(logdet, options);
    JointSearchResult s = sparse_exact(logdet) ? exact_joint_search(rest, logdet, shape, lo, hi, options)
                                               : brent_joint_search(rest, logdet, shape, lo, hi, options);
    s.logdet_evaluations = logdet.evaluations() - before;
    const double objective = rest(s.rho.estimate, s.lambda.estimate) +
                             shape.jacobian(s.rho.logdet.value, s.rho.estimate) +
                             shape.jacobian(s.lambda.logdet.value, s.lambda.estimate);
    const double seconds = seconds_since(start);
    for (SearchResult* r : {&s.rho, &s.lambda}) {
        r->objective = objective;
        r->seconds = seconds;
    }
    return s;
}

}  // namespace spillover
