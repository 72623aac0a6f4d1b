/*
 * inscrm.h: the stable C ABI of inscrm, an embeddable insurance CRM.
 *
 * This is the only header a C host includes (it pulls in the generated inscrm_version.h). It
 * compiles as C11 and as C++. Link with -linscrm_c. What may change between releases is written
 * in capi/STABILITY.md; in short: within a major version, only additions.
 *
 * CONVENTIONS (they hold for every declaration below; each declaration repeats what it owns)
 *
 * Status. Every function that can fail returns inscrm_status. INSCRM_OK is 0 and always will be.
 *   The other values are the C++ library's inscrm::Errc, number for number. Out-parameters come
 *   last. A pointer out-parameter is set to NULL (an id to 0) on entry, so it is NULL after any
 *   failure and freeing it is always safe.
 *
 * Last error. Each function that returns inscrm_status records its outcome for the calling
 *   thread: on failure a message, the input field concerned and the code; on success it clears
 *   them. Read them with inscrm_last_error(), inscrm_last_error_field() and
 *   inscrm_last_error_code(). The strings are owned by the library and valid until the next
 *   status-returning call on the same thread; never free them. Functions that return anything
 *   else (the _free functions, inscrm_close, names, versions, the last-error getters) leave the
 *   last error alone, so you can free your outputs before printing the error.
 *
 * Field paths. inscrm_last_error_field() and inscrm_row_error.field use the library's dotted
 *   paths, the same in C++, C and Python: "identity.number", "phones[1].number",
 *   "beneficiaries[0].share_percent". For a NULL argument the field is the parameter's name.
 *
 * Strings in. Borrowed: UTF-8, NUL-terminated, read only during the call, never kept. Where a
 *   declaration says "NULL = …", NULL means "not given"; anywhere else NULL is
 *   INSCRM_INVALID_ARGUMENT.
 *
 * Outputs. Anything the library allocates is released by the library's own free function,
 *   named after the type: inscrm_customer_free(&c). Every free function takes the address of
 *   your pointer, accepts NULL and a NULL pointer, and sets your pointer to NULL. The strings and
 *   arrays inside an output belong to it and live exactly as long as it. Outputs are immutable:
 *   any number of threads may read one at the same time. Arrays inside outputs are NULL when
 *   their count is 0. Lists of records (inscrm_customer_list, …) hold pointers, not structs, so a
 *   record type can grow at its end without breaking compiled hosts.
 *
 * Values. Dates are "YYYY-MM-DD" strings (civil dates; NULL when unknown). Instants are int64
 *   microseconds since 1970-01-01T00:00:00Z (fields end in _unix_micros). Money is int64 minor
 *   units (fen for CNY) plus an ISO 4217 code. Ids are int64 and > 0; 0 means "none". Enumerations
 *   cross as their stable text names (the same names storage, C++ and Python use, e.g. gender
 *   "male", frequency "semi_annual"), except the ones hosts branch or index on, which are C
 *   enums with the C++ numeric values: policy status, policy event, customer stage, status codes.
 *   A later release may add enumerators and names (capi/STABILITY.md): give every switch a
 *   default. Flags are int: 0 false, anything else true.
 *
 * Versioned structs. Every struct the caller allocates and passes in starts with
 *   `unsigned version`. Initialise it with its _INIT macro or _init() function; the library
 *   checks the version at run time and answers INSCRM_INVALID_ARGUMENT (field "….version") to one
 *   it does not know. A later release may append fields and bump the version; a host compiled
 *   against the older header keeps working, because the version tells the library which fields
 *   exist. The small element structs that appear in arrays (inscrm_phone, inscrm_beneficiary, …)
 *   have no version of their own: their layout is fixed by the version of the struct holding them.
 *
 * Threading. An inscrm_db may be shared by any number of threads; calls on it may run at the
 *   same time, and each is one transaction (it all happens or none of it does). The last error is
 *   per thread. The library starts no threads; callbacks run on the calling thread, before the
 *   call returns. inscrm_close must not race with other calls on the same handle.
 *
 * Exceptions. None crosses this boundary: a C++ exception inside the library (a bug) becomes
 *   INSCRM_INTERNAL with its message. Callbacks you pass in must not throw or longjmp.
 */
#ifndef INSCRM_H
#define INSCRM_H

#include <stddef.h>
#include <stdint.h>

#include "inscrm_version.h"

/* INSCRM_API marks the exported functions. The library is built with hidden visibility and a
 * linker version script, so exactly these (all named inscrm_*) are its ABI. */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(INSCRM_C_BUILDING)
#    define INSCRM_API __declspec(dllexport)
#  else
#    define INSCRM_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define INSCRM_API __attribute__((visibility("default")))
#else
#  define INSCRM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================================
 * Library: versions and errors
 * ========================================================================================== */

typedef enum inscrm_status {
  INSCRM_OK = 0,                   /* success, forever 0 */
  INSCRM_INVALID_ARGUMENT = 1,     /* bad input; inscrm_last_error_field() names it */
  INSCRM_NOT_FOUND = 2,            /* the referenced record does not exist */
  INSCRM_ALREADY_EXISTS = 3,       /* a unique key (external_ref, code, policy number) is taken */
  INSCRM_CONFLICT = 4,             /* the record changed since you read it (stale version) */
  INSCRM_ILLEGAL_TRANSITION = 5,   /* a lifecycle event the current state does not allow */
  INSCRM_PERMISSION_DENIED = 6,    /* the actor may not do this */
  INSCRM_STORAGE_UNAVAILABLE = 7,  /* the database cannot be reached or is busy; retrying may help */
  INSCRM_STORAGE_ERROR = 8,        /* the database rejected the operation or is damaged */
  INSCRM_SCHEMA_TOO_NEW = 9,       /* the database was written by a newer library */
  INSCRM_INTERNAL = 10             /* a bug in inscrm; please report it with the message */
} inscrm_status;

/* The library's version, "0.1.0". Static string; never free it. */
INSCRM_API const char* inscrm_version(void);
/* The library's INSCRM_VERSION_NUMBER, for comparing with the header you compiled against. */
INSCRM_API int inscrm_version_number(void);

/* Stable text name of a status: "ok", "invalid_argument", …; "unknown" for a value this library
 * does not know. Static string; never free it. */
INSCRM_API const char* inscrm_status_name(inscrm_status status);

/* The calling thread's last error message: "" after a success. Owned by the library, valid until
 * the next status-returning call on this thread. Never NULL. */
INSCRM_API const char* inscrm_last_error(void);
/* The input field the last error concerns ("identity.number"), or "". Same lifetime. */
INSCRM_API const char* inscrm_last_error_field(void);
/* The status the calling thread's last status-returning call returned. */
INSCRM_API inscrm_status inscrm_last_error_code(void);

/* ============================================================================================
 * Common values
 * ========================================================================================== */

/* An amount: minor units plus a NUL-terminated three-letter ISO 4217 code. In inputs an empty
 * code ("") means CNY. */
typedef struct inscrm_money {
  int64_t minor;
  char currency[4];
} inscrm_money;

#define INSCRM_MONEY_CNY(minor_units) { (minor_units), "CNY" }

/* ============================================================================================
 * Actors: who is asking. Every service call runs as an actor, recorded on history and events.
 * ========================================================================================== */

/* Role bits for inscrm_actor.roles; the bit number is the C++ inscrm::Role value. */
typedef enum inscrm_role {
  INSCRM_ROLE_ADMINISTRATOR = 1 << 0,
  INSCRM_ROLE_AGENT = 1 << 1,
  INSCRM_ROLE_SERVICE_REP = 1 << 2,
  INSCRM_ROLE_COMPLAINT_HANDLER = 1 << 3,
  INSCRM_ROLE_ANALYST = 1 << 4,
  INSCRM_ROLE_AUDITOR = 1 << 5,
  INSCRM_ROLE_CUSTOMER = 1 << 6,
  INSCRM_ROLE_SYSTEM = 1 << 7
} inscrm_role;

#define INSCRM_ACTOR_VERSION 1u

typedef struct inscrm_actor {
  unsigned version;  /* INSCRM_ACTOR_VERSION */
  const char* user;  /* borrowed; the host's user id, recorded verbatim; required */
  uint32_t roles;    /* OR of inscrm_role; unknown bits are INSCRM_INVALID_ARGUMENT */
  int64_t org_unit;  /* the unit the actor works in; 0 = head office / unscoped */
  int64_t agent;     /* the actor's agent id when the actor is an agent; 0 = none */
  int64_t customer;  /* the customer id for self-service; 0 = none */
} inscrm_actor;

/* Blank: set user and roles before use (a NULL user is refused, so nobody acts anonymously). */
#define INSCRM_ACTOR_INIT { INSCRM_ACTOR_VERSION, NULL, 0u, 0, 0, 0 }
/* The library's own scheduled work, for hosts that name no one (C++ inscrm::Actor::system()). */
#define INSCRM_ACTOR_SYSTEM_INIT { INSCRM_ACTOR_VERSION, "system", INSCRM_ROLE_SYSTEM, 0, 0, 0 }

/* Fills *actor like INSCRM_ACTOR_INIT for the given struct version. */
INSCRM_API inscrm_status inscrm_actor_init(inscrm_actor* actor, unsigned version);

/* ============================================================================================
 * Database: open, close, clock, daily run, summary
 * ========================================================================================== */

/* An open CRM: storage plus clock. Opaque; share it between threads freely. */
typedef struct inscrm_db inscrm_db;

typedef enum inscrm_clock_kind {
  INSCRM_CLOCK_SYSTEM = 0,  /* the real time */
  INSCRM_CLOCK_MANUAL = 1   /* a clock only the host moves (inscrm_db_set_time): tests, simulations */
} inscrm_clock_kind;

/* Service settings (the business calendar, SLA policies, assignment rules): see "Service and
 * complaints" below. Declared here for inscrm_open_options version 2. */
struct inscrm_service_settings;

#define INSCRM_OPEN_OPTIONS_VERSION 3u

typedef struct inscrm_open_options {
  unsigned version;            /* INSCRM_OPEN_OPTIONS_VERSION */
  int clock;                   /* inscrm_clock_kind */
  int64_t now_unix_micros;     /* MANUAL: where the clock starts */
  const char* today;           /* MANUAL: or start at 00:00 UTC of this "YYYY-MM-DD"; NULL = use
                                  now_unix_micros. Borrowed. */
  /* domain.md C3: the customer-stage thresholds, tuned per portfolio. */
  int stage_new_months;        /* a first policy this recent makes the customer "new" */
  int stage_won_back_months;   /* how long a returning customer stays "won back" */
  int stage_no_contact_months; /* no interaction for this long puts the customer "at risk" */
  double stage_lapse_risk_at_risk; /* a lapse-risk score at or above this puts the customer "at risk" */
  /* Version 2. */
  const struct inscrm_service_settings* service; /* borrowed; NULL = the defaults
                                                    (INSCRM_SERVICE_SETTINGS_INIT). Errors name
                                                    "service.…" ("service.calendar.hours[1][0]"). */
  /* Version 3: the master key that protects personal data (domain.md C12; "Personal data" below).
   * The key itself, or a key file, or neither — then the default: for SQLite a key file
   * "<db>.key" made 0600 beside the database on first open, for PostgreSQL the file
   * $INSCRM_KEY_FILE names (else INSCRM_INVALID_ARGUMENT, field "master_key"), for memory a random
   * key. A key that does not open the database is INSCRM_PERMISSION_DENIED, field "master_key". */
  const unsigned char* master_key; /* borrowed; master_key_len bytes: 32 raw, or 64 hex digits */
  size_t master_key_len;
  const char* key_file;            /* borrowed path; used when master_key is NULL. 32 raw bytes or
                                      64 hex digits, readable by its owner only */
} inscrm_open_options;

#define INSCRM_OPEN_OPTIONS_INIT \
  { INSCRM_OPEN_OPTIONS_VERSION, INSCRM_CLOCK_SYSTEM, 0, NULL, 6, 12, 12, 0.7, NULL, NULL, 0, NULL }

/* Fills *opts like INSCRM_OPEN_OPTIONS_INIT for the given struct version. */
INSCRM_API inscrm_status inscrm_open_options_init(inscrm_open_options* opts, unsigned version);

/* Opens the CRM a storage URI names: "memory:", "sqlite:path/file.db" or
 * "postgresql://user@host:port/db". uri: borrowed. opts: borrowed; NULL = defaults.
 * out_db: receives the handle; close it with inscrm_close. Unknown schemes and unreachable
 * databases are status codes, never crashes. */
INSCRM_API inscrm_status inscrm_open(const char* uri, const inscrm_open_options* opts, inscrm_db** out_db);

/* Closes the handle and releases everything it holds. NULL-safe; sets *db to NULL. Outputs you
 * received earlier stay valid (they do not point into the handle). */
INSCRM_API void inscrm_close(inscrm_db** db);

/* Moves a MANUAL clock to an instant, or to 00:00 UTC of a date (borrowed "YYYY-MM-DD").
 * INSCRM_INVALID_ARGUMENT (field "db") on a database opened with the system clock. Safe while
 * other threads use the handle. */
INSCRM_API inscrm_status inscrm_db_set_time(inscrm_db* db, int64_t unix_micros);
INSCRM_API inscrm_status inscrm_db_set_date(inscrm_db* db, const char* date);
/* The database clock's current instant. */
INSCRM_API inscrm_status inscrm_db_now(inscrm_db* db, int64_t* out_unix_micros);
/* "memory", "sqlite" or "postgresql". *out_kind: owned by the handle, valid until inscrm_close. */
INSCRM_API inscrm_status inscrm_db_storage_kind(inscrm_db* db, const char** out_kind);
/* The schema version the database is at. */
INSCRM_API inscrm_status inscrm_db_schema_version(inscrm_db* db, int* out_version);

/* What a daily run did. */
typedef struct inscrm_daily_report {
  const char* day;
  size_t policies_checked;
  size_t took_effect;
  size_t entered_grace;
  size_t lapsed;
  size_t matured;
  size_t expired;
  size_t renewed_terms_started;
  size_t stage_changes;
  /* The SLA watchdog (domain.md C5), run at the clock's now: complaints escalated for a newly
   * missed deadline, and service requests with a newly missed deadline recorded. Each missed
   * deadline counts once, in the run that first sees it. */
  size_t complaints_escalated;
  size_t service_requests_breached;
} inscrm_daily_report;

/* Fires every calendar rule due on `day` (policies taking effect, premiums missed, grace expired,
 * maturity, expiry) and refreshes customer stages. Catching up over a long gap applies each rule
 * once, at the date it was due; a second run for the same day changes nothing. Also the SLA
 * watchdog: open complaints past a deadline are escalated, open service requests past one are
 * marked breached.
 * actor: borrowed. day: borrowed "YYYY-MM-DD"; NULL = today by the database clock.
 * out: optional (NULL = not wanted); free with inscrm_daily_report_free. */
INSCRM_API inscrm_status inscrm_db_run_daily(inscrm_db* db, const inscrm_actor* actor, const char* day,
                                             inscrm_daily_report** out);
INSCRM_API void inscrm_daily_report_free(inscrm_daily_report** report);

/* Policy status, numbered as the C++ inscrm::PolicyStatus (domain.md C2). */
typedef enum inscrm_policy_status {
  INSCRM_POLICY_STATUS_QUOTED = 0,
  INSCRM_POLICY_STATUS_APPLIED = 1,
  INSCRM_POLICY_STATUS_UNDERWRITING = 2,
  INSCRM_POLICY_STATUS_DECLINED = 3,
  INSCRM_POLICY_STATUS_ISSUED = 4,
  INSCRM_POLICY_STATUS_IN_FORCE = 5,
  INSCRM_POLICY_STATUS_GRACE_PERIOD = 6,
  INSCRM_POLICY_STATUS_LAPSED = 7,
  INSCRM_POLICY_STATUS_REINSTATED = 8,
  INSCRM_POLICY_STATUS_CANCELLED = 9,
  INSCRM_POLICY_STATUS_SURRENDERED = 10,
  INSCRM_POLICY_STATUS_MATURED = 11,
  INSCRM_POLICY_STATUS_EXPIRED = 12,
  INSCRM_POLICY_STATUS_TERMINATED = 13,
  INSCRM_POLICY_STATUS_RENEWED = 14
} inscrm_policy_status;

