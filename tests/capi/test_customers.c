/* Customers: create, read, update with optimistic concurrency, find, list, bulk import. */
#include "check.h"
#include "fixture.h"

#include <string.h>

static int64_t create_full(inscrm_db* db, int64_t spouse) {
  const inscrm_phone phones[] = {{"+86 138 1234 5678", 0, 1}, {"021-12345678", 0, 0}};
  const inscrm_email emails[] = {{"Wei.Zhang@Example.COM", 1, 0}};
  const inscrm_address addresses[] = {{"上海市浦东新区世纪大道 100 号", "310115", "200120", 1, 1}};
  const inscrm_relationship relationships[] = {{"spouse", spouse}};
  const inscrm_money want = INSCRM_MONEY_CNY(100000000);
  const inscrm_need needs[] = {{"critical_illness", &want, 20, "questionnaire", "2023-12-01"}};
  const inscrm_money income = {30000000, ""}; /* "" = CNY */

  inscrm_customer_input in = INSCRM_CUSTOMER_INPUT_INIT;
  in.external_ref = "CORE-0001";
  in.name = "  张伟 ";
  in.gender = "male";
  in.birth_date = "1985-03-14";
  in.identity_type = "resident_id";
  in.identity_number = "110105198503142318";
  in.marital_status = "married";
  in.occupation = "engineer";
  in.industry = "IT";
  in.annual_income = &income;
  in.region = "310000";
  in.phones = phones;
  in.phone_count = 2;
  in.emails = emails;
  in.email_count = 1;
  in.addresses = addresses;
  in.address_count = 1;
  in.relationships = relationships;
  in.relationship_count = 1;
  in.needs = needs;
  in.need_count = 1;
  in.source = "agent_referral";
  in.verified_on = "2024-01-02";
  int64_t id = 0;
  CHECK_OK(inscrm_customer_create(db, &clerk, &in, &id));
  return id;
}

static void create_and_get(inscrm_db* db) {
  const int64_t spouse = make_named(db, "李娜");
  const int64_t id = create_full(db, spouse);
  CHECK(id > 0);
  inscrm_customer* c = NULL;
  CHECK_OK(inscrm_customer_get(db, &clerk, id, &c));
  CHECK(c != NULL);
  if (!c) return;
  CHECK(c->id == id && c->version == 1);
  CHECK_STR(c->external_ref, "CORE-0001");
  CHECK_STR(c->kind, "person");
  CHECK_STR(c->name, "张伟"); /* trimmed */
  CHECK_STR(c->gender, "male");
  CHECK_STR(c->birth_date, "1985-03-14");
  CHECK_STR(c->identity_type, "resident_id");
  CHECK_STR(c->identity_number, "110105198503142318");
  CHECK_STR(c->marital_status, "married");
  CHECK_STR(c->occupation, "engineer");
  CHECK_STR(c->industry, "IT");
  CHECK(c->annual_income != NULL && c->annual_income->minor == 30000000 && strcmp(c->annual_income->currency, "CNY") == 0);
  CHECK_STR(c->region, "310000");
  CHECK(c->phone_count == 2 && c->phones != NULL);
  if (c->phone_count == 2) {
    CHECK_STR(c->phones[0].number, "13812345678"); /* normalised */
    CHECK(c->phones[0].primary == 1 && c->phones[0].verified == 1); /* the first becomes primary */
    CHECK_STR(c->phones[1].number, "02112345678");
  }
  CHECK(c->email_count == 1 && strcmp(c->emails[0].address, "Wei.Zhang@example.com") == 0);
  CHECK(c->address_count == 1 && strcmp(c->addresses[0].region_code, "310115") == 0 &&
        strcmp(c->addresses[0].postal_code, "200120") == 0 && c->addresses[0].verified == 1);
  CHECK(c->relationship_count == 1 && c->relationships[0].other == spouse &&
        strcmp(c->relationships[0].kind, "spouse") == 0);
  CHECK(c->need_count == 1);
  if (c->need_count == 1) {
    CHECK_STR(c->needs[0].line, "critical_illness");
    CHECK(c->needs[0].desired_sum_insured != NULL && c->needs[0].desired_sum_insured->minor == 100000000);
    CHECK(c->needs[0].term_years == 20);
    CHECK_STR(c->needs[0].source, "questionnaire");
    CHECK_STR(c->needs[0].noted_on, "2023-12-01");
  }
  CHECK_STR(c->source, "agent_referral");
  CHECK(c->org_unit == 0 && c->agent == 0);
  CHECK(c->stage == INSCRM_CUSTOMER_STAGE_PROSPECT);
  CHECK_STR(c->stage_since, "2024-01-10");
  CHECK_STR(c->verified_on, "2024-01-02");
  CHECK(c->created_at_unix_micros == INT64_C(1704844800000000) && c->updated_at_unix_micros == c->created_at_unix_micros);
  inscrm_customer_free(&c);
  CHECK(c == NULL);

  /* A bare customer: optional facts are NULL or empty. */
  CHECK_OK(inscrm_customer_get(db, &clerk, spouse, &c));
  CHECK(c != NULL && c->external_ref == NULL && c->birth_date == NULL && c->identity_type == NULL &&
        c->identity_number == NULL && c->annual_income == NULL && c->phones == NULL && c->phone_count == 0 &&
        c->needs == NULL && c->verified_on == NULL && strcmp(c->gender, "unknown") == 0 && strcmp(c->region, "") == 0);
  inscrm_customer_free(&c);

  CHECK_ERROR(inscrm_customer_get(db, &clerk, 4040, &c), INSCRM_NOT_FOUND, "id");
  CHECK(c == NULL);
  CHECK_NULL_ARG(inscrm_customer_get(db, &clerk, spouse, NULL), "out");
  CHECK_NULL_ARG(inscrm_customer_get(db, NULL, spouse, &c), "actor");
}

