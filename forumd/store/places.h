/* places.h: where nurses practise (table places, migration 0017): every country and the
 * states, provinces and territories of the countries that license nurses by them. A
 * member's place, a dilemma's and a post's shown one are each a code ('US', 'US-OH') or
 * none; this is how forms offer them and how a submitted code is checked. */
#ifndef FORUMD_PLACES_H
#define FORUMD_PLACES_H
#include <jansson.h>
#include "db.h"

#define PLACE_CODE_MAX 6           /* the longest code: "AU-ACT" */

/* 1 when code names a place, 0 when not (or it is not a code's shape), -1 on a database
 * error. */
int place_known(struct db *db, const char *code);

/* A select's option groups, selected marking code (or none): the countries that have states
 * or provinces each as a group (the country itself first, "Canada, no province or state"),
 * then "Other countries". [{label, options: [{value, label, selected}]}]; an empty array on
 * a database error. */
json_t *place_options(struct db *db, const char *selected);

/* {code, name, full_name} of code ("Ohio" and "Ohio, United States"; a country's name
 * twice), or NULL when code is NULL or not a place. */
json_t *place_json(struct db *db, const char *code);
#endif
