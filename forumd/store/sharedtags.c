/* sharedtags.c: the credential, specialty and place combinations an anonymous post may show
 * (sharedtags.h): the author's own, each looked up in tag_counts. */
#include "sharedtags.h"

#include <stdio.h>
#include <string.h>

#define SHARED_CREDENTIALS_MAX 16
#define SHARED_SPECIALTIES_MAX 5

static const char SQL_MEMBER_CREDENTIALS[] =
	"SELECT m.credentials, m.place, p.name, p.country, c.name FROM members m"
	"  LEFT JOIN places p ON p.code = m.place LEFT JOIN places c ON c.code = p.country"
	" WHERE m.id = ?1 AND m.deleted_at IS NULL";
static const char SQL_MEMBER_SPECIALTIES[] =
	"SELECT s.id, s.slug, s.name FROM member_specialties ms JOIN specialties s"
	"    ON s.id = ms.specialty_id WHERE ms.member_id = ?1 ORDER BY ms.position";
static const char SQL_SHARED_BY[] =
	"SELECT members FROM tag_counts WHERE token = ?1 AND specialty_id = ?2 AND place = ?3";

/* A place that may be shown: its code and name. */
struct shown_place {
	char code[SHARED_PLACE_CHARS], name[SHARED_TAG_CHARS];
};

struct profile_tags {
	char credentials[SHARED_CREDENTIALS_MAX][SHARED_TAG_CHARS];
	int ncredentials;
	struct { int64_t id; char slug[SHARED_TAG_CHARS], name[SHARED_TAG_CHARS]; } specs[SHARED_SPECIALTIES_MAX];
	int nspecs;
	struct shown_place place, country;   /* code "" when not said; country "" for a country */
};

/* Splits a credentials line ("BSN, RN, CCRN") into p->credentials. */
static void split_credentials(const char *line, struct profile_tags *p)
{
	while (line && *line && p->ncredentials < SHARED_CREDENTIALS_MAX) {
		const char *end = strstr(line, ", ");
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n > 0 && n < SHARED_TAG_CHARS) {
			memcpy(p->credentials[p->ncredentials], line, n);
			p->credentials[p->ncredentials++][n] = '\0';
		}
		line = end ? end + 2 : NULL;
	}
}

static void copy_text(char *dst, const unsigned char *src)
{
	snprintf(dst, SHARED_TAG_CHARS, "%s", src ? (const char *)src : "");
}

/* The member's place and, for a state, its country, from SQL_MEMBER_CREDENTIALS' row. */
static void read_places(sqlite3_stmt *st, struct profile_tags *p)
{
	const unsigned char *code = sqlite3_column_text(st, 1), *country = sqlite3_column_text(st, 3);
	if (!code || !sqlite3_column_text(st, 2))
		return;
	snprintf(p->place.code, sizeof p->place.code, "%s", (const char *)code);
	copy_text(p->place.name, sqlite3_column_text(st, 2));
	if (country && strcmp((const char *)country, (const char *)code) != 0) {
		snprintf(p->country.code, sizeof p->country.code, "%s", (const char *)country);
		copy_text(p->country.name, sqlite3_column_text(st, 4));
	}
}

