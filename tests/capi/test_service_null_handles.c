/* Service and complaints: every function that takes a database handle refuses NULL with
 * INVALID_ARGUMENT naming "db" and resets its out-parameter first; every free function accepts
 * NULL; every _init() gives its _INIT macro's values and refuses unknown versions. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

/* A pointer that is not NULL, to see that out-parameters are reset on failure. */
#define STALE(type) ((type*)(void*)&stale)

static void null_db(void) {
  inscrm_db* db = NULL;
  int stale = 0;
  inscrm_service_settings* settings = STALE(inscrm_service_settings);
  inscrm_interaction* interaction = STALE(inscrm_interaction);
  inscrm_interaction_list* interactions = STALE(inscrm_interaction_list);
  inscrm_complaint* complaint = STALE(inscrm_complaint);
  inscrm_complaint_list* complaints = STALE(inscrm_complaint_list);
  inscrm_complaint_step_list* steps = STALE(inscrm_complaint_step_list);
  inscrm_deadlines* deadlines = STALE(inscrm_deadlines);
  inscrm_complaint_stats* stats = STALE(inscrm_complaint_stats);
  inscrm_claim* claim = STALE(inscrm_claim);
  inscrm_claim_list* claims = STALE(inscrm_claim_list);
  inscrm_claim_transition_list* transitions = STALE(inscrm_claim_transition_list);
  inscrm_claim_progress* progress = STALE(inscrm_claim_progress);
  inscrm_service_request* request = STALE(inscrm_service_request);
  inscrm_service_request_list* requests = STALE(inscrm_service_request_list);
  inscrm_service_request_step_list* request_steps = STALE(inscrm_service_request_step_list);
  inscrm_survey_response* response = STALE(inscrm_survey_response);
  inscrm_survey_response_list* responses = STALE(inscrm_survey_response_list);
  inscrm_nps* nps = STALE(inscrm_nps);
  inscrm_satisfaction_report* satisfaction = STALE(inscrm_satisfaction_report);
  const inscrm_service_settings settings_in = INSCRM_SERVICE_SETTINGS_INIT;
  const inscrm_interaction_input interaction_in = INSCRM_INTERACTION_INPUT_INIT;
  const inscrm_complaint_input complaint_in = INSCRM_COMPLAINT_INPUT_INIT;
  const inscrm_claim_input claim_in = INSCRM_CLAIM_INPUT_INIT;
  const inscrm_service_request_input request_in = INSCRM_SERVICE_REQUEST_INPUT_INIT;
  const inscrm_survey_input survey_in = INSCRM_SURVEY_INPUT_INIT;
  const inscrm_money amount = INSCRM_MONEY_CNY(100);

  CHECK_NULL_ARG(inscrm_db_service_settings(db, &settings), "db");
  CHECK(settings == NULL);
  CHECK_NULL_ARG(inscrm_db_set_service_settings(db, &clerk, &settings_in), "db");

  CHECK_NULL_ARG(inscrm_interaction_log(db, &clerk, &interaction_in, &interaction), "db");
  CHECK(interaction == NULL);
  CHECK_NULL_ARG(inscrm_interactions_list(db, &clerk, NULL, &interactions), "db");
  CHECK(interactions == NULL);

  CHECK_NULL_ARG(inscrm_complaint_receive(db, &clerk, &complaint_in, &complaint), "db");
  CHECK(complaint == NULL);
  complaint = STALE(inscrm_complaint);
  CHECK_NULL_ARG(inscrm_complaint_assign(db, &clerk, 1, "d", "h", NULL, &complaint), "db");
  CHECK(complaint == NULL);
  CHECK_NULL_ARG(inscrm_complaint_reassign(db, &clerk, 1, "d", "h", NULL, &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaint_start_investigation(db, &clerk, 1, NULL, &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaint_propose_solution(db, &clerk, 1, "r", &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaint_inform_customer(db, &clerk, 1, NULL, &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaint_close(db, &clerk, 1, "process", 0, NULL, &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaint_reopen(db, &clerk, 1, "o", &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaint_escalate(db, &clerk, 1, "r", &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaint_wait_on_customer(db, &clerk, 1, "r", &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaint_customer_responded(db, &clerk, 1, NULL, &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaint_get(db, &clerk, 1, &complaint), "db");
  CHECK_NULL_ARG(inscrm_complaints_list(db, &clerk, NULL, &complaints), "db");
  CHECK(complaints == NULL);
  CHECK_NULL_ARG(inscrm_complaint_history(db, &clerk, 1, &steps), "db");
  CHECK(steps == NULL);
  CHECK_NULL_ARG(inscrm_complaint_deadlines(db, &clerk, 1, &deadlines), "db");
  CHECK(deadlines == NULL);
  CHECK_NULL_ARG(inscrm_complaint_statistics(db, &clerk, 0, 1, &stats), "db");
  CHECK(stats == NULL);

  CHECK_NULL_ARG(inscrm_claim_report(db, &clerk, &claim_in, &claim), "db");
  CHECK(claim == NULL);
  CHECK_NULL_ARG(inscrm_claim_receive_document(db, &clerk, 1, "n", &claim), "db");
  CHECK_NULL_ARG(inscrm_claim_start_assessment(db, &clerk, 1, NULL, &claim), "db");
  CHECK_NULL_ARG(inscrm_claim_approve(db, &clerk, 1, amount, NULL, &claim), "db");
  CHECK_NULL_ARG(inscrm_claim_decline(db, &clerk, 1, "r", &claim), "db");
  CHECK_NULL_ARG(inscrm_claim_pay(db, &clerk, 1, NULL, &claim), "db");
  CHECK_NULL_ARG(inscrm_claim_close(db, &clerk, 1, NULL, &claim), "db");
  CHECK_NULL_ARG(inscrm_claim_reopen(db, &clerk, 1, "r", &claim), "db");
  CHECK_NULL_ARG(inscrm_claim_get(db, &clerk, 1, &claim), "db");
  CHECK_NULL_ARG(inscrm_claim_get_by_number(db, &clerk, "C1", &claim), "db");
  CHECK_NULL_ARG(inscrm_claims_list(db, &clerk, NULL, &claims), "db");
  CHECK(claims == NULL);
  CHECK_NULL_ARG(inscrm_claim_history(db, &clerk, 1, &transitions), "db");
  CHECK(transitions == NULL);
  CHECK_NULL_ARG(inscrm_claim_progress_get(db, &clerk, 1, &progress), "db");
  CHECK(progress == NULL);

  CHECK_NULL_ARG(inscrm_service_request_submit(db, &clerk, &request_in, &request), "db");
  CHECK(request == NULL);
  CHECK_NULL_ARG(inscrm_service_request_start(db, &clerk, 1, NULL, &request), "db");
  CHECK_NULL_ARG(inscrm_service_request_wait_on_customer(db, &clerk, 1, "r", &request), "db");
  CHECK_NULL_ARG(inscrm_service_request_customer_responded(db, &clerk, 1, NULL, &request), "db");
  CHECK_NULL_ARG(inscrm_service_request_complete(db, &clerk, 1, "done", &amount, &request), "db");
  CHECK_NULL_ARG(inscrm_service_request_reject(db, &clerk, 1, "r", &request), "db");
  CHECK_NULL_ARG(inscrm_service_request_cancel(db, &clerk, 1, NULL, &request), "db");
  CHECK_NULL_ARG(inscrm_service_request_get(db, &clerk, 1, &request), "db");
  CHECK_NULL_ARG(inscrm_service_requests_list(db, &clerk, NULL, &requests), "db");
  CHECK(requests == NULL);
  CHECK_NULL_ARG(inscrm_service_request_history(db, &clerk, 1, &request_steps), "db");
  CHECK(request_steps == NULL);
  deadlines = STALE(inscrm_deadlines);
  CHECK_NULL_ARG(inscrm_service_request_deadlines(db, &clerk, 1, &deadlines), "db");
  CHECK(deadlines == NULL);

  CHECK_NULL_ARG(inscrm_survey_record(db, &clerk, &survey_in, &response), "db");
  CHECK(response == NULL);
  CHECK_NULL_ARG(inscrm_surveys_list(db, &clerk, NULL, &responses), "db");
  CHECK(responses == NULL);
  CHECK_NULL_ARG(inscrm_survey_nps(db, &clerk, "2024-01-01", "2024-02-01", &nps), "db");
  CHECK(nps == NULL);
  CHECK_NULL_ARG(inscrm_survey_satisfaction(db, &clerk, "2024-01-01", "2024-02-01", &satisfaction), "db");
  CHECK(satisfaction == NULL);

  /* Free functions: NULL and a NULL pointer are fine. */
  inscrm_service_settings_free(NULL);
  inscrm_service_settings_free(&settings);
  inscrm_interaction_free(NULL);
  inscrm_interaction_list_free(&interactions);
  inscrm_complaint_free(&complaint);
  inscrm_complaint_list_free(NULL);
  inscrm_complaint_step_list_free(&steps);
  inscrm_deadlines_free(&deadlines);
  inscrm_complaint_stats_free(NULL);
  inscrm_claim_free(&claim);
  inscrm_claim_list_free(NULL);
  inscrm_claim_transition_list_free(&transitions);
  inscrm_claim_progress_free(NULL);
  inscrm_service_request_free(&request);
  inscrm_service_request_list_free(NULL);
  inscrm_service_request_step_list_free(&request_steps);
  inscrm_survey_response_free(NULL);
  inscrm_survey_response_list_free(&responses);
  inscrm_nps_free(&nps);
  inscrm_satisfaction_report_free(NULL);
  CHECK(settings == NULL && complaint == NULL && claim == NULL && request == NULL && nps == NULL);
}

/* Each _init() writes what its _INIT macro holds; compare the bytes the macro defines. */
#define CHECK_INIT(type, init_fn, INIT, VERSION)                    \
  do {                                                              \
    static const type expected = INIT;                              \
    type got;                                                       \
    memset(&got, 0x5a, sizeof got);                                 \
    CHECK_OK(init_fn(&got, VERSION));                               \
    CHECK(got.version == VERSION);                                  \
    CHECK(memcmp(&got, &expected, sizeof got) == 0);                \
    CHECK_ERROR(init_fn(&got, 0), INSCRM_INVALID_ARGUMENT, "version"); \
    CHECK_ERROR(init_fn(&got, VERSION + 1), INSCRM_INVALID_ARGUMENT, "version"); \
  } while (0)

static void initialisers(void) {
  CHECK_INIT(inscrm_interaction_input, inscrm_interaction_input_init, INSCRM_INTERACTION_INPUT_INIT,
             INSCRM_INTERACTION_INPUT_VERSION);
  CHECK_INIT(inscrm_interaction_query, inscrm_interaction_query_init, INSCRM_INTERACTION_QUERY_INIT,
             INSCRM_INTERACTION_QUERY_VERSION);
  CHECK_INIT(inscrm_complaint_input, inscrm_complaint_input_init, INSCRM_COMPLAINT_INPUT_INIT,
             INSCRM_COMPLAINT_INPUT_VERSION);
  CHECK_INIT(inscrm_complaint_query, inscrm_complaint_query_init, INSCRM_COMPLAINT_QUERY_INIT,
             INSCRM_COMPLAINT_QUERY_VERSION);
  CHECK_INIT(inscrm_claim_input, inscrm_claim_input_init, INSCRM_CLAIM_INPUT_INIT, INSCRM_CLAIM_INPUT_VERSION);
  CHECK_INIT(inscrm_claim_query, inscrm_claim_query_init, INSCRM_CLAIM_QUERY_INIT, INSCRM_CLAIM_QUERY_VERSION);
  CHECK_INIT(inscrm_service_request_input, inscrm_service_request_input_init, INSCRM_SERVICE_REQUEST_INPUT_INIT,
             INSCRM_SERVICE_REQUEST_INPUT_VERSION);
  CHECK_INIT(inscrm_service_request_query, inscrm_service_request_query_init, INSCRM_SERVICE_REQUEST_QUERY_INIT,
             INSCRM_SERVICE_REQUEST_QUERY_VERSION);
  CHECK_INIT(inscrm_survey_input, inscrm_survey_input_init, INSCRM_SURVEY_INPUT_INIT, INSCRM_SURVEY_INPUT_VERSION);
  CHECK_INIT(inscrm_survey_query, inscrm_survey_query_init, INSCRM_SURVEY_QUERY_INIT, INSCRM_SURVEY_QUERY_VERSION);
  CHECK_NULL_ARG(inscrm_complaint_input_init(NULL, INSCRM_COMPLAINT_INPUT_VERSION), "input");
  CHECK_NULL_ARG(inscrm_claim_query_init(NULL, INSCRM_CLAIM_QUERY_VERSION), "query");
}

void test_service_null_handles(void) {
  null_db();
  initialisers();
}
