#include "esda/markov_chain.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include <Eigen/LU>

namespace spillover {

Eigen::MatrixXd transition_counts(const Eigen::MatrixXi& classes, int k) {
    if (classes.size() > 0 && (classes.minCoeff() < 0 || classes.maxCoeff() >= k))
        throw std::invalid_argument("transition_counts: a class is outside 0.." + std::to_string(k - 1));
    Eigen::MatrixXd n = Eigen::MatrixXd::Zero(k, k);
    for (Eigen::Index t = 0; t + 1 < classes.cols(); ++t)
        for (Eigen::Index i = 0; i < classes.rows(); ++i) n(classes(i, t), classes(i, t + 1)) += 1.0;
    return n;
}

Eigen::MatrixXd transition_probabilities(const Eigen::MatrixXd& counts) {
    Eigen::MatrixXd p = counts;
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
        const double total = counts.row(i).sum();
        if (total > 0.0) p.row(i) /= total;
    }
    return p;
}

Eigen::MatrixXd fill_empty_rows(Eigen::MatrixXd p) {
    for (Eigen::Index i = 0; i < p.rows(); ++i)
        if (p.row(i).sum() == 0.0) p(i, i) = 1.0;
    return p;
}

namespace {

using Reach = std::vector<std::vector<char>>;

/// reach[i][j]: j can be reached from i in zero or more steps along positive entries of p
/// (Warshall's transitive closure: k is a handful of classes).
Reach reachability(const Eigen::MatrixXd& p) {
    const auto k = static_cast<std::size_t>(p.rows());
    Reach reach(k, std::vector<char>(k, 0));
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j)
            reach[i][j] = i == j || p(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) > 0.0;
    for (std::size_t m = 0; m < k; ++m)
        for (std::size_t i = 0; i < k; ++i)
            if (reach[i][m])
                for (std::size_t j = 0; j < k; ++j) reach[i][j] = reach[i][j] || reach[m][j];
    return reach;
}

/// The Grassmann–Taksar–Heyman solution of π = πA for an irreducible stochastic A.
Eigen::VectorXd gth_stationary(Eigen::MatrixXd a) {
    const Eigen::Index n = a.rows();
    for (Eigen::Index m = 0; m + 1 < n; ++m) {  // censor the chain on states m+1..n−1
        const double scale = a.row(m).tail(n - m - 1).sum();
        for (Eigen::Index i = m + 1; i < n; ++i) {
            a(i, m) /= scale;
            for (Eigen::Index j = m + 1; j < n; ++j) a(i, j) += a(i, m) * a(m, j);
        }
    }
    Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
    x(n - 1) = 1.0;
    for (Eigen::Index m = n - 2; m >= 0; --m)
        for (Eigen::Index i = m + 1; i < n; ++i) x(m) += x(i) * a(i, m);
    return x / x.sum();
}

/// Rows and columns `states` of p.
Eigen::MatrixXd submatrix(const Eigen::MatrixXd& p, const std::vector<int>& states) {
    const auto n = static_cast<Eigen::Index>(states.size());
    Eigen::MatrixXd s(n, n);
    for (Eigen::Index a = 0; a < n; ++a)
        for (Eigen::Index b = 0; b < n; ++b) s(a, b) = p(states[a], states[b]);
    return s;
}

/// The states other than j from which the chain enters j with probability one: every state they
/// can reach before j (j made absorbing) can itself reach j.
std::vector<int> states_sure_to_enter(const Eigen::MatrixXd& p, int j) {
    Eigen::MatrixXd absorbed = p;
    absorbed.row(j).setZero();
    const Reach reach = reachability(absorbed);
    std::vector<int> sure;
    const auto k = static_cast<int>(p.rows());
    for (int i = 0; i < k; ++i) {
        if (i == j) continue;
        bool ok = true;
        for (int l = 0; l < k && ok; ++l) ok = !reach[i][l] || reach[l][j];
        if (ok) sure.push_back(i);
    }
    return sure;
}

}  // namespace

ChainClasses chain_classes(const Eigen::MatrixXd& p) {
    const Reach reach = reachability(p);
    const auto k = static_cast<int>(p.rows());
    ChainClasses out;
    std::vector<char> placed(static_cast<std::size_t>(k), 0);
    for (int i = 0; i < k; ++i) {
        if (placed[i]) continue;
        std::vector<int> members;
        for (int j = i; j < k; ++j)
            if (reach[i][j] && reach[j][i]) members.push_back(j), placed[j] = 1;
        bool closed = true;
        for (int j = 0; j < k && closed; ++j)
            closed = !reach[i][j] || std::find(members.begin(), members.end(), j) != members.end();
        out.communicating.push_back(members);
        if (closed) out.recurrent.push_back(members);
    }
    return out;
}

std::vector<Eigen::VectorXd> steady_states(const Eigen::MatrixXd& p) {
    const Eigen::MatrixXd filled = fill_empty_rows(p);
    std::vector<Eigen::VectorXd> out;
    for (const auto& members : chain_classes(filled).recurrent) {
        const Eigen::VectorXd local = gth_stationary(submatrix(filled, members));
        Eigen::VectorXd pi = Eigen::VectorXd::Zero(p.rows());
        for (std::size_t a = 0; a < members.size(); ++a) pi(members[a]) = local(static_cast<Eigen::Index>(a));
        out.push_back(pi);
    }
    return out;
}

Eigen::MatrixXd mean_first_passage_times(const Eigen::MatrixXd& p) {
    const Eigen::MatrixXd filled = fill_empty_rows(p);
    const Eigen::Index k = p.rows();
    const double never = std::numeric_limits<double>::infinity();
    Eigen::MatrixXd m = Eigen::MatrixXd::Constant(k, k, never);
    for (int j = 0; j < k; ++j) {
        const std::vector<int> sure = states_sure_to_enter(filled, j);
        if (!sure.empty()) {
            const auto n = static_cast<Eigen::Index>(sure.size());
            const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n) - submatrix(filled, sure);
            const Eigen::VectorXd times = a.partialPivLu().solve(Eigen::VectorXd::Ones(n));
            for (Eigen::Index s = 0; s < n; ++s) m(sure[s], j) = times(s);
        }
        double recurrence = 1.0;  // one step out of j, then the passage back from where it went
        for (Eigen::Index l = 0; l < k; ++l)
            if (l != j && filled(j, l) > 0.0) recurrence += filled(j, l) * m(l, j);
        m(j, j) = recurrence;
    }
    return m;
}

MarkovChain estimate_markov_chain(const Eigen::MatrixXd& counts) {
    MarkovChain chain;
    chain.counts = counts;
    chain.probabilities = transition_probabilities(counts);
    for (Eigen::Index i = 0; i < counts.rows(); ++i)
        if (counts.row(i).sum() == 0.0) chain.empty_rows.push_back(static_cast<int>(i));
    chain.structure = chain_classes(fill_empty_rows(chain.probabilities));
    chain.steady_states = steady_states(chain.probabilities);
    chain.first_passage = mean_first_passage_times(chain.probabilities);
    return chain;
}

}  // namespace spillover
