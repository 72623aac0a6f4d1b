/* Claims (domain.md C4) through the C ABI: report with documents missing, "what is missing",
 * assessment, approval, payment, close and reopen; a declined claim that cannot be paid; the
 * typed errors of the report and of each step. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

static int64_t report_medical(inscrm_db* db, int64_t policy, int64_t claimant, inscrm_claim** out) {
  const char* const handed_in[] = {"claim_form", "insured_id"};
  inscrm_claim_input in = INSCRM_CLAIM_INPUT_INIT;
  in.policy = policy;
  in.claimant = claimant;
  in.incident_date = "2024-02-20";
  in.claimed_amount.minor = 3000000;
  in.documents = handed_in;
  in.document_count = 2;
  CHECK_OK(inscrm_claim_report(db, &clerk, &in, out));
  return *out ? (*out)->id : 0;
}

static void paid_and_reopened(inscrm_db* db, int64_t policy, int64_t holder) {
  inscrm_claim* c = NULL;
  const int64_t id = report_medical(db, policy, holder, &c);
  CHECK(c != NULL);
  if (c) {
    CHECK(c->policy == policy && c->claimant == holder && c->claimed_amount.minor == 3000000);
    CHECK_STR(c->number, "C0000000001");
    CHECK_STR(c->type, "medical");
    CHECK_STR(c->status, "documents_pending");
    CHECK_STR(c->incident_date, "2024-02-20");
    CHECK(c->required_document_count == 6 && c->document_count == 2 && c->approved_amount == NULL &&
          c->paid_amount == NULL && c->paid_on == NULL);
    if (c->document_count == 2) CHECK_STR(c->documents[1].name, "insured_id");
  }
  inscrm_claim_free(&c);
  CHECK(c == NULL);

  inscrm_claim_progress* p = NULL;
  CHECK_OK(inscrm_claim_progress_get(db, &clerk, id, &p));
  CHECK(p != NULL && p->missing_document_count == 4 && p->days_since_reported == 0 && strlen(p->next_step) > 0);
  if (p && p->missing_document_count == 4) {
    CHECK_STR(p->status, "documents_pending");
    CHECK_STR(p->missing_documents[0], "invoices");
    CHECK_STR(p->missing_documents[3], "discharge_summary");
  }
  inscrm_claim_progress_free(&p);
  CHECK(p == NULL);

  /* Assessment waits for the whole checklist. */
  CHECK_ERROR(inscrm_claim_start_assessment(db, &clerk, id, NULL, &c), INSCRM_ILLEGAL_TRANSITION, "documents");
  CHECK_OK(inscrm_claim_receive_document(db, &clerk, id, "invoices", NULL));
  CHECK_OK(inscrm_claim_receive_document(db, &clerk, id, "expense_list", NULL));
  CHECK_OK(inscrm_claim_receive_document(db, &clerk, id, "diagnosis", NULL));
  CHECK_OK(inscrm_claim_receive_document(db, &clerk, id, "discharge_summary", &c));
  CHECK(c != NULL && c->document_count == 6);
  inscrm_claim_free(&c);
  CHECK_OK(inscrm_claim_progress_get(db, &clerk, id, &p));
  CHECK(p != NULL && p->missing_document_count == 0 && p->missing_documents == NULL);
  inscrm_claim_progress_free(&p);

  CHECK_OK(inscrm_claim_start_assessment(db, &clerk, id, "all documents in", NULL));
  const inscrm_money too_much = INSCRM_MONEY_CNY(3000001);
  CHECK_ERROR(inscrm_claim_approve(db, &clerk, id, too_much, NULL, &c), INSCRM_INVALID_ARGUMENT, "approved_amount");
  const inscrm_money dollars = {2500000, "USD"};
  CHECK_ERROR(inscrm_claim_approve(db, &clerk, id, dollars, NULL, &c), INSCRM_INVALID_ARGUMENT, "approved_amount");
  CHECK_ERROR(inscrm_claim_pay(db, &clerk, id, NULL, &c), INSCRM_ILLEGAL_TRANSITION, "status");
  const inscrm_money approved = INSCRM_MONEY_CNY(2500000);
  CHECK_OK(inscrm_claim_approve(db, &clerk, id, approved, "within the policy limits", &c));
  CHECK(c != NULL && c->approved_amount != NULL && c->approved_amount->minor == 2500000);
  if (c) CHECK_STR(c->status, "approved");
  inscrm_claim_free(&c);
  CHECK_ERROR(inscrm_claim_pay(db, &clerk, id, "2024-03-32", &c), INSCRM_INVALID_ARGUMENT, "on");
  CHECK_OK(inscrm_claim_pay(db, &clerk, id, NULL, &c));
  CHECK(c != NULL && c->paid_amount != NULL && c->paid_amount->minor == 2500000);
  if (c) {
    CHECK_STR(c->status, "paid");
    CHECK_STR(c->paid_on, "2024-03-01");
  }
  inscrm_claim_free(&c);
  CHECK_OK(inscrm_claim_close(db, &clerk, id, NULL, NULL));
  CHECK_ERROR(inscrm_claim_receive_document(db, &clerk, id, "receipt", &c), INSCRM_ILLEGAL_TRANSITION, "status");
  CHECK_ERROR(inscrm_claim_reopen(db, &clerk, id, "", &c), INSCRM_ILLEGAL_TRANSITION, "reason");
  CHECK_OK(inscrm_claim_reopen(db, &clerk, id, "a second invoice arrived", &c));
  CHECK(c != NULL && c->reopen_count == 1);
  if (c) CHECK_STR(c->status, "under_assessment");
  inscrm_claim_free(&c);

  inscrm_claim_transition_list* h = NULL;
  CHECK_OK(inscrm_claim_history(db, &clerk, id, &h));
  CHECK(h != NULL && h->count == 6);
  if (h && h->count == 6) {
    static const char* const events[] = {"request_documents", "start_assessment", "approve", "pay", "close", "reopen"};
    for (size_t i = 0; i < h->count; ++i) CHECK_STR(h->items[i]->event, events[i]);
    CHECK(h->items[0]->claim == id);
    CHECK_STR(h->items[0]->to, "documents_pending");
    CHECK_STR(h->items[5]->reason, "a second invoice arrived");
    CHECK_STR(h->items[2]->effective_on, "2024-03-01");
  }
  inscrm_claim_transition_list_free(&h);

  CHECK_OK(inscrm_claim_get_by_number(db, &clerk, "C0000000001", &c));
  CHECK(c != NULL && c->id == id);
  inscrm_claim_free(&c);
  CHECK_ERROR(inscrm_claim_get_by_number(db, &clerk, "C404", &c), INSCRM_NOT_FOUND, "number");
}