static void create_errors(inscrm_db* db) {
  inscrm_customer_input in = INSCRM_CUSTOMER_INPUT_INIT;
  in.name = "王芳";
  int64_t id = 99;

  /* The facade's validation: a wrong check digit names identity.number. */
  in.identity_number = "110105198503142315";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "identity.number");
  CHECK(id == 0);
  in.identity_number = NULL;
  in.identity_type = "passport";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "identity.number");
  in.identity_number = "E12345678";
  in.identity_type = "library_card";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "identity.type");
  in.identity_type = NULL;
  in.identity_number = NULL;

  in.gender = "robot";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "gender");
  CHECK(strstr(inscrm_last_error(), "robot") != NULL && strstr(inscrm_last_error(), "female") != NULL);
  in.gender = NULL;
  in.birth_date = "1985-02-29";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "birth_date");
  in.birth_date = "2030-01-01"; /* a real date, but the facade refuses the future */
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "birth_date");
  in.birth_date = NULL;
  in.kind = "alien";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "kind");
  in.kind = NULL;
  in.marital_status = "complicated";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "marital_status");
  in.marital_status = NULL;
  in.source = "rumour";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "source");
  in.source = NULL;
  in.verified_on = "yesterday";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "verified_on");
  in.verified_on = NULL;
  const inscrm_money dollars = {100, "usd"};
  in.annual_income = &dollars;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "annual_income.currency");
  in.annual_income = NULL;
  in.region = "31";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "region");
  in.region = NULL;

  /* Arrays: a count without a pointer, NULL strings inside, and the facade's per-element paths. */
  in.phone_count = 1;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "phones");
  const inscrm_phone no_number[] = {{NULL, 0, 0}};
  in.phones = no_number;
  CHECK_NULL_ARG(inscrm_customer_create(db, &clerk, &in, &id), "phones[0].number");
  const inscrm_phone phones[] = {{"13812345678", 1, 0}, {"12345", 0, 0}};
  in.phones = phones;
  in.phone_count = 2;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "phones[1].number");
  in.phones = NULL;
  in.phone_count = 0;
  const inscrm_email emails[] = {{"nobody", 0, 0}};
  in.emails = emails;
  in.email_count = 1;
  CHECK(inscrm_customer_create(db, &clerk, &in, &id) == INSCRM_INVALID_ARGUMENT &&
        strncmp(inscrm_last_error_field(), "emails[0]", 9) == 0);
  in.emails = NULL;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "emails");
  in.email_count = 0;
  const inscrm_email no_address[] = {{NULL, 0, 0}};
  in.emails = no_address;
  in.email_count = 1;
  CHECK_NULL_ARG(inscrm_customer_create(db, &clerk, &in, &id), "emails[0].address");
  in.emails = NULL;
  in.email_count = 0;
  const inscrm_address addresses[] = {{NULL, NULL, NULL, 0, 0}};
  in.addresses = addresses;
  in.address_count = 1;
  CHECK_NULL_ARG(inscrm_customer_create(db, &clerk, &in, &id), "addresses[0].line");
  in.addresses = NULL;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "addresses");
  in.address_count = 0;
  const inscrm_relationship rel[] = {{"nemesis", 1}};
  in.relationships = rel;
  in.relationship_count = 1;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "relationships[0].kind");
  const inscrm_relationship missing[] = {{NULL, 987654}};
  in.relationships = missing;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_NOT_FOUND, "relationships[0].other");
  in.relationships = NULL;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "relationships");
  in.relationship_count = 0;
  const inscrm_need bad_need[] = {{"life", NULL, 0, NULL, "2023-13-01"}};
  in.needs = bad_need;
  in.need_count = 1;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "needs[0].noted_on");
  const inscrm_need bad_line[] = {{"yachts", NULL, 0, NULL, NULL}};
  in.needs = bad_line;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "needs[0].line");
  const inscrm_need bad_term[] = {{NULL, NULL, -2, NULL, NULL}};
  in.needs = bad_term;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "needs[0].term_years");
  const inscrm_money euros = {500, "EURO"};
  const inscrm_need bad_money[] = {{NULL, &euros, 0, NULL, NULL}};
  in.needs = bad_money;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT,
              "needs[0].desired_sum_insured.currency");
  const inscrm_need bad_source[] = {{NULL, NULL, 0, "gossip", NULL}};
  in.needs = bad_source;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "needs[0].source");
  in.needs = NULL;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "needs");
  in.need_count = 0;

  in.org_unit = 123;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_NOT_FOUND, "org_unit");
  in.org_unit = 0;
  in.agent = 321;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_NOT_FOUND, "agent");
  in.agent = 0;
  in.name = NULL;
  CHECK_NULL_ARG(inscrm_customer_create(db, &clerk, &in, &id), "name");
  in.name = " ";
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "name");
  in.name = "王芳";
  in.version = 2;
  CHECK_ERROR(inscrm_customer_create(db, &clerk, &in, &id), INSCRM_INVALID_ARGUMENT, "input.version");
  in.version = INSCRM_CUSTOMER_INPUT_VERSION;
  CHECK_NULL_ARG(inscrm_customer_create(db, &clerk, NULL, &id), "input");
  CHECK_NULL_ARG(inscrm_customer_create(db, NULL, &in, &id), "actor");
  /* Nothing above was written: still good, and out_id is optional. */
  CHECK_OK(inscrm_customer_create(db, &clerk, &in, NULL));
}

