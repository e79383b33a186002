/* forumctl.c: the administrator's command: create an admin, promote and demote moderators,
 * suspend members, list the review queue, back up the live database, list migrations. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "assets.h"
#include "audit.h"
#include "config.h"
#include "configdoc.h"
#include "db.h"
#include "handle.h"
#include "keys.h"
#include "limits.h"
#include "members.h"
#include "migrate.h"
#include "password.h"
#include "suspension.h"
#include "text.h"
#include "timefmt.h"

#define ACTOR "forumctl"

struct ctl {
	struct config cfg;
	const char *args[8];       /* positional arguments after the command */
	int nargs;
	long days;                 /* --days */
	const char *reason;        /* --reason */
	const char *key;           /* --key (restore) */
	bool help;
};

struct command {
	const char *name;
	const char *usage;
	const char *help;
	int nargs;                 /* positional arguments it takes */
	bool needs_schema;         /* refuses a database with pending migrations */
	int (*run)(struct ctl *c, struct db *db);
	bool makes_db;             /* makes the database (restore): none is opened for it */
};

/* Prints "forumctl: MESSAGE" on stderr. */
__attribute__((format(printf, 1, 2)))
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "forumctl: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ================================================================ members */

static const char SQL_CREATE_ADMIN[] =
	"INSERT INTO members (handle, password_hash, role, created_at) VALUES (?1, ?2, 'admin', ?3)";

/* Finds handle's account into m: 0, or -1 (message printed). */
static int find_member(struct db *db, const char *handle, struct member_row *m)
{
	int rc = member_find(db, handle, m);
	if (rc == 1)
		fail("no member has the handle \"%s\"%s", handle, "");
	else if (rc < 0)
		fail("database error: %s%s", sqlite3_errmsg(db_handle(db)), "");
	return rc == 0 ? 0 : -1;
}

/* Runs fn inside BEGIN IMMEDIATE ... COMMIT; fn returns 0 or -1 (message printed). */
static int in_transaction(struct db *db, int (*fn)(struct ctl *, struct db *, void *),
                          struct ctl *c, void *arg)
{
	if (db_begin(db) != SQLITE_OK) {
		fail("the database is busy or unwritable: %s%s", sqlite3_errmsg(db_handle(db)), "");
		return -1;
	}
	if (fn(c, db, arg) != 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != SQLITE_OK) {
		fail("could not commit: %s%s", sqlite3_errmsg(db_handle(db)), "");
		db_rollback(db);
		return -1;
	}
	return 0;
}

static int audit_member(struct db *db, const char *action, int64_t id, const char *handle,
                        const char *reason)
{
	char url[64];
	snprintf(url, sizeof url, "/u/%s", handle);
	struct audit_entry e = {0, ACTOR, action, "member", id, url, reason, NULL};
	if (audit_append(db, &e) != 0) {
		fail("could not write the audit log: %s%s", sqlite3_errmsg(db_handle(db)), "");
		return -1;
	}
	return 0;
}

/* Reads one line of password from stdin (without its newline) into buf. Returns length. */
static long read_password(char *buf, size_t size)
{
	if (isatty(STDIN_FILENO))
		fprintf(stderr, "Password for the new admin (at least %d characters): ", PASSWORD_MIN_CHARS);
	if (!fgets(buf, (int)size, stdin))
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(stdin))
		return -2;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return (long)n;
}

