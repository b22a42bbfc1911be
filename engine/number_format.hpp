#pragma once
// Number formatting shared by every writer, so a number reads the same in text, LaTeX and Markdown.

#include <string>
#include <string_view>
#include <vector>

namespace spillover {

/// `digits` significant digits, switching to scientific notation for very large or small magnitudes
/// (as R's format()); "Inf" spelled out, and "NA" for NaN: a number that could not be computed is
/// not available, never printed as if it were a result (format_round_trip keeps "NaN" for messages
/// that describe a computation, "sqrt(-4) = NaN").
std::string format_number(double value, int digits = 6);

/// Fixed decimals (tables for papers use fixed decimals per column, as estout); "NA" for NaN.
std::string format_fixed(double value, int decimals);

/// A p-value as R's format.pval: "< 2.2e-16" below machine precision, 4 significant digits otherwise.
std::string format_p_value(double p);

/// Significance stars with R's cut points: *** < 0.001, ** < 0.01, * < 0.05, . < 0.1.
std::string_view significance_stars(double p);

/// The same stars without the '.' level, as papers print them (estout's default star levels 0.1,
/// 0.05, 0.01: *, **, ***).
std::string_view paper_stars(double p);

/// The legends of the two: R's line under a printed table ("Signif. codes:  0 '***' 0.001 ...") and
/// a paper's footnote ("* p<0.1, ** p<0.05, *** p<0.01.").
inline constexpr std::string_view significance_legend = "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1";
inline constexpr std::string_view paper_stars_legend = "* p<0.1, ** p<0.05, *** p<0.01.";

/// The shortest decimal that reads back as exactly `value` (for JSON and CSV: lossless round trip).
std::string format_round_trip(double value);

/// A plain-text table as R prints one: the first column left-aligned, the others right-aligned and
/// two spaces apart, the last column (significance stars) after one space, unpadded; no line ends in
/// a space (a table without stars can pass an empty last column to right-align all the others).
std::string aligned_columns(const std::vector<std::vector<std::string>>& rows);

}  // namespace spillover
