/* test_sharedtags.c: the counts behind what an anonymous post may show (tag_counts, kept by
 * the triggers of migrations 0009 and 0018) stay equal to a count made from scratch through every
 * kind of profile change, and shared_tags_choices / shared_tags_read offer and accept
 * exactly the combinations k members share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "sharedtags.h"
#include "tap.h"
#include "testdb.h"

static struct db *db;

/* The counts from scratch, as "token/specialty/place=n;..." for every non-zero combination
 * (a state's country found through places.country, not through its code as the triggers do). */
#define FROM_SCRATCH \
	"SELECT group_concat(token || '/' || spec || '/' || place || '=' || n, ';') FROM (" \
	" SELECT c.token AS token, s.id AS spec, pp.place AS place, count(*) AS n FROM members m" \
	"  JOIN (SELECT id AS member, '' AS token FROM members UNION ALL" \
	"        SELECT m2.id, j.value FROM members m2, json_each(CASE WHEN m2.credentials = ''" \
	"        THEN '[]' ELSE '[\"' || replace(m2.credentials, ', ', '\",\"') || '\"]' END) j) c" \
	"    ON c.member = m.id" \
	"  JOIN (SELECT id AS member, 0 AS id FROM members UNION ALL" \
	"        SELECT member_id, specialty_id FROM member_specialties) s ON s.member = m.id" \
	"  JOIN (SELECT id AS member, '' AS place FROM members UNION ALL" \
	"        SELECT id, place FROM members WHERE place IS NOT NULL UNION ALL" \
	"        SELECT m3.id, pl.country FROM members m3 JOIN places pl ON pl.code = m3.place" \
	"         WHERE pl.country <> pl.code) pp ON pp.member = m.id" \
	" WHERE m.deleted_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3)"
#define KEPT \
	"SELECT group_concat(token || '/' || specialty_id || '/' || place || '=' || members, ';') FROM (" \
	" SELECT * FROM tag_counts WHERE members > 0 ORDER BY 1, 2, 3)"

static char *one(const char *sql)
{
	return testdb_one(db, sql);
}

static int exec(const char *sql)
{
	return testdb_exec(db, sql);
}

/* tag_counts equals the count from scratch. */
static int counts_true(void)
{
	char *a = one(FROM_SCRATCH), *b = one(KEPT);
	int eq = strcmp(a, b) == 0 && strcmp(a, "ERROR") != 0;
	if (!eq)
		printf("# from scratch: %s\n# kept:         %s\n", a, b);
	free(a);
	free(b);
	return eq;
}

/* A member with credentials, specialties (JSON strings) and place (a code, or NULL). */
static void member_at(int id, const char *credentials, const char *specs, const char *place)
{
	char sql[512];
	snprintf(sql, sizeof sql, "INSERT INTO members (id, handle, password_hash, credentials, place, created_at)"
	         " VALUES (%d, 'nurse%d', '!', '%s', %s%s%s, 0)", id, id, credentials,
	         place ? "'" : "", place ? place : "NULL", place ? "'" : "");
	CHECK(exec(sql) == SQLITE_OK);
	snprintf(sql, sizeof sql, "INSERT INTO member_specialties (member_id, specialty_id, position)"
	         " SELECT %d, id, row_number() OVER (ORDER BY sort) FROM specialties"
	         " WHERE slug IN (SELECT value FROM json_each('[%s]'))", id, specs);
	CHECK(exec(sql) == SQLITE_OK);
}

static void member(int id, const char *credentials, const char *specs)
{
	member_at(id, credentials, specs, NULL);
}

