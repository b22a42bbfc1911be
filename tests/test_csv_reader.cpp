// Tests for engine/csv_reader: format rules, exact numbers, row lines, and every error class with
// the message a user would see. Also read_table's dispatch to the CSV reader.

#include <doctest/doctest.h>

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <string_view>

#include "engine/csv_reader.hpp"
#include "engine/data_table.hpp"
#include "engine/input_error.hpp"
#include "tests/test_support.hpp"
#include "engine/read_table.hpp"

using spillover::CellProblem;
using spillover::CsvOptions;
using spillover::DataTable;
using spillover::InputError;
using spillover::read_csv;
using spillover::read_csv_text;

using spillover::testing::contains;
using spillover::testing::input_error;

namespace {

class TempDir : public spillover::testing::TempDir {
public:
    TempDir() : spillover::testing::TempDir("spillover_csv") {}
};

bool is_nan(double x) { return std::isnan(x); }

DataTable parse(std::string_view text, const CsvOptions& options = {}) {
    return read_csv_text(text, "t.csv", options);
}

}  // namespace

TEST_CASE("csv: a plain table gives names, positions, numbers and text") {
    const DataTable t = parse("id,x,name\n1,2.5,alpha\n2,-3,beta\n");
    REQUIRE(t.rows() == 2);
    REQUIRE(t.cols() == 3);
    CHECK(t.source() == "t.csv");
    CHECK(t.column_names() == std::vector<std::string>{"id", "x", "name"});
    CHECK(t.column("x").position == 2);
    CHECK(t.numeric("x") == std::vector<double>{2.5, -3.0});
    CHECK(t.column("id").text[1] == "2");
    CHECK(t.column("name").text[0] == "alpha");
    CHECK(t.column("name").numbers.empty());
    REQUIRE(t.column("name").problem);
    CHECK(t.column("name").problem->kind == CellProblem::Kind::NonNumeric);
    CHECK(t.column("name").problem->row == 0);
    CHECK_FALSE(t.column("x").problem);
    CHECK(t.source_line(0) == 2);
    CHECK(t.source_line(1) == 3);
}

TEST_CASE("csv: a header without rows is a table with zero rows") {
    const DataTable t = parse("a,b\n");
    CHECK(t.rows() == 0);
    CHECK(t.cols() == 2);
    CHECK(t.numeric("a").empty());
}

TEST_CASE("csv: quoted fields hold separators, line ends and doubled quotes") {
    const DataTable t = parse(
        "id,\"label, long\",v\n"
        "1,\"a,b\",10\n"
        "2,\"two\nlines\",20\n"
        "3,\"say \"\"hi\"\"\",30\n"
        "4,\"\",40\n");
    REQUIRE(t.rows() == 4);
    const auto& label = t.column("label, long");
    CHECK(label.text[0] == "a,b");
    CHECK(label.text[1] == "two\nlines");
    CHECK(label.text[2] == "say \"hi\"");
    CHECK(label.text[3] == "");
    CHECK(label.missing[3]);  // a quoted empty string is still the "" NA token
    CHECK(t.numeric("v") == std::vector<double>{10, 20, 30, 40});
    // Row 2 spans lines 3-4, so row 3 starts on line 5.
    CHECK(t.source_line(0) == 2);
    CHECK(t.source_line(1) == 3);
    CHECK(t.source_line(2) == 5);
    CHECK(t.source_line(3) == 6);
}

TEST_CASE("csv: a multi-line quoted field shifts the line named in later errors") {
    const DataTable t = parse("id,note,x\n1,\"a\nb\nc\",1\n2,ok,oops\n");
    CHECK(t.source_line(1) == 5);
    const InputError e = input_error([&] { t.numeric("x"); });
    CHECK(e.line() == 5);
    CHECK(e.column() == 3);
    CHECK(contains(e.what(), "t.csv:5:3"));
    CHECK(contains(e.what(), "\"oops\""));
}

