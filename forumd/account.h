/* account.h: the accounts subsystem's start and stop (keys, password limits, rate limits,
 * the hashing pool), and what the account pages share: handle rules, form models and
 * password jobs run on the pool. */
#ifndef FORUMD_ACCOUNT_H
#define FORUMD_ACCOUNT_H
#include <stdbool.h>
#include <stdint.h>
#include <event2/event.h>
#include <jansson.h>
#include "config.h"
#include "password.h"
#include "request.h"

/* Call in main after the database is migrated and before server_run: loads or creates the
 * key file, sets the Argon2id limits and starts the hashing pool. 0, or -1 with err. */
int accounts_start(const struct config *cfg, char *err, size_t errlen);
/* Call on each worker thread before it frees its event base (server.c). */
void accounts_worker_stop(struct event_base *base);
/* Call in main after server_run returns. */
void accounts_stop(void);

/* NULL when s is an acceptable new handle, else the reason (shape or reserved word). */
const char *handle_problem(const char *s);
/* True when s has the shape of a handle (3-24 of A-Z a-z 0-9 _ -). */
bool handle_shape_ok(const char *s);

/* A form page model: {"title", "csrf", "form": {}, "errors": {}} (errors filled later). */
json_t *form_model(struct request *r, const char *title);
/* Sets errors.FIELD = message and, the first time, "error" = a summary. */
void form_error(json_t *model, const char *field, const char *message);
/* Copies the form field `name` (when clean text) into model.form.name. */
void form_keep(struct request *r, json_t *model, const char *name);
/* The form field as clean single-line text, or NULL when absent or not clean. */
const char *form_text(struct request *r, const char *name);

/* Answers 429 with Retry-After and the form model re-rendered with a clear message. */
void reply_rate_limited(struct request *r, const char *tpl, json_t *model, int wait);
/* Answers 503 with Retry-After: the hashing queue is full. */
void reply_busy(struct request *r, const char *tpl, json_t *model);

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
};

struct pw_job *pw_job_new(struct request *r, json_t *model, void (*finish)(struct pw_job *));
void pw_job_set_password(struct pw_job *j, const char *pw);
void pw_job_set_new_password(struct pw_job *j, const char *pw);
/* Queues the job. On a full queue answers 503 itself and frees the job. */
void pw_job_submit(struct pw_job *j, const char *tpl);
/* For a verifying job's finish callback: when the password did not verify, answers 400 on
 * template tpl with `message` under the form field `field`, frees the job and returns true
 * (the callback then returns at once). */
bool pw_job_refuse_unverified(struct pw_job *j, const char *tpl, const char *field,
                              const char *message);
/* Frees the job (not its request, which finish has answered) and its model if still set. */
void pw_job_free(struct pw_job *j);

/* Counts one login, registration or recovery attempt for the request's client and, when
 * handle is not NULL, for the handle. 0 when allowed, else the seconds to wait (429). */
int auth_attempt_wait(struct request *r, const char *handle);

/* Stores a fresh password hash for member (inside the caller's transaction, if any).
 * Returns the statement's rc: SQLITE_DONE on success. */
int member_set_password(struct db *db, int64_t member_id, const char *hash);

/* Copies a stored hash into the job to verify against (too long or NULL: the dummy hash). */
void pw_job_set_stored(struct pw_job *j, const char *hash);
/* The same with j->member_id's stored hash, read from the database. */
void pw_job_load_stored(struct pw_job *j, struct db *db);

/* Deletes every session of member except keep_session (0: all). Returns SQLITE_DONE. */
int sessions_end_all(struct db *db, int64_t member_id, int64_t keep_session);
#endif
