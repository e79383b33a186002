/* config.h: forumd's settings: defaults, the key = value config file and the flags. */
#ifndef FORUMD_CONFIG_H
#define FORUMD_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

struct config {
	char listen_host[256];
	int listen_port;
	char db_path[1024];
	char migrations_dir[1024];    /* empty: the embedded migrations */
	char site_name[128];
	int workers;                  /* 0: one per core */
	size_t max_body;
	size_t max_headers;
	int idle_timeout;             /* seconds */
	int request_deadline;         /* seconds */
	int max_connections;
	int max_connections_per_client;
	bool tls;                     /* served over TLS by a reverse proxy: Secure cookies, HSTS */
	bool trust_proxy;             /* rate limits key clients by X-Forwarded-For's last address */
	bool log_requests;
	size_t page_cache;            /* bytes of anonymous pages kept, shared out among workers */
	size_t pwhash_opslimit;       /* Argon2id passes (accounts) */
	size_t pwhash_memlimit;       /* Argon2id memory in bytes (accounts) */
	int login_attempts_per_handle;  /* per RATE_WINDOW_SECONDS */
	int auth_attempts_per_client;   /* login/register/recover posts per window */
	int flag_threshold;           /* distinct members' flags that hide a post pending review */
	int new_member_review;        /* an account's first N posts wait for review; 0: off */
	int search_threads;           /* threads that run searches, each with its own connection */
	int search_queue;             /* searches waiting at most; more get 503 */
	int anon_tag_k;               /* members who must share the tags an anonymous post shows */
	int post_limit_threads;       /* dilemmas per member per hour */
	int post_limit_replies;       /* replies per member per hour */
	int new_member_limit_threads; /* the same during an account's first day */
	int new_member_limit_replies;
	char metrics_listen[300];     /* HOST:PORT of the Prometheus listener; empty: off */
};

/* Fills cfg with the defaults of limits.h. */
void config_defaults(struct config *cfg);

/* Sets one key from its text value. Returns 0, or -1 with "key: reason" in err. */
int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen);

/* Reads a key = value file ('#' comments, blank lines). Returns 0, or -1 with
 * "FILE:LINE: key: reason" in err. */
int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen);

/* Writes the reference of every key (name, default, meaning) to stdout. */
void config_print_reference(void);

/* The keys for documents made from the one table (configdoc.c: the man page, the default
 * config file): how many, and key i's name, default (as text) and meaning. */
struct config_doc {
	const char *name, *default_text, *meaning;
};
size_t config_key_count(void);
struct config_doc config_key_doc(size_t i);
/* Key i's value in cfg as config text. */
void config_value_text(const struct config *cfg, size_t i, char *out, size_t outlen);
#endif
