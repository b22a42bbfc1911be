#include "esda/spatial_markov.hpp"

#include <stdexcept>
#include <string>

#include "engine/distributions.hpp"

namespace spillover {

void MarkovOptions::validate() const {
    if (classes < 2 || classes > 100)
        throw std::invalid_argument("the number of classes must be between 2 and 100, got " + std::to_string(classes));
    if (lag_classes < 2 || lag_classes > 100)
        throw std::invalid_argument("the number of lag classes must be between 2 and 100, got " +
                                    std::to_string(lag_classes));
}

namespace {

void check_panel(const Eigen::MatrixXd& y) {
    if (y.cols() < 2)
        throw std::invalid_argument("a Markov chain needs at least two periods, got " + std::to_string(y.cols()));
    if (y.rows() < 1) throw std::invalid_argument("a Markov chain needs at least one unit");
}

/// Collects the warnings of a result into one message.
class Warnings {
public:
    void add(const std::string& what) { message_ += (message_.empty() ? "" : "; ") + what; }
    FitStatus status() const { return message_.empty() ? FitStatus::Ok : FitStatus::Warning; }
    const std::string& message() const { return message_; }

private:
    std::string message_;
};

std::string class_list(const std::vector<int>& classes) {
    std::string out;
    for (int c : classes) out += (out.empty() ? "" : ", ") + std::to_string(c + 1);
    return out;
}

void check_classes(const QuantileClasses& c, const std::string& what, Warnings& warnings) {
    if (!c.merged_edges) return;
    warnings.add(c.breaks == ClassBreaks::Pooled
                     ? "ties merged quantile edges of " + what + ": " + std::to_string(c.k) +
                           (c.k == 1 ? " class" : " classes") + " instead of " + std::to_string(c.requested)
                     : "ties merged quantile edges of " + what + " in some period: some classes are empty there");
}

void check_chain(const MarkovChain& chain, const std::string& which, Warnings& warnings) {
    if (!chain.empty_rows.empty())
        warnings.add(which + ": no transitions from class " + class_list(chain.empty_rows) +
                     " (a row of zeros in P; its steady state and passage times treat the class as absorbing)");
    if (chain.steady_states.size() > 1)
        warnings.add(which + ": the chain has " + std::to_string(chain.steady_states.size()) +
                     " recurrent classes, so as many steady states");
}

Eigen::MatrixXd prepared(const Eigen::MatrixXd& y, const MarkovOptions& options) {
    options.validate();
    check_panel(y);
    return options.relative ? relative_to_period_mean(y) : y;
}

}  // namespace

ClassicMarkovResult classic_markov(const Eigen::MatrixXd& y, const MarkovOptions& options) {
    const Eigen::MatrixXd values = prepared(y, options);
    ClassicMarkovResult r;
    r.options = options;
    r.classes = classify_quantiles(values, options.classes, options.breaks);
    r.chain = estimate_markov_chain(transition_counts(r.classes.ids, r.classes.k));
    Warnings warnings;
    check_classes(r.classes, "y", warnings);
    check_chain(r.chain, "the chain", warnings);
    r.status = warnings.status();
    r.message = warnings.message();
    return r;
}

SpatialMarkovResult spatial_markov(const Eigen::MatrixXd& y, const SpatialWeights& w, const MarkovOptions& options) {
    const Eigen::MatrixXd values = prepared(y, options);
    if (w.n() != values.rows())
        throw std::invalid_argument("spatial_markov: W has " + std::to_string(w.n()) + " units, the panel " +
                                    std::to_string(values.rows()));
    SpatialMarkovResult r;
    r.options = options;
    r.classes = classify_quantiles(values, options.classes, options.breaks);
    r.lag_classes = classify_quantiles(w.lag(values), options.lag_classes, options.breaks);
    const int k = r.classes.k, m = r.lag_classes.k;

    std::vector<Eigen::MatrixXd> counts(static_cast<std::size_t>(m), Eigen::MatrixXd::Zero(k, k));
    for (Eigen::Index t = 0; t + 1 < values.cols(); ++t)
        for (Eigen::Index i = 0; i < values.rows(); ++i)
            counts[r.lag_classes.ids(i, t)](r.classes.ids(i, t), r.classes.ids(i, t + 1)) += 1.0;

    r.pooled = estimate_markov_chain(transition_counts(r.classes.ids, k));
    double x2 = 0.0;
    for (const auto& n : counts) {
        r.conditional.push_back(estimate_markov_chain(n));
        r.chi2.push_back(transition_chi_squared(n, r.pooled.counts));
        x2 += r.chi2.back().statistic;
    }
    r.homogeneity = markov_homogeneity(counts);
    const double x2_df = static_cast<double>(k) * (k - 1) * (k - 1);
    r.x2 = {x2, x2_df, chi_squared_upper_p(x2, x2_df)};

    Warnings warnings;
    check_classes(r.classes, "y", warnings);
    check_classes(r.lag_classes, "the spatial lag", warnings);
    check_chain(r.pooled, "the pooled chain", warnings);
    for (int l = 0; l < m; ++l) check_chain(r.conditional[l], "lag class " + std::to_string(l + 1), warnings);
    if (w.has_islands()) warnings.add("W has islands: their spatial lag is 0");
    if (!(r.homogeneity.lr.df > 0)) warnings.add("the homogeneity tests have no degrees of freedom");
    r.status = warnings.status();
    r.message = warnings.message();
    return r;
}

}  // namespace spillover