/* Customer lifecycle stage, numbered as the C++ inscrm::CustomerStage (domain.md C3). */
typedef enum inscrm_customer_stage {
  INSCRM_CUSTOMER_STAGE_PROSPECT = 0,
  INSCRM_CUSTOMER_STAGE_NEW = 1,
  INSCRM_CUSTOMER_STAGE_ACTIVE = 2,
  INSCRM_CUSTOMER_STAGE_AT_RISK = 3,
  INSCRM_CUSTOMER_STAGE_LAPSED = 4,
  INSCRM_CUSTOMER_STAGE_WON_BACK = 5
} inscrm_customer_stage;

/* A readable picture of the book. Amounts are CNY. */
typedef struct inscrm_portfolio_summary {
  int64_t customers;
  int64_t policies;
  const int64_t* policies_by_status;  /* index with inscrm_policy_status */
  size_t policy_status_count;
  const int64_t* customers_by_stage;  /* index with inscrm_customer_stage */
  size_t customer_stage_count;
  int64_t payments;
  inscrm_money first_year_premium;    /* collected in policy year 1 (首年保费) */
  inscrm_money renewal_premium;       /* collected in later years (续期保费) */
  inscrm_money annualised_premium_in_force;
} inscrm_portfolio_summary;

/* actor: borrowed. out: free with inscrm_portfolio_summary_free. */
INSCRM_API inscrm_status inscrm_db_summary(inscrm_db* db, const inscrm_actor* actor, inscrm_portfolio_summary** out);
INSCRM_API void inscrm_portfolio_summary_free(inscrm_portfolio_summary** summary);

/* ============================================================================================
 * Org units and agents (domain.md C1, C10)
 * ========================================================================================== */

#define INSCRM_ORG_UNIT_INPUT_VERSION 1u

typedef struct inscrm_org_unit_input {
  unsigned version;  /* INSCRM_ORG_UNIT_INPUT_VERSION */
  const char* code;  /* borrowed; unique, e.g. "SH" or "SH-PD-01"; required */
  const char* name;  /* borrowed; required */
  const char* kind;  /* borrowed; "head_office", "branch", "sub_branch", "team"; NULL = "branch" */
  int64_t parent;    /* 0 only for the head office */
} inscrm_org_unit_input;

#define INSCRM_ORG_UNIT_INPUT_INIT { INSCRM_ORG_UNIT_INPUT_VERSION, NULL, NULL, NULL, 0 }
INSCRM_API inscrm_status inscrm_org_unit_input_init(inscrm_org_unit_input* input, unsigned version);

typedef struct inscrm_org_unit {
  int64_t id;
  int64_t version;
  const char* code;
  const char* name;
  const char* kind;
  int64_t parent;  /* 0 for the head office */
  int64_t created_at_unix_micros;
} inscrm_org_unit;

typedef struct inscrm_org_unit_list {
  size_t count;
  const inscrm_org_unit* const* items;
} inscrm_org_unit_list;

/* actor, input: borrowed. out_id: optional; receives the new unit's id. */
INSCRM_API inscrm_status inscrm_org_unit_create(inscrm_db* db, const inscrm_actor* actor,
                                                const inscrm_org_unit_input* input, int64_t* out_id);
/* out: free with inscrm_org_unit_free. INSCRM_NOT_FOUND for an unknown id. */
INSCRM_API inscrm_status inscrm_org_unit_get(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                             inscrm_org_unit** out);
INSCRM_API void inscrm_org_unit_free(inscrm_org_unit** unit);
/* Every unit. out: free with inscrm_org_unit_list_free. */
INSCRM_API inscrm_status inscrm_org_units_list(inscrm_db* db, const inscrm_actor* actor, inscrm_org_unit_list** out);
INSCRM_API void inscrm_org_unit_list_free(inscrm_org_unit_list** list);

#define INSCRM_AGENT_INPUT_VERSION 1u

typedef struct inscrm_agent_input {
  unsigned version;      /* INSCRM_AGENT_INPUT_VERSION */
  const char* code;      /* borrowed; unique licence or staff code; required */
  const char* name;      /* borrowed; required */
  int64_t org_unit;      /* required */
  const char* hired_on;  /* borrowed "YYYY-MM-DD"; NULL = unknown */
  int active;
} inscrm_agent_input;

#define INSCRM_AGENT_INPUT_INIT { INSCRM_AGENT_INPUT_VERSION, NULL, NULL, 0, NULL, 1 }
INSCRM_API inscrm_status inscrm_agent_input_init(inscrm_agent_input* input, unsigned version);

typedef struct inscrm_agent {
  int64_t id;
  int64_t version;
  const char* code;
  const char* name;
  int64_t org_unit;
  const char* hired_on;  /* NULL when unknown */
  int active;
  int64_t created_at_unix_micros;
} inscrm_agent;

typedef struct inscrm_agent_list {
  size_t count;
  const inscrm_agent* const* items;
} inscrm_agent_list;

/* actor, input: borrowed. out_id: optional. */
INSCRM_API inscrm_status inscrm_agent_create(inscrm_db* db, const inscrm_actor* actor, const inscrm_agent_input* input,
                                             int64_t* out_id);
/* out: free with inscrm_agent_free. */
INSCRM_API inscrm_status inscrm_agent_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_agent** out);
INSCRM_API void inscrm_agent_free(inscrm_agent** agent);
/* The agents of one unit, or all when org_unit is 0. out: free with inscrm_agent_list_free. */
INSCRM_API inscrm_status inscrm_agents_list(inscrm_db* db, const inscrm_actor* actor, int64_t org_unit,
                                            inscrm_agent_list** out);
INSCRM_API void inscrm_agent_list_free(inscrm_agent_list** list);

/* ============================================================================================
 * Products (domain.md C2: the catalogue the lifecycle windows come from)
 * ========================================================================================== */

#define INSCRM_PRODUCT_INPUT_VERSION 1u

typedef struct inscrm_product_input {
  unsigned version;        /* INSCRM_PRODUCT_INPUT_VERSION */
  const char* code;        /* borrowed; unique, e.g. "WL-2024"; required */
  const char* name;        /* borrowed; required */
  const char* line;        /* borrowed; "life", "health", "critical_illness", "accident", "annuity",
                              "property", "motor", "travel", "liability"; NULL = "life" */
  const char* term;        /* borrowed; "long_term" or "short_term"; NULL = "long_term" */
  int renewable;           /* short-term products that renew into a new term */
  int free_look_days;      /* cooling-off window after issue; 0 = none */
  int grace_days;          /* after a missed instalment, before the policy lapses */
  int reinstatement_days;  /* how long after lapse a reinstatement may be applied for */
  int term_years;          /* coverage term; for whole-life products the maturity horizon */
  char currency[4];        /* "" = "CNY" */
  int active;
} inscrm_product_input;

#define INSCRM_PRODUCT_INPUT_INIT \
  { INSCRM_PRODUCT_INPUT_VERSION, NULL, NULL, NULL, NULL, 0, 15, 60, 730, 1, "CNY", 1 }
INSCRM_API inscrm_status inscrm_product_input_init(inscrm_product_input* input, unsigned version);

typedef struct inscrm_product {
  int64_t id;
  int64_t version;
  const char* code;
  const char* name;
  const char* line;
  const char* term;
  int renewable;
  int free_look_days;
  int grace_days;
  int reinstatement_days;
  int term_years;
  char currency[4];
  int active;
  int64_t created_at_unix_micros;
} inscrm_product;

typedef struct inscrm_product_list {
  size_t count;
  const inscrm_product* const* items;
} inscrm_product_list;

/* actor, input: borrowed. out_id: optional. */
INSCRM_API inscrm_status inscrm_product_create(inscrm_db* db, const inscrm_actor* actor,
                                              const inscrm_product_input* input, int64_t* out_id);
/* out: free with inscrm_product_free. */
INSCRM_API inscrm_status inscrm_product_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_product** out);
/* code: borrowed. INSCRM_NOT_FOUND (field "code") when no product has it. */
INSCRM_API inscrm_status inscrm_product_get_by_code(inscrm_db* db, const inscrm_actor* actor, const char* code,
                                                    inscrm_product** out);
INSCRM_API void inscrm_product_free(inscrm_product** product);
/* out: free with inscrm_product_list_free. */
INSCRM_API inscrm_status inscrm_products_list(inscrm_db* db, const inscrm_actor* actor, inscrm_product_list** out);
INSCRM_API void inscrm_product_list_free(inscrm_product_list** list);

/* ============================================================================================
 * Customers (domain.md C1)
 * ========================================================================================== */

/* Element structs: used in both inputs (strings borrowed) and outputs (strings owned by the
 * output). Their layout is fixed; see "Versioned structs" above. */
typedef struct inscrm_phone {
  const char* number;  /* in: as written ("+86 138 1234 5678"); out: normalised (11 digits) */
  int primary;
  int verified;
} inscrm_phone;

typedef struct inscrm_email {
  const char* address;
  int primary;
  int verified;
} inscrm_email;

typedef struct inscrm_address {
  const char* line;         /* street address as written */
  const char* region_code;  /* GB/T 2260 division code; in: NULL = none */
  const char* postal_code;  /* in: NULL = none */
  int primary;
  int verified;
} inscrm_address;

typedef struct inscrm_relationship {
  const char* kind;  /* "spouse", "child", "parent", "sibling", "employer", "employee", "referrer",
                        "referred"; in: NULL = "spouse" */
  int64_t other;     /* the related customer */
} inscrm_relationship;

typedef struct inscrm_need {
  const char* line;                          /* line of business; in: NULL = "life" */
  const inscrm_money* desired_sum_insured;   /* NULL = not stated */
  int term_years;                            /* 0 = not stated */
  const char* source;                        /* in: NULL = "unknown" */
  const char* noted_on;                      /* "YYYY-MM-DD"; NULL = unknown */
} inscrm_need;

#define INSCRM_CUSTOMER_INPUT_VERSION 1u

typedef struct inscrm_customer_input {
  unsigned version;             /* INSCRM_CUSTOMER_INPUT_VERSION */
  int64_t id;                   /* update: the customer to change; ignored by create and import */
  int64_t expected_version;     /* update: the version you read (else INSCRM_CONFLICT); ignored otherwise */
  const char* external_ref;     /* the host core system's key, unique; NULL = none */
  const char* kind;             /* "person" or "organisation"; NULL = "person" */
  const char* name;             /* required */
  const char* gender;           /* "unknown", "male", "female"; NULL = "unknown" (a resident
                                   identity number supplies it) */
  const char* birth_date;       /* "YYYY-MM-DD"; NULL = unknown (a resident identity number supplies it) */
  const char* identity_type;    /* "resident_id", "passport", "hk_macau_permit", "taiwan_permit",
                                   "foreign_resident_permit", "business_licence", "other";
                                   NULL = "resident_id" */
  const char* identity_number;  /* NULL = no identity document */
  const char* marital_status;   /* "unknown", "single", "married", "divorced", "widowed"; NULL = "unknown" */
  const char* occupation;       /* NULL = "" */
  const char* industry;         /* NULL = "" */
  const inscrm_money* annual_income;  /* NULL = unknown */
  const char* region;           /* GB/T 2260 code of province or city, e.g. "310000"; NULL = "" */
  const inscrm_phone* phones;   /* array of phone_count; NULL when 0 */
  size_t phone_count;
  const inscrm_email* emails;
  size_t email_count;
  const inscrm_address* addresses;
  size_t address_count;
  const inscrm_relationship* relationships;
  size_t relationship_count;
  const inscrm_need* needs;
  size_t need_count;
  const char* source;           /* "unknown", "questionnaire", "transaction", "internet", "partner",
                                   "agent_cold_visit", "agent_referral"; NULL = "unknown" */
  int64_t org_unit;             /* 0 = the actor's unit */
  int64_t agent;                /* 0 = the actor's agent id, if any */
  const char* verified_on;      /* when the facts were last confirmed; NULL = never */
} inscrm_customer_input;

#define INSCRM_CUSTOMER_INPUT_INIT                                                             \
  { INSCRM_CUSTOMER_INPUT_VERSION, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
    NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0, NULL }
INSCRM_API inscrm_status inscrm_customer_input_init(inscrm_customer_input* input, unsigned version);

/* A stored customer. Optional facts are NULL when unknown. */
typedef struct inscrm_customer {
  int64_t id;
  int64_t version;             /* pass back as expected_version to update */
  const char* external_ref;
  const char* kind;
  const char* name;
  const char* gender;
  const char* birth_date;
  const char* identity_type;   /* NULL when there is no document */
  const char* identity_number;
  const char* marital_status;
  const char* occupation;
  const char* industry;
  const inscrm_money* annual_income;
  const char* region;
  const inscrm_phone* phones;
  size_t phone_count;
  const inscrm_email* emails;
  size_t email_count;
  const inscrm_address* addresses;
  size_t address_count;
  const inscrm_relationship* relationships;
  size_t relationship_count;
  const inscrm_need* needs;
  size_t need_count;
  const char* source;
  int64_t org_unit;
  int64_t agent;                /* 0 = none */
  inscrm_customer_stage stage;  /* derived by the library, never typed in */
  const char* stage_since;
  const char* verified_on;
  int64_t created_at_unix_micros;
  int64_t updated_at_unix_micros;
  const char* erased_on;        /* NULL unless erased ("Personal data" below): then the personal
                                   fields are empty for good */
} inscrm_customer;

typedef struct inscrm_customer_list {
  size_t count;
  const inscrm_customer* const* items;
} inscrm_customer_list;

/* Validates and normalises the customer (name, identity number against birth date and gender,
 * phones, e-mails), stores it and emits customer.created. A bad resident identity number is
 * INSCRM_INVALID_ARGUMENT with field "identity.number".
 * actor, input: borrowed. out_id: optional; receives the new customer's id. */
INSCRM_API inscrm_status inscrm_customer_create(inscrm_db* db, const inscrm_actor* actor,
                                               const inscrm_customer_input* input, int64_t* out_id);
/* out: free with inscrm_customer_free. INSCRM_NOT_FOUND for an unknown id. */
INSCRM_API inscrm_status inscrm_customer_get(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                            inscrm_customer** out);
/* Replaces the facts of customer input->id with *input: the input is the whole record, not a
 * patch, so start from inscrm_customer_input_from. input->expected_version must be the version
 * you read, else INSCRM_CONFLICT and nothing changes. Stage and creation time are the library's.
 * actor, input: borrowed. out: optional; the stored record, free with inscrm_customer_free. */
INSCRM_API inscrm_status inscrm_customer_update(inscrm_db* db, const inscrm_actor* actor,
                                               const inscrm_customer_input* input, inscrm_customer** out);
/* ref: borrowed. *out is NULL (and the status INSCRM_OK) when no customer has the reference.
 * out: free with inscrm_customer_free. */
INSCRM_API inscrm_status inscrm_customer_find_by_external_ref(inscrm_db* db, const inscrm_actor* actor,
                                                              const char* ref, inscrm_customer** out);
/* Every customer with this identity number ("…x" finds "…X"). number: borrowed.
 * out: possibly empty; free with inscrm_customer_list_free. */
INSCRM_API inscrm_status inscrm_customer_find_by_identity(inscrm_db* db, const inscrm_actor* actor,
                                                          const char* number, inscrm_customer_list** out);
INSCRM_API void inscrm_customer_free(inscrm_customer** customer);
INSCRM_API void inscrm_customer_list_free(inscrm_customer_list** list);

/* Fills *input (as inscrm_customer_input_init would, at the current version) from a stored
 * customer, with id and expected_version set: read, change a field, update. The strings and
 * arrays of *input are borrowed from *customer, so keep the customer until you are done with the
 * input. Element arrays are shared as they are; a need's desired_sum_insured points into the
 * customer too. */
INSCRM_API inscrm_status inscrm_customer_input_from(const inscrm_customer* customer, inscrm_customer_input* input);

#define INSCRM_CUSTOMER_QUERY_VERSION 1u

