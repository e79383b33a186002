/* profile.c: a member's credentials, specialties, where they practise, years in practice
 * and bio: the edit
 * form (/account/profile) and the public page (/u/HANDLE).
 * Credentials and certifications are a constant list here (not a table): the display
 * line stored in members.credentials is rebuilt from it in this fixed order. */
#include "profile.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "accountform.h"
#include "accounts_handlers.h"
#include "handle.h"
#include "limits.h"
#include "markdown.h"
#include "mem.h"
#include "messages.h"
#include "places.h"
#include "session.h"
#include "text.h"
#include "timefmt.h"
#include "visibility.h"

/* Degrees, then roles and licences, in the order they are written after a name. */
static const char *const credential_list[] = {
	"PhD", "DNP", "MSN", "BSN", "ADN", "APRN", "NP", "CNS", "CRNA", "CNM", "RN", "LPN/LVN",
	"CNA", "Student nurse",
};
static const char *const certification_list[] = {
	"CCRN", "PCCN", "CEN", "CPEN", "TCRN", "CFRN", "CPN", "CRRN", "OCN", "CPHON", "CHPN",
	"CHPPN", "CNOR", "CPAN", "CMSRN", "CWOCN", "CNRN", "SCRN", "RNC-OB", "RNC-NIC", "CCM",
	"CDN", "CIC", "NE-BC", "NPD-BC", "PMH-BC", "CNE", "IBCLC",
};
#define NCRED (sizeof credential_list / sizeof *credential_list)
#define NCERT (sizeof certification_list / sizeof *certification_list)

static const struct { const char *value, *label; } years_list[] = {
	{"student", "Student"}, {"under-1", "Less than 1 year"}, {"1-5", "1–5 years"},
	{"5-10", "5–10 years"}, {"10-plus", "10+ years"},
};
#define NYEARS (sizeof years_list / sizeof *years_list)

static const char SQL_PROFILE[] =
	"SELECT id, handle, credentials, years_in_practice, bio_md, bio_html, created_at, place"
	"  FROM members WHERE handle = ?1 COLLATE NOCASE AND deleted_at IS NULL";
static const char SQL_PROFILE_BY_ID[] =
	"SELECT credentials, years_in_practice, bio_md, place FROM members WHERE id = ?1";
static const char SQL_MEMBER_SPECIALTIES[] =
	"SELECT s.slug, s.name FROM member_specialties ms JOIN specialties s ON s.id = ms.specialty_id"
	" WHERE ms.member_id = ?1 ORDER BY ms.position";
static const char SQL_MEMBER_CREDENTIALS[] = "SELECT credentials FROM members WHERE id = ?1";
static const char SQL_ALL_SPECIALTIES[] = "SELECT id, slug, name FROM specialties ORDER BY sort";
static const char SQL_SPECIALTY_ID[] = "SELECT id FROM specialties WHERE slug = ?1";
static const char SQL_SAVE_PROFILE[] =
	"UPDATE members SET credentials = ?2, years_in_practice = ?3, bio_md = ?4, bio_html = ?5,"
	" updated_at = ?6, place = ?7 WHERE id = ?1";
static const char SQL_CLEAR_SPECIALTIES[] = "DELETE FROM member_specialties WHERE member_id = ?1";
static const char SQL_ADD_SPECIALTY[] =
	"INSERT INTO member_specialties (member_id, specialty_id, position) VALUES (?1, ?2, ?3)";
static const char SQL_PUBLIC_POSTS[] =
	"SELECT p.id, p.thread_id, t.title, p.kind, p.created_at FROM posts p"
	"  JOIN threads t ON t.id = p.thread_id"
	" WHERE p.member_id = ?1 AND p.anonymous = 0 AND " VIS_POST_LISTED("p") " AND " VIS_THREAD_LISTED("t")
	" ORDER BY p.id DESC LIMIT ?2";

/* ---------------------------------------------------------------- shared */

json_t *profile_specialties(struct db *db, int64_t member)
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, SQL_MEMBER_SPECIALTIES);
	if (!st)
		return list;
	sqlite3_bind_int64(st, 1, member);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:s, s:s}",
			"slug", (const char *)sqlite3_column_text(st, 0),
			"name", (const char *)sqlite3_column_text(st, 1)));
	sqlite3_reset(st);
	return list;
}