TEST_CASE("csv: quoted cells keep their spaces, and unquoted cells and names are trimmed") {
    const DataTable t = parse("  a ,\tb\t, c\n  1 , \" x \" ,\" 7 \"\n");
    CHECK(t.column_names() == std::vector<std::string>{"a", "b", "c"});
    CHECK(t.column("a").text[0] == "1");
    CHECK(t.numeric("a")[0] == 1.0);
    CHECK(t.column("b").text[0] == " x ");
    CHECK(t.column("c").text[0] == " 7 ");
    CHECK(t.numeric("c")[0] == 7.0);  // numbers are read from the trimmed text
}

TEST_CASE("csv: CRLF line ends, also inside quotes, and a last line without a line end") {
    const DataTable t = parse("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n3,w");
    REQUIRE(t.rows() == 3);
    CHECK(t.numeric("a") == std::vector<double>{1, 2, 3});
    CHECK(t.column("b").text[0] == "x\r\ny");
    CHECK(t.column("b").text[1] == "z");
    CHECK(t.column("b").text[2] == "w");
    CHECK(t.source_line(1) == 4);
    CHECK(t.source_line(2) == 5);
}

TEST_CASE("csv: a UTF-8 byte-order mark is skipped") {
    const DataTable t = parse("\xEF\xBB\xBFid,x\n1,2\n");
    CHECK(t.column_names() == std::vector<std::string>{"id", "x"});
    CHECK(t.numeric("id")[0] == 1.0);
}

TEST_CASE("csv: the separator is detected from the header line") {
    SUBCASE("semicolon, with decimal commas left as text") {
        const DataTable t = parse("id;x;y\n1;2.5;1,5\n");
        CHECK(t.cols() == 3);
        CHECK(t.numeric("x")[0] == 2.5);
        CHECK(t.column("y").text[0] == "1,5");
        CHECK(t.column("y").problem->kind == CellProblem::Kind::NonNumeric);
    }
    SUBCASE("tab: tabs are not trimmed and empty fields stay fields") {
        const DataTable t = parse("id\tname\tx\n1\t\t3\n2\tb c\t4\n");
        CHECK(t.cols() == 3);
        CHECK(t.column("name").missing[0]);
        CHECK(t.column("name").text[1] == "b c");
        CHECK(t.numeric("x") == std::vector<double>{3, 4});
    }
    SUBCASE("pipe") {
        const DataTable t = parse("a|b\n1|2\n");
        CHECK(t.numeric("b")[0] == 2.0);
    }
    SUBCASE("separators inside quoted names are not counted") {
        const DataTable t = parse("\"a,b,c\";d\n1;2\n");
        CHECK(t.column_names() == std::vector<std::string>{"a,b,c", "d"});
    }
    SUBCASE("a single column falls back to comma") {
        const DataTable t = parse("x\n1\n2\n");
        CHECK(t.cols() == 1);
        CHECK(t.numeric("x") == std::vector<double>{1, 2});
    }
    SUBCASE("an explicit separator overrides detection") {
        CsvOptions options;
        options.separator = ';';
        const DataTable t = parse("a,b;c\n1,5;2\n", options);
        CHECK(t.column_names() == std::vector<std::string>{"a,b", "c"});
        CHECK(t.column("a,b").text[0] == "1,5");
    }
}

TEST_CASE("csv: default missing-value tokens NA, empty and '.' (quoted NA too)") {
    const DataTable t = parse("x,s\n1,a\nNA,NA\n,\n.,.\n\"NA\",\" \"\n  NA  ,b\n");
    const auto& x = t.column("x");
    CHECK(x.missing == std::vector<bool>{false, true, true, true, true, true});
    CHECK(x.missing_count == 5);
    REQUIRE(x.numbers.size() == 6);
    CHECK(x.numbers[0] == 1.0);
    for (std::size_t r = 1; r < 6; ++r) CHECK(is_nan(x.numbers[r]));
    CHECK_FALSE(x.problem);
    CHECK(x.text[1] == "NA");  // the text of a missing cell is kept as read
    CHECK(x.text[3] == ".");
    const auto& s = t.column("s");
    CHECK(s.missing_count == 4);
    CHECK(s.text[4] == " ");  // quoted blank: missing after trimming, text kept
    CHECK(s.problem->row == 0);
}

