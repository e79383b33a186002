/* threadplaces.h: a thread's replies by where their authors practise: the counts above the
 * replies, the ?place= filter's check, and the reader's own place for "near you first". A
 * reply counts where it shows a place (posts.place: shown with its tags, or an anonymous
 * reply's shared one), for that place and, for a state, for its country too. */
#ifndef FORUMD_THREADPLACES_H
#define FORUMD_THREADPLACES_H
#include <stdint.h>
#include <jansson.h>
#include "db.h"
#include "places.h"

/* SQL: whether the reply p matches the place filter ?N ('US' takes its states too). */
#define REPLY_FROM_PLACE(p, n) \
	"(" p ".place = " n " OR (length(" n ") = 2 AND substr(" p ".place, 1, 3) = " n " || '-'))"

/* [{code, name, count}] of the places the thread's visible replies show, in the places'
 * list order (a country, then its states). An empty array when none; NULL on a database
 * error. */
json_t *thread_place_counts(struct db *db, int64_t thread_id);

/* The member's place on their profile into out ("" when not said). Returns 0, or -1 on a
 * database error. */
int member_place(struct db *db, int64_t member, char out[PLACE_CODE_MAX + 1]);
#endif