static char *summary_of(const char *credentials, json_t *specialties)
{
	struct evbuffer *b = evbuffer_new();
	if (credentials && credentials[0])
		evbuffer_add(b, credentials, strlen(credentials));
	size_t i;
	json_t *s;
	json_array_foreach(specialties, i, s) {
		const char *name = json_string_value(json_object_get(s, "name"));
		if (i == 0)
			evbuffer_add_printf(b, "%sSpecializes in %s", evbuffer_get_length(b) ? " · " : "", name);
		else
			evbuffer_add_printf(b, "; %s", name);
	}
	size_t n = evbuffer_get_length(b);
	char *out = xmalloc(n + 1);
	evbuffer_copyout(b, out, n);
	out[n] = '\0';
	evbuffer_free(b);
	return out;
}

char *profile_summary(struct db *db, int64_t member)
{
	char *cred = NULL;
	sqlite3_stmt *st = db_stmt(db, SQL_MEMBER_CREDENTIALS);
	if (st) {
		sqlite3_bind_int64(st, 1, member);
		if (sqlite3_step(st) == SQLITE_ROW)
			cred = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	json_t *specs = profile_specialties(db, member);
	char *out = summary_of(cred, specs);
	json_decref(specs);
	free(cred);
	return out;
}

/* True when `item` is one of the comma-separated entries of the display line. */
static bool has_item(const char *line, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = line; p && *p;) {
		const char *end = strstr(p, ", ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, item, n) == 0)
			return true;
		p = end ? end + 2 : NULL;
	}
	return false;
}

static json_t *choices(const char *const *list, size_t n, const char *line)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char id[48];
		snprintf(id, sizeof id, "c-%zu", i);
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", list[i], "id", id,
		                                   "checked", has_item(line, list[i])));
	}
	return a;
}

/* ---------------------------------------------------------------- edit */

/* What the member has said, or typed into the form: the credentials line, the chosen
 * specialty slugs, years, place and bio (each NULL when not said). */
struct profile_values {
	const char *line;
	json_t *chosen;
	const char *years, *place, *bio;
};

/* The edit form model, with the values of v checked and selected. */
static json_t *edit_model(struct request *r, const struct profile_values *said)
{
	const char *line = said->line, *years = said->years, *bio = said->bio;
	json_t *chosen = said->chosen;
	json_t *m = form_model(r, "Edit your profile");
	json_object_set_new(m, "credentials", choices(credential_list, NCRED, line));
	json_t *certs = choices(certification_list, NCERT, line);
	size_t i;
	json_t *c;
	json_array_foreach(certs, i, c) {
		char id[48];
		snprintf(id, sizeof id, "cert-%zu", i);
		json_object_set_new(c, "id", json_string(id));
	}
	json_object_set_new(m, "certifications", certs);
	json_t *specs = json_array();
	sqlite3_stmt *st = db_stmt(r->db, SQL_ALL_SPECIALTIES);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *slug = (const char *)sqlite3_column_text(st, 1);
		bool on = false;
		json_t *v;
		json_array_foreach(chosen, i, v)
			on = on || strcmp(json_string_value(v), slug) == 0;
		bool primary = json_array_size(chosen) &&
		               strcmp(json_string_value(json_array_get(chosen, 0)), slug) == 0;
		json_array_append_new(specs, json_pack("{s:s, s:s, s:b, s:b}", "slug", slug,
			"name", (const char *)sqlite3_column_text(st, 2), "checked", on && !primary,
			"primary", primary));
	}
	if (st)
		sqlite3_reset(st);
	json_object_set_new(m, "specialties", specs);
	json_t *ys = json_array();
	for (size_t k = 0; k < NYEARS; k++)
		json_array_append_new(ys, json_pack("{s:s, s:s, s:b}", "value", years_list[k].value,
			"label", years_list[k].label, "selected", years && !strcmp(years, years_list[k].value)));
	json_object_set_new(m, "years", ys);
	json_object_set_new(m, "places", place_options(r->db, said->place));
	json_object_set_new(json_object_get(m, "form"), "bio", json_string(bio ? bio : ""));
	json_object_set_new(m, "bio_max", json_integer(PROFILE_BIO_MAX_CHARS));
	return m;
}

