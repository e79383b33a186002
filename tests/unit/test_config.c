/* test_config.c: the config table: defaults, each key's validation, the file reader. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "limits.h"
#include "tap.h"

static char err[1200];

static void defaults_match_limits(void)
{
	struct config c;
	config_defaults(&c);
	CHECK(strcmp(c.listen_host, "127.0.0.1") == 0);
	CHECK(c.listen_port == 8080);
	CHECK(strcmp(c.db_path, DEFAULT_DB_PATH) == 0);
	CHECK(c.max_body == MAX_BODY_BYTES);
	CHECK(c.max_headers == MAX_HEADER_BYTES);
	CHECK(c.request_deadline == REQUEST_DEADLINE_SECONDS);
	CHECK(c.max_connections == MAX_CONNECTIONS);
	CHECK(c.workers == 0);
	CHECK(!c.tls);
	CHECK(!c.trust_proxy);
	CHECK(c.log_requests);
}

static void listen_accepts_ipv4_and_ipv6(void)
{
	struct config c;
	config_defaults(&c);
	CHECK(config_set(&c, "listen", "0.0.0.0:9000", err, sizeof err) == 0);
	CHECK(strcmp(c.listen_host, "0.0.0.0") == 0 && c.listen_port == 9000);
	CHECK(config_set(&c, "listen", "[::1]:81", err, sizeof err) == 0);
	CHECK(strcmp(c.listen_host, "::1") == 0 && c.listen_port == 81);
}

static void listen_rejects_bad_ports(void)
{
	struct config c;
	config_defaults(&c);
	CHECK(config_set(&c, "listen", "127.0.0.1", err, sizeof err) == -1);
	CHECK(strstr(err, "listen:") == err);
	CHECK(config_set(&c, "listen", "127.0.0.1:0", err, sizeof err) == -1);
	CHECK(config_set(&c, "listen", "127.0.0.1:65536", err, sizeof err) == -1);
	CHECK(config_set(&c, "listen", "127.0.0.1:+80", err, sizeof err) == -1);
	CHECK(config_set(&c, "listen", ":80", err, sizeof err) == -1);
	CHECK(c.listen_port == 8080);
}

static void numbers_are_range_checked(void)
{
	struct config c;
	config_defaults(&c);
	CHECK(config_set(&c, "workers", "4", err, sizeof err) == 0 && c.workers == 4);
	CHECK(config_set(&c, "workers", "-1", err, sizeof err) == -1);
	CHECK(config_set(&c, "workers", "1000", err, sizeof err) == -1);
	CHECK(config_set(&c, "workers", "4x", err, sizeof err) == -1);
	CHECK(config_set(&c, "workers", "", err, sizeof err) == -1);
	CHECK(strstr(err, "workers:") == err);
	CHECK(config_set(&c, "max_body", "99999999999999999999", err, sizeof err) == -1);
	CHECK(c.workers == 4);
}

static void booleans_take_words(void)
{
	struct config c;
	config_defaults(&c);
	CHECK(config_set(&c, "tls", "yes", err, sizeof err) == 0 && c.tls);
	CHECK(config_set(&c, "tls", "off", err, sizeof err) == 0 && !c.tls);
	CHECK(config_set(&c, "tls", "maybe", err, sizeof err) == -1);
	CHECK(config_set(&c, "trust_proxy", "true", err, sizeof err) == 0 && c.trust_proxy);
}

static void unknown_key_is_named(void)
{
	struct config c;
	config_defaults(&c);
	CHECK(config_set(&c, "colour", "blue", err, sizeof err) == -1);
	CHECK(strcmp(err, "colour: unknown key") == 0);
}

static void long_string_is_refused(void)
{
	struct config c;
	char big[2000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	config_defaults(&c);
	CHECK(config_set(&c, "db", big, err, sizeof err) == -1);
	CHECK(strcmp(c.db_path, DEFAULT_DB_PATH) == 0);
}

static const char *write_temp(const char *text)
{
	static char path[] = "/tmp/forumd-test-config-XXXXXX";
	strcpy(path, "/tmp/forumd-test-config-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	return path;
}

static void file_with_comments_loads(void)
{
	struct config c;
	config_defaults(&c);
	const char *p = write_temp("# forumd\n\n  listen = 127.0.0.1:8181  \nworkers=2\r\n"
	                           "site_name = Ward talk # not a comment\n");
	CHECK(config_load_file(&c, p, err, sizeof err) == 0);
	CHECK(c.listen_port == 8181 && c.workers == 2);
	CHECK(strcmp(c.site_name, "Ward talk # not a comment") == 0);
	unlink(p);
}

static void file_error_names_line_and_key(void)
{
	struct config c;
	config_defaults(&c);
	const char *p = write_temp("workers = 2\nmax_body = lots\n");
	CHECK(config_load_file(&c, p, err, sizeof err) == -1);
	CHECK(strstr(err, ":2: max_body:") != NULL);
	unlink(p);
	p = write_temp("just words\n");
	CHECK(config_load_file(&c, p, err, sizeof err) == -1);
	CHECK(strstr(err, ":1: expected key = value") != NULL);
	unlink(p);
}

static void missing_file_is_an_error(void)
{
	struct config c;
	config_defaults(&c);
	CHECK(config_load_file(&c, "/nonexistent/forumd.conf", err, sizeof err) == -1);
	CHECK(strstr(err, "/nonexistent/forumd.conf") != NULL);
}

int main(void)
{
	RUN(defaults_match_limits);
	RUN(listen_accepts_ipv4_and_ipv6);
	RUN(listen_rejects_bad_ports);
	RUN(numbers_are_range_checked);
	RUN(booleans_take_words);
	RUN(unknown_key_is_named);
	RUN(long_string_is_refused);
	RUN(file_with_comments_loads);
	RUN(file_error_names_line_and_key);
	RUN(missing_file_is_an_error);
	return DONE();
}