static int create_admin_tx(struct ctl *c, struct db *db, void *hash)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CREATE_ADMIN);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, c->args[0], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	int rc = db_step_done(st);
	if (rc != SQLITE_DONE) {
		fail(rc == SQLITE_CONSTRAINT ? "the handle \"%s\" is taken%s" : "could not create \"%s\": %s",
		     c->args[0], sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	int64_t id = sqlite3_last_insert_rowid(db_handle(db));
	return audit_member(db, "create-admin", id, c->args[0], NULL);
}

static int cmd_create_admin(struct ctl *c, struct db *db)
{
	const char *why = handle_problem(c->args[0]);
	if (why) {
		fail("handle \"%s\": %s", c->args[0], why);
		return -1;
	}
	char pw[PASSWORD_MAX_BYTES + 2];
	long n = read_password(pw, sizeof pw);
	if (n < 0) {
		fail("%s%s", n == -2 ? "the password is too long" : "no password on standard input", "");
		return -1;
	}
	enum password_problem pp = password_check(pw, (size_t)n, c->args[0]);
	if (pp != PW_OK) {
		sodium_memzero(pw, sizeof pw);
		fail("password: %s%s", password_problem_message(pp), "");
		return -1;
	}
	char hash[PASSWORD_HASH_BYTES];
	int hrc = password_init(c->cfg.pwhash_opslimit, c->cfg.pwhash_memlimit) == 0
	          ? password_hash(pw, (size_t)n, hash) : -1;
	sodium_memzero(pw, sizeof pw);
	if (hrc != 0) {
		fail("could not hash the password%s%s", "", "");
		return -1;
	}
	int rc = in_transaction(db, create_admin_tx, c, hash);
	password_free();
	if (rc == 0)
		printf("created admin %s\n", c->args[0]);
	return rc;
}

struct role_change {
	const char *from, *to, *action;
};

static int role_tx(struct ctl *c, struct db *db, void *arg)
{
	const struct role_change *rc = arg;
	struct member_row m;
	if (find_member(db, c->args[0], &m) != 0)
		return -1;
	if (strcmp(m.role, rc->from) != 0) {
		fail("%s has the role %s, not %s: nothing changed (%s changes a %s into a %s)", m.handle,
		     m.role, rc->from, rc->action, rc->from, rc->to);
		return -1;
	}
	if (member_set_role(db, m.id, rc->to) != 0)
		return -1;
	if (audit_member(db, rc->action, m.id, m.handle, NULL) != 0)
		return -1;
	printf("%s is now a %s\n", m.handle, rc->to);
	return 0;
}

static int cmd_promote(struct ctl *c, struct db *db)
{
	struct role_change rc = {"member", "moderator", "promote"};
	return in_transaction(db, role_tx, c, &rc);
}

static int cmd_demote(struct ctl *c, struct db *db)
{
	struct role_change rc = {"moderator", "member", "demote"};
	return in_transaction(db, role_tx, c, &rc);
}

static int suspend_tx(struct ctl *c, struct db *db, void *arg)
{
	struct member_row m;
	if (find_member(db, c->args[0], &m) != 0)
		return -1;
	if (arg) {
		if (suspension_start(db, m.id, (int)c->days, c->reason) != 0)
			return -1;
		if (audit_member(db, "suspend", m.id, m.handle, c->reason) != 0)
			return -1;
		printf("%s is suspended for %ld day(s)\n", m.handle, c->days);
		return 0;
	}
	int n = suspension_lift(db, m.id);
	if (n < 0)
		return -1;
	if (n == 0) {
		fail("%s is not suspended%s", m.handle, "");
		return -1;
	}
	if (audit_member(db, "unsuspend", m.id, m.handle, NULL) != 0)
		return -1;
	printf("%s is no longer suspended\n", m.handle);
	return 0;
}

static int cmd_suspend(struct ctl *c, struct db *db)
{
	if (c->days < 1 || c->days > SUSPEND_MAX_DAYS) {
		fprintf(stderr, "forumctl: suspend needs --days N, 1 to %d\n", SUSPEND_MAX_DAYS);
		return -1;
	}
	if (!c->reason || !*c->reason || !text_is_clean(c->reason, strlen(c->reason), false) ||
	    text_chars(c->reason, strlen(c->reason)) > MOD_REASON_MAX_CHARS) {
		fprintf(stderr, "forumctl: suspend needs --reason TEXT (1 to %d characters, one line); "
		        "the member sees it\n", MOD_REASON_MAX_CHARS);
		return -1;
	}
	return in_transaction(db, suspend_tx, c, c);
}

static int cmd_unsuspend(struct ctl *c, struct db *db)
{
	return in_transaction(db, suspend_tx, c, NULL);
}

/* ================================================================ queue */

static const char SQL_QUEUE[] =
	"SELECT p.id, p.thread_id, p.kind, p.state, coalesce(p.held_reason, ''), p.created_at,"
	"       (SELECT count(*) FROM flags f WHERE f.post_id = p.id AND f.dismissed_at IS NULL),"
	"       p.anonymous"
	"  FROM posts p"
	" WHERE p.state = 'held' OR EXISTS (SELECT 1 FROM flags f WHERE f.post_id = p.id"
	"                                   AND f.dismissed_at IS NULL)"
	" ORDER BY coalesce(p.held_at, p.created_at), p.id";

/* When the post of the current row was written, UTC to the minute: an anonymous post's to
 * the hour, as everywhere (docs/PRIVACY.md). */
static void queue_written(sqlite3_stmt *st, char *out, size_t len)
{
	time_t t = (time_t)sqlite3_column_int64(st, 5);
	if (sqlite3_column_int(st, 7))
		t = time_hour(t);
	struct tm tm;
	strftime(out, len, "%Y-%m-%d %H:%M", gmtime_r(&t, &tm));
}

static int cmd_queue(struct ctl *c, struct db *db)
{
	(void)c;
	sqlite3_stmt *st = db_stmt(db, SQL_QUEUE);
	if (!st)
		return -1;
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == 0)
			printf("%-8s %-8s %-7s %-10s %-5s %-20s %s\n", "post", "kind", "state", "held for",
			       "flags", "written (UTC)", "link");
		char when[32];
		queue_written(st, when, sizeof when);
		const char *held = (const char *)sqlite3_column_text(st, 4);
		printf("%-8" PRId64 " %-8s %-7s %-10s %-5d %-20s /d/%" PRId64 "#p%" PRId64 "\n",
		       (int64_t)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 2),
		       (const char *)sqlite3_column_text(st, 3), *held ? held : "-",
		       sqlite3_column_int(st, 6), when, (int64_t)sqlite3_column_int64(st, 1),
		       (int64_t)sqlite3_column_int64(st, 0));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		fail("database error: %s%s", sqlite3_errmsg(db_handle(db)), "");
		return -1;
	}
	if (n == 0)
		printf("nothing waits for review\n");
	return 0;
}

