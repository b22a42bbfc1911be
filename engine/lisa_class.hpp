#pragma once
// LisaClass: the class of a unit in a LISA cluster map (Anselin 1995), numbered as GeoDa's cluster
// codes so that a column written from it reads the same as GeoDa's: 0 not significant, 1 High-High,
// 2 Low-Low, 3 Low-High, 4 High-Low, 6 neighbourless (GeoDa's 5, "undefined", has no use here).
// The first word is the unit's own value (above or below the mean), the second its neighbours'
// (the spatial lag): Low-High is a low unit among high neighbours, a spatial outlier.

#include <array>
#include <string_view>

namespace spillover {

enum class LisaClass {
    NotSignificant = 0,
    HighHigh = 1,
    LowLow = 2,
    LowHigh = 3,
    HighLow = 4,
    Neighbourless = 6,  ///< an island: no neighbour, so no local statistic
};

/// Every class, in the order the map's legend lists them.
inline constexpr std::array<LisaClass, 6> lisa_classes{LisaClass::HighHigh, LisaClass::LowLow, LisaClass::LowHigh,
                                                       LisaClass::HighLow, LisaClass::NotSignificant,
                                                       LisaClass::Neighbourless};

/// "High-High", "Low-Low", "Low-High", "High-Low", "Not significant", "No neighbours".
std::string_view lisa_class_name(LisaClass c);

/// "HH", "LL", "LH", "HL", "ns", "island".
std::string_view lisa_class_code(LisaClass c);

}  // namespace spillover
