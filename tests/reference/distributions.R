# Tail probabilities from R (pnorm, pt, pf, pchisq) for tests/test_distributions.cpp, deep tails
# included. Run from the repository root:  Rscript tests/reference/distributions.R
# Writes tests/fixtures/distributions.json; values as text with 17 significant digits.
suppressMessages(library(jsonlite))
p <- function(x) sprintf("%.17g", x)
cases <- list(
  list(kind = "normal_two_sided", x = 1.96, df1 = 0, df2 = 0, p = p(2 * pnorm(-1.96))),
  list(kind = "normal_two_sided", x = -9, df1 = 0, df2 = 0, p = p(2 * pnorm(-9))),
  list(kind = "t_two_sided", x = 2.5, df1 = 7, df2 = 0, p = p(2 * pt(-2.5, 7))),
  list(kind = "t_two_sided", x = -14.49, df1 = 46, df2 = 0, p = p(2 * pt(-14.49, 46))),
  list(kind = "f_upper", x = 28.3856, df1 = 2, df2 = 46, p = p(pf(28.3856, 2, 46, lower.tail = FALSE))),
  list(kind = "chi_squared_upper", x = 3.84, df1 = 1, df2 = 0, p = p(pchisq(3.84, 1, lower.tail = FALSE))),
  list(kind = "chi_squared_upper", x = 120, df1 = 3, df2 = 0, p = p(pchisq(120, 3, lower.tail = FALSE)))
)
writeLines(toJSON(list(source = paste("R", getRversion()), cases = cases), auto_unbox = TRUE, pretty = TRUE),
           "tests/fixtures/distributions.json")
