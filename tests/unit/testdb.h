/* testdb.h: a migrated database for a unit test, in a fresh temporary folder, with the
 * server keys loaded (so the keyed SQL functions work), and two ways to query it:
 * testdb_one (the first column of the first row, as text) and testdb_exec. */
#ifndef FORUMD_TESTDB_H
#define FORUMD_TESTDB_H
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "db.h"
#include "keys.h"
#include "migrate.h"

static char testdb_dir[] = "/tmp/forumd-test-db-XXXXXX";

/* Opens and migrates the database; exits 2 when it cannot. */
static struct db *testdb_open(void)
{
	char path[256], err[256] = "";
	struct db *db = NULL;
	if (mkdtemp(testdb_dir) && sodium_init() >= 0) {
		snprintf(path, sizeof path, "%s/forum.db", testdb_dir);
		db = db_open(path, err, sizeof err);
		if (db && (keys_init(path, true, err, sizeof err) != 0 || migrate_run(db, NULL, err, sizeof err) < 0))
			db = NULL;
	}
	if (!db) {
		printf("# test database: %s\n", err);
		exit(2);
	}
	return db;
}

static int testdb_rm(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

static void testdb_close(struct db *db)
{
	db_close(db);
	keys_free();
	nftw(testdb_dir, testdb_rm, 8, FTW_DEPTH | FTW_PHYS);
}

/* The first column of the first row of sql as a new string ("" for NULL, "ERROR"). */
static char *testdb_one(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		out = strdup(t ? (const char *)t : "");
	}
	sqlite3_finalize(st);
	return out ? out : strdup("ERROR");
}

/* Runs sql; prints SQLite's message when it fails. Returns SQLite's code. */
static int testdb_exec(struct db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db_handle(db), sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		printf("# %.80s: %s\n", sql, err);
	sqlite3_free(err);
	return rc;
}
#endif