TEST_CASE("csv: custom missing-value tokens replace the defaults") {
    CsvOptions options;
    options.na_tokens = {"-99", "missing"};
    const DataTable t = parse("x,y\n-99,1\n2,missing\nNA,3\n", options);
    CHECK(t.column("x").missing == std::vector<bool>{true, false, false});
    CHECK(t.column("y").missing == std::vector<bool>{false, true, false});
    CHECK(t.numeric("y")[0] == 1.0);
    CHECK(is_nan(t.numeric("y")[1]));
    // "NA" is no longer a token, so it is a non-numeric cell.
    REQUIRE(t.column("x").problem);
    CHECK(t.column("x").problem->kind == CellProblem::Kind::NonNumeric);
    CHECK(t.column("x").problem->row == 2);
    CHECK(t.column("x").numbers.empty());
    // An empty cell stays missing with custom tokens, as R's read.csv treats blanks in numbers.
    const DataTable blank = parse("x,y\n,1\n2,missing\n", options);
    CHECK(blank.column("x").missing == std::vector<bool>{true, false});
    CHECK(is_nan(blank.numeric("x")[0]));
}

TEST_CASE("csv: numbers are parsed exactly") {
    const DataTable t = parse(
        "v\n0.1\n1e-300\n+3\n-0\n1E5\n.5\n5.\n0.30000000000000004\n2.2250738585072014e-308\n"
        "4.9e-324\n1.7976931348623157e308\n007\n123456789012345678901234567890\n");
    const auto& v = t.numeric("v");
    REQUIRE(v.size() == 13);
    CHECK(v[0] == 0.1);
    CHECK(v[1] == 1e-300);
    CHECK(v[2] == 3.0);
    CHECK(v[3] == 0.0);
    CHECK(std::signbit(v[3]));
    CHECK(v[4] == 1e5);
    CHECK(v[5] == 0.5);
    CHECK(v[6] == 5.0);
    CHECK(v[7] == 0.1 + 0.2);
    CHECK(v[8] == std::numeric_limits<double>::min());
    CHECK(v[9] == std::numeric_limits<double>::denorm_min());
    CHECK(v[10] == std::numeric_limits<double>::max());
    CHECK(v[11] == 7.0);
    CHECK(t.column("v").text[11] == "007");  // ids keep their leading zeros as text
    CHECK(v[12] == 123456789012345678901234567890.0);
}

TEST_CASE("csv: the whole cell must be a number") {
    for (const char* cell : {"+-3", "++3", "--1", "1e", "0x10", "1.2.3", "3 4", "+", "-", "1d5", "TRUE",
                             "1_000", "12abc", "infinit", "- 1"}) {
        CAPTURE(cell);
        const DataTable t = parse(std::string("v\n1\n") + cell + "\n");
        const auto& c = t.column("v");
        REQUIRE(c.problem);
        CHECK(c.problem->kind == CellProblem::Kind::NonNumeric);
        CHECK(c.problem->row == 1);
        CHECK(c.numbers.empty());
    }
}

TEST_CASE("csv: cells of every length split correctly, in any position and at the end of the text") {
    // The field scanner reads eight bytes at a time; separators and line ends must be found at every
    // offset within a word, and the last bytes of the text must be scanned too.
    for (const char* ending : {"\n", "\r\n", ""}) {
        std::string text = "a,b,c\n";
        for (std::size_t k = 0; k <= 20; ++k)
            text += std::string(k, 'x') + "," + std::string(20 - k, 'y') + "," + std::to_string(k) +
                    (k < 20 ? "\n" : ending);
        const DataTable t = parse(text);
        REQUIRE(t.rows() == 21);
        for (std::size_t k = 0; k <= 20; ++k) {
            CAPTURE(k);
            CHECK(t.column("a").text[k] == std::string(k, 'x'));
            CHECK(t.column("b").text[k] == std::string(20 - k, 'y'));
            CHECK(t.numeric("c")[k] == static_cast<double>(k));
        }
    }
}

TEST_CASE("csv: random doubles written shortest round-trip read back bit for bit") {
    std::mt19937_64 rng(12345);
    std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
    std::uniform_int_distribution<int> exponent(-300, 300);
    std::string text = "v\n";
    std::vector<double> expected;
    for (int i = 0; i < 5000; ++i) {
        const double x = std::ldexp(mantissa(rng), exponent(rng));
        char buffer[32];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
        text.append(buffer, end).push_back('\n');
        expected.push_back(x);
    }
    CHECK(parse(text).numeric("v") == expected);
}