/* GET /account/profile */
void profile_edit_form(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_PROFILE_BY_ID);
	if (!st) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	sqlite3_bind_int64(st, 1, viewer_id(r));
	char *line = NULL, *years = NULL, *bio = NULL, *place = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		line = xstrdup((const char *)sqlite3_column_text(st, 0));
		years = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL : xstrdup((const char *)sqlite3_column_text(st, 1));
		bio = xstrdup((const char *)sqlite3_column_text(st, 2));
		place = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : xstrdup((const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	json_t *chosen = json_array(), *specs = profile_specialties(r->db, viewer_id(r));
	size_t i;
	json_t *s;
	json_array_foreach(specs, i, s)
		json_array_append(chosen, json_object_get(s, "slug"));
	json_decref(specs);
	struct profile_values v = { line ? line : "", chosen, years, place, bio };
	json_t *m = edit_model(r, &v);
	json_decref(chosen);
	free(line);
	free(years);
	free(bio);
	free(place);
	if (req_query(r, "saved"))
		json_object_set_new(m, "notice", json_string("Your profile is saved."));
	respond_page(r, 200, "profile_edit", m);
}

static bool in_list(const char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], v) == 0)
			return true;
	return false;
}

/* Builds the display line from the chosen cred/cert values in list order. Returns false on
 * an unknown value. */
static bool credentials_line(struct request *r, struct evbuffer *out)
{
	struct evkeyval *kv;
	for (kv = r->form.tqh_first; kv; kv = kv->next.tqe_next) {
		if (strcmp(kv->key, "cred") == 0 && !in_list(credential_list, NCRED, kv->value))
			return false;
		if (strcmp(kv->key, "cert") == 0 && !in_list(certification_list, NCERT, kv->value))
			return false;
	}
	for (int pass = 0; pass < 2; pass++) {
		const char *const *list = pass ? certification_list : credential_list;
		size_t n = pass ? NCERT : NCRED;
		for (size_t i = 0; i < n; i++) {
			bool on = false;
			for (kv = r->form.tqh_first; kv; kv = kv->next.tqe_next)
				on = on || (strcmp(kv->key, pass ? "cert" : "cred") == 0 && strcmp(kv->value, list[i]) == 0);
			if (on)
				evbuffer_add_printf(out, "%s%s", evbuffer_get_length(out) ? ", " : "", list[i]);
		}
	}
	return true;
}

static int save_profile(struct request *r, const struct profile_values *v, json_t *spec_ids)
{
	const char *line = v->line, *years = v->years, *bio = v->bio;
	char *html = markdown_to_html(bio, strlen(bio));
	int rc = db_begin(r->db);
	sqlite3_stmt *st = rc == SQLITE_OK ? db_stmt(r->db, SQL_SAVE_PROFILE) : NULL;
	rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_int64(st, 1, viewer_id(r));
		sqlite3_bind_text(st, 2, line, -1, SQLITE_TRANSIENT);
		if (years)
			sqlite3_bind_text(st, 3, years, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_text(st, 4, bio, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, bio[0] ? html : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 6, (int64_t)time(NULL));
		if (v->place)
			sqlite3_bind_text(st, 7, v->place, -1, SQLITE_TRANSIENT);
		rc = db_step_done(st);
	}
	free(html);
	if (rc == SQLITE_DONE && (st = db_stmt(r->db, SQL_CLEAR_SPECIALTIES))) {
		sqlite3_bind_int64(st, 1, viewer_id(r));
		rc = db_step_done(st);
	}
	size_t i;
	json_t *id;
	json_array_foreach(spec_ids, i, id) {
		if (rc != SQLITE_DONE || !(st = db_stmt(r->db, SQL_ADD_SPECIALTY)))
			break;
		sqlite3_bind_int64(st, 1, viewer_id(r));
		sqlite3_bind_int64(st, 2, (int64_t)json_integer_value(id));
		sqlite3_bind_int(st, 3, (int)i + 1);
		rc = db_step_done(st);
	}
	if (rc == SQLITE_DONE && db_commit(r->db) == SQLITE_OK)
		return 0;
	db_rollback(r->db);
	return -1;
}