/* Keyset pagination: results in id order, after `after`. */
typedef struct inscrm_customer_query {
  unsigned version;  /* INSCRM_CUSTOMER_QUERY_VERSION */
  int64_t org_unit;  /* 0 = any */
  int64_t agent;     /* 0 = any */
  int stage;         /* an inscrm_customer_stage, or -1 = any */
  int64_t after;     /* the last id of the previous page; 0 = from the start */
  size_t limit;      /* at most this many */
} inscrm_customer_query;

#define INSCRM_CUSTOMER_QUERY_INIT { INSCRM_CUSTOMER_QUERY_VERSION, 0, 0, -1, 0, 1000 }
INSCRM_API inscrm_status inscrm_customer_query_init(inscrm_customer_query* query, unsigned version);

/* query: borrowed; NULL = the first 1000 customers. out: free with inscrm_customer_list_free. */
INSCRM_API inscrm_status inscrm_customers_list(inscrm_db* db, const inscrm_actor* actor,
                                              const inscrm_customer_query* query, inscrm_customer_list** out);

/* Bulk import. */
typedef enum inscrm_import_mode {
  INSCRM_IMPORT_ALL_OR_NOTHING = 0,  /* any bad row: nothing is written */
  INSCRM_IMPORT_SKIP_BAD_ROWS = 1    /* the good rows are written, the bad ones reported */
} inscrm_import_mode;

/* Why one input row was rejected. */
typedef struct inscrm_row_error {
  size_t row;            /* 0-based index into the input */
  inscrm_status code;
  const char* field;     /* "" when the error concerns the whole row */
  const char* message;
} inscrm_row_error;

typedef struct inscrm_import_report {
  size_t imported;                          /* rows written */
  const int64_t* ids;                       /* the new ids, in input order of the written rows */
  size_t id_count;
  const size_t* id_rows;                    /* id_rows[i]: the input row ids[i] came from */
  const inscrm_row_error* const* errors;    /* in row order */
  size_t error_count;
} inscrm_import_report;

/* Validates every row, then writes them in one transaction. Bad rows are reported per row (code,
 * field, message) in *out rather than as the call's status: the status is INSCRM_OK whenever the
 * batch was processed, so check (*out)->error_count. In ALL_OR_NOTHING mode, a report with errors
 * means nothing was written; then rows that cannot even be read (an unknown enum name, a malformed
 * date) are reported together with the rows failing validation, and rows failing only storage
 * checks (a taken external_ref, a missing org unit) show up once the others are fixed.
 * One call for many rows keeps the per-row cost low; a whole book fits in one call.
 * actor: borrowed. rows: borrowed array of n inputs, all of the same version (NULL when n is 0).
 * mode: inscrm_import_mode. out: free with inscrm_import_report_free. */
INSCRM_API inscrm_status inscrm_customers_import(inscrm_db* db, const inscrm_actor* actor,
                                                const inscrm_customer_input* rows, size_t n, int mode,
                                                inscrm_import_report** out);
INSCRM_API void inscrm_import_report_free(inscrm_import_report** report);

/* ============================================================================================
 * Policies and their lifecycle (domain.md C2)
 * ========================================================================================== */

/* Lifecycle events, numbered as the C++ inscrm::PolicyEvent. */
typedef enum inscrm_policy_event {
  INSCRM_POLICY_EVENT_APPLY = 0,               /* quoted → applied */
  INSCRM_POLICY_EVENT_START_UNDERWRITING = 1,  /* applied → underwriting */
  INSCRM_POLICY_EVENT_DECLINE = 2,             /* underwriting → declined (拒保) */
  INSCRM_POLICY_EVENT_ISSUE = 3,               /* underwriting → issued */
  INSCRM_POLICY_EVENT_TAKE_EFFECT = 4,         /* issued → in force; renewed → in force */
  INSCRM_POLICY_EVENT_MISS_PREMIUM = 5,        /* in force → grace period */
  INSCRM_POLICY_EVENT_PAY_ARREARS = 6,         /* grace period | reinstated → in force */
  INSCRM_POLICY_EVENT_LAPSE = 7,               /* grace period → lapsed */
  INSCRM_POLICY_EVENT_REINSTATE = 8,           /* lapsed → reinstated, within the window */
  INSCRM_POLICY_EVENT_CANCEL_FREE_LOOK = 9,    /* issued | in force → cancelled, in the free look */
  INSCRM_POLICY_EVENT_SURRENDER = 10,          /* in force | grace | reinstated | renewed → surrendered */
  INSCRM_POLICY_EVENT_MATURE = 11,             /* in force → matured */
  INSCRM_POLICY_EVENT_EXPIRE = 12,             /* in force | grace → expired */
  INSCRM_POLICY_EVENT_RENEW = 13,              /* in force → renewed */
  INSCRM_POLICY_EVENT_TERMINATE = 14           /* in force | grace | reinstated | renewed → terminated */
} inscrm_policy_event;

/* Stable text names ("in_force", "reinstate", "won_back"); "unknown" for values this library
 * does not know. Static strings; never free them. */
INSCRM_API const char* inscrm_policy_status_name(inscrm_policy_status status);
INSCRM_API const char* inscrm_policy_event_name(inscrm_policy_event event);
INSCRM_API const char* inscrm_customer_stage_name(inscrm_customer_stage stage);
/* The event a name denotes ("lapse" → INSCRM_POLICY_EVENT_LAPSE). name: borrowed.
 * INSCRM_INVALID_ARGUMENT (field "event") for an unknown name. */
INSCRM_API inscrm_status inscrm_policy_event_from_name(const char* name, inscrm_policy_event* out_event);

typedef struct inscrm_beneficiary {
  int64_t customer;
  int share_percent;  /* whole percent; the shares of a policy sum to 100 */
} inscrm_beneficiary;

#define INSCRM_POLICY_APPLICATION_VERSION 1u

/* What a host submits to quote or issue a policy. Dates default to the database clock's today. */
typedef struct inscrm_policy_application {
  unsigned version;                         /* INSCRM_POLICY_APPLICATION_VERSION */
  const char* product;                      /* product code, e.g. "WL-2024"; required */
  int64_t holder;                           /* required */
  const int64_t* insured;                   /* array of insured_count customer ids; none = the holder */
  size_t insured_count;
  const inscrm_beneficiary* beneficiaries;  /* none = statutory heirs (法定受益人) */
  size_t beneficiary_count;
  inscrm_money sum_insured;
  inscrm_money premium;                     /* per instalment */
  const char* frequency;                    /* "single", "annual", "semi_annual", "quarterly",
                                               "monthly"; NULL = "annual" */
  int premium_years;                        /* payment term; 0 = the product's term */
  int64_t agent;                            /* 0 = the holder's agent */
  int64_t org_unit;                         /* 0 = the holder's unit */
  const char* application_date;             /* NULL = today */
  const char* effective_date;               /* NULL = the issue date */
  const char* expiry_date;                  /* NULL = effective + the product's term */
  const char* number;                       /* policy number; NULL = generated from the id */
  const char* external_ref;                 /* NULL = none */
  int whole_life;                           /* no expiry date at all */
} inscrm_policy_application;

#define INSCRM_POLICY_APPLICATION_INIT                                                          \
  { INSCRM_POLICY_APPLICATION_VERSION, NULL, 0, NULL, 0, NULL, 0, INSCRM_MONEY_CNY(0),          \
    INSCRM_MONEY_CNY(0), NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, 0 }
INSCRM_API inscrm_status inscrm_policy_application_init(inscrm_policy_application* application, unsigned version);

typedef struct inscrm_policy {
  int64_t id;
  int64_t version;
  const char* external_ref;  /* NULL = none */
  const char* number;
  int64_t product;
  int64_t holder;
  const int64_t* insured;
  size_t insured_count;
  const inscrm_beneficiary* beneficiaries;
  size_t beneficiary_count;
  int64_t agent;             /* 0 = none */
  int64_t org_unit;
  inscrm_money sum_insured;
  inscrm_money premium;
  const char* frequency;
  int premium_years;
  const char* application_date;
  const char* issue_date;      /* NULL until issued */
  const char* effective_date;  /* NULL until known */
  const char* expiry_date;     /* NULL for whole-life cover */
  const char* term_start;      /* start of the current term (differs after a renewal) */
  int renewals;
  inscrm_policy_status status;
  const char* status_since;    /* business date the current status took effect */
  int64_t created_at_unix_micros;
  int64_t updated_at_unix_micros;
} inscrm_policy;

typedef struct inscrm_policy_list {
  size_t count;
  const inscrm_policy* const* items;
} inscrm_policy_list;

/* A quote (status quoted), to be taken on with inscrm_policy_apply_event.
 * actor, application: borrowed. out: optional; free with inscrm_policy_free. */
INSCRM_API inscrm_status inscrm_policy_quote(inscrm_db* db, const inscrm_actor* actor,
                                            const inscrm_policy_application* application, inscrm_policy** out);
/* Quote, apply, underwrite and issue in one call, each step recorded in the history; the policy
 * is in force at once when its effective date is today or earlier. An unknown product code is
 * INSCRM_NOT_FOUND (field "product"). out: optional; free with inscrm_policy_free. */
INSCRM_API inscrm_status inscrm_policy_issue(inscrm_db* db, const inscrm_actor* actor,
                                            const inscrm_policy_application* application, inscrm_policy** out);
/* Applies one lifecycle event (reinstate, surrender, cancel_free_look, renew, terminate, …).
 * An event the current status or the product's windows do not allow is
 * INSCRM_ILLEGAL_TRANSITION and changes nothing; an unknown policy is INSCRM_NOT_FOUND.
 * reason: borrowed; NULL = "". on: borrowed business date; NULL = today.
 * out: optional; the policy afterwards, free with inscrm_policy_free. */
INSCRM_API inscrm_status inscrm_policy_apply_event(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id,
                                                  inscrm_policy_event event, const char* reason, const char* on,
                                                  inscrm_policy** out);
/* out: free with inscrm_policy_free. */
INSCRM_API inscrm_status inscrm_policy_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_policy** out);
/* number: borrowed. INSCRM_NOT_FOUND (field "number") when no policy has it. */
INSCRM_API inscrm_status inscrm_policy_get_by_number(inscrm_db* db, const inscrm_actor* actor, const char* number,
                                                    inscrm_policy** out);
INSCRM_API void inscrm_policy_free(inscrm_policy** policy);

#define INSCRM_POLICY_QUERY_VERSION 1u

typedef struct inscrm_policy_query {
  unsigned version;                       /* INSCRM_POLICY_QUERY_VERSION */
  int64_t holder;                         /* 0 = any */
  const inscrm_policy_status* statuses;   /* borrowed array; none = any status */
  size_t status_count;
  int64_t after;                          /* keyset pagination: the last id of the previous page */
  size_t limit;
} inscrm_policy_query;

#define INSCRM_POLICY_QUERY_INIT { INSCRM_POLICY_QUERY_VERSION, 0, NULL, 0, 0, 1000 }
INSCRM_API inscrm_status inscrm_policy_query_init(inscrm_policy_query* query, unsigned version);

/* query: borrowed; NULL = the first 1000 policies. out: free with inscrm_policy_list_free. */
INSCRM_API inscrm_status inscrm_policies_list(inscrm_db* db, const inscrm_actor* actor,
                                             const inscrm_policy_query* query, inscrm_policy_list** out);
INSCRM_API void inscrm_policy_list_free(inscrm_policy_list** list);

/* One step of a policy's history: append-only. */
typedef struct inscrm_transition {
  int64_t id;
  int64_t policy;
  inscrm_policy_status from;
  inscrm_policy_status to;
  inscrm_policy_event event;
  const char* effective_on;  /* the business date the new status took effect */
  int64_t at_unix_micros;    /* when it was recorded */
  const char* actor;
  const char* reason;
} inscrm_transition;

typedef struct inscrm_transition_list {
  size_t count;
  const inscrm_transition* const* items;  /* oldest first */
} inscrm_transition_list;

/* The policy's lifecycle history. INSCRM_NOT_FOUND for an unknown policy.
 * out: free with inscrm_transition_list_free. */
INSCRM_API inscrm_status inscrm_policy_history(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id,
                                              inscrm_transition_list** out);
INSCRM_API void inscrm_transition_list_free(inscrm_transition_list** list);

#define INSCRM_PAYMENT_INPUT_VERSION 1u

typedef struct inscrm_payment_input {
  unsigned version;             /* INSCRM_PAYMENT_INPUT_VERSION */
  const char* due;              /* a scheduled instalment date; required */
  const char* paid;             /* NULL = today */
  const inscrm_money* amount;   /* NULL = the policy's premium */
  const char* channel;          /* "agent_collection", "door_to_door", "bank_counter", "online",
                                   "auto_debit"; NULL = "bank_counter" */
} inscrm_payment_input;

#define INSCRM_PAYMENT_INPUT_INIT { INSCRM_PAYMENT_INPUT_VERSION, NULL, NULL, NULL, NULL }
INSCRM_API inscrm_status inscrm_payment_input_init(inscrm_payment_input* input, unsigned version);

/* Bulk migration of a book from a core system: each row is a policy in the status the core
 * system reports, with its payment history. */
#define INSCRM_POLICY_IMPORT_ROW_VERSION 1u

typedef struct inscrm_policy_import_row {
  unsigned version;                               /* INSCRM_POLICY_IMPORT_ROW_VERSION */
  const inscrm_policy_application* application;   /* required; effective_date and number too */
  inscrm_policy_status status;                    /* INIT: in force */
  const inscrm_payment_input* payments;           /* array of payment_count, all of one version */
  size_t payment_count;
} inscrm_policy_import_row;

#define INSCRM_POLICY_IMPORT_ROW_INIT \
  { INSCRM_POLICY_IMPORT_ROW_VERSION, NULL, INSCRM_POLICY_STATUS_IN_FORCE, NULL, 0 }
INSCRM_API inscrm_status inscrm_policy_import_row_init(inscrm_policy_import_row* row, unsigned version);

/* All or nothing, in one transaction: the first bad row fails the call, with a field path such
 * as "rows[3].number". actor: borrowed. rows: borrowed array of n (NULL when n is 0).
 * out_ids: optional caller-owned array of n, receives the new ids in row order. */
INSCRM_API inscrm_status inscrm_policies_import(inscrm_db* db, const inscrm_actor* actor,
                                               const inscrm_policy_import_row* rows, size_t n, int64_t* out_ids);

/* ============================================================================================
 * Payments (domain.md C2: the premium schedule)
 * ========================================================================================== */

typedef struct inscrm_payment {
  int64_t id;
  int64_t policy;
  const char* due_date;
  const char* paid_on;
  inscrm_money amount;
  int policy_year;      /* 1 = first policy year */
  const char* kind;     /* "first_year" (首年保费) or "renewal" (续期保费) */
  const char* channel;
  int64_t recorded_at_unix_micros;
} inscrm_payment;

typedef struct inscrm_payment_list {
  size_t count;
  const inscrm_payment* const* items;
} inscrm_payment_list;

/* Records a premium payment. Accepted while the policy is issued, in force, in grace, reinstated
 * or renewed; a payment that clears the last arrears brings the policy back in force.
 * actor, input: borrowed. out: optional; free with inscrm_payment_free. */
INSCRM_API inscrm_status inscrm_payment_record(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id,
                                              const inscrm_payment_input* input, inscrm_payment** out);
INSCRM_API void inscrm_payment_free(inscrm_payment** payment);
/* The policy's payments. out: free with inscrm_payment_list_free. */
INSCRM_API inscrm_status inscrm_policy_payments(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id,
                                               inscrm_payment_list** out);
INSCRM_API void inscrm_payment_list_free(inscrm_payment_list** list);

/* One scheduled instalment and the payment covering it, if any. */
typedef struct inscrm_schedule_line {
  const char* due_date;
  int policy_year;
  inscrm_money amount;
  const inscrm_payment* payment;  /* NULL = unpaid */
} inscrm_schedule_line;

typedef struct inscrm_schedule {
  size_t count;
  const inscrm_schedule_line* const* items;
} inscrm_schedule;