TEST_CASE("csv: non-finite values keep numbers and record the first such row") {
    const DataTable t = parse("v,w\n1,1\ninf,2\n-Inf,3\nNaN,4\nInfinity,+inf\n1e999,5\n");
    const auto& v = t.column("v");
    REQUIRE(v.numbers.size() == 6);
    CHECK(std::isinf(v.numbers[1]));
    CHECK(v.numbers[1] > 0);
    CHECK(v.numbers[2] < 0);
    CHECK(is_nan(v.numbers[3]));
    CHECK(std::isinf(v.numbers[4]));
    CHECK(std::isinf(v.numbers[5]));  // overflow
    REQUIRE(v.problem);
    CHECK(v.problem->kind == CellProblem::Kind::NonFinite);
    CHECK(v.problem->row == 1);
    CHECK(t.column("w").problem->row == 4);

    const InputError e = input_error([&] { t.numeric("v"); });
    CHECK(e.line() == 3);
    CHECK(e.column() == 1);
    CHECK(contains(e.what(), "t.csv:3:1"));
    CHECK(contains(e.what(), "non-finite"));
    CHECK(contains(e.what(), "\"inf\""));
}

TEST_CASE("csv: a non-numeric cell after a non-finite one makes the column text") {
    const DataTable t = parse("v\ninf\n2\nabc\n");
    const auto& v = t.column("v");
    REQUIRE(v.problem);
    CHECK(v.problem->kind == CellProblem::Kind::NonNumeric);
    CHECK(v.problem->row == 2);
    CHECK(v.numbers.empty());
}

TEST_CASE("csv: blank lines") {
    SUBCASE("at the end of the file they are ignored") {
        const DataTable t = parse("a,b\n1,2\n\n  \r\n\n");
        CHECK(t.rows() == 1);
    }
    SUBCASE("in a one-column table a blank line is a missing cell") {
        const DataTable t = parse("x\n1\n\n3\n");
        REQUIRE(t.rows() == 3);
        CHECK(t.column("x").missing[1]);
        CHECK(t.source_line(2) == 4);
    }
    SUBCASE("in a wider table a blank line is a ragged row") {
        const InputError e = input_error([] { parse("a,b\n1,2\n\n3,4\n"); });
        CHECK(e.line() == 3);
        CHECK(contains(e.what(), "t.csv:3: row has 1 field but the header has 2"));
        CHECK(contains(e.what(), "blank"));
    }
}

TEST_CASE("csv error: a missing file") {
    TempDir dir;
    const std::string path = dir.path("absent.csv");
    const InputError e = input_error([&] { read_csv(path); });
    CHECK(std::string(e.what()) == "cannot open '" + path + "': No such file or directory");
    CHECK(e.line() == 0);
}

TEST_CASE("csv error: a directory is not a file") {
    TempDir dir;
    const InputError e = input_error([&] { read_csv(dir.path("")); });
    CHECK(contains(e.what(), "cannot open '" + dir.path("") + "': Is a directory"));
}

TEST_CASE("csv error: an empty file needs a header") {
    TempDir dir;
    for (const char* content : {"", "\n\n", "  \r\n\t\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n"}) {
        CAPTURE(content);
        const std::string path = dir.write("empty.csv", content);
        const InputError e = input_error([&] { read_csv(path); });
        CHECK(e.file() == path);
        CHECK(contains(e.what(), path + ": the file is empty"));
        CHECK(contains(e.what(), "header line"));
    }
}

TEST_CASE("csv error: the first line must be the header, not blank") {
    const InputError e = input_error([] { parse("\na,b\n1,2\n"); });
    CHECK(e.line() == 1);
    CHECK(contains(e.what(), "first line is blank"));
}