/* Reads the chosen specialty slugs into slugs and their ids into ids: the main one
 * (spec_primary) first, then the others (spec) in form order. Returns false on an unknown
 * slug. */
static bool chosen_specialties(struct request *r, json_t *slugs, json_t *ids)
{
	struct evkeyval *kv;
	const char *primary = req_form(r, "spec_primary");
	for (int pass = primary && *primary ? 0 : 1; pass < 2; pass++)
	for (kv = r->form.tqh_first; kv; kv = kv->next.tqe_next) {
		if (strcmp(kv->key, pass ? "spec" : "spec_primary") != 0 || !*kv->value)
			continue;
		sqlite3_stmt *st = db_stmt(r->db, SQL_SPECIALTY_ID);
		if (!st)
			return false;
		sqlite3_bind_text(st, 1, kv->value, -1, SQLITE_TRANSIENT);
		int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (!id)
			return false;
		bool dup = false;
		size_t i;
		json_t *v;
		json_array_foreach(ids, i, v)
			dup = dup || json_integer_value(v) == id;
		if (!dup) {
			json_array_append_new(slugs, json_string(kv->value));
			json_array_append_new(ids, json_integer(id));
		}
	}
	return true;
}

/* POST /account/profile  cred*, cert*, spec_primary (the main specialty), spec* (1-5 slugs in
 * all), years, place (a places code, "" not said), bio, csrf */
void profile_edit(struct request *r)
{
	struct evbuffer *line = evbuffer_new();
	json_t *slugs = json_array(), *ids = json_array();
	bool creds_ok = credentials_line(r, line);
	bool specs_ok = chosen_specialties(r, slugs, ids);
	const char *years = req_form(r, "years");
	if (years && !years[0])
		years = NULL;
	bool years_ok = !years;
	for (size_t k = 0; k < NYEARS && years; k++)
		years_ok = years_ok || strcmp(years, years_list[k].value) == 0;
	const char *place = req_form(r, "place");
	if (place && !place[0])
		place = NULL;
	int place_ok = place ? place_known(r->db, place) : 1;
	const char *bio = req_form(r, "bio");
	if (!bio)
		bio = "";
	size_t bio_len = strlen(bio);
	bool bio_clean = text_is_clean(bio, bio_len, true);
	evbuffer_add(line, "", 1);
	const char *cred_line = (const char *)evbuffer_pullup(line, -1);

	struct profile_values v = { cred_line, slugs, years_ok ? years : NULL,
	                            place_ok == 1 ? place : NULL, bio_clean ? bio : "" };
	json_t *m = edit_model(r, &v);
	if (!creds_ok)
		form_error(m, "credentials", "Choose credentials from the list.");
	if (!specs_ok)
		form_error(m, "specialties", "Choose specialties from the list.");
	else if (json_array_size(ids) < 1 || json_array_size(ids) > PROFILE_MAX_SPECIALTIES)
		form_error(m, "specialties", "Choose between 1 and " LIMIT_TEXT(PROFILE_MAX_SPECIALTIES) " specialties.");
	if (!years_ok)
		form_error(m, "years", "Choose one of the listed ranges.");
	if (place_ok == 0)
		form_error(m, "place", "Choose where you practise from the list.");
	if (!bio_clean)
		form_error(m, "bio", "The bio holds characters that cannot be used.");
	else if (text_chars(bio, bio_len) > PROFILE_BIO_MAX_CHARS)
		form_error(m, "bio", "Keep the bio to " LIMIT_TEXT(PROFILE_BIO_MAX_CHARS) " characters.");
	if (json_object_size(json_object_get(m, "errors")) == 0 &&
	    (place_ok < 0 || save_profile(r, &v, ids) != 0))
		json_object_set_new(m, "error", json_string("Your profile could not be saved right now. Please try again."));
	evbuffer_free(line);
	json_decref(slugs);
	json_decref(ids);
	if (json_object_get(m, "error")) {
		int status = json_object_size(json_object_get(m, "errors")) ? 400 : 503;
		respond_page(r, status, "profile_edit", m);
		return;
	}
	json_decref(m);
	if (r->want_json) {
		respond_page(r, 200, "profile_edit", json_pack("{s:b}", "ok", 1));
		return;
	}
	respond_redirect(r, "/account/profile?saved=1");
}

