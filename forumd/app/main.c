/* main.c: forumd's entry point: flags and config, start-up checks, migrations, demo
 * content, then the server until SIGTERM. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "configdoc.h"
#include "conn.h"
#include "db.h"
#include "dispatch.h"
#include "erase.h"
#include "jsonmem.h"
#include "keys.h"
#include "layoutmodel.h"
#include "limits.h"
#include "membermemo.h"
#include "metrics.h"
#include "review.h"
#include "writebatch.h"
#include "migrate.h"
#include "privacy.h"
#include "pwjob.h"
#include "readpool.h"
#include "render.h"
#include "reqlog.h"
#include "routes.h"
#include "seed.h"
#include "server.h"
#include "template.h"
#include "threadshared.h"

/* The flags, for --help and forumd(8). */
static const struct flag_doc {
	const char *flag, *arg, *help;
} flag_docs[] = {
	{"--config", "FILE", "read key = value settings (flags override them)"},
	{"--listen", "ADDR:PORT", "address to serve on (default " DEFAULT_LISTEN ")"},
	{"--db", "PATH", "SQLite database (default " DEFAULT_DB_PATH ")"},
	{"--workers", "N", "worker threads (default: one per core)"},
	{"--migrations", "DIR", "apply DIR/*.sql instead of the embedded migrations"},
	{"--seed-demo", NULL, "fill an empty database with demo dilemmas and replies"},
	{"--routes", NULL, "print the route table (method, pattern, access level) and exit"},
	{"--print", "WHAT", "print forumd(8) (man), forumd.conf(5) (conf-man), a config file"
	 " with every key (conf; the flags and file before it set its values) or the keys as"
	 " tab-separated name, default and meaning (keys), and exit"},
	{"--help", NULL, "print this help and exit"},
	{"--version", NULL, "print the version and exit"},
};
#define FLAG_COUNT (sizeof flag_docs / sizeof flag_docs[0])

static void usage(FILE *out)
{
	int col = fprintf(out, "usage: forumd");
	for (size_t i = 0; i < FLAG_COUNT; i++) {
		char item[64];
		int n = snprintf(item, sizeof item, " [%s%s%s]", flag_docs[i].flag,
		                 flag_docs[i].arg ? " " : "", flag_docs[i].arg ? flag_docs[i].arg : "");
		if (col + n > 78)
			col = fprintf(out, "\n             ");
		col += fprintf(out, "%s", item);
	}
	fputs("\n\n", out);
	for (size_t i = 0; i < FLAG_COUNT; i++) {
		char left[40];
		snprintf(left, sizeof left, "%s%s%s", flag_docs[i].flag, flag_docs[i].arg ? " " : "",
		         flag_docs[i].arg ? flag_docs[i].arg : "");
		fprintf(out, "  %-18s %s\n", left, flag_docs[i].help);
	}
	fputs("\nconfiguration keys:\n", out);
	if (out == stdout)
		config_print_reference();
}

/* forumd(8), from the flags' table; the keys are in forumd.conf(5). */
static void print_man(FILE *out)
{
	man_header(out, "FORUMD", 8, FORUMD_VERSION, "System Administration");
	fputs(".SH NAME\nforumd \\- a small, private forum server for nurses' professional-boundary"
	      " dilemmas\n.SH SYNOPSIS\n.B forumd\n", out);
	for (size_t i = 0; i < FLAG_COUNT; i++) {
		fputs("[", out);
		man_option(out, flag_docs[i].flag, flag_docs[i].arg);
		fputs("]\n", out);
	}
	fputs(".SH DESCRIPTION\n"
	      "forumd serves a forum where nurses ask about professional boundaries and answer each"
	      " other under pseudonyms or anonymously, over HTTP on a loopback address, behind a TLS"
	      " reverse proxy. Its data is one SQLite database; a key file beside it (the database's"
	      " name with .key) holds the secret that seals anonymous authorship.\n"
	      ".PP\nOn SIGTERM or SIGINT it finishes the requests in flight and exits 0.\n"
	      ".SH OPTIONS\n", out);
	for (size_t i = 0; i < FLAG_COUNT; i++) {
		fputs(".TP\n", out);
		man_option(out, flag_docs[i].flag, flag_docs[i].arg);
		fputs("\n", out);
		man_text(out, flag_docs[i].help);
		fputs(".\n", out);
	}
	fputs(".SH FILES\n.TP\n.I /etc/forumd/forumd.conf\nthe settings (forumd.conf(5)).\n"
	      ".TP\n.I /var/lib/forumd/forum.db\nthe database, with its write-ahead log and key"
	      " file beside it.\n"
	      ".SH SEE ALSO\n.BR forumd.conf (5),\n.BR forumctl (8)\n", out);
}