/* ================================================================ backup */

/* fsyncs path (a file or a folder). Returns 0 or -1. */
static int sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Creates tmp empty with mode 0600, before SQLite opens it: a backup holds every post and
 * hash, so it is never readable by others, not even for a moment (SQLite gives its journal
 * the same mode). Returns 0 or -1 (message printed). */
static int create_private(const char *tmp)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fail("cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* 0 when path is its owner's only (no group or other bits), else -1 (message printed). */
static int check_private(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0 || (sb.st_mode & 077) != 0) {
		fail("%s: others could read it (want mode 0600)", path);
		return -1;
	}
	return 0;
}

/* Copies the whole database in one step (one consistent read snapshot, so writers on
 * the WAL never force a restart) into tmp, created 0600. Returns 0 or -1 (message printed). */
static int backup_into(sqlite3 *src, const char *tmp)
{
	sqlite3 *dst = NULL;
	if (create_private(tmp) != 0)
		return -1;
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		fail("cannot create %s: %s", tmp, dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close(dst);
		return -1;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
	int frc = b ? sqlite3_backup_finish(b) : SQLITE_ERROR;
	if (rc != SQLITE_DONE || frc != SQLITE_OK) {
		fail("backup failed: %s%s", sqlite3_errmsg(dst), "");
		sqlite3_close(dst);
		return -1;
	}
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(dst, "PRAGMA journal_mode=DELETE", -1, &st, NULL);
	if (st) {
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	return sqlite3_close(dst) == SQLITE_OK ? check_private(tmp) : -1;
}

static int cmd_backup(struct ctl *c, struct db *db)
{
	const char *file = c->args[0];
	size_t n = strlen(file);
	char *tmp = malloc(n + 5), *dir = strdup(file);
	if (!tmp || !dir)
		abort();
	memcpy(tmp, file, n);
	memcpy(tmp + n, ".tmp", 5);
	umask(077);  /* and whatever SQLite creates beside it */
	unlink(tmp);
	int rc = backup_into(db_handle(db), tmp);
	if (rc == 0 && sync_path(tmp, O_RDONLY) != 0) {
		fail("cannot sync %s: %s", tmp, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, file) != 0) {
		fail("cannot rename the backup to %s: %s", file, strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		sync_path(dirname(dir), O_RDONLY | O_DIRECTORY);
	if (rc != 0)
		unlink(tmp);
	else
		printf("backed up %s to %s\n", c->cfg.db_path, file);
	free(tmp);
	free(dir);
	return rc;
}

/* ================================================================ restore */

/* One text answer of a statement on db, into out; 0 or -1. */
static int query_text(sqlite3 *db, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	         sqlite3_step(st) == SQLITE_ROW ? 0 : -1;
	if (rc == 0)
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

/* The backup is whole (integrity_check) and holds no migration this forumctl does not know
 * (a newer forumd made it). 0, or -1 with the reason printed. */
static int restore_check(sqlite3 *src, const char *backup)
{
	char check[256] = "";
	if (query_text(src, "PRAGMA integrity_check", check, sizeof check) != 0 || strcmp(check, "ok") != 0) {
		fail("%s: integrity_check: %s", backup, check[0] ? check : sqlite3_errmsg(src));
		return -1;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(src, "SELECT version FROM schema_migrations ORDER BY version", -1, &st,
	                       NULL) != SQLITE_OK) {
		fail("%s: not a forumd database (no schema_migrations)%s", backup, "");
		return -1;
	}
	int rc = 0, n = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		char name[300];
		snprintf(name, sizeof name, "%s.sql", (const char *)sqlite3_column_text(st, 0));
		n++;
		if (!asset_find(asset_migrations, name)) {
			fail("%s: migration %s is newer than this forumctl: restore with the forumd that made it",
			     backup, name);
			rc = -1;
		}
	}
	sqlite3_finalize(st);
	if (rc == 0 && n == 0) {
		fail("%s: no migration applied: not a forumd database%s", backup, "");
		rc = -1;
	}
	return rc;
}

/* The key for the restored database: --key FILE copied beside it (0600), or the one there.
 * 0, or -1 with the reason printed. */
static int restore_key(const char *key_from, const char *target)
{
	char key_to[1100];
	snprintf(key_to, sizeof key_to, "%s.key", target);
	if (!key_from) {
		if (access(key_to, R_OK) == 0)
			return 0;
		fail("no key file for the restored database: give its backup with --key FILE (or put it"
		     " at %s); without it, anonymous posts' authorship, drafts and sessions are lost", key_to);
		return -1;
	}
	unsigned char key[KEY_BYTES + 1];
	int in = open(key_from, O_RDONLY | O_CLOEXEC);   /* no stdio: no copy left in a buffer */
	ssize_t n = in >= 0 ? read(in, key, sizeof key) : -1;
	if (in >= 0)
		close(in);
	if (n != KEY_BYTES) {
		fail("%s: not a key file (it must hold exactly %d bytes)", key_from, KEY_BYTES);
		sodium_memzero(key, sizeof key);
		return -1;
	}
	int fd = open(key_to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	int rc = fd >= 0 && write(fd, key, KEY_BYTES) == KEY_BYTES && fsync(fd) == 0 ? 0 : -1;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	sodium_memzero(key, sizeof key);
	if (rc != 0) {
		if (fd >= 0)
			unlink(key_to);   /* ours, and partly written */
		fail("cannot write %s: %s", key_to, saved == EEXIST ? "a key file is there already" : strerror(saved));
	}
	return rc;
}

static int cmd_restore(struct ctl *c, struct db *unused)
{
	(void)unused;
	const char *backup = c->args[0], *target = c->cfg.db_path;
	char wal[1100], tmp[1100];
	snprintf(wal, sizeof wal, "%s-wal", target);
	snprintf(tmp, sizeof tmp, "%s.restoring", target);
	if (access(target, F_OK) == 0 || access(wal, F_OK) == 0) {
		fail("%s is there: restore never overwrites a database (stop forumd, move it and its -wal"
		     " and -shm away, or restore into a new path with --db)%s", target, "");
		return -1;
	}
	sqlite3 *src = NULL;
	if (sqlite3_open_v2(backup, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fail("cannot open %s: %s", backup, src ? sqlite3_errmsg(src) : "out of memory");
		sqlite3_close(src);
		return -1;
	}
	umask(077);
	unlink(tmp);
	char *parent = strdup(target);
	if (parent)
		mkdir(dirname(parent), 0700);   /* a new folder for it; one there is kept as it is */
	free(parent);
	int rc = restore_check(src, backup);
	if (rc == 0)
		rc = backup_into(src, tmp);
	sqlite3_close(src);
	if (rc == 0 && sync_path(tmp, O_RDONLY) != 0) {
		fail("cannot sync %s: %s", tmp, strerror(errno));
		rc = -1;
	}
	char key_to[1100];
	snprintf(key_to, sizeof key_to, "%s.key", target);
	bool key_made = false;
	if (rc == 0) {
		bool had_key = access(key_to, F_OK) == 0;
		rc = restore_key(c->key, target);
		key_made = rc == 0 && c->key && !had_key;
	}
	/* link, not rename: a database that appeared at the path meanwhile (forumd restarted)
	 * is never replaced */
	if (rc == 0 && link(tmp, target) != 0) {
		fail("cannot put the copy at %s: %s", target,
		     errno == EEXIST ? "a database appeared there meanwhile" : strerror(errno));
		if (key_made)
			unlink(key_to);
		rc = -1;
	}
	unlink(tmp);
	if (rc != 0)
		return -1;
	char *dir = strdup(target);
	if (dir)
		sync_path(dirname(dir), O_RDONLY | O_DIRECTORY);
	free(dir);
	printf("restored %s to %s (integrity ok); start forumd on it to apply any newer migrations\n",
	       backup, target);
	return 0;
}

/* ================================================================ migrations */

static void print_migration(const char *version, enum migration_state state,
                            const char *applied_at, void *arg)
{
	int *unknown = arg;
	const char *what = state == MIGRATION_APPLIED ? "applied" : state == MIGRATION_PENDING
	                   ? "pending" : "unknown (newer than this forumctl)";
	*unknown += state == MIGRATION_UNKNOWN;
	printf("%-28s %-8s %s\n", version, what, applied_at ? applied_at : "");
}

static int cmd_migrations(struct ctl *c, struct db *db)
{
	char err[1024];
	int unknown = 0;
	int pending = migrate_list(db, c->cfg.migrations_dir, print_migration, &unknown, err, sizeof err);
	if (pending < 0) {
		fail("%s%s", err, "");
		return -1;
	}
	printf("%d pending\n", pending);
	return 0;
}

/* ================================================================ the table */

static const struct command commands[] = {
	{"create-admin", "create-admin HANDLE",
	 "Creates an admin account. The password is read from standard input (one line);\n"
	 "the same policy and Argon2id hashing as registration apply.", 1, true, cmd_create_admin, false},
	{"promote", "promote HANDLE", "Makes a member a moderator.", 1, true, cmd_promote, false},
	{"demote", "demote HANDLE", "Makes a moderator a member again.", 1, true, cmd_demote, false},
	{"suspend", "suspend HANDLE --days N --reason TEXT",
	 "Suspends a member for N days: they can read and log in, but not post, flag or\n"
	 "mark; they see the reason and the end date.", 1, true, cmd_suspend, false},
	{"unsuspend", "unsuspend HANDLE", "Lifts a member's suspension.", 1, true, cmd_unsuspend, false},
	{"queue", "queue", "Lists the posts that wait for review: held posts and flagged posts,\n"
	 "oldest first.", 0, true, cmd_queue, false},
	{"backup", "backup FILE",
	 "Copies the live database with SQLite's online backup API into FILE.tmp, syncs it and\n"
	 "renames it to FILE (mode 0600). Safe while forumd serves. The key file (DB.key) is\n"
	 "not in it: back that up apart, once (it never changes).", 1, false, cmd_backup, false},
	{"restore", "restore BACKUP [--key KEYFILE]",
	 "Copies BACKUP to the database path (--db or --config), after checking its\n"
	 "integrity_check and that this forumctl knows every migration in it. Never overwrites a\n"
	 "database: the path must be free. The key comes from --key (the key file's backup) or\n"
	 "must be at DB.key already.", 1, false, cmd_restore, true},
	{"migrations", "migrations", "Lists the migrations: applied (with the time) and pending.",
	 0, false, cmd_migrations, false},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: forumctl [--db PATH | --config FILE] COMMAND [ARGS]\n\n"
	        "  --db PATH       the database (default " DEFAULT_DB_PATH ")\n"
	        "  --config FILE   read db (and password limits) from forumd's config file\n\n"
	        "commands (forumctl COMMAND --help for each):\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %s\n", commands[i].usage);
}

/* forumctl(8), from the command table (forumctl --print man; the build makes the page). */
static void print_man(FILE *out)
{
	man_header(out, "FORUMCTL", 8, FORUMD_VERSION, "System Administration");
	fputs(".SH NAME\nforumctl \\- administer a forumd database\n.SH SYNOPSIS\n"
	      ".B forumctl\n[\\fB\\-\\-db\\fR \\fIPATH\\fR | \\fB\\-\\-config\\fR \\fIFILE\\fR]"
	      " \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
	      ".SH DESCRIPTION\nforumctl works on forumd's database directly, beside a running"
	      " forumd or without one: accounts and roles, suspensions, the review queue, backups and"
	      " migrations. Each change it makes is written to the audit log.\n"
	      ".SH OPTIONS\n.TP\n\\fB\\-\\-db\\fR \\fIPATH\\fR\nthe database (default ", out);
	man_text(out, DEFAULT_DB_PATH);
	fputs(").\n.TP\n\\fB\\-\\-config\\fR \\fIFILE\\fR\nread db (and the password limits)"
	      " from forumd's config file.\n.TP\n\\fB\\-\\-help\\fR\nthe commands, or one command's"
	      " help after it.\n.SH COMMANDS\n", out);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		fputs(".TP\n.B ", out);
		man_text(out, commands[i].usage);
		fputs("\n", out);
		man_text(out, commands[i].help);
		fputs("\n", out);
	}
	fputs(".SH EXIT STATUS\n0 on success, 1 when the command failed, 2 for a usage error.\n"
	      ".SH SEE ALSO\n.BR forumd (8),\n.BR forumd.conf (5)\n", out);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Parses argv into c; returns the command, or NULL after printing why (exit 2). */
static const struct command *parse_args(int argc, char **argv, struct ctl *c)
{
	const struct command *cmd = NULL;
	const char *db = NULL, *conf = NULL;
	char err[1200];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_value = i + 1 < argc;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			c->help = true;
		} else if (!strcmp(a, "--db") || !strcmp(a, "--config") || !strcmp(a, "--days") ||
		           !strcmp(a, "--reason") || !strcmp(a, "--key")) {
			if (!has_value) {
				fail("%s needs a value%s", a, "");
				return NULL;
			}
			const char *v = argv[++i];
			if (!strcmp(a, "--db"))
				db = v;
			else if (!strcmp(a, "--config"))
				conf = v;
			else if (!strcmp(a, "--reason"))
				c->reason = v;
			else if (!strcmp(a, "--key"))
				c->key = v;
			else {
				int64_t days = 0;
				c->days = parse_int(v, 1, SUSPEND_MAX_DAYS, &days) == 0 ? (long)days : 0;
				if (c->days == 0) {
					fprintf(stderr, "forumctl: --days must be a number from 1 to %d\n", SUSPEND_MAX_DAYS);
					return NULL;
				}
			}
		} else if (a[0] == '-' && a[1]) {
			fail("unknown flag %s (try --help)%s", a, "");
			return NULL;
		} else if (!cmd) {
			if (!(cmd = find_command(a))) {
				fail("unknown command \"%s\" (try --help)%s", a, "");
				return NULL;
			}
		} else if (c->nargs < (int)(sizeof c->args / sizeof c->args[0])) {
			c->args[c->nargs++] = a;
		} else {
			fail("too many arguments%s%s", "", "");
			return NULL;
		}
	}
	if (conf && config_load_file(&c->cfg, conf, err, sizeof err) != 0) {
		fail("%s%s", err, "");
		return NULL;
	}
	if (db && config_set(&c->cfg, "db", db, err, sizeof err) != 0) {
		fail("%s%s", err, "");
		return NULL;
	}
	return cmd;
}

/* Opens an existing database; refuses to create one. */
static struct db *open_existing(const struct config *cfg)
{
	char err[1100];
	if (access(cfg->db_path, R_OK | W_OK) != 0) {
		fail("cannot open the database %s: %s", cfg->db_path, strerror(errno));
		return NULL;
	}
	struct db *db = db_open(cfg->db_path, err, sizeof err);
	if (!db)
		fail("%s%s", err, "");
	return db;
}

static void ignore_migration(const char *v, enum migration_state s, const char *at, void *arg)
{
	(void)v, (void)s, (void)at, (void)arg;
}

/* True when the database's schema is the one this forumctl knows. */
static bool schema_current(struct db *db, const struct config *cfg)
{
	char err[1024];
	int pending = migrate_list(db, cfg->migrations_dir, ignore_migration, NULL, err, sizeof err);
	if (pending == 0)
		return true;
	if (pending < 0)
		fail("%s%s", err, "");
	else
		fprintf(stderr, "forumctl: %d migration(s) are pending: start forumd once to apply them "
		        "(forumctl migrations lists them)\n", pending);
	return false;
}

int main(int argc, char **argv)
{
	struct ctl c = {0};
	config_defaults(&c.cfg);
	if (argc == 3 && !strcmp(argv[1], "--print") && !strcmp(argv[2], "man")) {
		print_man(stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const struct command *cmd = parse_args(argc, argv, &c);
	if (!cmd && c.help) {
		usage(stdout);
		return 0;
	}
	if (!cmd) {
		if (argc > 1 && !c.help)
			usage(stderr);
		return 2;
	}
	if (c.help) {
		printf("usage: forumctl [--db PATH | --config FILE] %s\n\n%s\n", cmd->usage, cmd->help);
		return 0;
	}
	if (c.nargs != cmd->nargs) {
		fprintf(stderr, "forumctl: usage: forumctl %s\n", cmd->usage);
		return 2;
	}
	if (sodium_init() < 0) {
		fail("libsodium failed to initialise%s%s", "", "");
		return 1;
	}
	if (cmd->makes_db)
		return cmd->run(&c, NULL) == 0 ? 0 : 1;
	struct db *db = open_existing(&c.cfg);
	if (!db)
		return 1;
	int rc = cmd->needs_schema && !schema_current(db, &c.cfg) ? -1 : cmd->run(&c, db);
	db_close(db);
	return rc == 0 ? 0 : 1;
}
