# The spatialreg calls that every Columbus reference script fits, in one place, so that the fixtures
# of the models (spatial_models_columbus.R) and of their effects (impacts_columbus.R) come from the
# same fits. Sourced from the repository root; needs `columbus` (the data) where fit_call runs.
#
# - Every ML fit uses method = "eigen". The one-dimensional searches get
#   control = list(tol.opt = .Machine$double.eps^0.9); sacsarlm (nlminb) gets
#   opt_control = list(x.tol = 1e-14). See spatial_models_columbus.R for why.
# - calls: the text of each call, so that a fixture's r_call reproduces its fit (lw = that case's W).
tight <- "control = list(tol.opt = .Machine$double.eps^0.9)"
tight_sac <- "control = list(opt_control = list(x.tol = 1e-14))"
calls <- list(
  sar = paste0("lagsarlm(CRIME ~ INC + HOVAL, data = columbus, listw = lw, method = \"eigen\", ", tight, ")"),
  sdm = paste0("lagsarlm(CRIME ~ INC + HOVAL, data = columbus, listw = lw, Durbin = TRUE, method = \"eigen\", ", tight, ")"),
  sdm_inc = paste0("lagsarlm(CRIME ~ INC + HOVAL, data = columbus, listw = lw, Durbin = ~ INC, method = \"eigen\", ", tight, ")"),
  sem = paste0("errorsarlm(CRIME ~ INC + HOVAL, data = columbus, listw = lw, method = \"eigen\", ", tight, ")"),
  sdem = paste0("errorsarlm(CRIME ~ INC + HOVAL, data = columbus, listw = lw, Durbin = TRUE, method = \"eigen\", ", tight, ")"),
  slx = "lmSLX(CRIME ~ INC + HOVAL, data = columbus, listw = lw, Durbin = TRUE)",
  sac = paste0("sacsarlm(CRIME ~ INC + HOVAL, data = columbus, listw = lw, listw2 = lw, method = \"eigen\", ", tight_sac, ")"))
fit_call <- function(text, lw) eval(parse(text = text), envir = list(columbus = columbus, lw = lw))
