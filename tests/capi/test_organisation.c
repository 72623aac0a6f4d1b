/* Org units, agents and products. */
#include "check.h"
#include "fixture.h"

#include <string.h>

void test_organisation(void) {
  inscrm_db* db = open_memory("2024-01-10");

  inscrm_org_unit_input hq = INSCRM_ORG_UNIT_INPUT_INIT;
  hq.code = "HQ";
  hq.name = "Head office";
  hq.kind = "head_office";
  int64_t hq_id = 0;
  CHECK_OK(inscrm_org_unit_create(db, &clerk, &hq, &hq_id));
  CHECK(hq_id > 0);
  inscrm_org_unit_input sh = INSCRM_ORG_UNIT_INPUT_INIT;
  sh.code = "  SH ";
  sh.name = "Shanghai branch";
  sh.parent = hq_id; /* kind NULL = branch */
  int64_t sh_id = 0;
  CHECK_OK(inscrm_org_unit_create(db, &clerk, &sh, &sh_id));
  /* A team needs a parent unit (the facade's rule); out_id is optional. */
  inscrm_org_unit_input team = INSCRM_ORG_UNIT_INPUT_INIT;
  team.code = "SH-T1";
  team.name = "Team 1";
  team.kind = "team";
  CHECK_ERROR(inscrm_org_unit_create(db, &clerk, &team, NULL), INSCRM_INVALID_ARGUMENT, "parent");

  inscrm_org_unit* u = NULL;
  CHECK_OK(inscrm_org_unit_get(db, &clerk, sh_id, &u));
  CHECK(u != NULL);
  if (u) {
    CHECK(u->id == sh_id && u->version == 1 && u->parent == hq_id && u->created_at_unix_micros == INT64_C(1704844800000000));
    CHECK_STR(u->code, "SH"); /* trimmed by the library */
    CHECK_STR(u->name, "Shanghai branch");
    CHECK_STR(u->kind, "branch");
  }
  inscrm_org_unit_free(&u);
  CHECK(u == NULL);
  CHECK_ERROR(inscrm_org_unit_get(db, &clerk, 999, &u), INSCRM_NOT_FOUND, "id");
  CHECK(u == NULL);
  CHECK_NULL_ARG(inscrm_org_unit_get(db, &clerk, sh_id, NULL), "out");
  CHECK_NULL_ARG(inscrm_org_unit_get(db, NULL, sh_id, &u), "actor");

  inscrm_org_unit_list* units = NULL;
  CHECK_OK(inscrm_org_units_list(db, &clerk, &units));
  CHECK(units != NULL && units->count == 2 && strcmp(units->items[0]->code, "HQ") == 0 &&
        strcmp(units->items[1]->kind, "branch") == 0);
  inscrm_org_unit_list_free(&units);
  CHECK(units == NULL);
  CHECK_NULL_ARG(inscrm_org_units_list(db, &clerk, NULL), "out");

  /* Errors: NULLs, names, versions, the facade's own checks. */
  inscrm_org_unit_input bad = sh;
  bad.code = NULL;
  int64_t id = 77;
  CHECK_NULL_ARG(inscrm_org_unit_create(db, &clerk, &bad, &id), "code");
  CHECK(id == 0);
  bad = sh;
  bad.name = NULL;
  CHECK_NULL_ARG(inscrm_org_unit_create(db, &clerk, &bad, &id), "name");
  bad = sh;
  bad.kind = "castle";
  CHECK_ERROR(inscrm_org_unit_create(db, &clerk, &bad, &id), INSCRM_INVALID_ARGUMENT, "kind");
  CHECK(strstr(inscrm_last_error(), "head_office") != NULL);
  bad = sh;
  bad.code = "SH2";
  bad.parent = 4242;
  CHECK_ERROR(inscrm_org_unit_create(db, &clerk, &bad, &id), INSCRM_NOT_FOUND, "parent");
  bad = sh;
  CHECK(inscrm_org_unit_create(db, &clerk, &bad, &id) == INSCRM_ALREADY_EXISTS); /* code "SH" is taken */
  bad.version = 2;
  CHECK_ERROR(inscrm_org_unit_create(db, &clerk, &bad, &id), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK_NULL_ARG(inscrm_org_unit_create(db, &clerk, NULL, &id), "input");
  CHECK_NULL_ARG(inscrm_org_unit_create(db, NULL, &sh, &id), "actor");

  /* Agents. */
  inscrm_agent_input ag = INSCRM_AGENT_INPUT_INIT;
  ag.code = "A-001";
  ag.name = "王强";
  ag.org_unit = sh_id;
  ag.hired_on = "2020-03-01";
  int64_t agent_id = 0;
  CHECK_OK(inscrm_agent_create(db, &clerk, &ag, &agent_id));
  CHECK(agent_id > 0);
  inscrm_agent_input ag2 = ag;
  ag2.code = "A-002";
  ag2.name = "赵敏";
  ag2.org_unit = hq_id;
  ag2.hired_on = NULL;
  ag2.active = 0;
  CHECK_OK(inscrm_agent_create(db, &clerk, &ag2, NULL));

  inscrm_agent* a = NULL;
  CHECK_OK(inscrm_agent_get(db, &clerk, agent_id, &a));
  CHECK(a != NULL);
  if (a) {
    CHECK(a->org_unit == sh_id && a->active == 1 && a->version == 1);
    CHECK_STR(a->code, "A-001");
    CHECK_STR(a->name, "王强");
    CHECK_STR(a->hired_on, "2020-03-01");
  }
  inscrm_agent_free(&a);
  CHECK(a == NULL);
  CHECK_ERROR(inscrm_agent_get(db, &clerk, 31337, &a), INSCRM_NOT_FOUND, "id");
  CHECK_NULL_ARG(inscrm_agent_get(db, &clerk, agent_id, NULL), "out");

  inscrm_agent_list* agents = NULL;
  CHECK_OK(inscrm_agents_list(db, &clerk, 0, &agents));
  CHECK(agents != NULL && agents->count == 2);
  inscrm_agent_list_free(&agents);
  CHECK_OK(inscrm_agents_list(db, &clerk, hq_id, &agents));
  CHECK(agents != NULL && agents->count == 1 && agents->items[0]->active == 0 && agents->items[0]->hired_on == NULL);
  inscrm_agent_list_free(&agents);
  CHECK(agents == NULL);
  CHECK_NULL_ARG(inscrm_agents_list(db, &clerk, 0, NULL), "out");

  inscrm_agent_input bad_agent = ag;
  bad_agent.hired_on = "2020-3-1";
  CHECK_ERROR(inscrm_agent_create(db, &clerk, &bad_agent, &id), INSCRM_INVALID_ARGUMENT, "hired_on");
  bad_agent = ag;
  bad_agent.code = "A-009";
  bad_agent.org_unit = 555;
  CHECK_ERROR(inscrm_agent_create(db, &clerk, &bad_agent, &id), INSCRM_NOT_FOUND, "org_unit");
  bad_agent = ag;
  bad_agent.code = NULL;
  CHECK_NULL_ARG(inscrm_agent_create(db, &clerk, &bad_agent, &id), "code");
  bad_agent = ag;
  bad_agent.name = NULL;
  CHECK_NULL_ARG(inscrm_agent_create(db, &clerk, &bad_agent, &id), "name");
  bad_agent = ag;
  bad_agent.name = "   ";
  CHECK_ERROR(inscrm_agent_create(db, &clerk, &bad_agent, &id), INSCRM_INVALID_ARGUMENT, "name");
  bad_agent.version = 0;
  CHECK_ERROR(inscrm_agent_create(db, &clerk, &bad_agent, &id), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK_NULL_ARG(inscrm_agent_create(db, &clerk, NULL, &id), "input");
  CHECK_NULL_ARG(inscrm_agent_create(db, NULL, &ag, &id), "actor");

  inscrm_close(&db);
}

void test_products(void) {
  inscrm_db* db = open_memory("2024-01-10");
  const int64_t wl = make_product(db);
  CHECK(wl > 0);

  inscrm_product_input travel = INSCRM_PRODUCT_INPUT_INIT;
  travel.code = "TRAVEL-1";
  travel.name = "Travel cover";
  travel.line = "travel";
  travel.term = "short_term";
  travel.renewable = 1;
  travel.free_look_days = 0;
  travel.grace_days = 30;
  memcpy(travel.currency, "HKD", 4);
  int64_t travel_id = 0;
  CHECK_OK(inscrm_product_create(db, &clerk, &travel, &travel_id));

  inscrm_product* p = NULL;
  CHECK_OK(inscrm_product_get(db, &clerk, wl, &p));
  CHECK(p != NULL);
  if (p) {
    CHECK_STR(p->code, "WL-2024");
    CHECK_STR(p->name, "Whole Life 2024");
    CHECK_STR(p->line, "life");
    CHECK_STR(p->term, "long_term");
    CHECK_STR(p->currency, "CNY");
    CHECK(p->term_years == 20 && p->grace_days == 60 && p->free_look_days == 15 && p->reinstatement_days == 730 &&
          p->renewable == 0 && p->active == 1 && p->version == 1);
  }
  inscrm_product_free(&p);
  CHECK(p == NULL);
  CHECK_OK(inscrm_product_get_by_code(db, &clerk, "TRAVEL-1", &p));
  CHECK(p != NULL && p->id == travel_id && p->renewable == 1 && p->free_look_days == 0 &&
        strcmp(p->currency, "HKD") == 0 && strcmp(p->term, "short_term") == 0 && strcmp(p->line, "travel") == 0);
  inscrm_product_free(&p);

  CHECK_ERROR(inscrm_product_get_by_code(db, &clerk, "NOPE", &p), INSCRM_NOT_FOUND, "code");
  CHECK(p == NULL);
  CHECK_ERROR(inscrm_product_get(db, &clerk, 9999, &p), INSCRM_NOT_FOUND, "id");
  CHECK_NULL_ARG(inscrm_product_get_by_code(db, &clerk, NULL, &p), "code");
  CHECK_NULL_ARG(inscrm_product_get_by_code(db, &clerk, "WL-2024", NULL), "out");
  CHECK_NULL_ARG(inscrm_product_get(db, &clerk, wl, NULL), "out");

  inscrm_product_list* list = NULL;
  CHECK_OK(inscrm_products_list(db, &clerk, &list));
  CHECK(list != NULL && list->count == 2 && list->items[0]->id == wl);
  inscrm_product_list_free(&list);
  CHECK(list == NULL);
  CHECK_NULL_ARG(inscrm_products_list(db, &clerk, NULL), "out");

  inscrm_product_input bad = travel;
  bad.code = "X1";
  memcpy(bad.currency, "cny", 4);
  int64_t id = 0;
  CHECK_ERROR(inscrm_product_create(db, &clerk, &bad, &id), INSCRM_INVALID_ARGUMENT, "currency");
  memcpy(bad.currency, "CNYX", 4); /* no terminating NUL */
  CHECK_ERROR(inscrm_product_create(db, &clerk, &bad, &id), INSCRM_INVALID_ARGUMENT, "currency");
  bad = travel;
  bad.code = "X2";
  bad.line = "pets";
  CHECK_ERROR(inscrm_product_create(db, &clerk, &bad, &id), INSCRM_INVALID_ARGUMENT, "line");
  bad.line = NULL;
  bad.term = "forever";
  CHECK_ERROR(inscrm_product_create(db, &clerk, &bad, &id), INSCRM_INVALID_ARGUMENT, "term");
  bad.term = NULL; /* long term, but renewable: the facade refuses */
  CHECK_ERROR(inscrm_product_create(db, &clerk, &bad, &id), INSCRM_INVALID_ARGUMENT, "renewable");
  bad = travel;
  bad.code = "X3";
  bad.grace_days = -1;
  CHECK_ERROR(inscrm_product_create(db, &clerk, &bad, &id), INSCRM_INVALID_ARGUMENT, "grace_days");
  bad = travel;
  CHECK(inscrm_product_create(db, &clerk, &bad, &id) == INSCRM_ALREADY_EXISTS);
  bad.code = NULL;
  CHECK_NULL_ARG(inscrm_product_create(db, &clerk, &bad, &id), "code");
  bad.code = "X4";
  bad.name = NULL;
  CHECK_NULL_ARG(inscrm_product_create(db, &clerk, &bad, &id), "name");
  bad.version = 0;
  CHECK_ERROR(inscrm_product_create(db, &clerk, &bad, &id), INSCRM_INVALID_ARGUMENT, "input.version");
  CHECK_NULL_ARG(inscrm_product_create(db, &clerk, NULL, &id), "input");
  CHECK_NULL_ARG(inscrm_product_create(db, NULL, &travel, &id), "actor");
  inscrm_close(&db);
}