static void update_and_conflict(inscrm_db* db) {
  const int64_t id = make_customer(db);
  inscrm_customer* first = NULL;
  CHECK_OK(inscrm_customer_get(db, &clerk, id, &first));
  if (!first) return;

  /* Read, change a field, write back. */
  inscrm_customer_input in;
  CHECK_OK(inscrm_customer_input_from(first, &in));
  CHECK(in.version == INSCRM_CUSTOMER_INPUT_VERSION && in.id == id && in.expected_version == 1);
  CHECK(in.name == first->name && in.identity_number == first->identity_number);
  in.occupation = "teacher";
  inscrm_customer* second = NULL;
  CHECK_OK(inscrm_customer_update(db, &clerk, &in, &second));
  CHECK(second != NULL && second->version == 2 && strcmp(second->occupation, "teacher") == 0 &&
        strcmp(second->birth_date, "1985-03-14") == 0 && second->created_at_unix_micros == first->created_at_unix_micros);

  /* The same input again carries version 1, which is stale now. */
  in.occupation = "pilot";
  inscrm_customer* third = NULL;
  CHECK_ERROR(inscrm_customer_update(db, &clerk, &in, &third), INSCRM_CONFLICT, "version");
  CHECK(third == NULL);
  /* With the current version it goes through; out is optional. */
  in.expected_version = 2;
  CHECK_OK(inscrm_customer_update(db, &clerk, &in, NULL));
  CHECK_OK(inscrm_customer_get(db, &clerk, id, &third));
  CHECK(third != NULL && third->version == 3 && strcmp(third->occupation, "pilot") == 0);
  inscrm_customer_free(&third);

  in.id = 999999;
  CHECK_ERROR(inscrm_customer_update(db, &clerk, &in, NULL), INSCRM_NOT_FOUND, "id");
  in.id = id;
  in.expected_version = 3;
  in.birth_date = "not a date";
  CHECK_ERROR(inscrm_customer_update(db, &clerk, &in, NULL), INSCRM_INVALID_ARGUMENT, "birth_date");
  in.birth_date = "1985-03-15"; /* disagrees with the identity number */
  CHECK_ERROR(inscrm_customer_update(db, &clerk, &in, NULL), INSCRM_INVALID_ARGUMENT, "birth_date");
  in.version = 0;
  CHECK_ERROR(inscrm_customer_update(db, &clerk, &in, NULL), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK_NULL_ARG(inscrm_customer_update(db, &clerk, NULL, NULL), "input");
  CHECK_NULL_ARG(inscrm_customer_update(db, NULL, &in, NULL), "actor");
  CHECK_NULL_ARG(inscrm_customer_input_from(NULL, &in), "customer");
  CHECK_NULL_ARG(inscrm_customer_input_from(first, NULL), "input");
  inscrm_customer_free(&second);
  inscrm_customer_free(&first);
}

static void find_and_list(inscrm_db* db) {
  inscrm_customer* c = NULL;
  CHECK_OK(inscrm_customer_find_by_external_ref(db, &clerk, "CORE-0001", &c));
  CHECK(c != NULL && strcmp(c->name, "张伟") == 0);
  inscrm_customer_free(&c);
  c = (inscrm_customer*)&clerk; /* garbage in: reset on entry */
  CHECK_OK(inscrm_customer_find_by_external_ref(db, &clerk, "CORE-9999", &c));
  CHECK(c == NULL); /* absent is not an error */
  CHECK_NULL_ARG(inscrm_customer_find_by_external_ref(db, &clerk, NULL, &c), "ref");
  CHECK_NULL_ARG(inscrm_customer_find_by_external_ref(db, &clerk, "CORE-0001", NULL), "out");

  inscrm_customer_list* list = NULL;
  CHECK_OK(inscrm_customer_find_by_identity(db, &clerk, "110105198503142318", &list));
  CHECK(list != NULL && list->count == 2); /* create_full's and update_and_conflict's */
  if (list && list->count == 2) CHECK_STR(list->items[1]->identity_number, "110105198503142318");
  inscrm_customer_list_free(&list);
  CHECK(list == NULL);
  CHECK_OK(inscrm_customer_find_by_identity(db, &clerk, "000000000000000000", &list));
  CHECK(list != NULL && list->count == 0 && list->items == NULL);
  inscrm_customer_list_free(&list);
  CHECK_NULL_ARG(inscrm_customer_find_by_identity(db, &clerk, NULL, &list), "number");
  CHECK_NULL_ARG(inscrm_customer_find_by_identity(db, &clerk, "1", NULL), "out");

  CHECK_OK(inscrm_customers_list(db, &clerk, NULL, &list));
  CHECK(list != NULL && list->count == 4);
  const int64_t second_id = list && list->count > 1 ? list->items[1]->id : 0;
  inscrm_customer_list_free(&list);
  inscrm_customer_query q = INSCRM_CUSTOMER_QUERY_INIT;
  q.after = second_id;
  q.limit = 2;
  CHECK_OK(inscrm_customers_list(db, &clerk, &q, &list));
  CHECK(list != NULL && list->count == 2 && list->items[0]->id > second_id);
  inscrm_customer_list_free(&list);
  q = (inscrm_customer_query)INSCRM_CUSTOMER_QUERY_INIT;
  q.stage = INSCRM_CUSTOMER_STAGE_ACTIVE;
  CHECK_OK(inscrm_customers_list(db, &clerk, &q, &list));
  CHECK(list != NULL && list->count == 0);
  inscrm_customer_list_free(&list);
  q.stage = 42;
  CHECK_ERROR(inscrm_customers_list(db, &clerk, &q, &list), INSCRM_INVALID_ARGUMENT, "query.stage");
  q.stage = -1;
  q.version = 0;
  CHECK_ERROR(inscrm_customers_list(db, &clerk, &q, &list), INSCRM_INVALID_ARGUMENT, "query.version");
  CHECK_NULL_ARG(inscrm_customers_list(db, &clerk, NULL, NULL), "out");
  CHECK_NULL_ARG(inscrm_customers_list(db, NULL, NULL, &list), "actor");
  CHECK(list == NULL);
}

void test_customers(void) {
  inscrm_db* db = open_memory("2024-01-10");
  create_and_get(db);
  create_errors(db);
  update_and_conflict(db);
  find_and_list(db);
  inscrm_close(&db);
}
