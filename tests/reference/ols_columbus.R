# Reference values for OLS on the bundled Columbus data, from R's lm().
# Run from the repository root:  Rscript tests/reference/ols_columbus.R
# Writes tests/fixtures/ols_columbus.json and tests/fixtures/columbus_missing.csv (committed).
suppressMessages(library(jsonlite))

d <- read.csv("data/columbus/columbus.csv")

# A copy with three missing cells, to check that OLS drops rows as lm's na.omit does.
dm <- d
dm$INC[c(3, 17)] <- NA
dm$HOVAL[40] <- NA
write.csv(dm, "tests/fixtures/columbus_missing.csv", row.names = FALSE, na = "NA")

describe <- function(label, data_file, formula, spillover_formula, spillover_names) {
  data <- read.csv(data_file)
  fit <- lm(as.formula(formula), data = data)
  s <- summary(fit)
  ct <- coef(s)
  ll <- logLik(fit)
  fstat <- if (is.null(s$fstatistic)) NULL else unname(s$fstatistic)
  list(
    label = label,
    data = data_file,
    formula = spillover_formula,
    r_formula = formula,
    n = nobs(fit),
    names = spillover_names,
    r_names = rownames(ct),
    estimate = unname(ct[, 1]),
    std_error = unname(ct[, 2]),
    t = unname(ct[, 3]),
    p = unname(ct[, 4]),
    r_squared = s$r.squared,
    adj_r_squared = s$adj.r.squared,
    f_statistic = fstat[1],
    f_df1 = fstat[2],
    f_df2 = fstat[3],
    f_p = pf(fstat[1], fstat[2], fstat[3], lower.tail = FALSE),
    sigma2 = s$sigma^2,
    df_residual = fit$df.residual,
    log_likelihood = as.numeric(ll),
    aic = AIC(fit),
    bic = BIC(fit)
  )
}

cases <- list(
  describe("crime_inc_hoval", "data/columbus/columbus.csv", "CRIME ~ INC + HOVAL", "CRIME ~ INC + HOVAL",
           c("(Intercept)", "INC", "HOVAL")),
  describe("no_intercept", "data/columbus/columbus.csv", "CRIME ~ INC + HOVAL - 1", "CRIME ~ INC + HOVAL - 1",
           c("INC", "HOVAL")),
  describe("transforms", "data/columbus/columbus.csv",
           "log(CRIME) ~ INC + I(INC^2) + I(HOVAL/10) + sqrt(OPEN) + DISCBD:INC",
           "log(CRIME) ~ INC + INC^2 + I(HOVAL/10) + sqrt(OPEN) + DISCBD:INC",
           c("(Intercept)", "INC", "INC^2", "I(HOVAL/10)", "sqrt(OPEN)", "INC:DISCBD")),
  describe("missing_dropped", "tests/fixtures/columbus_missing.csv", "CRIME ~ INC + HOVAL", "CRIME ~ INC + HOVAL",
           c("(Intercept)", "INC", "HOVAL"))
)
writeLines(toJSON(list(source = paste("R", getRversion(), "stats::lm"), cases = cases),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/fixtures/ols_columbus.json")
