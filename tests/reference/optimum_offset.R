# The check that an R optimiser stopped at the maximum: the offset from `at` to the maximiser of a
# local cubic fitted to f on a 5-point grid (5 x 5 for two parameters, step h). Sourced by the
# oracles that record it beside spatialreg's estimates (spatial_models_columbus.R, large_n_oracle.R).
optimum_offset <- function(f, at, h = 1e-3) {
  s <- -2:2
  if (length(at) == 1) {
    u <- s
    ll <- vapply(at + h * u, f, 0)
    cf <- coef(lm(ll ~ u + I(u^2) + I(u^3)))
    return(-cf[[2]] / (2 * cf[[3]]) * h)
  }
  g <- expand.grid(u = s, v = s)
  ll <- mapply(function(u, v) f(at[1] + h * u, at[2] + h * v), g$u, g$v)
  cf <- coef(lm(ll ~ u + v + I(u^2) + I(v^2) + I(u * v) + I(u^3) + I(v^3) + I(u^2 * v) + I(u * v^2), data = g))
  H <- matrix(c(2 * cf[[4]], cf[[6]], cf[[6]], 2 * cf[[5]]), 2)
  drop(-solve(H, cf[2:3])) * h
}