static void declined(inscrm_db* db, int64_t policy, int64_t holder) {
  inscrm_claim* c = NULL;
  const char* const extra[] = {"police_report"};
  const char* const all[] = {"claim_form", "insured_id", "invoices", "expense_list", "diagnosis", "discharge_summary",
                             "police_report"};
  inscrm_claim_input in = INSCRM_CLAIM_INPUT_INIT;
  in.policy = policy;
  in.claimant = holder;
  in.incident_date = "2024-02-25";
  in.claimed_amount.minor = 100000;
  in.extra_documents = extra;
  in.extra_document_count = 1;
  in.documents = all;
  in.document_count = 7;
  in.number = "CLM-7";
  CHECK_OK(inscrm_claim_report(db, &clerk, &in, &c));
  CHECK(c != NULL && c->required_document_count == 7);
  if (c) {
    CHECK_STR(c->status, "reported");
    CHECK_STR(c->number, "CLM-7");
  }
  const int64_t id = c ? c->id : 0;
  inscrm_claim_free(&c);
  CHECK_OK(inscrm_claim_start_assessment(db, &clerk, id, NULL, NULL));
  CHECK_NULL_ARG(inscrm_claim_decline(db, &clerk, id, NULL, &c), "reason");
  CHECK_OK(inscrm_claim_decline(db, &clerk, id, "pre-existing condition", &c));
  if (c) {
    CHECK_STR(c->status, "declined");
    CHECK_STR(c->decline_reason, "pre-existing condition");
  }
  inscrm_claim_free(&c);
  /* Paying a declined claim is an illegal step; nothing changes. */
  CHECK_ERROR(inscrm_claim_pay(db, &clerk, id, NULL, &c), INSCRM_ILLEGAL_TRANSITION, "status");
  CHECK(c == NULL);
  CHECK_OK(inscrm_claim_get(db, &clerk, id, &c));
  CHECK(c != NULL && c->paid_amount == NULL);
  if (c) CHECK_STR(c->status, "declined");
  inscrm_claim_free(&c);

  inscrm_claim_list* l = NULL;
  const char* const statuses[] = {"declined"};
  inscrm_claim_query q = INSCRM_CLAIM_QUERY_INIT;
  q.statuses = statuses;
  q.status_count = 1;
  CHECK_OK(inscrm_claims_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 1 && l->items[0]->id == id);
  inscrm_claim_list_free(&l);
  q.status_count = 0;
  q.policy = policy;
  CHECK_OK(inscrm_claims_list(db, &clerk, &q, &l));
  CHECK(l != NULL && l->count == 2);
  inscrm_claim_list_free(&l);
  const char* const unknown[] = {"lost"};
  q.statuses = unknown;
  q.status_count = 1;
  CHECK_ERROR(inscrm_claims_list(db, &clerk, &q, &l), INSCRM_INVALID_ARGUMENT, "query.statuses[0]");
}