/* Instalments due up to `through` (borrowed "YYYY-MM-DD"). out: free with inscrm_schedule_free. */
INSCRM_API inscrm_status inscrm_policy_schedule(inscrm_db* db, const inscrm_actor* actor, int64_t policy_id,
                                               const char* through, inscrm_schedule** out);
INSCRM_API void inscrm_schedule_free(inscrm_schedule** schedule);

/* ============================================================================================
 * Service and complaints (domain.md C4, C5, C6): the service settings, the interaction log,
 * complaints with their SLA clocks, claims, service requests (保全 and value-added services) and
 * satisfaction surveys. Statuses, kinds and categories cross as their stable text names
 * ("solution_proposed", "change_address", "agent_conduct"). Optional instants in outputs are 0
 * when absent (no case of the library happens at 1970-01-01T00:00:00Z); in inputs 0 means "now".
 * Each step of a complaint, claim or service request is one call and one transaction: a step the
 * flow does not allow is INSCRM_ILLEGAL_TRANSITION (the field names what is missing or "status")
 * and changes nothing.
 * ========================================================================================== */

/* Element structs of the service settings (fixed layout, see "Versioned structs"). */

/* Part of a local day that is worked: [start_minute, end_minute) in minutes since local midnight,
 * 0 ≤ start < end ≤ 1440. {540, 720} is 09:00–12:00. */
typedef struct inscrm_working_interval {
  int start_minute;
  int end_minute;
} inscrm_working_interval;

/* The intervals of one day, in time order and not overlapping; none = a day off. */
typedef struct inscrm_working_day {
  const inscrm_working_interval* intervals;
  size_t interval_count;
} inscrm_working_day;

/* One row of an SLA policy. Keys are text names: a complaint's category and severity
 * ("service", "high"), or a service request's kind ("surrender") with no severity. In: NULL or ""
 * matches anything. Both durations count from the start of the case, on `calendar`. */
typedef struct inscrm_sla_row {
  const char* category;
  const char* severity;
  int64_t acknowledge_within_minutes;
  int64_t resolve_within_minutes;
  const char* calendar; /* "business" or "round_the_clock"; in: NULL = "business" */
} inscrm_sla_row;

/* The most specific row applies (category and severity, then category, then severity, then a
 * row without keys), else the fallback (its keys are ignored). */
typedef struct inscrm_sla_policy {
  const inscrm_sla_row* rows;
  size_t row_count;
  inscrm_sla_row fallback;
} inscrm_sla_policy;

/* Who gets the new complaints of a department: "round_robin" after the handler of the
 * department's latest assigned complaint, or "least_busy" (the fewest open complaints). */
typedef struct inscrm_assignment_rule {
  const char* department;
  const char* mode;             /* "round_robin" or "least_busy"; in: NULL = "round_robin" */
  const char* const* handlers;  /* user ids, in rotation order */
  size_t handler_count;
} inscrm_assignment_rule;

#define INSCRM_SERVICE_SETTINGS_VERSION 1u

/* The host's configuration for service and complaints: the business calendar SLA time counts
 * on, the SLA policies and the assignment rules. Nothing of it is stored: deadlines are derived
 * from each case's SLA clock and the settings in force, so replacing a policy moves every open
 * deadline at once (breaches already recorded stay). Errors name the C++ paths:
 * "calendar.hours[1][0]", "calendar.holidays[2]", "complaint_sla.rows[0].severity",
 * "service_sla.fallback.resolve_within", "assignment[1].handlers". All strings and arrays are
 * borrowed. */
typedef struct inscrm_service_settings {
  unsigned version;                    /* INSCRM_SERVICE_SETTINGS_VERSION */
  const inscrm_working_day* week;      /* array of 7, [0] Sunday … [6] Saturday, local time;
                                          NULL = Monday to Friday, 09:00–12:00 and 13:00–18:00 */
  const char* const* holidays;         /* "YYYY-MM-DD" local dates off (法定节假日) */
  size_t holiday_count;
  const char* const* make_up_days;     /* weekend dates worked instead (调休) */
  size_t make_up_day_count;
  inscrm_working_day make_up_hours;    /* the hours of a make-up day; none = Monday's */
  int utc_offset_minutes;              /* local time = UTC + offset; INIT: 480 (China) */
  const inscrm_sla_policy* complaint_sla; /* NULL = the library's standard complaint SLA */
  const inscrm_sla_policy* service_sla;   /* NULL = the library's standard service SLA */
  const inscrm_assignment_rule* assignment; /* departments whose complaints are assigned at intake */
  size_t assignment_count;
  const char* escalate_at_intake_from; /* a complaint this severe or more is escalated at intake;
                                          NULL = "high" */
} inscrm_service_settings;

#define INSCRM_SERVICE_SETTINGS_INIT \
  { INSCRM_SERVICE_SETTINGS_VERSION, NULL, NULL, 0, NULL, 0, { NULL, 0 }, 480, NULL, NULL, NULL, 0, NULL }
INSCRM_API inscrm_status inscrm_service_settings_init(inscrm_service_settings* settings, unsigned version);

/* The settings in force, spelled out in full (week, both policies, every rule): change what you
 * need and pass it back to inscrm_db_set_service_settings. Library-allocated at the current
 * version; free with inscrm_service_settings_free, never yourself. */
INSCRM_API inscrm_status inscrm_db_service_settings(inscrm_db* db, inscrm_service_settings** out);
INSCRM_API void inscrm_service_settings_free(inscrm_service_settings** settings);
/* Replaces the settings for every later call, validated whole; a settings.changed event.
 * actor, settings: borrowed. */
INSCRM_API inscrm_status inscrm_db_set_service_settings(inscrm_db* db, const inscrm_actor* actor,
                                                        const inscrm_service_settings* settings);
/* ---- Interactions (C4): the contact log, append-only ---------------------------------------- */

#define INSCRM_INTERACTION_INPUT_VERSION 1u

typedef struct inscrm_interaction_input {
  unsigned version;                /* INSCRM_INTERACTION_INPUT_VERSION */
  int64_t customer;                /* required */
  const char* channel;             /* "branch", "agent_visit", "call_centre", "website", "app", "email",
                                      "sms", "wechat", "partner"; NULL = "call_centre" */
  const char* direction;           /* "inbound" or "outbound"; NULL = "inbound" */
  const char* purpose;             /* "inquiry", "sales_visit", "service", "complaint", "care", "survey",
                                      "campaign"; NULL = "inquiry" */
  int64_t agent;                   /* 0 = none; required for an agent visit */
  int64_t org_unit;                /* 0 = the customer's */
  int64_t started_at_unix_micros;  /* 0 = now; never in the future */
  int64_t duration_seconds;        /* 0 for a message or an unanswered call */
  const char* outcome;             /* "completed", "no_answer", "callback_requested", "sale", "refused";
                                      NULL = "completed" */
  const char* visit_kind;          /* visits only: "cold", "referral", "follow_up"; NULL = none */
  const char* notes;               /* NULL = "" */
  const char* external_ref;        /* e.g. the call-centre system's call id; NULL = none */
} inscrm_interaction_input;

#define INSCRM_INTERACTION_INPUT_INIT \
  { INSCRM_INTERACTION_INPUT_VERSION, 0, NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL }
INSCRM_API inscrm_status inscrm_interaction_input_init(inscrm_interaction_input* input, unsigned version);

typedef struct inscrm_interaction {
  int64_t id;
  int64_t version;
  const char* external_ref;  /* NULL = none */
  int64_t customer;
  const char* channel;
  const char* direction;
  const char* purpose;
  int64_t agent;             /* 0 = none */
  int64_t org_unit;
  int64_t started_at_unix_micros;
  int64_t duration_seconds;
  const char* outcome;
  const char* visit_kind;    /* NULL = not a visit */
  const char* notes;
  int64_t created_at_unix_micros;
} inscrm_interaction;

typedef struct inscrm_interaction_list {
  size_t count;
  const inscrm_interaction* const* items;
} inscrm_interaction_list;

#define INSCRM_INTERACTION_QUERY_VERSION 1u

typedef struct inscrm_interaction_query {
  unsigned version;          /* INSCRM_INTERACTION_QUERY_VERSION */
  int64_t customer;          /* 0 = any */
  int64_t agent;             /* 0 = any */
  int64_t from_unix_micros;  /* started at or after; 0 = no bound */
  int64_t to_unix_micros;    /* started before; 0 = no bound */
  int64_t after;             /* keyset pagination: the last id of the previous page */
  size_t limit;
} inscrm_interaction_query;

#define INSCRM_INTERACTION_QUERY_INIT { INSCRM_INTERACTION_QUERY_VERSION, 0, 0, 0, 0, 0, 1000 }
INSCRM_API inscrm_status inscrm_interaction_query_init(inscrm_interaction_query* query, unsigned version);

/* Logs one contact and emits interaction.logged. The customer, agent and org unit must exist
 * (INSCRM_NOT_FOUND naming the field). actor, input: borrowed. out: optional; free with
 * inscrm_interaction_free. */
INSCRM_API inscrm_status inscrm_interaction_log(inscrm_db* db, const inscrm_actor* actor,
                                                const inscrm_interaction_input* input, inscrm_interaction** out);
INSCRM_API void inscrm_interaction_free(inscrm_interaction** interaction);
/* query: borrowed; NULL = the first 1000. out: free with inscrm_interaction_list_free. */
INSCRM_API inscrm_status inscrm_interactions_list(inscrm_db* db, const inscrm_actor* actor,
                                                  const inscrm_interaction_query* query, inscrm_interaction_list** out);
INSCRM_API void inscrm_interaction_list_free(inscrm_interaction_list** list);

/* ---- SLA clocks and deadlines, shared by complaints and service requests ------------------- */

/* The customer was waited on from start to end (0 while still waiting): the clock stood still. */
typedef struct inscrm_sla_pause {
  int64_t start_unix_micros;
  int64_t end_unix_micros;
  const char* reason;
} inscrm_sla_pause;

/* What happened to one case's SLA clock. A breach, once recorded, stays. */
typedef struct inscrm_sla_clock {
  int64_t started_at_unix_micros;
  const inscrm_sla_pause* pauses;       /* in time order; only the last may be open */
  size_t pause_count;
  int paused;                           /* the last pause is still open */
  int64_t acknowledged_at_unix_micros;  /* 0 = not yet */
  int64_t resolved_at_unix_micros;      /* 0 = not yet */
  int64_t breached_ack_at_unix_micros;  /* the missed acknowledge deadline; 0 = none recorded */
  int64_t breached_resolve_at_unix_micros;
} inscrm_sla_clock;

/* Where a case stands against its SLA as of the database clock's now, under the policy and
 * calendar in force now (never stored). */
typedef struct inscrm_deadlines {
  inscrm_sla_row row;                   /* the policy row that applies */
  int64_t acknowledge_unix_micros;      /* 0 while the case waits on the customer */
  int64_t resolve_unix_micros;          /* 0 while the case waits on the customer */
  int64_t acknowledged_at_unix_micros;  /* 0 = not yet */
  int64_t resolved_at_unix_micros;      /* 0 = not yet */
  int paused;
  int acknowledge_breached;             /* missed: recorded, or passed with the work not done */
  int resolve_breached;
  int64_t elapsed_micros;               /* SLA time used so far, pauses excluded */
  int64_t as_of_unix_micros;
} inscrm_deadlines;

INSCRM_API void inscrm_deadlines_free(inscrm_deadlines** deadlines);

/* ---- Complaints (C5) ----------------------------------------------------------------------- */

#define INSCRM_COMPLAINT_INPUT_VERSION 1u

typedef struct inscrm_complaint_input {
  unsigned version;                 /* INSCRM_COMPLAINT_INPUT_VERSION */
  int64_t customer;                 /* required */
  int64_t policy;                   /* 0 = about no policy in particular */
  const char* channel;              /* as inscrm_interaction_input.channel; NULL = "call_centre" */
  const char* matter;               /* the complaint in the customer's words; required */
  int64_t received_at_unix_micros;  /* 0 = now; the SLA clock starts here */
  const char* category;             /* "product", "service", "compliance"; NULL = "service" */
  const char* subcategory;          /* product: coverage, pricing, terms, claims_decision;
                                       service: attitude, delay, wrong_information, agent_conduct;
                                       compliance: mis_selling, privacy, unauthorised_change, other */
  const char* severity;             /* "low", "medium", "high", "critical"; NULL = "medium" */
  const char* department;           /* a department with an assignment rule is assigned at intake;
                                       NULL = none (assign later) */
  int64_t org_unit;                 /* the branch answerable; 0 = the customer's */
  int64_t agent;                    /* the agent complained about; 0 = none */
  const char* external_ref;         /* NULL = none */
} inscrm_complaint_input;

#define INSCRM_COMPLAINT_INPUT_INIT \
  { INSCRM_COMPLAINT_INPUT_VERSION, 0, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, 0, NULL }
INSCRM_API inscrm_status inscrm_complaint_input_init(inscrm_complaint_input* input, unsigned version);

typedef struct inscrm_complaint {
  int64_t id;
  int64_t version;
  const char* external_ref;       /* NULL = none */
  int64_t customer;
  int64_t policy;                 /* 0 = none */
  const char* channel;
  const char* matter;
  int64_t received_at_unix_micros;
  const char* category;
  const char* subcategory;
  const char* severity;
  const char* status;             /* "received", "assigned", "investigating", "solution_proposed",
                                     "customer_informed", "closed" */
  const char* department;         /* "" until assigned */
  const char* assignee;           /* "" until assigned */
  const char* root_cause;         /* NULL until closed: "product_design", "policy_wording", "pricing",
                                     "process", "staff_conduct", "agent_conduct", "system_error",
                                     "communication", "customer_misunderstanding", "third_party", "other" */
  const char* resolution;
  int customer_satisfaction;      /* 1..5 given at close; 0 = not given */
  int reopen_count;
  int escalation_level;           /* 0 = not escalated */
  const inscrm_sla_clock* sla;    /* never NULL */
  int64_t org_unit;
  int64_t agent;                  /* 0 = none */
  int64_t closed_at_unix_micros;  /* 0 = open */
  int64_t created_at_unix_micros;
  int64_t updated_at_unix_micros;
} inscrm_complaint;

typedef struct inscrm_complaint_list {
  size_t count;
  const inscrm_complaint* const* items;
} inscrm_complaint_list;

/* Intake: checks the draft (the customer, policy, org unit and agent must exist), starts the SLA
 * clock and opens the history. In the same call a complaint as severe as the settings'
 * escalate_at_intake_from is escalated, and one whose department has an assignment rule is
 * assigned to the handler the rule picks. actor, input: borrowed. out: optional; free with
 * inscrm_complaint_free. */
INSCRM_API inscrm_status inscrm_complaint_receive(inscrm_db* db, const inscrm_actor* actor,
                                                  const inscrm_complaint_input* input, inscrm_complaint** out);

/* The handling steps (received → assigned → investigating → solution proposed → customer
 * informed → closed; reopened; escalated at any open step). Strings are borrowed; a note may be
 * NULL (= ""). A required text that is NULL is INSCRM_INVALID_ARGUMENT naming the parameter; one
 * that is blank is INSCRM_ILLEGAL_TRANSITION naming what the step lacks ("department",
 * "assignee", "resolution", "note"). out: optional, the complaint afterwards; free with
 * inscrm_complaint_free. Assigning acknowledges the complaint. */
INSCRM_API inscrm_status inscrm_complaint_assign(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                 const char* department, const char* assignee, const char* note,
                                                 inscrm_complaint** out);
INSCRM_API inscrm_status inscrm_complaint_reassign(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                   const char* department, const char* assignee, const char* note,
                                                   inscrm_complaint** out);
INSCRM_API inscrm_status inscrm_complaint_start_investigation(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                              const char* note, inscrm_complaint** out);
/* resolution: required. */
INSCRM_API inscrm_status inscrm_complaint_propose_solution(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                           const char* resolution, inscrm_complaint** out);
/* The customer has the answer: resolves the SLA. */
INSCRM_API inscrm_status inscrm_complaint_inform_customer(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                          const char* note, inscrm_complaint** out);
/* root_cause: a name as in inscrm_complaint.root_cause; NULL = keep the one recorded before a
 * reopen (else INSCRM_ILLEGAL_TRANSITION, field "root_cause"). customer_satisfaction: 1..5, or 0
 * when the customer gave none. Closing a complaint that is not yet answered is
 * INSCRM_ILLEGAL_TRANSITION. */
