#include "check.h"

#include <stdio.h>
#include <string.h>

static int passed;
static int failed;

static void report_failure(const char* file, int line, const char* what) {
  ++failed;
  fprintf(stderr, "%s:%d: FAILED: %s\n    last error: %s [%s] field '%s'\n", file, line, what, inscrm_last_error(),
          inscrm_status_name(inscrm_last_error_code()), inscrm_last_error_field());
}

void check_true(bool ok, const char* expr, const char* file, int line) {
  if (ok)
    ++passed;
  else
    report_failure(file, line, expr);
}

void check_status(inscrm_status got, inscrm_status expected, const char* expr, const char* file, int line) {
  char what[512];
  if (got != expected) {
    snprintf(what, sizeof what, "%s returned %s, expected %s", expr, inscrm_status_name(got),
             inscrm_status_name(expected));
    report_failure(file, line, what);
  } else if (inscrm_last_error_code() != expected) {
    snprintf(what, sizeof what, "%s: inscrm_last_error_code() is %s, expected %s", expr,
             inscrm_status_name(inscrm_last_error_code()), inscrm_status_name(expected));
    report_failure(file, line, what);
  } else if (expected == INSCRM_OK && inscrm_last_error()[0] != '\0') {
    snprintf(what, sizeof what, "%s succeeded but left a last error", expr);
    report_failure(file, line, what);
  } else {
    ++passed;
  }
}

void check_error(inscrm_status got, inscrm_status expected, const char* field, const char* expr, const char* file,
                 int line) {
  char what[512];
  if (got != expected || inscrm_last_error_code() != expected) {
    snprintf(what, sizeof what, "%s returned %s, expected %s", expr, inscrm_status_name(got),
             inscrm_status_name(expected));
    report_failure(file, line, what);
  } else if (strcmp(inscrm_last_error_field(), field) != 0) {
    snprintf(what, sizeof what, "%s: field is '%s', expected '%s'", expr, inscrm_last_error_field(), field);
    report_failure(file, line, what);
  } else if (inscrm_last_error()[0] == '\0') {
    snprintf(what, sizeof what, "%s: no error message", expr);
    report_failure(file, line, what);
  } else {
    ++passed;
  }
}

void check_null_argument(inscrm_status got, const char* parameter, const char* expr, const char* file, int line) {
  check_error(got, INSCRM_INVALID_ARGUMENT, parameter, expr, file, line);
  if (got == INSCRM_INVALID_ARGUMENT && strstr(inscrm_last_error(), parameter) == NULL) {
    char what[512];
    snprintf(what, sizeof what, "%s: message does not name parameter '%s'", expr, parameter);
    report_failure(file, line, what);
  }
}

void check_string(const char* got, const char* expected, const char* expr, const char* file, int line) {
  if (got == NULL && expected == NULL) {
    ++passed;
  } else if (got == NULL || expected == NULL || strcmp(got, expected) != 0) {
    char what[512];
    snprintf(what, sizeof what, "%s is \"%s\", expected \"%s\"", expr, got ? got : "(null)",
             expected ? expected : "(null)");
    report_failure(file, line, what);
  } else {
    ++passed;
  }
}

int check_summary(void) {
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