/* ---------------------------------------------------------------- public page */

static json_t *public_posts(struct db *db, int64_t member)
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, SQL_PUBLIC_POSTS);
	if (!st)
		return list;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int(st, 2, PROFILE_MAX_POSTS_SHOWN);
	time_t now = time(NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char url[64], iso[TIME_ISO_LEN], ago[40];
		snprintf(url, sizeof url, "/d/%" PRId64, (int64_t)sqlite3_column_int64(st, 1));
		time_t at = (time_t)sqlite3_column_int64(st, 4);
		time_iso(iso, at);
		time_ago(ago, sizeof ago, now, at);
		const char *kind = (const char *)sqlite3_column_text(st, 3);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}",
			"id", (json_int_t)sqlite3_column_int64(st, 0), "url", url,
			"title", (const char *)sqlite3_column_text(st, 2),
			"kind", strcmp(kind, "dilemma") == 0 ? "Asked" : strcmp(kind, "update") == 0 ? "Updated" : "Replied to",
			"created", iso, "created_human", ago));
	}
	sqlite3_reset(st);
	return list;
}

/* GET /u/:handle */
void profile_show(struct request *r)
{
	const char *handle = r->params[0];
	sqlite3_stmt *st = handle_shape_ok(handle) ? db_stmt(r->db, SQL_PROFILE) : NULL;
	if (st)
		sqlite3_bind_text(st, 1, handle, -1, SQLITE_TRANSIENT);
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		respond_error(r, 404, "There is no member with that handle.");
		return;
	}
	int64_t id = sqlite3_column_int64(st, 0);
	char joined[40], years_label[40] = "";
	time_month(joined, sizeof joined, (time_t)sqlite3_column_int64(st, 6));
	const char *years = (const char *)sqlite3_column_text(st, 3);
	for (size_t k = 0; years && k < NYEARS; k++)
		if (strcmp(years, years_list[k].value) == 0)
			snprintf(years_label, sizeof years_label, "%s", years_list[k].label);
	char url[64];
	snprintf(url, sizeof url, "/u/%s", (const char *)sqlite3_column_text(st, 1));
	json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
		"handle", (const char *)sqlite3_column_text(st, 1), "url", url,
		"credentials", (const char *)sqlite3_column_text(st, 2), "joined", joined,
		"years_in_practice", years_label, "bio_html", (const char *)sqlite3_column_text(st, 5));
	json_object_set_new(m, "bio", json_string((const char *)sqlite3_column_text(st, 4)));
	json_t *place = place_json(r->db, (const char *)sqlite3_column_text(st, 7));
	sqlite3_reset(st);
	json_object_set_new(m, "place", place ? place : json_null());
	json_t *specs = profile_specialties(r->db, id);
	char *summary = summary_of(json_string_value(json_object_get(m, "credentials")), specs);
	json_object_set_new(m, "specialties", specs);
	json_object_set_new(m, "summary", json_string(summary));
	free(summary);
	json_t *posts = public_posts(r->db, id);
	json_object_set_new(m, "no_posts", json_boolean(json_array_size(posts) == 0));
	json_object_set_new(m, "posts", posts);
	json_object_set_new(m, "own", json_boolean(viewer_id(r) == id));
	if (viewer_is_moderator(r) && viewer_id(r) != id) {
		char mod_url[96];
		snprintf(mod_url, sizeof mod_url, "/moderation/member/%s", json_string_value(json_object_get(m, "handle")));
		json_object_set_new(m, "mod_url", json_string(mod_url));
	}
	json_object_set(m, "title", json_object_get(m, "handle"));
	respond_page(r, 200, "profile", m);
}
