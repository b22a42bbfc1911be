#include "esda/markov_homogeneity.hpp"

#include <cmath>
#include <stdexcept>

#include "engine/distributions.hpp"
#include "esda/markov_chain.hpp"

namespace spillover {

namespace {

ChiSquaredTest chi_squared(double statistic, double df) {
    return {statistic, df, chi_squared_upper_p(statistic, df)};
}

int nonzero_rows(const Eigen::MatrixXd& counts) {
    return static_cast<int>((counts.rowwise().sum().array() > 0.0).count());
}

}  // namespace

MarkovHomogeneity markov_homogeneity(const std::vector<Eigen::MatrixXd>& regime_counts) {
    if (regime_counts.empty()) throw std::invalid_argument("markov_homogeneity: no regimes");
    const Eigen::Index k = regime_counts.front().rows(), columns = regime_counts.front().cols();
    Eigen::MatrixXd pooled = Eigen::MatrixXd::Zero(k, columns);
    for (const auto& n : regime_counts) {
        if (n.rows() != k || n.cols() != columns)
            throw std::invalid_argument("markov_homogeneity: the regimes' count matrices differ in size");
        pooled += n;
    }
    const Eigen::MatrixXd p = transition_probabilities(pooled);
    double q = 0.0, lr = 0.0;
    Eigen::VectorXd regimes_in_row = Eigen::VectorXd::Zero(k);  // b_i
    for (const auto& n : regime_counts) {
        const Eigen::MatrixXd pm = transition_probabilities(n);
        for (Eigen::Index i = 0; i < k; ++i) {
            const double n_im = n.row(i).sum();
            if (n_im > 0.0) regimes_in_row(i) += 1.0;
            for (Eigen::Index j = 0; j < columns; ++j) {
                if (p(i, j) <= 0.0) continue;  // then n_ijm = 0 too
                const double d = pm(i, j) - p(i, j);
                q += n_im * d * d / p(i, j);
                if (n(i, j) > 0.0) lr += n(i, j) * std::log(pm(i, j) / p(i, j));
            }
        }
    }
    double df = 0.0;
    for (Eigen::Index i = 0; i < k; ++i) {
        if (regimes_in_row(i) == 0.0) continue;  // no transitions from class i (giddy would add 1)
        const double cells = static_cast<double>((p.row(i).array() > 0.0).count());  // a_i
        df += (cells - 1.0) * (regimes_in_row(i) - 1.0);
    }
    MarkovHomogeneity out;
    out.lr = chi_squared(2.0 * lr, df);
    out.q = chi_squared(q, df);
    out.transitions = pooled.sum();
    return out;
}

ChiSquaredTest transition_chi_squared(const Eigen::MatrixXd& t1, const Eigen::MatrixXd& t2) {
    const Eigen::MatrixXd p = transition_probabilities(t2);
    const Eigen::VectorXd rows = t1.rowwise().sum();
    double statistic = 0.0;
    for (Eigen::Index i = 0; i < t1.rows(); ++i)
        for (Eigen::Index j = 0; j < t1.cols(); ++j) {
            const double expected = rows(i) * p(i, j);
            const double d = t1(i, j) - expected;
            statistic += d * d / (expected == 0.0 ? 1.0 : expected);
        }
    const double df = static_cast<double>((nonzero_rows(t1) - 1) * (nonzero_rows(t2) - 1));
    return chi_squared(statistic, df);
}

}  // namespace spillover
