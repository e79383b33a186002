/* pwjob.c: the password-hashing pool, each client's share of it, and the password jobs on
 * it (see pwjob.h). */
#include "pwjob.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "accountform.h"
#include "keys.h"
#include "limits.h"
#include "mem.h"
#include "pool.h"
#include "ratelimit.h"
#include "session.h"

static const char SQL_PASSWORD_HASH[] =
	"SELECT password_hash FROM members WHERE id = ?1";

static struct pool *hash_pool;

/* Each client's share of the pool: its jobs queued or running, by its rate-limit key. A
 * client at its share gets 503 at once, so one client cannot fill the queue for all. */
#define SHARE_SLOTS 256   /* > POOL_QUEUE_MAX + running jobs: never full */
static struct {
	pthread_mutex_t lock;
	struct { char client[33]; int jobs; } slot[SHARE_SLOTS];
} share = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The slot of client (its own, else a free one), under the lock; NULL when none is free. */
static int share_slot(const char *client)
{
	uint32_t h = 0;
	for (const char *p = client; *p; p++)
		h = h * 31 + (unsigned char)*p;
	int free_at = -1;
	for (int i = 0; i < SHARE_SLOTS; i++) {
		int k = (int)((h + (uint32_t)i) % SHARE_SLOTS);
		if (share.slot[k].jobs > 0 && strcmp(share.slot[k].client, client) == 0)
			return k;
		if (share.slot[k].jobs == 0 && free_at < 0)
			free_at = k;
	}
	return free_at;
}

/* Takes one of the client's share; false when it is at POOL_PER_CLIENT. */
static bool share_take(const char *client)
{
	pthread_mutex_lock(&share.lock);
	int k = share_slot(client);
	bool ok = k >= 0 && share.slot[k].jobs < POOL_PER_CLIENT;
	if (ok && share.slot[k].jobs++ == 0)
		snprintf(share.slot[k].client, sizeof share.slot[k].client, "%s", client);
	pthread_mutex_unlock(&share.lock);
	return ok;
}

static void share_give_back(const char *client)
{
	pthread_mutex_lock(&share.lock);
	int k = share_slot(client);
	if (k >= 0 && share.slot[k].jobs > 0)
		share.slot[k].jobs--;
	pthread_mutex_unlock(&share.lock);
}

int accounts_start(const struct config *cfg, char *err, size_t errlen)
{
	if (password_init(cfg->pwhash_opslimit, cfg->pwhash_memlimit) != 0) {
		snprintf(err, errlen, "pwhash_memlimit: libsodium refused the Argon2id limits");
		return -1;
	}
	ratelimit_init(cfg->login_attempts_per_handle, cfg->auth_attempts_per_client);
	hash_pool = pool_new(0, POOL_QUEUE_MAX);
	if (!hash_pool) {
		snprintf(err, errlen, "cannot start the password hashing threads");
		return -1;
	}
	return 0;
}

void accounts_worker_stop(struct event_base *base)
{
	pool_detach_base(hash_pool, base);
}

int64_t pw_queue_depth(void)
{
	return hash_pool ? pool_pending(hash_pool) : 0;
}

void accounts_stop(void)
{
	pool_free(hash_pool);
	hash_pool = NULL;
	password_free();
	keys_free();
}

struct pw_job *pw_job_new(struct request *r, json_t *model, void (*finish)(struct pw_job *))
{
	struct pw_job *j = xcalloc(1, sizeof *j);
	j->r = r;
	j->model = model;
	j->finish = finish;
	return j;
}

static char *dup_secret(const char *s, size_t *len)
{
	*len = strlen(s);
	char *p = xmalloc(*len + 1);
	memcpy(p, s, *len + 1);
	return p;
}

void pw_job_set_password(struct pw_job *j, const char *pw)
{
	j->pw = dup_secret(pw, &j->pw_len);
}

void pw_job_set_new_password(struct pw_job *j, const char *pw)
{
	j->new_pw = dup_secret(pw, &j->new_pw_len);
}

