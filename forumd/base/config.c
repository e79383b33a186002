/* config.c: forumd's settings: one table of keys with their parser, default and meaning. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "text.h"

enum key_type { KEY_STRING, KEY_INT, KEY_SIZE, KEY_BOOL, KEY_LISTEN };

struct config_key {
	const char *name;
	enum key_type type;
	size_t offset;       /* into struct config */
	size_t size;         /* for strings: buffer size */
	long long min, max;  /* for numbers */
	const char *default_text;
	const char *meaning;
};

#define STR(field) KEY_STRING, offsetof(struct config, field), sizeof(((struct config *)0)->field), 0, 0
#define NUM(type, field, lo, hi) type, offsetof(struct config, field), 0, lo, hi

static const struct config_key keys[] = {
	{"listen", KEY_LISTEN, 0, 0, 0, 0, DEFAULT_LISTEN,
	 "address:port to serve HTTP on (put a TLS reverse proxy in front)"},
	{"db", STR(db_path), DEFAULT_DB_PATH,
	 "SQLite database file; its folder is created on first start; the server key lives"
	 " beside it in DB.key (mode 0600): back it up apart from the database"},
	{"migrations_dir", STR(migrations_dir), "",
	 "read migrations from this folder instead of the embedded set (development, tests)"},
	{"site_name", STR(site_name), DEFAULT_SITE_NAME, "the forum's name in pages and feeds"},
	{"workers", NUM(KEY_INT, workers, 0, MAX_WORKERS), LIMIT_TEXT(DEFAULT_WORKERS),
	 "worker threads, each with its own event loop and database connection; 0 = one per core"},
	{"max_body", NUM(KEY_SIZE, max_body, 1024, 64 * 1024 * 1024), LIMIT_TEXT(MAX_BODY_BYTES),
	 "largest request body in bytes (413 above)"},
	{"max_headers", NUM(KEY_SIZE, max_headers, 1024, 1024 * 1024), LIMIT_TEXT(MAX_HEADER_BYTES),
	 "largest request line + headers in bytes (431 above)"},
	{"idle_timeout", NUM(KEY_INT, idle_timeout, 1, 3600), LIMIT_TEXT(IDLE_TIMEOUT_SECONDS),
	 "seconds a connection may sit idle (evhttp's read/write timeout)"},
	{"request_deadline", NUM(KEY_INT, request_deadline, 1, 3600), LIMIT_TEXT(REQUEST_DEADLINE_SECONDS),
	 "seconds within which a request must arrive whole, or the connection is closed"},
	{"max_connections", NUM(KEY_INT, max_connections, 0, 1000000), LIMIT_TEXT(MAX_CONNECTIONS),
	 "open connections in total; 0: as many as the open-file limit allows (raised at start-up"
	 " to the system's maximum), less a reserve, at most 65536. Past it, the connection that"
	 " has waited longest for its request to arrive whole, or else the longest idle"
	 " keep-alive, is closed to make room; with neither, the newcomer gets 503"},
	{"max_connections_per_client", NUM(KEY_INT, max_connections_per_client, 0, 1000000),
	 LIMIT_TEXT(MAX_CONNECTIONS_PER_CLIENT),
	 "open connections from one client address (an IPv6 /64); more get 503; 0: a 16th of"
	 " max_connections, at least 64 (a hospital's staff share one address; behind a proxy"
	 " every client has the proxy's address: raise it)"},
	{"tls", NUM(KEY_BOOL, tls, 0, 1), "false",
	 "served over TLS by a proxy: Secure __Host- cookies and HSTS"},
	{"trust_proxy", NUM(KEY_BOOL, trust_proxy, 0, 1), "false",
	 "behind a reverse proxy that sets X-Forwarded-For (as ops/nginx.conf.example does): the"
	 " per-client rate limits key each client by the header's last address, held only as a"
	 " keyed hash, never stored or logged; the connection caps keep counting the peer, i.e."
	 " the proxy. Leave it off when clients can reach forumd directly: they could then pick"
	 " their own key"},
	{"log_requests", NUM(KEY_BOOL, log_requests, 0, 1), "true",
	 "one line per request on stderr: method, path (no query), status, bytes, microseconds,"
	 " and \"cache\", \"shared\" or \"kept\" when the page came from the page cache, a shared"
	 " rendering or a member's last view; written by a thread of its own from a 1 MiB buffer, so a slow disk or a full"
	 " pipe never holds up a page (lines that do not fit are dropped and counted in the log)"},
	{"page_cache", NUM(KEY_SIZE, page_cache, 0, 64LL * 1024 * 1024 * 1024), LIMIT_TEXT(PAGE_CACHE_BYTES),
	 "bytes of rendered pages kept for readers who are not signed in, shared out among the"
	 " workers; a page is kept until anything in the database changes or one of its \"3 hours"
	 " ago\" times would read differently; 0 turns it off, and with it the thread pages every"
	 " signed-in member shares (at most 32 per worker within 16 MiB; a larger page is rendered"
	 " whole) and the member memo (each member's inbox and notification counts, suspension"
	 " notice and reply-form choices, their last reply form and thread page up to 64 KiB each, 256"
	 " members per worker, besides the shared pages)"},
	{"pwhash_opslimit", NUM(KEY_SIZE, pwhash_opslimit, 1, 64), LIMIT_TEXT(DEFAULT_PWHASH_OPSLIMIT),
	 "Argon2id passes for password hashes (libsodium INTERACTIVE: 2)"},
	{"pwhash_memlimit", NUM(KEY_SIZE, pwhash_memlimit, 8192, 4LL * 1024 * 1024 * 1024),
	 LIMIT_TEXT(DEFAULT_PWHASH_MEMLIMIT),
	 "Argon2id memory per hash in bytes (INTERACTIVE: 64 MiB; the pool hashes one per core at"
	 " a time)"},
	{"login_attempts_per_handle", NUM(KEY_INT, login_attempts_per_handle, 1, 1000000),
	 LIMIT_TEXT(DEFAULT_LOGIN_PER_HANDLE),
	 "login, recovery and current-password attempts per handle per 15 minutes (429 above)"},
	{"auth_attempts_per_client", NUM(KEY_INT, auth_attempts_per_client, 1, 1000000),
	 LIMIT_TEXT(DEFAULT_AUTH_PER_CLIENT),
	 "failed logins, and registration, recovery and current-password posts, per client address "
	 "(an IPv6 /64) per 15 minutes (429 above); a login that succeeds never counts"},
	{"flag_threshold", NUM(KEY_INT, flag_threshold, 1, 1000), LIMIT_TEXT(DEFAULT_FLAG_THRESHOLD),
	 "distinct members' flags that hide a post until a moderator reviews it"},
	{"new_member_review", NUM(KEY_INT, new_member_review, 0, 1000), LIMIT_TEXT(DEFAULT_NEW_MEMBER_REVIEW),
	 "an account's first N posts wait in the review queue; 0 turns it off"},
	{"search_threads", NUM(KEY_INT, search_threads, 1, 16), LIMIT_TEXT(DEFAULT_SEARCH_THREADS),
	 "threads that run searches, each with its own database connection, beside the workers"},
	{"search_queue", NUM(KEY_INT, search_queue, 0, 10000), LIMIT_TEXT(DEFAULT_SEARCH_QUEUE),
	 "searches that may wait for a search thread; more are answered 503 with Retry-After"},
	{"anon_tag_k", NUM(KEY_INT, anon_tag_k, 2, 1000000), LIMIT_TEXT(DEFAULT_ANON_TAG_K),
	 "an anonymous post may show a credential or specialty only if this many members have"
	 " that combination on their profile (2 or more)"},
	{"post_limit_threads", NUM(KEY_INT, post_limit_threads, 1, 1000000), LIMIT_TEXT(POST_LIMIT_THREADS),
	 "dilemmas one member may post per hour (429 above)"},
	{"post_limit_replies", NUM(KEY_INT, post_limit_replies, 1, 1000000), LIMIT_TEXT(POST_LIMIT_REPLIES),
	 "replies one member may post per hour (429 above)"},
	{"new_member_limit_threads", NUM(KEY_INT, new_member_limit_threads, 1, 1000000),
	 LIMIT_TEXT(NEW_MEMBER_LIMIT_THREADS),
	 "dilemmas per hour during an account's first day"},
	{"new_member_limit_replies", NUM(KEY_INT, new_member_limit_replies, 1, 1000000),
	 LIMIT_TEXT(NEW_MEMBER_LIMIT_REPLIES),
	 "replies per hour during an account's first day"},
	{"metrics_listen", STR(metrics_listen), "",
	 "HOST:PORT where GET /metrics answers in Prometheus's text format (requests by route"
	 " pattern and status, latency, connections, queues, caches, database errors, posts,"
	 " registrations, the review queue); empty: off. Never on the public port: keep it on"
	 " a loopback address or a private network, since the figures say how busy the forum is"},
};

