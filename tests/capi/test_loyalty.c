/* Loyalty (domain.md C7) through the C ABI: points granted, spent oldest-expiry first, a replayed
 * redemption spending once, expiry, tiers and the ledger check; typed errors; NULL handles. */
#include "check.h"
#include "fixture.h"

#include <stddef.h>
#include <string.h>

void test_loyalty(void) {
  inscrm_db* db = open_memory("2025-01-15");
  const int64_t wei = make_named(db, "张伟");
  const int64_t fang = make_named(db, "王芳");

  /* No earning rule is configured: an event is accepted and pays nothing. */
  int64_t points = -1;
  int replayed = -1;
  CHECK_OK(inscrm_loyalty_earn(db, &clerk, wei, "premium_paid", NULL, NULL, 0, "payment:1", NULL, &points,
                               &replayed));
  CHECK(points == 0 && replayed == 0);
  CHECK(inscrm_loyalty_earn(db, &clerk, wei, "lottery", NULL, NULL, 0, "x", NULL, NULL, NULL) ==
        INSCRM_INVALID_ARGUMENT);
  CHECK_STR(inscrm_last_error_field(), "type");

  int64_t entry = 0;
  CHECK_OK(inscrm_loyalty_adjust(db, &clerk, wei, 300, "short", "service recovery", 1, &entry));
  CHECK(entry > 0);
  CHECK_OK(inscrm_loyalty_adjust(db, &clerk, wei, 500, "long", "welcome bonus", 0, NULL));
  CHECK(inscrm_loyalty_adjust(db, &clerk, wei, 5, "k", NULL, 0, NULL) == INSCRM_INVALID_ARGUMENT);
  CHECK_STR(inscrm_last_error_field(), "note");

  /* 400 spent: the 300 that expire in a month first, then 100 of the welcome bonus. */
  int64_t redeemed = 0, again = 0;
  CHECK_OK(inscrm_loyalty_redeem(db, &clerk, wei, 400, "gift-1", "voucher", &redeemed));
  CHECK_OK(inscrm_loyalty_redeem(db, &clerk, wei, 400, "gift-1", NULL, &again));
  CHECK(redeemed > 0 && again == redeemed);
  CHECK(inscrm_loyalty_redeem(db, &clerk, wei, 401, "gift-2", NULL, NULL) == INSCRM_INVALID_ARGUMENT);
  CHECK_STR(inscrm_last_error_field(), "points");
  int64_t balance = 0, available = 0;
  CHECK_OK(inscrm_loyalty_balance(db, &clerk, wei, &balance, &available));
  CHECK(balance == 400 && available == 400);

  int64_t expired = -1;
  CHECK_OK(inscrm_loyalty_expire(db, &clerk, "2025-02-15", &expired));
  CHECK(expired == 0); /* the short-lived points were spent */
  CHECK_OK(inscrm_loyalty_expire(db, &clerk, "2027-01-15", &expired));
  CHECK(expired == 400);
  CHECK(inscrm_loyalty_expire(db, &clerk, "2027-02-30", NULL) == INSCRM_INVALID_ARGUMENT);

  int64_t reversed = -1;
  CHECK_OK(inscrm_loyalty_reverse_source(db, &clerk, fang, "payment:none", NULL, &reversed));
  CHECK(reversed == 0);

  inscrm_tier_distribution* d = NULL;
  CHECK_OK(inscrm_loyalty_evaluate_tiers(db, &clerk, NULL, &d));
  CHECK(d != NULL);
  if (d) {
    CHECK(d->tiers_count == 4);
    CHECK_STR(d->tiers[0].name, "standard");
    CHECK(d->tiers[0].count == 2);
    CHECK(d->customers_evaluated == 2);
    CHECK(d->points_outstanding == 0);
    CHECK(d->outstanding_value.minor == 0 && strcmp(d->outstanding_value.currency, "CNY") == 0);
  }
  inscrm_tier_distribution_free(&d);
  CHECK(d == NULL);
  inscrm_tier_distribution_free(NULL);

  int64_t customers = 0, mismatches = -1;
  CHECK_OK(inscrm_loyalty_check_balances(db, &clerk, &customers, &mismatches));
  CHECK(customers == 1 && mismatches == 0);

  CHECK_NULL_ARG(inscrm_loyalty_balance(NULL, &clerk, wei, NULL, NULL), "db");
  CHECK(inscrm_loyalty_balance(db, &clerk, 999, NULL, NULL) == INSCRM_NOT_FOUND);
  CHECK_NULL_ARG(inscrm_loyalty_evaluate_tiers(db, &clerk, NULL, NULL), "out");
  inscrm_close(&db);
}
