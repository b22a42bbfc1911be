#include "engine/lisa_class.hpp"

namespace spillover {

std::string_view lisa_class_name(LisaClass c) {
    switch (c) {
        case LisaClass::HighHigh: return "High-High";
        case LisaClass::LowLow: return "Low-Low";
        case LisaClass::LowHigh: return "Low-High";
        case LisaClass::HighLow: return "High-Low";
        case LisaClass::NotSignificant: return "Not significant";
        case LisaClass::Neighbourless: return "No neighbours";
    }
    return "unknown";
}

std::string_view lisa_class_code(LisaClass c) {
    switch (c) {
        case LisaClass::HighHigh: return "HH";
        case LisaClass::LowLow: return "LL";
        case LisaClass::LowHigh: return "LH";
        case LisaClass::HighLow: return "HL";
        case LisaClass::NotSignificant: return "ns";
        case LisaClass::Neighbourless: return "island";
    }
    return "unknown";
}

}  // namespace spillover