TEST_CASE("csv error: ragged rows name the line where the row starts and quote it") {
    SUBCASE("too few fields") {
        const InputError e = input_error([] { parse("a,b,c,d\n1,2,3,4\n5,6,7\n"); });
        CHECK(e.line() == 3);
        CHECK(contains(e.what(), "t.csv:3: row has 3 fields but the header has 4"));
        CHECK(contains(e.what(), "'5,6,7'"));
    }
    SUBCASE("too many fields, after a multi-line quoted field") {
        const InputError e = input_error([] { parse("a,b\n\"x\ny\",1\n2,3,4\n"); });
        CHECK(e.line() == 4);
        CHECK(contains(e.what(), "t.csv:4: row has 3 fields but the header has 2: '2,3,4'"));
    }
    SUBCASE("the row itself spans lines: its first line is named") {
        const InputError e = input_error([] { parse("a,b\n1,2\n\"p\nq\"\n"); });
        CHECK(e.line() == 3);
        CHECK(contains(e.what(), "row has 1 field but the header has 2: '\"p\\nq\"'"));
    }
}

TEST_CASE("csv error: an unterminated quote points where it opened") {
    const InputError e = input_error([] { parse("a,b\n1,2\n3,\"open\nmore\n4,5\n"); });
    CHECK(e.file() == "t.csv");
    CHECK(e.line() == 3);
    CHECK(e.column() == 3);
    CHECK(contains(e.what(), "t.csv:3:3: quoted field 2 starting '\"open' has no closing quote"));
}

TEST_CASE("csv error: an unterminated quote in the header") {
    const InputError e = input_error([] { parse("a,\"b\n1,2\n"); });
    CHECK(e.line() == 1);
    CHECK(e.column() == 3);
    CHECK(contains(e.what(), "no closing quote"));
}

TEST_CASE("csv error: text after a closing quote is pointed at") {
    const InputError e = input_error([] { parse("a,b\n1,\"ab\"c\n"); });
    CHECK(e.line() == 2);
    CHECK(e.column() == 7);  // the 'c'
    CHECK(contains(e.what(), "t.csv:2:7: field 2 has text after its closing quote: '\"ab\"c'"));
    CHECK(contains(e.what(), "\"\""));
}

TEST_CASE("csv error: text after a closing quote on a later line of a multi-line row") {
    const InputError e = input_error([] { parse("a,b\n\"x\ny\" z,1\n"); });
    CHECK(e.line() == 3);
    CHECK(e.column() == 4);
}

TEST_CASE("csv error: an empty header name names its position") {
    SUBCASE("in the middle") {
        const InputError e = input_error([] { parse("a,,c\n1,2,3\n"); });
        CHECK(e.line() == 1);
        CHECK(e.column() == 2);
        CHECK(contains(e.what(), "t.csv:1:2: the header has no name for column 2"));
    }
    SUBCASE("a trailing separator") {
        const InputError e = input_error([] { parse("a,b,\n1,2,3\n"); });
        CHECK(contains(e.what(), "no name for column 3"));
    }
    SUBCASE("a quoted blank name") {
        const InputError e = input_error([] { parse("a,\"  \"\n1,2\n"); });
        CHECK(contains(e.what(), "no name for column 2"));
    }
}

TEST_CASE("csv error: a duplicated header name") {
    const InputError e = input_error([] { parse("id,x,id\n1,2,3\n"); });
    CHECK(e.line() == 1);
    CHECK(e.column() == 3);
    CHECK(contains(e.what(), "'id' appears twice"));
}

TEST_CASE("csv through DataTable: unknown column lists the columns") {
    const DataTable t = parse("id,x\n1,2\n");
    const InputError e = input_error([&] { t.column("nope"); });
    CHECK(contains(e.what(), "t.csv: unknown column 'nope' (columns: id, x)"));
}

TEST_CASE("csv through DataTable: a non-numeric cell names line and column and quotes it") {
    const DataTable t = parse("id,name,x\n1,a,1\n2,b,2\n3,c,three\n");
    const InputError e = input_error([&] { t.numeric("x"); });
    CHECK(e.line() == 4);
    CHECK(e.column() == 3);
    CHECK(contains(e.what(), "t.csv:4:3: column 'x' has a non-numeric value \"three\""));
    const InputError e2 = input_error([&] { t.numeric("name"); });
    CHECK(contains(e2.what(), "t.csv:2:2: column 'name' has a non-numeric value \"a\""));
}