/* The member's credentials and specialties. Returns 0, or -1 on a database error. */
static int load_profile(struct db *db, int64_t member, struct profile_tags *p)
{
	memset(p, 0, sizeof *p);
	sqlite3_stmt *st = db_stmt(db, SQL_MEMBER_CREDENTIALS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		split_credentials((const char *)sqlite3_column_text(st, 0), p);
		read_places(st, p);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (!(st = db_stmt(db, SQL_MEMBER_SPECIALTIES)))
		return -1;
	sqlite3_bind_int64(st, 1, member);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && p->nspecs < SHARED_SPECIALTIES_MAX) {
		p->specs[p->nspecs].id = sqlite3_column_int64(st, 0);
		copy_text(p->specs[p->nspecs].slug, sqlite3_column_text(st, 1));
		copy_text(p->specs[p->nspecs++].name, sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* How many members have credential (or "" any) with specialty (or 0 any) in place (or ""
 * anywhere); -1 on error. */
static int64_t shared_by(struct db *db, const char *credential, int64_t specialty,
                         const char *place)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SHARED_BY);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, credential, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, specialty);
	sqlite3_bind_text(st, 3, place, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(st);
	return n;
}

/* o[key] = a copy of the UTF-8 text v (json_pack's format parsing costs more than the
 * choice; this is on every thread page a member reads). */
static void set_text(json_t *o, const char *key, const char *v)
{
	json_object_set_new_nocheck(o, key, json_string(v));
}

/* The place to show with (credential index c or -1, specialty index s or -1): the member's
 * own when k members share it with the rest, else their country when k share that, else
 * none (NULL). *err set on a database error. */
static const struct shown_place *place_for(struct db *db, const struct profile_tags *p,
                                           int c, int s, int k, bool *err)
{
	const char *cred = c >= 0 ? p->credentials[c] : "";
	int64_t spec = s >= 0 ? p->specs[s].id : 0;
	const struct shown_place *tries[] = { &p->place, &p->country };
	for (size_t i = 0; i < 2; i++) {
		if (!tries[i]->code[0])
			continue;
		int64_t n = shared_by(db, cred, spec, tries[i]->code);
		if (n < 0)
			*err = true;
		if (n >= k)
			return tries[i];
	}
	return NULL;
}

/* Appends the choice (credential index c or -1, specialty index s or -1, place or NULL). */
static void append_choice(const struct profile_tags *p, int c, int s,
                          const struct shown_place *place, json_t *out)
{
	char value[2 * SHARED_TAG_CHARS + SHARED_PLACE_CHARS + 3], label[3 * SHARED_TAG_CHARS + 48];
	const char *cred = c >= 0 ? p->credentials[c] : "";
	const char *slug = s >= 0 ? p->specs[s].slug : "", *name = s >= 0 ? p->specs[s].name : "";
	const char *where = place ? place->name : "";
	snprintf(value, sizeof value, "%s|%s%s%s", cred, slug, place ? "|" : "", place ? place->code : "");
	snprintf(label, sizeof label, "%s%s%s%s%s%s", cred, *cred && *name ? " · " : "",
	         *name ? "Specializes in " : "", name, (*cred || *name) && *where ? " · " : "", where);
	json_t *choice = json_object();
	set_text(choice, "value", value);
	set_text(choice, "label", label);
	set_text(choice, "credential", cred);
	set_text(choice, "specialty", name);
	set_text(choice, "specialty_slug", slug);
	set_text(choice, "place", place ? place->code : "");
	json_object_set_new_nocheck(choice, "specialty_id",
	                            json_integer((json_int_t)(s >= 0 ? p->specs[s].id : 0)));
	json_array_append_new(out, choice);
}

/* Appends the choice (credential index c or -1, specialty index s or -1) when k members
 * share it; with_place: the same with the place place_for finds, when it finds one (the
 * place alone when c and s are both -1). Returns 0, or -1 on a database error. */
static int add_choice(struct db *db, const struct profile_tags *p, int c, int s, int k,
                      bool with_place, json_t *out)
{
	int64_t n = shared_by(db, c >= 0 ? p->credentials[c] : "", s >= 0 ? p->specs[s].id : 0, "");
	if (n < 0)
		return -1;
	if (n < k)
		return 0;
	if (!with_place) {
		append_choice(p, c, s, NULL, out);
		return 0;
	}
	bool err = false;
	const struct shown_place *place = place_for(db, p, c, s, k, &err);
	if (place)
		append_choice(p, c, s, place, out);
	return err ? -1 : 0;
}

/* Every choice without a place (with_place false) or with one (true), in sharedtags.h's
 * order. Returns 0, or -1 on a database error. */
static int add_choices(struct db *db, const struct profile_tags *p, int nspecs, int k,
                       bool with_place, json_t *out)
{
	int rc = with_place ? add_choice(db, p, -1, -1, k, true, out) : 0;
	for (int c = 0; c < p->ncredentials && rc == 0; c++)
		rc = add_choice(db, p, c, -1, k, with_place, out);
	for (int s = 0; s < nspecs && rc == 0; s++)
		rc = add_choice(db, p, -1, s, k, with_place, out);
	for (int c = 0; c < p->ncredentials && rc == 0; c++)
		for (int s = 0; s < nspecs && rc == 0; s++)
			rc = add_choice(db, p, c, s, k, with_place, out);
	return rc;
}

json_t *shared_tags_choices(struct db *db, int64_t member, int k, bool with_specialty)
{
	struct profile_tags p;
	if (load_profile(db, member, &p) != 0)
		return NULL;
	int nspecs = with_specialty ? p.nspecs : 0;
	json_t *out = json_array();
	int rc = add_choices(db, &p, nspecs, k, false, out);
	if (rc == 0 && p.place.code[0])
		rc = add_choices(db, &p, nspecs, k, true, out);
	if (rc != 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* Fills out from one of shared_tags_choices' entries. */
static void fill_choice(const json_t *choice, struct shared_tags *out)
{
	snprintf(out->credential, sizeof out->credential, "%s",
	         json_string_value(json_object_get(choice, "credential")));
	snprintf(out->specialty_slug, sizeof out->specialty_slug, "%s",
	         json_string_value(json_object_get(choice, "specialty_slug")));
	snprintf(out->place, sizeof out->place, "%s",
	         json_string_value(json_object_get(choice, "place")));
	out->specialty_id = json_integer_value(json_object_get(choice, "specialty_id"));
}

int shared_tags_read(struct db *db, int64_t member, int k, bool with_specialty,
                     const char *value, struct shared_tags *out)
{
	memset(out, 0, sizeof *out);
	if (!value || !*value || strcmp(value, SHARED_TAGS_NONE) == 0)
		return 0;
	json_t *choices = shared_tags_choices(db, member, k, with_specialty);
	if (!choices)
		return -2;
	size_t i;
	json_t *c;
	bool found = false;
	json_array_foreach(choices, i, c) {
		if (!found && strcmp(json_string_value(json_object_get(c, "value")), value) == 0) {
			fill_choice(c, out);
			found = true;
		}
	}
	json_decref(choices);
	return found ? 0 : -1;
}