INSCRM_API inscrm_status inscrm_complaint_close(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                const char* root_cause, int customer_satisfaction, const char* note,
                                                inscrm_complaint** out);
/* The customer disagrees (after the answer or the close): back to investigating; the SLA clock
 * reopens. objection: required. */
INSCRM_API inscrm_status inscrm_complaint_reopen(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                 const char* objection, inscrm_complaint** out);
/* One level up; the complaint keeps its place in the flow. reason: required. */
INSCRM_API inscrm_status inscrm_complaint_escalate(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                   const char* reason, inscrm_complaint** out);
/* The SLA clock stops while the complaint waits on the customer; the pause keeps its reason
 * (required). Pausing a paused clock, or resuming a running one, is INSCRM_ILLEGAL_TRANSITION
 * with field "sla". */
INSCRM_API inscrm_status inscrm_complaint_wait_on_customer(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                           const char* reason, inscrm_complaint** out);
INSCRM_API inscrm_status inscrm_complaint_customer_responded(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                             const char* note, inscrm_complaint** out);

/* out: free with inscrm_complaint_free. INSCRM_NOT_FOUND for an unknown id. */
INSCRM_API inscrm_status inscrm_complaint_get(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                              inscrm_complaint** out);
INSCRM_API void inscrm_complaint_free(inscrm_complaint** complaint);

#define INSCRM_COMPLAINT_QUERY_VERSION 1u

typedef struct inscrm_complaint_query {
  unsigned version;                  /* INSCRM_COMPLAINT_QUERY_VERSION */
  int64_t customer;                  /* 0 = any */
  const char* const* statuses;       /* borrowed array of status names; none = any */
  size_t status_count;
  const char* department;            /* NULL = any */
  const char* assignee;              /* NULL = any */
  int64_t received_from_unix_micros; /* 0 = no bound */
  int64_t received_to_unix_micros;   /* received before; 0 = no bound */
  int64_t after;
  size_t limit;
} inscrm_complaint_query;

#define INSCRM_COMPLAINT_QUERY_INIT { INSCRM_COMPLAINT_QUERY_VERSION, 0, NULL, 0, NULL, NULL, 0, 0, 0, 1000 }
INSCRM_API inscrm_status inscrm_complaint_query_init(inscrm_complaint_query* query, unsigned version);

/* query: borrowed; NULL = the first 1000. out: free with inscrm_complaint_list_free. */
INSCRM_API inscrm_status inscrm_complaints_list(inscrm_db* db, const inscrm_actor* actor,
                                                const inscrm_complaint_query* query, inscrm_complaint_list** out);
INSCRM_API void inscrm_complaint_list_free(inscrm_complaint_list** list);

/* One step of a complaint's history, append-only: every step with its actor and time. */
typedef struct inscrm_complaint_step {
  int64_t id;
  int64_t complaint;
  const char* from;   /* status names */
  const char* to;
  const char* event;  /* "receive", "assign", "reassign", "start_investigation", "propose_solution",
                         "inform_customer", "close", "reopen", "escalate", "wait_on_customer",
                         "customer_responded" */
  int64_t at_unix_micros;
  const char* actor;
  const char* note;
} inscrm_complaint_step;

typedef struct inscrm_complaint_step_list {
  size_t count;
  const inscrm_complaint_step* const* items;  /* oldest first */
} inscrm_complaint_step_list;

/* out: free with inscrm_complaint_step_list_free. */
INSCRM_API inscrm_status inscrm_complaint_history(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                  inscrm_complaint_step_list** out);
INSCRM_API void inscrm_complaint_step_list_free(inscrm_complaint_step_list** list);
/* The deadlines to acknowledge and to resolve. out: free with inscrm_deadlines_free. */
INSCRM_API inscrm_status inscrm_complaint_deadlines(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                    inscrm_deadlines** out);

/* A count per key: a text name (category, channel, root cause…) or an id (org unit, agent). */
typedef struct inscrm_name_count {
  const char* name;
  int64_t count;
} inscrm_name_count;

typedef struct inscrm_id_count {
  int64_t id;
  int64_t count;
} inscrm_id_count;

/* Over the complaints resolved and not reopened since. Minutes, floored; NULL when count is 0. */
typedef struct inscrm_duration_stats {
  int64_t count;
  const int64_t* mean_minutes;
  const int64_t* median_minutes;
} inscrm_duration_stats;

/* The complaints received in a period, their outcome read as of now. Arrays are ordered by key;
 * shares are 0..1 and NULL when nothing counts towards them. */
typedef struct inscrm_complaint_stats {
  int64_t received;
  int64_t open;
  int64_t closed;
  int64_t escalated;
  const inscrm_name_count* by_category;
  size_t by_category_count;
  const inscrm_name_count* by_severity;
  size_t by_severity_count;
  const inscrm_name_count* by_channel;
  size_t by_channel_count;
  const inscrm_id_count* by_org_unit;
  size_t by_org_unit_count;
  const inscrm_id_count* by_agent;      /* complaints naming no agent are not here */
  size_t by_agent_count;
  const inscrm_name_count* by_root_cause;
  size_t by_root_cause_count;
  inscrm_duration_stats wall_time_to_resolve; /* received → resolved on the wall clock */
  inscrm_duration_stats sla_time_to_resolve;  /* on the SLA's calendar, pauses excluded */
  int64_t acknowledge_decided;
  int64_t acknowledged_in_time;
  int64_t resolve_decided;
  int64_t resolved_in_time;
  const double* acknowledge_compliance;
  const double* resolve_compliance;
  int64_t answered;                     /* resolved now, or reopened since */
  int64_t reopened;
  const double* reopen_rate;
  int64_t satisfaction_responses;       /* 1..5 scores recorded at close */
  const double* mean_satisfaction;
} inscrm_complaint_stats;

/* Statistics over the complaints received in [from, to). out: free with
 * inscrm_complaint_stats_free. */
INSCRM_API inscrm_status inscrm_complaint_statistics(inscrm_db* db, const inscrm_actor* actor,
                                                     int64_t from_unix_micros, int64_t to_unix_micros,
                                                     inscrm_complaint_stats** out);
INSCRM_API void inscrm_complaint_stats_free(inscrm_complaint_stats** stats);

/* ---- Claims (C4, 理赔) ------------------------------------------------------------------------ */

#define INSCRM_CLAIM_INPUT_VERSION 1u

typedef struct inscrm_claim_input {
  unsigned version;                  /* INSCRM_CLAIM_INPUT_VERSION */
  int64_t policy;                    /* required; it must have covered the incident */
  int64_t claimant;                  /* required: the holder, an insured or a beneficiary */
  const char* type;                  /* "death", "critical_illness", "medical", "accident_disability",
                                        "hospital_allowance", "property_damage", "motor"; NULL = "medical" */
  const char* incident_date;         /* required */
  int64_t reported_at_unix_micros;   /* 0 = now */
  inscrm_money claimed_amount;       /* in the policy's currency */
  const char* const* extra_documents; /* names added to the type's checklist */
  size_t extra_document_count;
  const char* const* documents;      /* names of documents handed in with the report (received now) */
  size_t document_count;
  const char* number;                /* NULL = generated from the id ("C0000000042") */
  const char* external_ref;          /* NULL = none */
  int64_t org_unit;                  /* 0 = the policy's */
} inscrm_claim_input;

#define INSCRM_CLAIM_INPUT_INIT \
  { INSCRM_CLAIM_INPUT_VERSION, 0, 0, NULL, NULL, 0, INSCRM_MONEY_CNY(0), NULL, 0, NULL, 0, NULL, NULL, 0 }
INSCRM_API inscrm_status inscrm_claim_input_init(inscrm_claim_input* input, unsigned version);

typedef struct inscrm_claim_document {
  const char* name;  /* a stable key: "death_certificate", "invoices", … */
  int64_t received_at_unix_micros;
} inscrm_claim_document;

typedef struct inscrm_claim {
  int64_t id;
  int64_t version;
  const char* external_ref;               /* NULL = none */
  const char* number;
  int64_t policy;
  int64_t claimant;
  const char* type;
  const char* incident_date;
  int64_t reported_at_unix_micros;
  const char* status;                     /* "reported", "documents_pending", "under_assessment",
                                             "approved", "declined", "paid", "closed" */
  const char* status_since;
  inscrm_money claimed_amount;
  const inscrm_money* approved_amount;    /* NULL = nothing approved */
  const inscrm_money* paid_amount;        /* NULL = nothing paid */
  const char* paid_on;                    /* NULL = never paid */
  const char* const* required_documents;  /* the checklist */
  size_t required_document_count;
  const inscrm_claim_document* documents; /* as received, in order */
  size_t document_count;
  const char* decline_reason;             /* "" unless declined */
  int reopen_count;
  int64_t org_unit;
  int64_t created_at_unix_micros;
  int64_t updated_at_unix_micros;
} inscrm_claim;

typedef struct inscrm_claim_list {
  size_t count;
  const inscrm_claim* const* items;
} inscrm_claim_list;

/* Reports a claim. A claim reported with documents missing moves to documents_pending at once.
 * An incident outside the policy's cover is INSCRM_INVALID_ARGUMENT "incident_date"; a claimant
 * with no part in the policy "claimant". actor, input: borrowed. out: optional; free with
 * inscrm_claim_free. */
INSCRM_API inscrm_status inscrm_claim_report(inscrm_db* db, const inscrm_actor* actor, const inscrm_claim_input* input,
                                             inscrm_claim** out);
/* The claim steps; strings borrowed; out: optional, the claim afterwards, free with
 * inscrm_claim_free. A step the flow does not allow (paying a declined claim) is
 * INSCRM_ILLEGAL_TRANSITION. */
/* name: required. Any status but closed. */
INSCRM_API inscrm_status inscrm_claim_receive_document(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                       const char* name, inscrm_claim** out);
/* Needs every document on the checklist (else INSCRM_ILLEGAL_TRANSITION, field "documents"). */
INSCRM_API inscrm_status inscrm_claim_start_assessment(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                       const char* note, inscrm_claim** out);
/* 0 < amount ≤ claimed and ≤ the sum insured (INSCRM_INVALID_ARGUMENT "approved_amount"). */
INSCRM_API inscrm_status inscrm_claim_approve(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                              inscrm_money amount, const char* note, inscrm_claim** out);
/* reason: required. */
INSCRM_API inscrm_status inscrm_claim_decline(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                              const char* reason, inscrm_claim** out);
/* Pays what is approved and not yet paid, on `on` (borrowed date; NULL = today). A paid death
 * claim terminates the policy in the same transaction. */
INSCRM_API inscrm_status inscrm_claim_pay(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* on,
                                          inscrm_claim** out);
INSCRM_API inscrm_status inscrm_claim_close(inscrm_db* db, const inscrm_actor* actor, int64_t id, const char* note,
                                            inscrm_claim** out);
/* A declined or closed claim back to assessment. reason: required. */
INSCRM_API inscrm_status inscrm_claim_reopen(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                             const char* reason, inscrm_claim** out);

/* out: free with inscrm_claim_free. */
INSCRM_API inscrm_status inscrm_claim_get(inscrm_db* db, const inscrm_actor* actor, int64_t id, inscrm_claim** out);
/* number: borrowed. INSCRM_NOT_FOUND (field "number") when no claim has it. */
INSCRM_API inscrm_status inscrm_claim_get_by_number(inscrm_db* db, const inscrm_actor* actor, const char* number,
                                                    inscrm_claim** out);
INSCRM_API void inscrm_claim_free(inscrm_claim** claim);

#define INSCRM_CLAIM_QUERY_VERSION 1u

typedef struct inscrm_claim_query {
  unsigned version;             /* INSCRM_CLAIM_QUERY_VERSION */
  int64_t policy;               /* 0 = any */
  int64_t claimant;             /* 0 = any */
  const char* const* statuses;  /* borrowed array of status names; none = any */
  size_t status_count;
  int64_t after;
  size_t limit;
} inscrm_claim_query;

#define INSCRM_CLAIM_QUERY_INIT { INSCRM_CLAIM_QUERY_VERSION, 0, 0, NULL, 0, 0, 1000 }
INSCRM_API inscrm_status inscrm_claim_query_init(inscrm_claim_query* query, unsigned version);

/* query: borrowed; NULL = the first 1000. out: free with inscrm_claim_list_free. */
INSCRM_API inscrm_status inscrm_claims_list(inscrm_db* db, const inscrm_actor* actor, const inscrm_claim_query* query,
                                            inscrm_claim_list** out);
INSCRM_API void inscrm_claim_list_free(inscrm_claim_list** list);

typedef struct inscrm_claim_transition {
  int64_t id;
  int64_t claim;
  const char* from;   /* status names */
  const char* to;
  const char* event;  /* "request_documents", "start_assessment", "approve", "decline", "pay",
                         "close", "reopen" */
  const char* effective_on;
  int64_t at_unix_micros;
  const char* actor;
  const char* reason;
} inscrm_claim_transition;

typedef struct inscrm_claim_transition_list {
  size_t count;
  const inscrm_claim_transition* const* items;  /* oldest first */
} inscrm_claim_transition_list;

/* out: free with inscrm_claim_transition_list_free. */
INSCRM_API inscrm_status inscrm_claim_history(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                              inscrm_claim_transition_list** out);
INSCRM_API void inscrm_claim_transition_list_free(inscrm_claim_transition_list** list);

/* "Where is my claim and what is missing", as of now. */
typedef struct inscrm_claim_progress {
  const char* status;
  const char* const* missing_documents;  /* checklist order */
  size_t missing_document_count;
  int days_since_reported;
  const char* next_step;                 /* one sentence for the customer or the call centre */
} inscrm_claim_progress;

/* out: free with inscrm_claim_progress_free. */
INSCRM_API inscrm_status inscrm_claim_progress_get(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                   inscrm_claim_progress** out);
INSCRM_API void inscrm_claim_progress_free(inscrm_claim_progress** progress);

/* ---- Service requests (C4: 保全 and value-added services) ----------------------------------- */

#define INSCRM_SERVICE_REQUEST_INPUT_VERSION 1u

/* The change a request asks for is given in the fields of its kind; fields of another kind are
 * INSCRM_INVALID_ARGUMENT "payload". */
typedef struct inscrm_service_request_input {
  unsigned version;                        /* INSCRM_SERVICE_REQUEST_INPUT_VERSION */
  const char* kind;                        /* required: "change_contact", "change_address",
                                              "change_beneficiary", "change_payment_method",
                                              "policy_loan", "loan_repayment", "reinstatement",
                                              "surrender", "health_consultation", "emergency_rescue",
                                              "legal_aid" */
  int64_t customer;                        /* required */
  int64_t policy;                          /* required for the policy servicing kinds; 0 = none */
  const char* channel;                     /* NULL = "call_centre" */
  const inscrm_money* amount;              /* loan asked, repayment made; NULL = none */
  /* change_contact: the new sets; none = keep. */
  const inscrm_phone* phones;
  size_t phone_count;
  const inscrm_email* emails;
  size_t email_count;
  /* change_address: the new primary address. */
  const inscrm_address* address;
  /* change_beneficiary: shares sum to 100; none = statutory heirs (法定受益人). */
  const inscrm_beneficiary* beneficiaries;
  size_t beneficiary_count;
  /* change_payment_method. */
  const char* payment_channel;             /* NULL = "auto_debit" */
  const char* account;                     /* the account to debit; NULL = "" */
  int64_t requested_at_unix_micros;        /* 0 = now */
  int64_t org_unit;                        /* 0 = the customer's */
  int64_t agent;                           /* 0 = none */
  const char* external_ref;                /* NULL = none */
} inscrm_service_request_input;

#define INSCRM_SERVICE_REQUEST_INPUT_INIT                                                              \
  { INSCRM_SERVICE_REQUEST_INPUT_VERSION, NULL, 0, 0, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL, 0, NULL, \
    NULL, 0, 0, 0, NULL }
