/* pwjob.h: the accounts' slow work: the password-hashing pool (started with the keys,
 * the Argon2id limits and the rate limits) and the password jobs that run on it. */
#ifndef FORUMD_PWJOB_H
#define FORUMD_PWJOB_H
#include <stdbool.h>
#include <stdint.h>
#include <event2/event.h>
#include <jansson.h>
#include "config.h"
#include "limits.h"
#include "db.h"
#include "password.h"
#include "request.h"

/* Call in main after the database is migrated and before server_run: loads or creates the
 * key file, sets the Argon2id limits and starts the hashing pool. 0, or -1 with err. */
int accounts_start(const struct config *cfg, char *err, size_t errlen);
/* Call on each worker thread before it frees its event base (server.c). */
void accounts_worker_stop(struct event_base *base);
/* Call in main after server_run returns. */
void accounts_stop(void);

/* Password jobs waiting or running (metrics). */
int64_t pw_queue_depth(void);

/* A password job: optionally verifies `pw` against `stored` (stored_set false: the dummy
 * hash), then optionally hashes `new_pw` (or, with rehash_on_login, re-hashes pw when the
 * stored hash uses old limits). Passwords are wiped on the pool thread after use. */
struct pw_job {
	struct request *r;
	void (*finish)(struct pw_job *j);   /* runs on the request's event loop */
	json_t *model;                      /* the form model to answer with */
	char *pw;                           /* owned; wiped */
	size_t pw_len;
	char *new_pw;                       /* owned; wiped */
	size_t new_pw_len;
	bool verify, stored_set, rehash_on_login;
	char stored[PASSWORD_HASH_BYTES];
	bool verified;
	bool hashed;                        /* new_hash holds a fresh hash */
	char new_hash[PASSWORD_HASH_BYTES];
	int64_t member_id;
	bool keep;
	char mode[16];                      /* account deletion: "erase" or "keep" */
	char code[40];                      /* recovery: the code typed (wiped) */
	char client[33];                    /* the client's rate-limit key: its share of the pool */
	char limit_handle[HANDLE_MAX_CHARS + 1];   /* a guess at this handle's password: counted
	                                              against it when admitted ("": none) */
};

struct pw_job *pw_job_new(struct request *r, json_t *model, void (*finish)(struct pw_job *));
void pw_job_set_password(struct pw_job *j, const char *pw);
void pw_job_set_new_password(struct pw_job *j, const char *pw);
/* Queues the job. On a full queue, or when the request's client already has POOL_PER_CLIENT
 * jobs queued or running, answers 503 itself and frees the job; with limit_handle set,
 * counts the attempt against the handle once admitted (429 past its limit). */
void pw_job_submit(struct pw_job *j, const char *tpl);
/* For a verifying job's finish callback: when the password did not verify, counts a failed
 * guess against the client, answers 400 on template tpl with `message` under the form field
 * `field`, frees the job and returns true (the callback then returns at once). */
bool pw_job_refuse_unverified(struct pw_job *j, const char *tpl, const char *field,
                              const char *message);
/* A job that checks the signed-in member's current password pw (a guess like a login's: the
 * failure and handle limits apply; 429 answered on template tpl, and NULL returned, past
 * them). The caller sets what else the job does, then submits it. */
struct pw_job *pw_job_current_password(struct request *r, json_t *model, const char *tpl,
                                       const char *pw, void (*finish)(struct pw_job *));

/* Frees the job (not its request, which finish has answered) and its model if still set. */
void pw_job_free(struct pw_job *j);

/* Copies a stored hash into the job to verify against (too long or NULL: the dummy hash). */
void pw_job_set_stored(struct pw_job *j, const char *hash);
/* The same with j->member_id's stored hash, read from the database. */
void pw_job_load_stored(struct pw_job *j, struct db *db);

#endif
