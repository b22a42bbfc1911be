#pragma once
// Tail probabilities of the reference distributions, through Boost.Math's complements so that small
// p-values keep their relative accuracy (1 − cdf would round p < 1e-16 to 0).

namespace spillover {

/// P(|Z| > |z|) for Z standard normal.
double normal_two_sided_p(double z);
/// P(Z > z) for Z standard normal (R's pnorm(z, lower.tail = FALSE)); P(Z < z) is normal_upper_tail(−z).
double normal_upper_tail(double z);
/// P(|T| > |t|) for T Student's t with `df` degrees of freedom.
double student_t_two_sided_p(double t, double df);
/// P(F > f) for F with (df1, df2) degrees of freedom.
double f_upper_p(double f, double df1, double df2);
/// P(X > x) for X chi-squared with `df` degrees of freedom.
double chi_squared_upper_p(double x, double df);
/// The p-quantile of the standard normal (df ≤ 0 or infinite) or of Student's t with `df` degrees
/// of freedom, 0 < p < 1: the critical value of a confidence interval.
double critical_value(double p, double df = 0.0);

}  // namespace spillover