static const struct config_key *find_key(const char *name)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int parse_number(const char *value, long long min, long long max, long long *out)
{
	int64_t v;
	if (parse_int(value, min, max, &v) != 0)
		return -1;
	*out = v;
	return 0;
}

static int parse_listen(struct config *cfg, const char *value)
{
	const char *colon = strrchr(value, ':');
	long long port;
	if (!colon || colon == value || (size_t)(colon - value) >= sizeof cfg->listen_host)
		return -1;
	if (parse_number(colon + 1, 1, 65535, &port) != 0)
		return -1;
	const char *host = value;
	size_t hostlen = (size_t)(colon - value);
	if (host[0] == '[' && hostlen > 2 && host[hostlen - 1] == ']') {
		host++;
		hostlen -= 2;
	}
	memcpy(cfg->listen_host, host, hostlen);
	cfg->listen_host[hostlen] = '\0';
	cfg->listen_port = (int)port;
	return 0;
}

static int set_bool(bool *field, const char *value)
{
	if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "on") || !strcmp(value, "1"))
		*field = true;
	else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "off") || !strcmp(value, "0"))
		*field = false;
	else
		return -1;
	return 0;
}

static const char *apply_key(struct config *cfg, const struct config_key *k, const char *value)
{
	char *field = (char *)cfg + k->offset;
	long long n;
	switch (k->type) {
	case KEY_LISTEN:
		return parse_listen(cfg, value) ? "expected HOST:PORT with a port from 1 to 65535" : NULL;
	case KEY_STRING:
		if (strlen(value) >= k->size)
			return "value too long";
		strcpy(field, value);
		return NULL;
	case KEY_BOOL:
		return set_bool((bool *)field, value) ? "expected true or false" : NULL;
	case KEY_INT:
		if (parse_number(value, k->min, k->max, &n))
			return "expected a whole number in range";
		*(int *)field = (int)n;
		return NULL;
	case KEY_SIZE:
		if (parse_number(value, k->min, k->max, &n))
			return "expected a byte count in range";
		*(size_t *)field = (size_t)n;
		return NULL;
	}
	return "unknown key type";
}

