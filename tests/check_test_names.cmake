# ctest registers each doctest case under its name (doctest_discover_tests), and a ';' in a name
# splits it into two ctest entries that each select no case and pass: the case silently never
# runs. This check fails on any such name.
#
#   cmake -DTESTS=<path of spillover_tests> -P tests/check_test_names.cmake
execute_process(COMMAND ${TESTS} --list-test-cases --no-version OUTPUT_VARIABLE listing RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${TESTS} --list-test-cases failed")
endif()
string(REPLACE ";" "<SEMICOLON>" listing "${listing}")
string(REPLACE "\n" ";" lines "${listing}")
set(bad 0)
foreach(line IN LISTS lines)
  if(line MATCHES "<SEMICOLON>")
    string(REPLACE "<SEMICOLON>" ";" line "${line}")
    message("a test name with ';' (ctest would not run it): ${line}")
    math(EXPR bad "${bad} + 1")
  endif()
endforeach()
if(bad GREATER 0)
  message(FATAL_ERROR "${bad} test name(s) contain ';'")
endif()
message("no test name contains ';'")