INSCRM_API inscrm_status inscrm_service_request_input_init(inscrm_service_request_input* input, unsigned version);

typedef struct inscrm_service_request {
  int64_t id;
  int64_t version;
  const char* external_ref;                 /* NULL = none */
  const char* kind;
  int64_t customer;
  int64_t policy;                           /* 0 = none */
  const char* channel;
  const inscrm_money* amount;               /* NULL = none */
  const inscrm_phone* phones;               /* change_contact */
  size_t phone_count;
  const inscrm_email* emails;
  size_t email_count;
  const inscrm_address* address;            /* change_address; else NULL */
  const inscrm_beneficiary* beneficiaries;  /* change_beneficiary */
  size_t beneficiary_count;
  const char* payment_channel;              /* change_payment_method; else NULL */
  const char* account;
  const char* status;                       /* "submitted", "in_progress", "waiting_on_customer",
                                               "completed", "rejected", "cancelled" */
  const char* assignee;                     /* "" until started by someone */
  int64_t requested_at_unix_micros;
  int64_t completed_at_unix_micros;         /* 0 unless completed */
  const char* result;                       /* the outcome, or why it was rejected or cancelled */
  const inscrm_sla_clock* sla;              /* never NULL */
  int64_t org_unit;
  int64_t agent;                            /* 0 = none */
  int64_t created_at_unix_micros;
  int64_t updated_at_unix_micros;
} inscrm_service_request;

typedef struct inscrm_service_request_list {
  size_t count;
  const inscrm_service_request* const* items;
} inscrm_service_request_list;

/* Submits a request and starts its SLA clock. A named policy must exist and, for the policy
 * servicing kinds, be the customer's (INSCRM_INVALID_ARGUMENT "policy"). actor, input: borrowed.
 * out: optional; free with inscrm_service_request_free. */
INSCRM_API inscrm_status inscrm_service_request_submit(inscrm_db* db, const inscrm_actor* actor,
                                                       const inscrm_service_request_input* input,
                                                       inscrm_service_request** out);
/* The steps; strings borrowed; out: optional, the request afterwards, free with
 * inscrm_service_request_free. */
/* Acknowledges the SLA. assignee: NULL = keep. */
INSCRM_API inscrm_status inscrm_service_request_start(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                      const char* assignee, inscrm_service_request** out);
/* reason: required; the SLA clock stops until the customer responds. */
INSCRM_API inscrm_status inscrm_service_request_wait_on_customer(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                                 const char* reason, inscrm_service_request** out);
INSCRM_API inscrm_status inscrm_service_request_customer_responded(inscrm_db* db, const inscrm_actor* actor,
                                                                   int64_t id, const char* note,
                                                                   inscrm_service_request** out);
/* Completes the request and applies it in the same transaction: a surrender or reinstatement
 * moves the policy through its lifecycle (whose guards decide), a contact, address or
 * beneficiary change is written to the customer or policy. If the effect fails nothing is
 * written and the request stays open. result: required. amount: borrowed; NULL = none (a loan,
 * repayment or surrender needs one, given here or at submission). */
INSCRM_API inscrm_status inscrm_service_request_complete(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                         const char* result, const inscrm_money* amount,
                                                         inscrm_service_request** out);
/* reason: required. */
INSCRM_API inscrm_status inscrm_service_request_reject(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                       const char* reason, inscrm_service_request** out);
/* The customer withdrew. */
INSCRM_API inscrm_status inscrm_service_request_cancel(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                       const char* note, inscrm_service_request** out);

/* out: free with inscrm_service_request_free. */
INSCRM_API inscrm_status inscrm_service_request_get(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                    inscrm_service_request** out);
INSCRM_API void inscrm_service_request_free(inscrm_service_request** request);

#define INSCRM_SERVICE_REQUEST_QUERY_VERSION 1u

typedef struct inscrm_service_request_query {
  unsigned version;             /* INSCRM_SERVICE_REQUEST_QUERY_VERSION */
  int64_t customer;             /* 0 = any */
  int64_t policy;               /* 0 = any */
  const char* const* statuses;  /* borrowed array of status names; none = any */
  size_t status_count;
  int64_t after;
  size_t limit;
} inscrm_service_request_query;

#define INSCRM_SERVICE_REQUEST_QUERY_INIT { INSCRM_SERVICE_REQUEST_QUERY_VERSION, 0, 0, NULL, 0, 0, 1000 }
INSCRM_API inscrm_status inscrm_service_request_query_init(inscrm_service_request_query* query, unsigned version);

/* query: borrowed; NULL = the first 1000. out: free with inscrm_service_request_list_free. */
INSCRM_API inscrm_status inscrm_service_requests_list(inscrm_db* db, const inscrm_actor* actor,
                                                      const inscrm_service_request_query* query,
                                                      inscrm_service_request_list** out);
INSCRM_API void inscrm_service_request_list_free(inscrm_service_request_list** list);

typedef struct inscrm_service_request_step {
  int64_t id;
  int64_t request;
  const char* from;   /* status names */
  const char* to;
  const char* event;  /* "submit", "start", "wait_on_customer", "customer_responded", "complete",
                         "reject", "cancel" */
  int64_t at_unix_micros;
  const char* actor;
  const char* note;
} inscrm_service_request_step;

typedef struct inscrm_service_request_step_list {
  size_t count;
  const inscrm_service_request_step* const* items;  /* oldest first */
} inscrm_service_request_step_list;

/* out: free with inscrm_service_request_step_list_free. */
INSCRM_API inscrm_status inscrm_service_request_history(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                        inscrm_service_request_step_list** out);
INSCRM_API void inscrm_service_request_step_list_free(inscrm_service_request_step_list** list);
/* out: free with inscrm_deadlines_free. */
INSCRM_API inscrm_status inscrm_service_request_deadlines(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                          inscrm_deadlines** out);

/* ---- Surveys (C6): satisfaction and NPS ---------------------------------------------------- */

#define INSCRM_SURVEY_INPUT_VERSION 1u

typedef struct inscrm_survey_input {
  unsigned version;         /* INSCRM_SURVEY_INPUT_VERSION */
  int64_t customer;         /* required */
  const char* kind;         /* "product", "service", "price", "complaint_handling", "nps";
                               NULL = "service" */
  const char* dimension;    /* a finer key within the kind ("claims", "call_centre"); NULL = "" */
  int score;                /* 0..10 for nps, 1..5 otherwise */
  const char* channel;      /* NULL = "sms" */
  const char* answered_on;  /* NULL = today; never later */
  const char* comment;      /* NULL = "" */
  int64_t complaint;        /* complaint_handling only: the complaint judged; 0 = none */
} inscrm_survey_input;

#define INSCRM_SURVEY_INPUT_INIT { INSCRM_SURVEY_INPUT_VERSION, 0, NULL, NULL, 0, NULL, NULL, NULL, 0 }
INSCRM_API inscrm_status inscrm_survey_input_init(inscrm_survey_input* input, unsigned version);

typedef struct inscrm_survey_response {
  int64_t id;
  int64_t customer;
  const char* kind;
  const char* dimension;
  int score;
  const char* channel;
  const char* answered_on;
  const char* comment;
  int64_t complaint;  /* 0 = none */
  int64_t created_at_unix_micros;
} inscrm_survey_response;

typedef struct inscrm_survey_response_list {
  size_t count;
  const inscrm_survey_response* const* items;
} inscrm_survey_response_list;

/* Records a response and emits survey.answered. actor, input: borrowed. out: optional; free with
 * inscrm_survey_response_free. */
INSCRM_API inscrm_status inscrm_survey_record(inscrm_db* db, const inscrm_actor* actor, const inscrm_survey_input* input,
                                              inscrm_survey_response** out);
INSCRM_API void inscrm_survey_response_free(inscrm_survey_response** response);

#define INSCRM_SURVEY_QUERY_VERSION 1u

typedef struct inscrm_survey_query {
  unsigned version;  /* INSCRM_SURVEY_QUERY_VERSION */
  int64_t customer;  /* 0 = any */
  const char* kind;  /* NULL = any */
  const char* from;  /* answered on or after; NULL = no bound */
  const char* to;    /* answered before; NULL = no bound */
  int64_t after;
  size_t limit;
} inscrm_survey_query;

#define INSCRM_SURVEY_QUERY_INIT { INSCRM_SURVEY_QUERY_VERSION, 0, NULL, NULL, NULL, 0, 1000 }
INSCRM_API inscrm_status inscrm_survey_query_init(inscrm_survey_query* query, unsigned version);

/* query: borrowed; NULL = the first 1000. out: free with inscrm_survey_response_list_free. */
INSCRM_API inscrm_status inscrm_surveys_list(inscrm_db* db, const inscrm_actor* actor, const inscrm_survey_query* query,
                                             inscrm_survey_response_list** out);
INSCRM_API void inscrm_survey_response_list_free(inscrm_survey_response_list** list);

/* Promoters score 9–10, passives 7–8, detractors 0–6; score = % promoters − % detractors
 * (−100..100; 0 without responses). */
typedef struct inscrm_nps {
  int64_t responses;
  int64_t promoters;
  int64_t passives;
  int64_t detractors;
  double score;
} inscrm_nps;

/* Over the NPS responses answered in [from, to) (borrowed dates, both required).
 * out: free with inscrm_nps_free. */
INSCRM_API inscrm_status inscrm_survey_nps(inscrm_db* db, const inscrm_actor* actor, const char* from, const char* to,
                                           inscrm_nps** out);
INSCRM_API void inscrm_nps_free(inscrm_nps** nps);

/* The mean score of one survey kind (kind_means) or of one kind and dimension (dimension_means;
 * dimension "" for responses without one), on the kind's own scale. */
typedef struct inscrm_satisfaction_mean {
  const char* kind;
  const char* dimension;  /* "" in kind_means */
  int64_t responses;
  double mean;
} inscrm_satisfaction_mean;

typedef struct inscrm_satisfaction_report {
  const inscrm_satisfaction_mean* kind_means;       /* ordered by kind; kinds without responses absent */
  size_t kind_mean_count;
  const inscrm_satisfaction_mean* dimension_means;  /* ordered by kind, then dimension */
  size_t dimension_mean_count;
  /* Satisfaction with complaint handling, from both sources: survey responses of kind
   * complaint_handling, and the 1..5 scores given when complaints were closed in the period. */
  int64_t complaint_handling_responses;
  const double* complaint_handling_mean;  /* NULL without responses */
  int64_t complaint_close_scores;
  const double* complaint_close_mean;     /* NULL without scores */
} inscrm_satisfaction_report;

/* Over the responses answered in [from, to) (borrowed dates, both required).
 * out: free with inscrm_satisfaction_report_free. */
INSCRM_API inscrm_status inscrm_survey_satisfaction(inscrm_db* db, const inscrm_actor* actor, const char* from,
                                                    const char* to, inscrm_satisfaction_report** out);
INSCRM_API void inscrm_satisfaction_report_free(inscrm_satisfaction_report** report);

/* ============================================================================================
 * Segments and KPIs (domain.md C8, C11)
 *
 * A segment is a named rule over the standard customer facts (the rule language of the C++
 * rules/rule.hpp: `age >= 30 and total_premium > 10000`), versioned: a changed text is the next
 * rule version and the old ones stay in its history. Running a segment as of a day evaluates the
 * rule over the whole book where the data lives (pushed down to SQL, or columnar in memory) and
 * keeps the members as a dated snapshot; movement compares two snapshots. Customer ids cross as
 * one int64 array per answer, ascending, so a host never calls once per customer.
 *
 * A rule that does not parse or type-check is INSCRM_INVALID_ARGUMENT, field "rule", with the line
 * and column in the message. An unknown segment name is INSCRM_NOT_FOUND, field "segment".
 * ========================================================================================== */

/* Customer ids, ascending. ids is NULL when count is 0. */
typedef struct inscrm_id_array {
  size_t count;
  const int64_t* ids;
} inscrm_id_array;

INSCRM_API void inscrm_id_array_free(inscrm_id_array** array);

/* The customers a rule selects over the portfolio as of a day (borrowed "YYYY-MM-DD"), without
 * storing anything: the ad hoc question "who are the golden customers today?". rule, as_of:
 * borrowed, required. out: free with inscrm_id_array_free. */
INSCRM_API inscrm_status inscrm_segment_evaluate(inscrm_db* db, const inscrm_actor* actor, const char* rule,
                                                 const char* as_of, inscrm_id_array** out);

#define INSCRM_SEGMENT_INPUT_VERSION 1u

typedef struct inscrm_segment_input {
  unsigned version;         /* INSCRM_SEGMENT_INPUT_VERSION */
  const char* name;         /* required; 1..100 bytes, unique, no leading or trailing spaces */
  const char* kind;         /* "demographic", "geographic", "needs", "behavioural", "value";
                               NULL = "demographic" */
  const char* description;  /* the positioning or service level it carries; NULL = "" */
  const char* rule;         /* required: rule text over the standard facts */
} inscrm_segment_input;

#define INSCRM_SEGMENT_INPUT_INIT { INSCRM_SEGMENT_INPUT_VERSION, NULL, NULL, NULL, NULL }
INSCRM_API inscrm_status inscrm_segment_input_init(inscrm_segment_input* input, unsigned version);

typedef struct inscrm_segment {
  int64_t id;
  int64_t version;           /* optimistic concurrency, as every record */
  const char* name;
  const char* kind;
  const char* description;
  const char* rule;          /* the current rule text */
  int rule_version;          /* 1 at define, +1 per changed text */
  int64_t created_at_unix_micros;
  int64_t updated_at_unix_micros;
} inscrm_segment;

typedef struct inscrm_segment_list {
  size_t count;
  const inscrm_segment* const* items;
} inscrm_segment_list;

/* Defines a segment with rule version 1 and emits segment.defined. A name in use is
 * INSCRM_ALREADY_EXISTS (field "name"). actor, input: borrowed. out: optional; free with
 * inscrm_segment_free. */
INSCRM_API inscrm_status inscrm_segment_define(inscrm_db* db, const inscrm_actor* actor,
                                               const inscrm_segment_input* input, inscrm_segment** out);
/* A new rule text becomes the next rule version (segment.rule_changed); the same text again
 * changes nothing. name, rule: borrowed, required. out: optional; free with inscrm_segment_free. */
INSCRM_API inscrm_status inscrm_segment_change_rule(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                                    const char* rule, inscrm_segment** out);
/* out: free with inscrm_segment_free. */
INSCRM_API inscrm_status inscrm_segment_get(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                            inscrm_segment** out);
INSCRM_API void inscrm_segment_free(inscrm_segment** segment);
/* Every segment. out: free with inscrm_segment_list_free. */
INSCRM_API inscrm_status inscrm_segments_list(inscrm_db* db, const inscrm_actor* actor, inscrm_segment_list** out);
INSCRM_API void inscrm_segment_list_free(inscrm_segment_list** list);

/* One version of a segment's rule text. */
typedef struct inscrm_segment_rule {
  int version;
  const char* text;
  int64_t created_at_unix_micros;
} inscrm_segment_rule;

typedef struct inscrm_segment_rule_list {
  size_t count;
  const inscrm_segment_rule* const* items;  /* oldest version first */
} inscrm_segment_rule_list;

/* name: borrowed, required. out: free with inscrm_segment_rule_list_free. */
INSCRM_API inscrm_status inscrm_segment_rule_history(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                                     inscrm_segment_rule_list** out);
INSCRM_API void inscrm_segment_rule_list_free(inscrm_segment_rule_list** list);

/* The members of a segment as of a day, as selected when the snapshot was taken. */
typedef struct inscrm_segment_snapshot {
  int64_t id;
  int64_t segment;
  int rule_version;               /* the rule version that selected them */
  const char* as_of;              /* the day the facts were taken at */
  int64_t taken_at_unix_micros;   /* when the run happened */
  size_t member_count;
  const int64_t* members;         /* member_count customer ids, ascending; NULL when member_count is
                                     0 and in inscrm_segment_snapshots listings, which leave them out */
} inscrm_segment_snapshot;

typedef struct inscrm_segment_snapshot_list {
  size_t count;
  const inscrm_segment_snapshot* const* items;  /* in the order taken */
} inscrm_segment_snapshot_list;