static void counts_follow_every_change(void)
{
	member_at(1, "BSN, RN", "\"critical-care\", \"telemetry\"", "US-OH");
	member_at(2, "ADN, RN, CCRN", "\"critical-care\"", "US");
	member(3, "", "");
	member_at(4, "LPN/LVN", "\"med-surg\"", "CA-ON");
	member_at(5, "RN", "", "GB");
	CHECK(counts_true());
	/* where they practise: moved, said, unsaid */
	CHECK(exec("UPDATE members SET place = 'US-KY' WHERE id = 1") == SQLITE_OK);
	CHECK(counts_true());
	CHECK(exec("UPDATE members SET place = 'AU-VIC' WHERE id = 3") == SQLITE_OK);
	CHECK(counts_true());
	CHECK(exec("UPDATE members SET place = NULL WHERE id = 5") == SQLITE_OK);
	CHECK(counts_true());
	CHECK(exec("UPDATE members SET place = 'XX-NO' WHERE id = 5") != SQLITE_OK);  /* not a place */
	CHECK(counts_true());
	/* a profile saved: credentials rewritten, specialties cleared and written again */
	CHECK(exec("BEGIN; UPDATE members SET credentials = 'MSN, NP' WHERE id = 1;"
	           " DELETE FROM member_specialties WHERE member_id = 1;"
	           " INSERT INTO member_specialties VALUES (1, (SELECT id FROM specialties"
	           "   WHERE slug = 'med-surg'), 1); COMMIT") == SQLITE_OK);
	CHECK(counts_true());
	CHECK(exec("UPDATE members SET credentials = credentials WHERE id = 2") == SQLITE_OK);
	CHECK(counts_true());
	/* closed accounts: a deleted flag, then the row itself (specialties cascade) */
	CHECK(exec("UPDATE members SET deleted_at = 1 WHERE id = 4") == SQLITE_OK);
	CHECK(counts_true());
	CHECK(exec("DELETE FROM members WHERE id = 4") == SQLITE_OK);
	CHECK(counts_true());
	CHECK(exec("DELETE FROM members WHERE id = 2") == SQLITE_OK);
	CHECK(counts_true());
	/* a specialty moved in place would go uncounted: refused */
	CHECK(exec("UPDATE member_specialties SET specialty_id = specialty_id + 1 WHERE member_id = 1")
	      != SQLITE_OK);
	CHECK(counts_true());
}

/* Values of shared_tags_choices, joined with ';'. */
static char *choice_values(int64_t who, int k, bool with_specialty)
{
	json_t *c = shared_tags_choices(db, who, k, with_specialty), *v;
	size_t i;
	char buf[1024] = "";
	json_array_foreach(c, i, v) {
		strncat(buf, json_string_value(json_object_get(v, "value")), sizeof buf - strlen(buf) - 2);
		strcat(buf, ";");
	}
	json_decref(c);
	return strdup(buf);
}

static void choices_are_what_k_members_share(void)
{
	exec("DELETE FROM members");
	member(11, "BSN, RN", "\"critical-care\", \"telemetry\"");
	member(12, "ADN, RN", "\"critical-care\"");
	member(13, "BSN, RN, CCRN", "\"critical-care\", \"oncology\"");
	CHECK(counts_true());
	char *v = choice_values(11, 2, true);
	CHECK(strcmp(v, "BSN|;RN|;|critical-care;BSN|critical-care;RN|critical-care;") == 0);
	printf("# k=2: %s\n", v);
	free(v);
	v = choice_values(11, 3, true);
	CHECK(strcmp(v, "RN|;|critical-care;RN|critical-care;") == 0);
	free(v);
	v = choice_values(11, 2, false);
	CHECK(strcmp(v, "BSN|;RN|;") == 0);
	free(v);
	v = choice_values(13, 4, true);
	CHECK(strcmp(v, "") == 0);
	free(v);
	json_t *c = shared_tags_choices(db, 11, 3, true);
	CHECK(strcmp(json_string_value(json_object_get(json_array_get(c, 2), "label")),
	             "RN · Specializes in Critical Care") == 0);
	json_decref(c);
}

