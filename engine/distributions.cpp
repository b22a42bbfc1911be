#include "engine/distributions.hpp"

#include <cmath>
#include <limits>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace spillover {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
bool usable(double x) { return std::isfinite(x); }
}  // namespace

double normal_two_sided_p(double z) {
    if (!usable(z)) return std::isnan(z) ? nan : 0.0;
    return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal_distribution<double>(), std::fabs(z)));
}

double normal_upper_tail(double z) {
    if (std::isnan(z)) return nan;
    if (std::isinf(z)) return z > 0 ? 0.0 : 1.0;
    return boost::math::cdf(boost::math::complement(boost::math::normal_distribution<double>(), z));
}

double student_t_two_sided_p(double t, double df) {
    if (!usable(t) || !(df > 0)) return std::isinf(t) && df > 0 ? 0.0 : nan;
    return 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<double>(df), std::fabs(t)));
}

double f_upper_p(double f, double df1, double df2) {
    if (!usable(f) || !(df1 > 0) || !(df2 > 0)) return nan;
    if (f <= 0) return 1.0;
    return boost::math::cdf(boost::math::complement(boost::math::fisher_f_distribution<double>(df1, df2), f));
}

double chi_squared_upper_p(double x, double df) {
    if (!usable(x) || !(df > 0)) return nan;
    if (x <= 0) return 1.0;
    return boost::math::cdf(boost::math::complement(boost::math::chi_squared_distribution<double>(df), x));
}

double critical_value(double p, double df) {
    if (!(p > 0.0 && p < 1.0)) return nan;
    if (!(df > 0.0) || !std::isfinite(df)) return boost::math::quantile(boost::math::normal_distribution<double>(), p);
    return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
}

}  // namespace spillover