/* forumd.conf(5), from the config table. */
static void print_conf_man(FILE *out)
{
	man_header(out, "FORUMD.CONF", 5, FORUMD_VERSION, "File Formats");
	fputs(".SH NAME\nforumd.conf \\- forumd's settings\n.SH DESCRIPTION\n"
	      "forumd reads this file with \\fB\\-\\-config\\fR. Each line is \\fIkey\\fR ="
	      " \\fIvalue\\fR; blank lines and lines starting with # are ignored, and a key not"
	      " given keeps its default. Sizes are in bytes, times in seconds. An unknown key or a"
	      " value out of range stops forumd at start-up, naming the line.\n"
	      ".SH KEYS\n", out);
	config_print_man_keys(out);
	fputs(".SH SEE ALSO\n.BR forumd (8),\n.BR forumctl (8)\n", out);
}

struct options {
	const char *config_file;
	const char *print;
	int seed_demo;
};

static void die_usage(const char *msg)
{
	fprintf(stderr, "forumd: %s\n", msg);
	exit(2);
}

/* Reads the flags: --config first (file settings), then the rest override. */
static void parse_flags(int argc, char **argv, struct config *cfg, struct options *opt)
{
	static const struct option longopts[] = {
		{"config", required_argument, 0, 'c'},   {"listen", required_argument, 0, 'l'},
		{"db", required_argument, 0, 'd'},       {"workers", required_argument, 0, 'w'},
		{"migrations", required_argument, 0, 'm'}, {"seed-demo", no_argument, 0, 's'},
		{"routes", no_argument, 0, 'r'},         {"help", no_argument, 0, 'h'},           {"version", no_argument, 0, 'v'},
		{"print", required_argument, 0, 'p'},
		{0, 0, 0, 0},
	};
	char err[1200];
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'c')
			opt->config_file = optarg;
		else if (c == 'h')
			usage(stdout), exit(0);
		else if (c == 'r')
			routes_print(stdout), exit(0);
		else if (c == 'v')
			printf("forumd %s\n", FORUMD_VERSION), exit(0);
		else if (c == '?' || c == ':') {
			snprintf(err, sizeof err, "%s: %s (try --help)", argv[optind - 1],
			         c == ':' ? "needs a value" : "unknown flag");
			die_usage(err);
		}
	}
	if (optind < argc)
		die_usage("unexpected argument (try --help)");
	if (opt->config_file && config_load_file(cfg, opt->config_file, err, sizeof err) != 0)
		die_usage(err);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		const char *key = c == 'l' ? "listen" : c == 'd' ? "db" : c == 'w' ? "workers"
		                : c == 'm' ? "migrations_dir" : NULL;
		if (c == 's')
			opt->seed_demo = 1;
		if (c == 'p')
			opt->print = optarg;
		if (key && config_set(cfg, key, optarg, err, sizeof err) != 0)
			die_usage(err);
	}
}

/* Opens the database once on the main thread: migrations, then demo content. */
static int prepare_database(const struct config *cfg, int seed)
{
	char err[1024];
	struct db *db = db_open(cfg->db_path, err, sizeof err);
	if (!db) {
		fprintf(stderr, "forumd: %s\n", err);
		return -1;
	}
	/* a new key only for a new database: one with data keeps the key that sealed it */
	if (keys_init(cfg->db_path, db_is_empty(db), err, sizeof err) != 0) {
		fprintf(stderr, "forumd: %s\n", err);
		db_close(db);
		return -1;
	}
	int applied = migrate_run(db, cfg->migrations_dir, err, sizeof err);
	if (applied < 0) {
		fprintf(stderr, "forumd: migration failed: %s\n", err);
		db_close(db);
		return -1;
	}
	if (applied > 0) {
		fprintf(stderr, "forumd: applied %d migration%s\n", applied, applied == 1 ? "" : "s");
		erase_purge(db);  /* what a migration rewrote (e.g. 0008's member ids) leaves no WAL copy */
	}
	if (seed && seed_demo(db, err, sizeof err) != 0) {
		fprintf(stderr, "forumd: demo content: %s\n", err);
		db_close(db);
		return -1;
	}
	db_close(db);
	return 0;
}

/* On each worker thread before its event base goes: no pool job may call back into it. */
static void worker_stopping(struct event_base *base)
{
	accounts_worker_stop(base);
	render_worker_stop(base);
	write_batch_worker_stop();
	readpool_worker_stop(base);
	thread_shared_worker_stop();
	member_memo_worker_stop();
}

