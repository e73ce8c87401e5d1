# Fails when a Catch2 test name would not reach ctest intact: catch_discover_tests splits names
# at ';' (the pieces then match no test case and "pass" without running), and a name starting
# with '-' is read as an option. Run as: cmake -DEXE=<test executable> -P check_test_names.cmake
# (Catch2 2.x exits with the number of tests listed, so the exit code says nothing here.)
execute_process(COMMAND ${EXE} --list-test-names-only OUTPUT_VARIABLE names)
if(NOT names MATCHES "[A-Za-z]")
  message(FATAL_ERROR "${EXE} --list-test-names-only listed no tests")
endif()
string(REPLACE "\n" ";" lines "${names}")
set(bad "")
foreach(line IN LISTS lines)
  if(line MATCHES "^-")
    string(APPEND bad "\n  starts with '-': ${line}")
  endif()
endforeach()
# A ';' inside a name has already split it into list items here; find those in the raw text.
string(REGEX MATCHALL "[^\n]*;[^\n]*" semis "${names}")
foreach(line IN LISTS semis)
  string(APPEND bad "\n  contains ';': ${line}")
endforeach()
if(bad)
  message(FATAL_ERROR "test names ctest cannot run as written:${bad}")
endif()