static void wipe(char **p, size_t len)
{
	if (*p) {
		sodium_memzero(*p, len);
		free(*p);
		*p = NULL;
	}
}

void pw_job_free(struct pw_job *j)
{
	wipe(&j->pw, j->pw_len);
	wipe(&j->new_pw, j->new_pw_len);
	json_decref(j->model);
	sodium_memzero(j->new_hash, sizeof j->new_hash);
	sodium_memzero(j->code, sizeof j->code);
	free(j);
}

bool pw_job_refuse_unverified(struct pw_job *j, const char *tpl, const char *field,
                              const char *message)
{
	if (j->verified)
		return false;
	struct request *r = j->r;
	login_failure_count(r);
	json_t *model = j->model;
	j->model = NULL;
	pw_job_free(j);
	form_error(model, field, message);
	respond_page(r, 400, tpl, model);
	return true;
}

/* On a pool thread: the slow part. */
static void pw_job_work(void *arg)
{
	struct pw_job *j = arg;
	if (j->verify)
		j->verified = password_verify(j->stored_set ? j->stored : NULL, j->pw, j->pw_len);
	if (j->new_pw && (!j->verify || j->verified))
		j->hashed = password_hash(j->new_pw, j->new_pw_len, j->new_hash) == 0;
	else if (j->rehash_on_login && j->verified && password_needs_rehash(j->stored))
		j->hashed = password_hash(j->pw, j->pw_len, j->new_hash) == 0;
	wipe(&j->pw, j->pw_len);
	wipe(&j->new_pw, j->new_pw_len);
}

static void pw_job_done(void *arg)
{
	struct pw_job *j = arg;
	share_give_back(j->client);
	j->finish(j);
}

void pw_job_submit(struct pw_job *j, const char *tpl)
{
	ratelimit_client_key(j->r, j->client);
	bool taken = share_take(j->client);
	int wait = taken && j->limit_handle[0]
	           ? ratelimit_hit(RATE_HANDLE, j->limit_handle, strlen(j->limit_handle), time(NULL)) : 0;
	if (wait) {   /* the handle's limit, counted only for a job that would be hashed */
		share_give_back(j->client);
		struct request *r = j->r;
		json_t *model = j->model;
		j->model = NULL;
		pw_job_free(j);
		respond_rate_limited(r, tpl, model, wait);
		return;
	}
	if (!taken || !hash_pool || pool_submit(hash_pool, j->r->worker ? j->r->worker->base : NULL,
	                                        pw_job_work, pw_job_done, j) != 0) {
		if (taken)
			share_give_back(j->client);
		struct request *r = j->r;
		json_t *model = j->model;
		j->model = NULL;
		pw_job_free(j);
		respond_busy(r, tpl, model);
	}
}

void pw_job_set_stored(struct pw_job *j, const char *hash)
{
	if (hash && strlen(hash) < sizeof j->stored) {
		memcpy(j->stored, hash, strlen(hash) + 1);
		j->stored_set = true;
	}
}

void pw_job_load_stored(struct pw_job *j, struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PASSWORD_HASH);
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, j->member_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		pw_job_set_stored(j, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
}

struct pw_job *pw_job_current_password(struct request *r, json_t *model, const char *tpl,
                                       const char *pw, void (*finish)(struct pw_job *))
{
	const char *handle = json_string_value(json_object_get(r->viewer, "handle"));
	int wait = login_attempt_wait(r, handle);   /* a guess at the password, like a login */
	if (wait) {
		respond_rate_limited(r, tpl, model, wait);
		return NULL;
	}
	struct pw_job *j = pw_job_new(r, model, finish);
	snprintf(j->limit_handle, sizeof j->limit_handle, "%s", handle ? handle : "");
	j->verify = true;
	j->member_id = viewer_id(r);
	pw_job_load_stored(j, r->db);
	pw_job_set_password(j, pw);
	return j;
}