static void report_errors(inscrm_db* db, int64_t policy, int64_t holder) {
  const int64_t stranger = make_named(db, "陌生人");
  inscrm_claim* c = NULL;
  inscrm_claim_input in = INSCRM_CLAIM_INPUT_INIT;
  in.policy = policy;
  in.claimant = holder;
  in.incident_date = "2023-12-31"; /* before the cover began */
  in.claimed_amount.minor = 100000;
  CHECK_ERROR(inscrm_claim_report(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "incident_date");
  in.incident_date = NULL;
  CHECK_NULL_ARG(inscrm_claim_report(db, &clerk, &in, &c), "incident_date");
  in.incident_date = "2024-02-20";
  in.claimant = stranger;
  CHECK_ERROR(inscrm_claim_report(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "claimant");
  in.claimant = holder;
  in.type = "alien_abduction";
  CHECK_ERROR(inscrm_claim_report(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "type");
  in.type = NULL;
  in.claimed_amount.minor = 0;
  CHECK_ERROR(inscrm_claim_report(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "claimed_amount");
  in.claimed_amount.minor = 100000;
  const char* const with_null[] = {"claim_form", NULL};
  in.documents = with_null;
  in.document_count = 2;
  CHECK_NULL_ARG(inscrm_claim_report(db, &clerk, &in, &c), "documents[1]");
  in.documents = NULL;
  CHECK_ERROR(inscrm_claim_report(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "documents");
  in.document_count = 0;
  in.policy = 404;
  CHECK_ERROR(inscrm_claim_report(db, &clerk, &in, &c), INSCRM_NOT_FOUND, "policy");
  in.policy = policy;
  in.version = 0;
  CHECK_ERROR(inscrm_claim_report(db, &clerk, &in, &c), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK(c == NULL);
  CHECK_NULL_ARG(inscrm_claim_receive_document(db, &clerk, 1, NULL, &c), "name");
  CHECK_NULL_ARG(inscrm_claim_reopen(db, &clerk, 1, NULL, &c), "reason");
  CHECK_NULL_ARG(inscrm_claim_get(db, &clerk, 1, NULL), "out");
  CHECK_NULL_ARG(inscrm_claim_get_by_number(db, &clerk, NULL, &c), "number");
  CHECK_NULL_ARG(inscrm_claim_progress_get(db, &clerk, 1, NULL), "out");
  CHECK_NULL_ARG(inscrm_claim_history(db, &clerk, 1, NULL), "out");
  CHECK_NULL_ARG(inscrm_claims_list(db, &clerk, NULL, NULL), "out");
  CHECK_ERROR(inscrm_claim_get(db, &clerk, 404, &c), INSCRM_NOT_FOUND, "id");
  CHECK_ERROR(inscrm_claim_close(db, &clerk, 404, NULL, &c), INSCRM_NOT_FOUND, "id");
}

void test_claims(void) {
  inscrm_db* db = open_memory("2024-01-10");
  make_product(db);
  const int64_t holder = make_customer(db);
  const int64_t policy = issue_policy(db, holder);
  CHECK_OK(inscrm_db_set_date(db, "2024-03-01"));
  paid_and_reopened(db, policy, holder);
  declined(db, policy, holder);
  report_errors(db, policy, holder);
  inscrm_close(&db);
}
