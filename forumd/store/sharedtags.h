/* sharedtags.h: what an anonymous post may show of its author's profile: one credential,
 * one specialty and/or where they practise, offered only while at least k members (config
 * anon_tag_k) have that combination on their profile; a place is the author's state when k
 * share it with the rest of the choice, else their country, else none. The counts are
 * tag_counts, kept true by the triggers of migration 0018 on every profile change; see
 * docs/PRIVACY.md. */
#ifndef FORUMD_SHAREDTAGS_H
#define FORUMD_SHAREDTAGS_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "db.h"

#define SHARED_TAGS_NONE "none"     /* the form's value for "show nothing" (the default) */
#define SHARED_TAG_CHARS 64
#define SHARED_PLACE_CHARS 8       /* a places.code and its NUL */

/* A choice: credential "", specialty 0 and place "" when that part is not shown. */
struct shared_tags {
	char credential[SHARED_TAG_CHARS];
	int64_t specialty_id;
	char specialty_slug[SHARED_TAG_CHARS];
	char place[SHARED_PLACE_CHARS];
};

/* The choices open to member now, least revealing first (credential alone, specialty alone,
 * then both; then, when the member said where they practise, the place alone and each of
 * those with the place): a JSON array of {value, label, credential, specialty,
 * specialty_slug, specialty_id, place}, where label is exactly what the post will show
 * ("RN · Specializes in Critical Care · Ohio") and value is "credential|slug" or
 * "credential|slug|place". "Nothing", value SHARED_TAGS_NONE, is not in it. with_specialty
 * false: no specialty. NULL on a database error. */
json_t *shared_tags_choices(struct db *db, int64_t member, int k, bool with_specialty);

/* Reads a submitted value into out. NULL, "" and SHARED_TAGS_NONE choose nothing. Returns 0;
 * -1 when the value is not among member's choices now (forged, or no longer shared by k);
 * -2 on a database error. */
int shared_tags_read(struct db *db, int64_t member, int k, bool with_specialty,
                     const char *value, struct shared_tags *out);
#endif