static const struct server_hooks hooks = { request_dispatch, worker_stopping };

static const char *metrics_db_path;

/* The review queue's length, on the metrics thread, with a connection of its own. */
static int64_t review_queue_gauge(void)
{
	static struct db *db;
	char err[256];
	if (!db && !(db = db_open(metrics_db_path, err, sizeof err)))
		return -1;
	return review_queue_count(db);
}

/* The metrics' routes and gauges, and their listener when metrics_listen is set. */
static int start_metrics(const struct config *cfg)
{
	char err[400];
	metrics_db_path = cfg->db_path;
	metrics_init(routes, routes_count);
	metrics_set_gauge(METRIC_HASH_QUEUE, pw_queue_depth);
	metrics_set_gauge(METRIC_RENDER_QUEUE, render_queue_depth);
	metrics_set_gauge(METRIC_REVIEW_QUEUE, review_queue_gauge);
	if (metrics_start(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "forumd: %s\n", err);
		return -1;
	}
	if (cfg->metrics_listen[0])
		fprintf(stderr, "forumd: metrics on http://%s/metrics\n", cfg->metrics_listen);
	return 0;
}

/* --print WHAT: a document made from forumd's own tables. Exit status. */
static int print_document(const char *what, const struct config *cfg)
{
	if (!strcmp(what, "man"))
		print_man(stdout);
	else if (!strcmp(what, "conf-man"))
		print_conf_man(stdout);
	else if (!strcmp(what, "conf"))
		config_print_file(stdout, cfg);
	else if (!strcmp(what, "keys"))
		config_print_keys(stdout);
	else
		die_usage("--print: expected man, conf-man, conf or keys");
	return fflush(stdout) == 0 ? 0 : 1;
}

#ifdef FORUMD_IO_FAULTS
/* tests/iofault/faultvfs.c, in test builds only (meson option io_faults) */
int fault_vfs_install(const char *control);

/* With FORUMD_IO_FAULTS=FILE, the database's I/O fails while FILE says so. */
static int install_io_faults(void)
{
	const char *control = getenv("FORUMD_IO_FAULTS");
	if (!control)
		return 0;
	if (fault_vfs_install(control) != 0) {
		fprintf(stderr, "forumd: cannot install the I/O-fault VFS\n");
		return -1;
	}
	fprintf(stderr, "forumd: I/O faults from %s (a test build)\n", control);
	return 0;
}
#else
static int install_io_faults(void)
{
	return 0;
}
#endif

int main(int argc, char **argv)
{
	struct config cfg;
	struct options opt = {0};
	jsonmem_init(); /* before any thread and before the first JSON value */
	config_defaults(&cfg);
	parse_flags(argc, argv, &cfg, &opt);
	if (opt.print)
		return print_document(opt.print, &cfg);
	server_block_signals(); /* before any thread: only the main thread takes SIGTERM */
	if (sodium_init() < 0) {
		fprintf(stderr, "forumd: libsodium failed to initialise\n");
		return 1;
	}
	if (db_watch_failures() != 0) {   /* before SQLite initialises */
		fprintf(stderr, "forumd: cannot set SQLite's error log\n");
		return 1;
	}
	if (install_io_faults() != 0)
		return 1;
	if (tpl_init() != 0)
		return 1;
	if (privacy_init() != 0) {
		fprintf(stderr, "forumd: a privacy guard rule does not compile\n");
		return 1;
	}
	if (prepare_database(&cfg, opt.seed_demo) != 0)
		return 1;
	char err[1200];
	if (accounts_start(&cfg, err, sizeof err) != 0) {
		fprintf(stderr, "forumd: %s\n", err);
		return 1;
	}
	if (render_start() != 0) {
		fprintf(stderr, "forumd: cannot start the markdown rendering threads\n");
		return 1;
	}
	if (readpool_start(cfg.db_path, cfg.search_threads, cfg.search_queue) != 0) {
		fprintf(stderr, "forumd: cannot start the search threads\n");
		return 1;
	}
	if (cfg.log_requests && reqlog_start() != 0) {
		fprintf(stderr, "forumd: cannot start the request log's thread\n");
		return 1;
	}
	conn_size_caps(&cfg, err, sizeof err);
	fprintf(stderr, "forumd: %s\n", err);
	if (start_metrics(&cfg) != 0)
		return 1;
	request_set_layout_extras(layout_viewer_extras);
	int rc = server_run(&cfg, &hooks);
	metrics_stop();
	reqlog_stop();
	readpool_stop();
	render_stop();
	accounts_stop();
	tpl_free_all();
	return rc == 0 ? 0 : 1;
}
