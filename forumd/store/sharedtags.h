/* sharedtags.h: what an anonymous post may show of its author's profile: one credential
 * and/or one specialty, offered only while at least k members (config anon_tag_k) have that
 * combination on their profile. The counts are tag_counts, kept true by the triggers of
 * migration 0009 on every profile change; see docs/PRIVACY.md. */
#ifndef FORUMD_SHAREDTAGS_H
#define FORUMD_SHAREDTAGS_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "db.h"

#define SHARED_TAGS_NONE "none"     /* the form's value for "show nothing" (the default) */
#define SHARED_TAG_CHARS 64

/* A choice: credential "" and specialty 0 when that part is not shown. */
struct shared_tags {
	char credential[SHARED_TAG_CHARS];
	int64_t specialty_id;
	char specialty_slug[SHARED_TAG_CHARS];
};

/* The choices open to member now, least revealing first (credential alone, specialty alone,
 * then both): a JSON array of {value, label, credential, specialty, specialty_slug,
 * specialty_id}, where label is exactly what the post will show ("RN · Specializes in
 * Critical Care"). "Nothing", value
 * SHARED_TAGS_NONE, is not in it. with_specialty false: credentials only. NULL on a
 * database error. */
json_t *shared_tags_choices(struct db *db, int64_t member, int k, bool with_specialty);

/* Reads a submitted value into out. NULL, "" and SHARED_TAGS_NONE choose nothing. Returns 0;
 * -1 when the value is not among member's choices now (forged, or no longer shared by k);
 * -2 on a database error. */
int shared_tags_read(struct db *db, int64_t member, int k, bool with_specialty,
                     const char *value, struct shared_tags *out);
#endif