int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
	const struct config_key *k = find_key(key);
	if (!k) {
		snprintf(err, errlen, "%s: unknown key", key);
		return -1;
	}
	const char *why = apply_key(cfg, k, value);
	if (why) {
		if (k->type == KEY_INT || k->type == KEY_SIZE)
			snprintf(err, errlen, "%s: %s (%lld to %lld)", key, why, k->min, k->max);
		else
			snprintf(err, errlen, "%s: %s", key, why);
		return -1;
	}
	return 0;
}

void config_defaults(struct config *cfg)
{
	char err[256];
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (config_set(cfg, keys[i].name, keys[i].default_text, err, sizeof err) != 0)
			abort(); /* a default that does not parse is a programming error */
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* Parses one line; returns 0 (also for blanks and comments) or -1 with err set. */
static int config_line(struct config *cfg, char *line, char *err, size_t errlen)
{
	char *s = trim(line);
	if (*s == '\0' || *s == '#')
		return 0;
	char *eq = strchr(s, '=');
	if (!eq) {
		snprintf(err, errlen, "expected key = value");
		return -1;
	}
	*eq = '\0';
	return config_set(cfg, trim(s), trim(eq + 1), err, errlen);
}

int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[MAX_CONFIG_LINE], why[512];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			rc = -1;
			break;
		}
		if (config_line(cfg, line, why, sizeof why) != 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

void config_print_reference(void)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		printf("%-28s default %-32s %s\n", keys[i].name,
		       keys[i].default_text[0] ? keys[i].default_text : "(empty)", keys[i].meaning);
}

size_t config_key_count(void)
{
	return sizeof keys / sizeof keys[0];
}

struct config_doc config_key_doc(size_t i)
{
	return (struct config_doc){ keys[i].name, keys[i].default_text, keys[i].meaning };
}

void config_value_text(const struct config *cfg, size_t i, char *out, size_t outlen)
{
	const struct config_key *k = &keys[i];
	const char *field = (const char *)cfg + k->offset;
	switch (k->type) {
	case KEY_LISTEN:
		if (strchr(cfg->listen_host, ':'))
			snprintf(out, outlen, "[%s]:%d", cfg->listen_host, cfg->listen_port);
		else
			snprintf(out, outlen, "%s:%d", cfg->listen_host, cfg->listen_port);
		return;
	case KEY_STRING:
		snprintf(out, outlen, "%s", field);
		return;
	case KEY_BOOL:
		snprintf(out, outlen, "%s", *(const bool *)field ? "true" : "false");
		return;
	case KEY_INT:
		snprintf(out, outlen, "%d", *(const int *)field);
		return;
	case KEY_SIZE:
		snprintf(out, outlen, "%zu", *(const size_t *)field);
		return;
	}
	out[0] = '\0';
}