/* Evaluates the segment's current rule as of a day and stores the members as a snapshot (every run
 * is kept; the latest of a day counts for movement by day); emits segment.run. name, as_of:
 * borrowed, required. out: optional; free with inscrm_segment_snapshot_free. */
INSCRM_API inscrm_status inscrm_segment_run(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                            const char* as_of, inscrm_segment_snapshot** out);
/* With its members. INSCRM_NOT_FOUND (field "snapshot") for an unknown id. out: free with
 * inscrm_segment_snapshot_free. */
INSCRM_API inscrm_status inscrm_segment_snapshot_get(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                                     inscrm_segment_snapshot** out);
INSCRM_API void inscrm_segment_snapshot_free(inscrm_segment_snapshot** snapshot);
/* The segment's snapshots without their members. out: free with inscrm_segment_snapshot_list_free. */
INSCRM_API inscrm_status inscrm_segment_snapshots(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                                  inscrm_segment_snapshot_list** out);
INSCRM_API void inscrm_segment_snapshot_list_free(inscrm_segment_snapshot_list** list);

/* Who entered (in `to` only), left (in `from` only) and stayed (in both). Each array ascending,
 * NULL when its count is 0. */
typedef struct inscrm_segment_movement {
  int64_t from;          /* snapshot ids */
  int64_t to;
  const char* from_day;
  const char* to_day;
  size_t entered_count;
  const int64_t* entered;
  size_t left_count;
  const int64_t* left;
  size_t stayed_count;
  const int64_t* stayed;
} inscrm_segment_movement;

/* Between any two snapshots, also of different segments. INSCRM_NOT_FOUND (field "from" or "to")
 * for an unknown id. out: free with inscrm_segment_movement_free. */
INSCRM_API inscrm_status inscrm_segment_movement_between(inscrm_db* db, const inscrm_actor* actor,
                                                         int64_t from_snapshot, int64_t to_snapshot,
                                                         inscrm_segment_movement** out);
/* Between the segment's latest snapshots as of two days (borrowed, required); INSCRM_NOT_FOUND
 * (field "from" or "to") when a day has none. out: free with inscrm_segment_movement_free. */
INSCRM_API inscrm_status inscrm_segment_movement_by_day(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                                        const char* from, const char* to,
                                                        inscrm_segment_movement** out);
INSCRM_API void inscrm_segment_movement_free(inscrm_segment_movement** movement);

/* ---- KPIs (C11) ---------------------------------------------------------------------------- */

#define INSCRM_KPI_QUERY_VERSION 1u

/* The scope of a KPI run. The restrictions given all apply; none = the whole company. */
typedef struct inscrm_kpi_query {
  unsigned version;               /* INSCRM_KPI_QUERY_VERSION */
  const char* from;               /* required: the period's first day */
  const char* to;                 /* required: the day after its last (exclusive) */
  int64_t org_unit;               /* this unit and every unit under it; 0 = any */
  int64_t agent;                  /* 0 = any */
  int restrict_to_customers;      /* nonzero: only the `customers` below (an empty set selects no
                                     one); 0 = not restricted, `customers` ignored */
  const int64_t* customers;       /* borrowed; e.g. a segment snapshot's members */
  size_t customer_count;
} inscrm_kpi_query;

#define INSCRM_KPI_QUERY_INIT { INSCRM_KPI_QUERY_VERSION, NULL, NULL, 0, 0, 0, NULL, 0 }
INSCRM_API inscrm_status inscrm_kpi_query_init(inscrm_kpi_query* query, unsigned version);

/* A share with what it is a share of: rate = achieved / eligible, NULL when nothing was eligible. */
typedef struct inscrm_kpi_rate {
  int64_t eligible;
  int64_t achieved;
  const double* rate;
} inscrm_kpi_rate;

/* The KPIs of a period, read as they stand now (the definitions are those of the C++
 * analytics/kpis.hpp). Shares are 0..1; a pointer field is NULL when nothing counts towards it. */
typedef struct inscrm_kpis {
  const char* from;
  const char* to;
  inscrm_kpi_rate renewal;                 /* renewal instalments due in the period that were paid */
  inscrm_kpi_rate persistency_13th_month;
  inscrm_kpi_rate persistency_25th_month;
  inscrm_kpi_rate referral;                /* new customers of the period who came by referral */
  int64_t nps_responses;                   /* NPS as inscrm_nps, over the period's responses */
  int64_t nps_promoters;
  int64_t nps_passives;
  int64_t nps_detractors;
  double nps_score;
  int64_t satisfaction_responses;          /* the 1..5 responses of every other survey kind */
  const double* satisfaction;              /* their mean */
  int64_t complaints;                      /* received in the period */
  int64_t policies_in_force;               /* now */
  const double* complaints_per_10000_policies;
  const int64_t* mean_minutes_to_resolve;  /* wall clock, floored */
  const double* sla_acknowledge_compliance;
  const double* sla_resolve_compliance;
  inscrm_kpi_rate churn;                   /* customers live at `from` holding nothing in force now */
  const inscrm_name_count* tiers;          /* customers per tier name, ordered by name */
  size_t tier_count;
  /* Campaign ROI, appended: the campaigns that ended in the period, their budgets (cost)
   * against the first-year premium of the policies their converted members applied for (C++
   * analytics/kpis.hpp has the attribution; a restriction takes its members' share of a budget). */
  int64_t campaigns;
  int64_t campaign_conversions;
  int64_t campaign_policies;
  inscrm_money campaign_cost;
  inscrm_money campaign_premium;
  const double* campaign_roi;              /* (premium - cost) / cost; NULL when nothing cost anything */
} inscrm_kpis;

/* INSCRM_INVALID_ARGUMENT (field "to") for a period ending before it starts; INSCRM_NOT_FOUND
 * (field "org_unit" or "agent") for an unknown unit or agent. query: borrowed. out: free with
 * inscrm_kpis_free. */
INSCRM_API inscrm_status inscrm_kpis_compute(inscrm_db* db, const inscrm_actor* actor, const inscrm_kpi_query* query,
                                             inscrm_kpis** out);
INSCRM_API void inscrm_kpis_free(inscrm_kpis** kpis);

/* ============================================================================================
 * Events: the outbox (domain.md C13). Delivery is at least once: an event stays pending until
 * acknowledged.
 * ========================================================================================== */

typedef struct inscrm_event {
  int64_t id;             /* increasing in commit order */
  const char* type;       /* "customer.created", "policy.lapsed", … */
  const char* entity;     /* "customer", "policy", "payment", … */
  int64_t entity_id;
  const char* payload;    /* a JSON object with the facts a consumer needs */
  const char* actor;      /* the user that caused it */
  int64_t at_unix_micros;
} inscrm_event;

typedef struct inscrm_event_list {
  size_t count;
  const inscrm_event* const* items;  /* oldest first */
} inscrm_event_list;

/* Up to `max` pending events, oldest first, after event id `after` (0 = from the oldest).
 * out: free with inscrm_event_list_free. */
INSCRM_API inscrm_status inscrm_events_poll(inscrm_db* db, size_t max, int64_t after, inscrm_event_list** out);
INSCRM_API void inscrm_event_list_free(inscrm_event_list** list);
/* Marks every event up to and including `up_to` delivered. */
INSCRM_API inscrm_status inscrm_events_ack(inscrm_db* db, int64_t up_to);

/* Return nonzero to accept the event (it will be acknowledged), 0 to stop. `event` and its
 * strings are valid only during the call. Must not throw or longjmp. */
typedef int (*inscrm_event_handler)(const inscrm_event* event, void* user_data);

/* Calls handler for up to `max` pending events in order, on this thread, and stops at the first
 * that returns 0; acknowledges the ones handled. user_data: passed through, never touched.
 * out_handled: optional; how many were handled. */
INSCRM_API inscrm_status inscrm_events_drain(inscrm_db* db, inscrm_event_handler handler, void* user_data,
                                            size_t max, size_t* out_handled);

/* ---- Loyalty (C7): points ledger, earning rules' results, tiers -------------------------------
 * Rules and tiers are configured in C++ (OpenOptions::loyalty, LoyaltyService::add_rule); the C API
 * feeds events, spends points and reads balances, tiers and the ledger check. Every call is one
 * transaction. Threading: as every inscrm_db call — any thread, the db handle may be shared. */

/* Pays every earning rule in force for the event. type: "premium_paid", "renewal", "new_policy",
 * "referral", "survey_answered", "birthday", "tenure_anniversary" (required). on: "YYYY-MM-DD" or
 * NULL for today. amount: optional (NULL = the event has none). policy_id: 0 = none. source:
 * borrowed, e.g. "payment:42" (reversals find grants by it). idempotency_key: NULL = "<type>:<source>";
 * a replayed key pays nothing more. out_points: optional, the points the event's entries hold
 * (the first delivery's on a replay). out_replayed: optional, 1 when nothing new was paid. */
INSCRM_API inscrm_status inscrm_loyalty_earn(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                             const char* type, const char* on, const inscrm_money* amount,
                                             int64_t policy_id, const char* source, const char* idempotency_key,
                                             int64_t* out_points, int* out_replayed);

/* Spends points, oldest expiry first. idempotency_key: required; a replay returns the first entry.
 * note: optional. out_entry_id: optional. INSCRM_INVALID_ARGUMENT "points" when fewer are available. */
INSCRM_API inscrm_status inscrm_loyalty_redeem(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                               int64_t points, const char* idempotency_key, const char* note,
                                               int64_t* out_entry_id);

/* A manual correction: points > 0 grants points expiring after expiry_months (0 = 24), points < 0
 * spends them oldest expiry first. idempotency_key and note: required. out_entry_id: optional. */
INSCRM_API inscrm_status inscrm_loyalty_adjust(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                               int64_t points, const char* idempotency_key, const char* note,
                                               int expiry_months, int64_t* out_entry_id);

/* Takes back what is left of every grant `source` earned (a reversed payment); each grant once.
 * note: optional. out_points: optional, the points taken back now. */
INSCRM_API inscrm_status inscrm_loyalty_reverse_source(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                                       const char* source, const char* note, int64_t* out_points);

/* Expires every grant whose expiry day is on or before as_of ("YYYY-MM-DD", NULL = today).
 * Idempotent for a day. out_points: optional, the points expired now. */
INSCRM_API inscrm_status inscrm_loyalty_expire(inscrm_db* db, const inscrm_actor* actor, const char* as_of,
                                               int64_t* out_points);

/* The ledger's sum and the points spendable today. Both out-parameters optional. */
INSCRM_API inscrm_status inscrm_loyalty_balance(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                                int64_t* out_balance, int64_t* out_available);

typedef struct inscrm_tier_distribution {
  const inscrm_name_count* tiers;  /* programme order, base tier first; every tier listed */
  size_t tiers_count;
  int64_t points_outstanding;
  inscrm_money outstanding_value;  /* points_outstanding at the programme's point value */
  /* From the evaluation this call ran (as_of), not the stored history: */
  int64_t customers_evaluated;
  int64_t upgrades;
  int64_t downgrades;
  int64_t grace_started;
  int64_t grace_cleared;
} inscrm_tier_distribution;

/* Evaluates every customer's tier on as_of ("YYYY-MM-DD", NULL = today; each move is a
 * loyalty.tier_changed event), then reports the distribution. out: free with
 * inscrm_tier_distribution_free. */
INSCRM_API inscrm_status inscrm_loyalty_evaluate_tiers(inscrm_db* db, const inscrm_actor* actor, const char* as_of,
                                                       inscrm_tier_distribution** out);
INSCRM_API void inscrm_tier_distribution_free(inscrm_tier_distribution** distribution);

/* Proves balance = sum of entries (and the FIFO replay) for every customer. out_customers,
 * out_mismatches: optional; the call succeeds with mismatches > 0 when the ledger is damaged. */
INSCRM_API inscrm_status inscrm_loyalty_check_balances(inscrm_db* db, const inscrm_actor* actor,
                                                       int64_t* out_customers, int64_t* out_mismatches);
/* ============================================================================================
 * Audit chain (domain.md C12)
 *
 * Every change and every read of personal data appends a hash-chained record. Verifying walks the
 * chain and names the first broken link: an altered record, or a missing one. Needs the auditor or
 * administrator role (else INSCRM_PERMISSION_DENIED, field "audit.read").
 * ========================================================================================== */

typedef struct inscrm_audit_verification {
  int64_t checked;     /* records read */
  int64_t broken_seq;  /* 0: the chain is intact; else the first record that does not verify */
  const char* reason;  /* NULL when intact; else why that record does not verify */
} inscrm_audit_verification;

/* actor: borrowed. out: free with inscrm_audit_verification_free. */
INSCRM_API inscrm_status inscrm_db_verify_audit(inscrm_db* db, const inscrm_actor* actor,
                                               inscrm_audit_verification** out);
INSCRM_API void inscrm_audit_verification_free(inscrm_audit_verification** verification);

/* ============================================================================================
 * Data quality: file import and export (domain.md C13)
 *
 * Bulk import of customers, policies or payments from CSV (a header row naming the columns) or
 * JSON (an array of objects) text, with the per-row report of inscrm_customers_import: each bad
 * row once, in row order, row = 0-based data row (the CSV header is not a row), field = the column
 * at fault. Text is normalised first (full-width forms, 2024年3月14日 dates, +86 phones); the
 * columns are listed in include/inscrm/crm/imports.hpp. A file that cannot be read at all (no CSV
 * header, malformed JSON) fails the call with INSCRM_INVALID_ARGUMENT, field "csv" / "json".
 * Export writes customers in the same columns, masked for a role without personal-data rights.
 * ========================================================================================== */

typedef enum inscrm_import_kind {
  INSCRM_IMPORT_CUSTOMERS = 0,
  INSCRM_IMPORT_POLICIES = 1,
  INSCRM_IMPORT_PAYMENTS = 2
} inscrm_import_kind;

typedef enum inscrm_file_format {
  INSCRM_FORMAT_CSV = 0,
  INSCRM_FORMAT_JSON = 1
} inscrm_file_format;

/* Called on the calling thread after each batch with (rows processed, rows in the file); the last
 * call has processed == total. It must not call back into the library. */
typedef void (*inscrm_progress_fn)(size_t processed, size_t total, void* user_data);

#define INSCRM_IMPORT_OPTIONS_VERSION 1u
typedef struct inscrm_import_options {
  unsigned version;              /* INSCRM_IMPORT_OPTIONS_VERSION */
  int mode;                      /* inscrm_import_mode; default ALL_OR_NOTHING */
  size_t batch;                  /* SKIP_BAD_ROWS: rows per transaction; 0 = the whole file in one */
  inscrm_progress_fn progress;   /* NULL = no progress calls */
  void* progress_user_data;      /* passed to progress as is */
} inscrm_import_options;

#define INSCRM_IMPORT_OPTIONS_INIT { INSCRM_IMPORT_OPTIONS_VERSION, 0, 0, NULL, NULL }
INSCRM_API inscrm_status inscrm_import_options_init(inscrm_import_options* options, unsigned version);

/* text: borrowed UTF-8 of `length` bytes (need not be NUL-terminated). kind: inscrm_import_kind;
 * format: inscrm_file_format. options: borrowed; NULL = the defaults. out: the report (ids are
 * filled for customer imports only; id_rows give their data rows); free with
 * inscrm_import_report_free. */
INSCRM_API inscrm_status inscrm_import_text(inscrm_db* db, const inscrm_actor* actor, int kind, int format,
                                           const char* text, size_t length, const inscrm_import_options* options,
                                           inscrm_import_report** out);
/* The same, reading the file at `path` (borrowed, UTF-8); an unreadable file is
 * INSCRM_INVALID_ARGUMENT, field "path". */
INSCRM_API inscrm_status inscrm_import_file(inscrm_db* db, const inscrm_actor* actor, int kind, int format,
                                           const char* path, const inscrm_import_options* options,
                                           inscrm_import_report** out);

typedef struct inscrm_export {
  const char* data;  /* the CSV or JSON text, NUL-terminated */
  size_t length;     /* its length in bytes, without the NUL */
} inscrm_export;