TEST_CASE("csv: required columns are checked against the header before any row, all unknown ones at once") {
    CsvOptions options;
    options.required_columns = {"x", "income", "", "year", "income"};
    // Row 3 is ragged: without the check, that would be the error reported.
    const InputError e = input_error([&] { read_csv_text("id,x\n1,2\n3\n", "t.csv", options); });
    CHECK(std::string(e.what()) == "t.csv: unknown columns 'income', 'year' (columns: id, x)");
    options.required_columns = {"x"};
    CHECK(read_csv_text("id,x\n1,2\n", "t.csv", options).rows() == 1);
}

TEST_CASE("csv through DataTable: the first few bad cells of every column asked for, in one message") {
    const DataTable t = parse("id,x,y,z\n1,a,1,Inf\n2,2,b,1\n3,c,c,2\n4,d,1,3\n5,e,1,4\n6,f,1,5\n7,g,1,6\n");
    const InputError e = input_error([&] { t.numeric_columns({"x", "z", "y", "x"}); });
    CHECK(e.line() == 2);
    CHECK(e.column() == 2);
    CHECK(std::string(e.what()) ==
          "t.csv:2:2: column 'x' has a non-numeric value \"a\" (a numeric column is needed here); also line 4 \"c\", "
          "line 5 \"d\", line 6 \"e\", line 7 \"f\" and more; line 2 field 4: column 'z' has a non-finite value "
          "\"Inf\" (only finite numbers can enter a model); line 3 field 3: column 'y' has a non-numeric value \"b\" (a "
          "numeric column is needed here); also line 4 \"c\"");
    CHECK(t.column("x").problem->more_rows.size() == CellProblem::kMoreRows);
}

TEST_CASE("csv through DataTable: ids") {
    SUBCASE("text is kept, leading zeros included") {
        const DataTable t = parse("fips,x\n01001,1\n01003,2\n");
        CHECK(t.ids("fips") == std::vector<std::string>{"01001", "01003"});
    }
    SUBCASE("a duplicate id names both lines") {
        const DataTable t = parse("id,x\na,1\nb,2\na,3\n");
        const InputError e = input_error([&] { t.ids("id"); });
        CHECK(e.line() == 4);
        CHECK(contains(e.what(), "duplicate id \"a\""));
        CHECK(contains(e.what(), "first seen on line 2"));
    }
    SUBCASE("a missing id") {
        const DataTable t = parse("id,x\na,1\nNA,2\n");
        const InputError e = input_error([&] { t.ids("id"); });
        CHECK(e.line() == 3);
        CHECK(contains(e.what(), "t.csv:3:1: id column 'id' has a missing id"));
    }
}

TEST_CASE("csv through DataTable: labels repeat in long format, where ids may not") {
    const DataTable t = parse("province,year,x\n11,2012,1\n12,2012,2\n11,2013,3\n12,2013,4\n");
    CHECK(t.labels("province") == std::vector<std::string>{"11", "12", "11", "12"});
    CHECK(t.labels("year") == std::vector<std::string>{"2012", "2012", "2013", "2013"});
    CHECK(contains(input_error([&] { t.ids("province"); }).what(), "duplicate id \"11\""));
    const DataTable gap = parse("province,year\n11,2012\n12,\n");
    const InputError e = input_error([&] { gap.labels("year", "period"); });
    CHECK(e.line() == 3);
    CHECK(contains(e.what(), "t.csv:3:2: period column 'year' has a missing period"));
}

TEST_CASE("csv options: defaults are valid and bad options are refused") {
    CHECK_NOTHROW(CsvOptions{}.validate());
    CsvOptions options;
    options.separator = '"';
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("quote character"), std::invalid_argument);
    options.separator = '\n';
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("line end"), std::invalid_argument);
    options.separator = '\x01';
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("control character"), std::invalid_argument);
    options.separator = static_cast<char>(0xC3);
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("ASCII"), std::invalid_argument);
    options.separator = '\t';
    CHECK_NOTHROW(options.validate());
    options.na_tokens = {"N\nA"};
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("line end"), std::invalid_argument);
    options.na_tokens = {" NA"};
    CHECK_THROWS_WITH_AS(options.validate(), doctest::Contains("surrounding spaces"), std::invalid_argument);
    CHECK_THROWS_AS(parse("a\n1\n", options), std::invalid_argument);
}

