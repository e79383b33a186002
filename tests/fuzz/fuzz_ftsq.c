/* fuzz_ftsq.c: the FTS query builder (base/ftsq.c) on any clean one-line text, as the search
 * form passes it. Property: what it builds, wrapped as search.c wraps it, is a query FTS5
 * accepts (on a table made as migrations/0013 makes the index): never a syntax error. */
#include <string.h>

#include <sqlite3.h>

#include "ftsq.h"
#include "fuzz.h"
#include "limits.h"
#include "text.h"

static sqlite3 *db;
static sqlite3_stmt *stmt;

static void open_index(void)
{
	if (db)
		return;
	FUZZ_CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	FUZZ_CHECK(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE search_fts USING fts5(title, body, facets,"
		" tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3 4');"
		"INSERT INTO search_fts VALUES ('gift card', 'a patient offered a gift card', 'xt1');",
		NULL, NULL, NULL) == SQLITE_OK);
	FUZZ_CHECK(sqlite3_prepare_v2(db, "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
	                              -1, &stmt, NULL) == SQLITE_OK);
}

/* Runs the query; it must not be refused. */
static void check_accepted(const char *match)
{
	sqlite3_bind_text(stmt, 1, match, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW)
		fprintf(stderr, "FTS5 refused %s: %s\n", match, sqlite3_errmsg(db));
	FUZZ_CHECK(rc == SQLITE_ROW);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096 || !text_is_clean((const char *)data, size, false) ||
	    memchr(data, '\0', size))
		return 0;
	open_index();
	char *q = fuzz_string(data, size);
	char *words = ftsq_build(q);
	if (words) {
		size_t n = strlen(words) + 64;
		char *match = malloc(n);
		FUZZ_CHECK(match != NULL);
		snprintf(match, n, "({title body} : (%s)) AND facets : \"xt1\"", words);
		check_accepted(match);
		snprintf(match, n, "({title} : (%s))", words);
		check_accepted(match);
		free(match);
		free(words);
	}
	char *marked[SEARCH_MAX_TERMS];
	int nw = ftsq_words(q, marked);
	FUZZ_CHECK(nw >= 0 && nw <= SEARCH_MAX_TERMS);
	for (int i = 0; i < nw; i++) {
		FUZZ_CHECK(marked[i] && marked[i][0] != '\0');
		free(marked[i]);
	}
	free(q);
	return 0;
}