/* Every customer the actor may see, in id order. format: inscrm_file_format.
 * out: free with inscrm_export_free. */
INSCRM_API inscrm_status inscrm_customers_export(inscrm_db* db, const inscrm_actor* actor, int format,
                                                inscrm_export** out);
INSCRM_API void inscrm_export_free(inscrm_export** exported);

/* Duplicate candidates: pairs of customers that are probably one person, each with every reason
 * it matched ("identity_number", "phone", "email", "name_and_birth_date"), ordered by (first,
 * second). Ids and reasons only, no personal data. */
typedef struct inscrm_duplicate_pair {
  int64_t first;               /* the lower customer id */
  int64_t second;              /* the higher */
  const char* const* reasons;  /* reason_count names, in a fixed order */
  size_t reason_count;
} inscrm_duplicate_pair;

typedef struct inscrm_duplicate_list {
  const inscrm_duplicate_pair* const* items;
  size_t count;
} inscrm_duplicate_list;

/* max_group: a value shared by more customers than this pairs none of them; 0 = the default (50).
 * out: free with inscrm_duplicate_list_free. */
INSCRM_API inscrm_status inscrm_duplicates_find(inscrm_db* db, const inscrm_actor* actor, size_t max_group,
                                               inscrm_duplicate_list** out);
INSCRM_API void inscrm_duplicate_list_free(inscrm_duplicate_list** list);

/* ============================================================================================
 * Personal data: lookups, erasure, retention, key rotation (domain.md C12)
 *
 * Identity numbers, phones, e-mails, addresses and income are stored encrypted (XChaCha20-Poly1305,
 * libsodium), each customer under a data key of their own wrapped by the master key given at open.
 * Lookups by them go through a keyed blind index: nothing is searched in plain text. Erasure
 * destroys the customer's data key and anonymises the record; statistics, policies, ledgers and
 * the audit chain stay. Rotation re-wraps the keys under a new master key without rewriting data.
 * ========================================================================================== */

/* The value is normalised as inscrm_customer_create would (mobiles to 11 digits, e-mail domains
 * lower-cased); one that cannot be is INSCRM_INVALID_ARGUMENT, field "number" / "email". Erased
 * customers are not found. out: possibly empty; free with inscrm_customer_list_free. */
INSCRM_API inscrm_status inscrm_customer_find_by_phone(inscrm_db* db, const inscrm_actor* actor,
                                                       const char* number, inscrm_customer_list** out);
INSCRM_API inscrm_status inscrm_customer_find_by_email(inscrm_db* db, const inscrm_actor* actor,
                                                       const char* address, inscrm_customer_list** out);

/* Erasure on request: destroys the data key (what remains of the personal fields anywhere cannot
 * be decrypted) and anonymises the record (name, external ref, identity, contacts, addresses,
 * income, relationships). Needs the right to update personal data (INSCRM_PERMISSION_DENIED);
 * an erased customer is INSCRM_ILLEGAL_TRANSITION, field "erased_on". out: optional; the record
 * as it now is, free with inscrm_customer_free. */
INSCRM_API inscrm_status inscrm_customer_erase(inscrm_db* db, const inscrm_actor* actor, int64_t id,
                                               inscrm_customer** out);

/* Retention: the customers not erased whose last cover ended `years` (1…100) or more before
 * `today` (borrowed "YYYY-MM-DD"; NULL = the database clock's today). out: free with
 * inscrm_id_array_free. */
INSCRM_API inscrm_status inscrm_customers_due_for_erasure(inscrm_db* db, const inscrm_actor* actor, int years,
                                                          const char* today, inscrm_id_array** out);
/* Erases every customer due as of the clock's today. out: optional; the ids erased. */
INSCRM_API inscrm_status inscrm_customers_erase_due(inscrm_db* db, const inscrm_actor* actor, int years,
                                                    inscrm_id_array** out);

/* Re-wraps every data key and the blind-index key under a new master key (key, key_len: 32 raw
 * bytes or 64 hex digits; or key NULL and key_file a path). From then on only the new key opens the
 * database; other processes must re-open with it. Administrator only. out_rewrapped: optional. */
INSCRM_API inscrm_status inscrm_db_rotate_master_key(inscrm_db* db, const inscrm_actor* actor,
                                                     const unsigned char* key, size_t key_len,
                                                     const char* key_file, int64_t* out_rewrapped);

/* ============================================================================================
 * Consent, care calendar and campaigns (domain.md C7, C12)
 *
 * Consent is per purpose ("care", "marketing", "survey") and channel ("sms", "call_centre", …, the
 * interaction channels); the latest record holds and no record means no consent. The care run and
 * campaign membership check it themselves. The care calendar's settings (holidays, lead days, kinds
 * and their channels) are the library's defaults in C (OpenOptions::care in C++). Every call is one
 * transaction. Threading: as every inscrm_db call — any thread, the db handle may be shared.
 * ========================================================================================== */

/* Records a consent (granted != 0) or its withdrawal (granted == 0), at the clock's now. purpose,
 * channel, source: required (source: where it was given, e.g. "signed form"). out_consent_id:
 * optional. INSCRM_NOT_FOUND "customer" for an unknown customer. */
INSCRM_API inscrm_status inscrm_consent_record(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                               const char* purpose, const char* channel, int granted,
                                               const char* source, int64_t* out_consent_id);

typedef struct inscrm_consent {
  int64_t id;
  int64_t customer_id;
  const char* purpose;
  const char* channel;
  int granted;          /* 1 granted, 0 withdrawn */
  int64_t at_micros;    /* when it was given or withdrawn (UTC, microseconds since 1970) */
  const char* source;
  const char* actor;
} inscrm_consent;

typedef struct inscrm_consent_list {
  size_t count;
  const inscrm_consent* items;  /* oldest first */
} inscrm_consent_list;

/* The customer's consent history. out: free with inscrm_consent_list_free. */
INSCRM_API inscrm_status inscrm_consents_list(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                                inscrm_consent_list** out);
INSCRM_API void inscrm_consent_list_free(inscrm_consent_list** list);

/* Whether the customer's consent for (purpose, channel) is granted now: *out_allowed 1 or 0. */
INSCRM_API inscrm_status inscrm_consent_allows(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                               const char* purpose, const char* channel, int* out_allowed);

typedef struct inscrm_care_run_report {
  int64_t produced;          /* tasks stored by this run */
  int64_t already_produced;  /* occasions an earlier run had produced */
  int64_t without_consent;   /* occasions skipped for want of consent */
} inscrm_care_run_report;

/* Produces the care tasks due on `day` ("YYYY-MM-DD", NULL = today): each occasion once, however
 * often it runs. Needs the daily-run right. out: optional, filled by the call. */
INSCRM_API inscrm_status inscrm_care_run(inscrm_db* db, const inscrm_actor* actor, const char* day,
                                         inscrm_care_run_report* out);

typedef struct inscrm_care_task {
  int64_t id;
  const char* kind;     /* "birthday", "holiday", "policy_anniversary", "premium_due", "grace_warning",
                           "maturity", "follow_up_policy", "follow_up_claim", "follow_up_complaint" */
  int64_t customer_id;
  int64_t agent_id;     /* 0 = none */
  const char* channel;
  const char* due;      /* the day it is for */
  const char* about;    /* the date the occasion concerns */
  int64_t policy_id;    /* 0 = none */
  int64_t subject_id;   /* the claim or complaint of a follow-up, else 0 */
  const char* holiday;  /* "" unless a holiday greeting */
  const char* status;   /* "open", "done", "cancelled" */
  const char* done_on;  /* NULL while open */
  const char* outcome;
} inscrm_care_task;

typedef struct inscrm_care_task_list {
  size_t count;
  const inscrm_care_task* items;  /* id order */
} inscrm_care_task_list;

/* Tasks by due day (NULL = any), agent (0 = any) and status (NULL = any), at most `limit` (0 = 1000)
 * after task id `after`. out: free with inscrm_care_task_list_free. */
INSCRM_API inscrm_status inscrm_care_tasks_list(inscrm_db* db, const inscrm_actor* actor, const char* due,
                                           int64_t agent_id, const char* status, int64_t after, size_t limit,
                                           inscrm_care_task_list** out);
INSCRM_API void inscrm_care_task_list_free(inscrm_care_task_list** list);

/* Marks an open task done on `on` (NULL = today) with what the agent noted (outcome: optional).
 * INSCRM_INVALID_ARGUMENT "status" when it is not open. */
INSCRM_API inscrm_status inscrm_care_complete(inscrm_db* db, const inscrm_actor* actor, int64_t task_id,
                                              const char* outcome, const char* on);

/* Creates a campaign. name, target_rule (the segment, in the rule language), channel, starts_on,
 * ends_on ("YYYY-MM-DD"): required; objective: optional; budget: required (its cost).
 * out_campaign_id: optional. INSCRM_INVALID_ARGUMENT "target_rule" when the rule does not compile;
 * INSCRM_ALREADY_EXISTS "name". */
INSCRM_API inscrm_status inscrm_campaign_create(inscrm_db* db, const inscrm_actor* actor, const char* name,
                                                const char* objective, const char* target_rule,
                                                const char* channel, const char* starts_on, const char* ends_on,
                                                const inscrm_money* budget, int64_t* out_campaign_id);

typedef struct inscrm_campaign {
  int64_t id;
  const char* name;
  const char* objective;
  const char* target_rule;
  const char* channel;
  const char* starts_on;
  const char* ends_on;
  inscrm_money budget;
} inscrm_campaign;

typedef struct inscrm_campaign_list {
  size_t count;
  const inscrm_campaign* items;  /* id order */
} inscrm_campaign_list;

/* out: free with inscrm_campaign_free / inscrm_campaign_list_free. */
INSCRM_API inscrm_status inscrm_campaign_get(inscrm_db* db, const inscrm_actor* actor, int64_t campaign_id,
                                             inscrm_campaign** out);
INSCRM_API void inscrm_campaign_free(inscrm_campaign** campaign);
INSCRM_API inscrm_status inscrm_campaigns_list(inscrm_db* db, const inscrm_actor* actor, inscrm_campaign_list** out);
INSCRM_API void inscrm_campaign_list_free(inscrm_campaign_list** list);

/* Adds the customers the campaign's rule selects as of `as_of` (NULL = today) who consented to
 * marketing by its channel. Each out-parameter optional: selected, left out for want of consent,
 * newly added. */
INSCRM_API inscrm_status inscrm_campaign_add_members(inscrm_db* db, const inscrm_actor* actor, int64_t campaign_id,
                                                     const char* as_of, int64_t* out_matched,
                                                     int64_t* out_without_consent, int64_t* out_added);

/* outcome: "contacted", "responded" or "converted" (each implies the ones before it); on: NULL =
 * today. INSCRM_NOT_FOUND "customer" when the customer is not a member. */
INSCRM_API inscrm_status inscrm_campaign_record_outcome(inscrm_db* db, const inscrm_actor* actor,
                                                        int64_t campaign_id, int64_t customer_id,
                                                        const char* outcome, const char* on);

typedef struct inscrm_campaign_evaluation {
  int64_t members, contacted, responded, converted;
  double response_rate;               /* responded / contacted; 0 with nobody contacted */
  double conversion_rate;             /* converted / contacted */
  int has_cost_per_conversion;        /* 0 without conversions */
  inscrm_money cost_per_conversion;   /* budget / converted, rounded half up */
  int has_satisfaction;               /* 0 without survey responses */
  double satisfaction;                /* mean 1..5 score of contacted members' surveys in the period */
  int64_t satisfaction_responses;
} inscrm_campaign_evaluation;

/* out: required, filled by the call. */
INSCRM_API inscrm_status inscrm_campaign_evaluate(inscrm_db* db, const inscrm_actor* actor, int64_t campaign_id,
                                                  inscrm_campaign_evaluation* out);

/* ---- Merge of duplicate customers (domain.md C13) -------------------------------------------
 * A merge joins two records of one person: the survivor keeps its id and takes the other's
 * fields where the survivorship rule says so; every policy (as holder), claim (as claimant),
 * interaction, complaint, service request, survey response, consent, care task, campaign
 * membership and points entry of the merged-away customer moves to the survivor (whose balance is
 * then the sum of both); the merged-away record is kept, marked merged into the survivor, and no
 * longer listed, found by phone / e-mail / identity number, or paired as a duplicate. An undo
 * moves exactly the rows that moved back (not rows created for the survivor since) and restores
 * the merged-away record. Each call is one transaction and needs the right to update customers
 * (INSCRM_PERMISSION_DENIED "customer.update"). Thread-safe like every call on an inscrm_db. */

#define INSCRM_MERGE_OPTIONS_VERSION 1u
typedef struct inscrm_merge_options {
  unsigned version;  /* INSCRM_MERGE_OPTIONS_VERSION */
  /* Which record's field wins when both are filled: "survivor_first" (NULL = this default: the
   * survivor's) or "most_recent" (the record updated last). An empty field always takes the
   * other record's value. Borrowed. */
  const char* rule;
} inscrm_merge_options;
#define INSCRM_MERGE_OPTIONS_INIT { INSCRM_MERGE_OPTIONS_VERSION, NULL }
INSCRM_API inscrm_status inscrm_merge_options_init(inscrm_merge_options* options, unsigned version);

/* The rows of one table that moved, ascending ids (campaign_members: the campaign ids). */
typedef struct inscrm_merge_moved {
  const char* table;  /* "policies", "claims", "interactions", "complaints", "service_requests",
                         "survey_responses", "consents", "care_tasks", "campaign_members",
                         "points_entries" */
  const int64_t* ids;
  size_t count;
} inscrm_merge_moved;

typedef struct inscrm_merge {
  int64_t id;
  int64_t survivor;
  int64_t merged_away;
  const char* rule;                    /* "survivor_first" or "most_recent" */
  const char* const* taken_fields;     /* the fields the survivor took from the merged-away record */
  size_t taken_field_count;
  const inscrm_merge_moved* moved;     /* tables with at least one moved row */
  size_t moved_count;
  const char* actor;                   /* who merged */
  int64_t merged_at_unix_micros;
  int64_t undone_at_unix_micros;       /* 0 = not undone */
  const char* undone_by;               /* "" when not undone */
} inscrm_merge;

typedef struct inscrm_merge_list {
  size_t count;
  const inscrm_merge* items;  /* id order */
} inscrm_merge_list;

/* Merges `merged_away_id` into `survivor_id`. options: borrowed; NULL = the defaults. out:
 * optional (NULL = not wanted); free with inscrm_merge_free. Errors: INSCRM_INVALID_ARGUMENT
 * "merged_away" (a customer merged into itself) or "options.rule"; INSCRM_NOT_FOUND "survivor" /
 * "merged_away"; INSCRM_ILLEGAL_TRANSITION "survivor" / "merged_away" (erased, or merged already). */
INSCRM_API inscrm_status inscrm_customers_merge(inscrm_db* db, const inscrm_actor* actor, int64_t survivor_id,
                                                int64_t merged_away_id, const inscrm_merge_options* options,
                                                inscrm_merge** out);
INSCRM_API void inscrm_merge_free(inscrm_merge** merge);

/* Undoes a merge. out: optional, the merge as undone; free with inscrm_merge_free. Errors:
 * INSCRM_NOT_FOUND "merge"; INSCRM_ILLEGAL_TRANSITION "merge" (undone already), "survivor" /
 * "merged_away" (erased since); INSCRM_CONFLICT "survivor" (the survivor was merged into another
 * customer since: undo that merge first). */
INSCRM_API inscrm_status inscrm_merge_undo(inscrm_db* db, const inscrm_actor* actor, int64_t merge_id,
                                           inscrm_merge** out);

/* The merges `customer_id` took part in (as survivor or merged away), or with 0 every merge of
 * customers in the actor's scope. Needs the right to read customers. out: free with
 * inscrm_merge_list_free. */
INSCRM_API inscrm_status inscrm_merge_history(inscrm_db* db, const inscrm_actor* actor, int64_t customer_id,
                                              inscrm_merge_list** out);
INSCRM_API void inscrm_merge_list_free(inscrm_merge_list** list);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* INSCRM_H */
