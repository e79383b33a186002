/* keys.c: the server secret file and the subkeys derived from it with crypto_kdf. */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "mem.h"

/* Subkey ids: append only, since each id names its subkey for good. */
enum { SUB_SESSION = 1, SUB_CSRF, SUB_RECOVERY, SUB_ALIAS, SUB_AUTHOR, SUB_SEAL, SUB_CURSOR,
       SUB_FEED, SUB_DRAFT, SUB_COUNT };

static unsigned char subkeys[SUB_COUNT][KEY_BYTES];
static unsigned char address_key[KEY_BYTES];
static bool loaded;
static uint32_t address_day;
static pthread_mutex_t address_lock = PTHREAD_MUTEX_INITIALIZER;

#define KDF_CONTEXT "forumd-k"   /* crypto_kdf_CONTEXTBYTES = 8 */

/* Reads exactly n bytes; returns 0 or -1. */
static int read_all(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = read(fd, buf + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	unsigned char extra;
	return read(fd, &extra, 1) == 0 ? 0 : -1;
}

static int write_all(int fd, const unsigned char *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t k = write(fd, buf + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return 0;
}

/* Syncs the folder holding `path`, so a new file's entry survives a crash. */
static void sync_parent(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Creates the key file with fresh random bytes. Returns 0, 1 if it already exists, -1. */
static int create_key_file(const char *path, unsigned char master[KEY_BYTES])
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 1 : -1;
	randombytes_buf(master, KEY_BYTES);
	int rc = write_all(fd, master, KEY_BYTES) == 0 && fsync(fd) == 0 ? 0 : -1;
	close(fd);
	if (rc != 0) {
		unlink(path);
		return -1;
	}
	sync_parent(path);
	return 0;
}

static int load_key_file(const char *path, unsigned char master[KEY_BYTES], char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	int rc = 0;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		rc = -1;
	} else if (sb.st_mode & 077) {
		snprintf(err, errlen, "%s: readable by others (chmod 600 it)", path);
		rc = -1;
	} else if (read_all(fd, master, KEY_BYTES) != 0) {
		snprintf(err, errlen, "%s: must hold exactly %d bytes", path, KEY_BYTES);
		rc = -1;
	}
	close(fd);
	return rc;
}

int keys_init(const char *db_path, bool may_create, char *err, size_t errlen)
{
	size_t n = strlen(db_path);
	char *path = xmalloc(n + 5);
	memcpy(path, db_path, n);
	memcpy(path + n, ".key", 5);
	unsigned char master[KEY_BYTES];
	int rc = may_create ? create_key_file(path, master) : 1;
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	else if (rc == 1 && !may_create && access(path, F_OK) != 0) {
		snprintf(err, errlen, "%s: missing: this database's key file. Restore it from its backup"
		         " (forumctl(8), restore); with a new key, anonymous posts' authorship, drafts and"
		         " sessions are lost", path);
		rc = -1;
	}
	else if (rc == 1)
		rc = load_key_file(path, master, err, errlen);
	free(path);
	if (rc < 0) {
		sodium_memzero(master, sizeof master);
		return -1;
	}
	for (int i = SUB_SESSION; i < SUB_COUNT; i++)
		crypto_kdf_derive_from_key(subkeys[i], KEY_BYTES, (uint64_t)i, KDF_CONTEXT, master);
	sodium_memzero(master, sizeof master);
	loaded = true;
	return 0;
}

void keys_free(void)
{
	sodium_memzero(subkeys, sizeof subkeys);
	loaded = false;
	pthread_mutex_lock(&address_lock);
	sodium_memzero(address_key, sizeof address_key);
	address_day = 0;
	pthread_mutex_unlock(&address_lock);
}

const unsigned char *keys_session_key(void) { return subkeys[SUB_SESSION]; }
const unsigned char *keys_csrf_key(void) { return subkeys[SUB_CSRF]; }
const unsigned char *keys_recovery_key(void) { return subkeys[SUB_RECOVERY]; }
const unsigned char *keys_alias_key(void) { return subkeys[SUB_ALIAS]; }
const unsigned char *keys_author_key(void) { return loaded ? subkeys[SUB_AUTHOR] : NULL; }
const unsigned char *keys_seal_key(void) { return loaded ? subkeys[SUB_SEAL] : NULL; }
const unsigned char *keys_cursor_key(void) { return loaded ? subkeys[SUB_CURSOR] : NULL; }
const unsigned char *keys_feed_key(void) { return loaded ? subkeys[SUB_FEED] : NULL; }
const unsigned char *keys_draft_key(void) { return loaded ? subkeys[SUB_DRAFT] : NULL; }

uint32_t keys_day(void)
{
	return (uint32_t)(time(NULL) / 86400);
}

uint32_t keys_address_key(unsigned char out[KEY_BYTES])
{
	uint32_t today = keys_day();
	pthread_mutex_lock(&address_lock);
	if (address_day != today) {
		sodium_memzero(address_key, sizeof address_key);
		randombytes_buf(address_key, sizeof address_key);
		address_day = today;
	}
	memcpy(out, address_key, KEY_BYTES);
	pthread_mutex_unlock(&address_lock);
	return today;
}