static void reading_checks_against_now(void)
{
	struct shared_tags t;
	CHECK(shared_tags_read(db, 11, 3, true, "RN|critical-care", &t) == 0);
	CHECK(strcmp(t.credential, "RN") == 0 && strcmp(t.specialty_slug, "critical-care") == 0 &&
	      t.specialty_id > 0);
	CHECK(shared_tags_read(db, 11, 3, true, NULL, &t) == 0 && !t.credential[0] && !t.specialty_id);
	CHECK(shared_tags_read(db, 11, 3, true, SHARED_TAGS_NONE, &t) == 0 && !t.specialty_id);
	CHECK(shared_tags_read(db, 11, 3, true, "BSN|telemetry", &t) == -1);   /* one member */
	CHECK(shared_tags_read(db, 11, 3, true, "RN|oncology", &t) == -1);     /* not theirs */
	CHECK(shared_tags_read(db, 11, 3, false, "RN|critical-care", &t) == -1);
	CHECK(shared_tags_read(db, 11, 3, true, "RN", &t) == -1);
	CHECK(shared_tags_read(db, 11, 3, true, "|", &t) == -1);
	/* a member leaves: what three shared is no longer open */
	CHECK(exec("DELETE FROM members WHERE id = 12") == SQLITE_OK);
	CHECK(shared_tags_read(db, 11, 3, true, "RN|critical-care", &t) == -1);
	CHECK(counts_true());
}

/* Where they practise: after every choice without a place, the same with the finest place
 * k members share with it (the state, else its country, else none), least revealing first. */
static void places_coarsen_to_what_k_members_share(void)
{
	exec("DELETE FROM members");
	member_at(21, "BSN, RN", "\"critical-care\", \"telemetry\"", "US-OH");
	member_at(22, "ADN, RN", "\"critical-care\"", "US-OH");
	member_at(23, "BSN, RN, CCRN", "\"critical-care\", \"oncology\"", "US-KY");
	CHECK(counts_true());
	char *v = choice_values(21, 2, true);
	printf("# k=2: %s\n", v);
	CHECK(strcmp(v, "BSN|;RN|;|critical-care;BSN|critical-care;RN|critical-care;"
	                "||US-OH;BSN||US;RN||US-OH;|critical-care|US-OH;BSN|critical-care|US;"
	                "RN|critical-care|US-OH;") == 0);
	free(v);
	v = choice_values(21, 3, true);
	CHECK(strcmp(v, "RN|;|critical-care;RN|critical-care;||US;RN||US;|critical-care|US;"
	                "RN|critical-care|US;") == 0);
	free(v);
	v = choice_values(21, 2, false);
	CHECK(strcmp(v, "BSN|;RN|;||US-OH;BSN||US;RN||US-OH;") == 0);
	free(v);
	json_t *c = shared_tags_choices(db, 21, 2, true);
	CHECK(strcmp(json_string_value(json_object_get(json_array_get(c, 10), "label")),
	             "RN · Specializes in Critical Care · Ohio") == 0);
	CHECK(strcmp(json_string_value(json_object_get(json_array_get(c, 6), "label")),
	             "BSN · United States") == 0);
	json_decref(c);
	struct shared_tags t;
	CHECK(shared_tags_read(db, 21, 2, true, "RN|critical-care|US-OH", &t) == 0);
	CHECK(strcmp(t.place, "US-OH") == 0 && strcmp(t.credential, "RN") == 0 && t.specialty_id > 0);
	CHECK(shared_tags_read(db, 21, 2, true, "RN|critical-care", &t) == 0 && !t.place[0]);
	CHECK(shared_tags_read(db, 21, 2, true, "BSN||US-OH", &t) == -1);     /* one member */
	CHECK(shared_tags_read(db, 21, 2, true, "RN||US-KY", &t) == -1);      /* not theirs */
	CHECK(shared_tags_read(db, 21, 2, true, "RN||US", &t) == -1);         /* finer is shared */
	/* one moves away: Ohio is no longer shared by two, the country still is */
	CHECK(exec("UPDATE members SET place = 'US-IN' WHERE id = 22") == SQLITE_OK);
	CHECK(shared_tags_read(db, 21, 2, true, "RN||US-OH", &t) == -1);
	CHECK(shared_tags_read(db, 21, 2, true, "RN||US", &t) == 0 && strcmp(t.place, "US") == 0);
	CHECK(counts_true());
}

int main(void)
{
	db = testdb_open();
	RUN(counts_follow_every_change);
	RUN(choices_are_what_k_members_share);
	RUN(reading_checks_against_now);
	RUN(places_coarsen_to_what_k_members_share);
	testdb_close(db);
	return DONE();
}