TEST_CASE("csv: a file reads the same as its text, and read_table dispatches to it") {
    TempDir dir;
    const std::string text = "id;x\n1;0.5\n2;NA\n";
    const std::string path = dir.write("data.CSV", text);
    const DataTable from_file = read_csv(path);
    CHECK(from_file.source() == path);
    CHECK(from_file.numeric("x")[0] == 0.5);
    CHECK(is_nan(from_file.numeric("x")[1]));
    const DataTable dispatched = spillover::read_table(path);
    CHECK(dispatched.column_names() == from_file.column_names());
    CHECK(dispatched.column("id").text[1] == "2");
}

TEST_CASE("csv: any text either parses into a consistent table or throws InputError") {
    // Random text from the characters that matter to the parser; run under the sanitizers this is a
    // check that no input walks the parser off its buffer.
    const std::string alphabet = "a1.,;\t|\"\"\n\r \xEF\xBB\xBF";
    std::mt19937 rng(2024);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> length(0, 40);
    int parsed = 0;
    int inconsistent = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        for (int n = length(rng); n > 0; --n) text += alphabet[pick(rng)];
        try {
            const DataTable t = parse(text);
            ++parsed;
            bool ok = true;
            for (std::size_t c = 0; c < t.cols(); ++c) {
                const auto& column = t.column(c);
                const bool text_column =
                    column.problem && column.problem->kind == CellProblem::Kind::NonNumeric;
                ok = ok && column.text.size() == t.rows() && column.missing.size() == t.rows() &&
                     column.numbers.size() == (text_column ? 0 : t.rows());
            }
            for (std::size_t r = 1; r < t.rows(); ++r) ok = ok && t.source_line(r) > t.source_line(r - 1);
            if (!ok) {
                ++inconsistent;
                MESSAGE("inconsistent table from: " << text);
            }
        } catch (const InputError&) {
        }
    }
    CHECK(inconsistent == 0);
    CHECK(parsed > 100);
}

TEST_CASE("csv: a wide, long generated table") {
    std::string text = "id,a,b,c,name\n";
    const std::size_t rows = 20000;
    for (std::size_t r = 0; r < rows; ++r)
        text += std::to_string(r) + "," + std::to_string(r * 0.25) + "," + (r % 7 == 0 ? "NA" : "1e-3") +
                ",-" + std::to_string(r) + ",\"n" + std::to_string(r) + "\"\n";
    const DataTable t = parse(text);
    REQUIRE(t.rows() == rows);
    CHECK(t.numeric("a")[4] == 1.0);
    CHECK(t.column("b").missing_count == (rows + 6) / 7);
    CHECK(t.numeric("c")[rows - 1] == -static_cast<double>(rows - 1));
    CHECK(t.column("name").text[rows - 1] == "n" + std::to_string(rows - 1));
    CHECK(t.source_line(rows - 1) == rows + 1);
}

TEST_CASE("csv: the bundled Columbus data, when present") {
#ifdef SPILLOVER_DATA_DIR
    const std::filesystem::path path =
        std::filesystem::path(SPILLOVER_DATA_DIR) / "columbus" / "columbus.csv";
#else
    const std::filesystem::path path = "data/columbus/columbus.csv";
#endif
    if (!std::filesystem::exists(path)) {
        MESSAGE("skipped: " << path.string() << " does not exist yet");
        return;
    }
    const DataTable t = read_csv(path.string());
    CHECK(t.rows() == 49);  // the 49 Columbus, Ohio neighbourhoods (Anselin 1988)
    CHECK(t.cols() >= 3);
    for (const char* name : {"CRIME", "INC", "HOVAL"})
        if (t.has_column(name)) CHECK(t.numeric(name).size() == 49);
    // Anselin's neighbourhood 1 (Table 12.1): crime 15.726, income 19.531, housing value 80.467.
    if (t.has_column("CRIME")) CHECK(t.numeric("CRIME")[0] == doctest::Approx(15.72598).epsilon(1e-6));
    if (t.has_column("POLYID")) CHECK(t.ids("POLYID").front() == "1");
}
