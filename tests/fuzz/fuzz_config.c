/* fuzz_config.c: the config file parser (base/config.c) on any bytes, read as forumd reads
 * /etc/forumd/forumd.conf. Properties: a file it accepts leaves every number in its range
 * and every string NUL-terminated in its field; one it refuses names the line. */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"

static void check_config(const struct config *c)
{
	FUZZ_CHECK(memchr(c->listen_host, '\0', sizeof c->listen_host) != NULL);
	FUZZ_CHECK(memchr(c->db_path, '\0', sizeof c->db_path) != NULL);
	FUZZ_CHECK(memchr(c->site_name, '\0', sizeof c->site_name) != NULL);
	FUZZ_CHECK(memchr(c->metrics_listen, '\0', sizeof c->metrics_listen) != NULL);
	FUZZ_CHECK(c->listen_port >= 0 && c->listen_port <= 65535);
	FUZZ_CHECK(c->workers >= 0 && c->max_connections >= 0 && c->max_connections_per_client >= 0);
	FUZZ_CHECK(c->idle_timeout > 0 && c->request_deadline > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("forumd.conf", MFD_CLOEXEC);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(write(fd, data, size) == (ssize_t)size);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	struct config cfg;
	char err[512] = "";
	config_defaults(&cfg);
	if (config_load_file(&cfg, path, err, sizeof err) == 0)
		check_config(&cfg);
	else
		FUZZ_CHECK(strncmp(err, path, strlen(path)) == 0 && err[strlen(path)] == ':');
	close(fd);
	return 0;
}
