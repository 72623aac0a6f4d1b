/* A tiny assertion kit for the C ABI tests: each CHECK counts a pass or a failure (and says
 * where, with the library's last error) and the run ends with the line CI reads:
 * "12 passed, 0 failed". No framework, so the tests stay plain C11 like a host's code. */
#ifndef INSCRM_TESTS_CAPI_CHECK_H
#define INSCRM_TESTS_CAPI_CHECK_H

#include <inscrm.h>

#include <stdbool.h>

void check_true(bool ok, const char* expr, const char* file, int line);
/* The call returned `expected`; when it is an error, also that the last error says so. */
void check_status(inscrm_status got, inscrm_status expected, const char* expr, const char* file, int line);
/* The call failed with `expected` and the last error names `field` and carries a message. */
void check_error(inscrm_status got, inscrm_status expected, const char* field, const char* expr, const char* file,
                 int line);
/* A NULL argument: INVALID_ARGUMENT, field = the parameter, and the message names it too. */
void check_null_argument(inscrm_status got, const char* parameter, const char* expr, const char* file, int line);
void check_string(const char* got, const char* expected, const char* expr, const char* file, int line);
/* Prints "<passed> passed, <failed> failed" and returns the process exit code. */
int check_summary(void);

#define CHECK(cond) check_true((cond), #cond, __FILE__, __LINE__)
#define CHECK_OK(call) check_status((call), INSCRM_OK, #call, __FILE__, __LINE__)
#define CHECK_ERROR(call, status, field) check_error((call), (status), (field), #call, __FILE__, __LINE__)
#define CHECK_NULL_ARG(call, parameter) check_null_argument((call), (parameter), #call, __FILE__, __LINE__)
#define CHECK_STR(got, expected) check_string((got), (expected), #got, __FILE__, __LINE__)

#endif
