/* replay.c: runs a fuzz target over files, without libFuzzer: every file of each folder
 * named (a seed corpus, with each crash the fuzzers found kept as a regression), as a TAP
 * test. Linked with each target in the ordinary builds (meson test), so the corpora run
 * under gcc and under ASan+UBSan on every test run. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the target on one file's bytes. 0, or -1 when it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, n = 0;
	unsigned char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			unsigned char *bigger = realloc(buf, cap *= 2);
			if (!bigger)
				free(buf);
			buf = bigger;
		}
	}
	fclose(f);
	if (!buf)
		return -1;
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	char **files = NULL;
	size_t nfiles = 0;
	for (int a = 1; a < argc; a++) {
		DIR *d = opendir(argv[a]);
		if (!d) {
			printf("Bail out! cannot open %s\n", argv[a]);
			return 1;
		}
		struct dirent *e;
		while ((e = readdir(d))) {
			char path[4096];
			struct stat st;
			snprintf(path, sizeof path, "%s/%s", argv[a], e->d_name);
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			files = realloc(files, (nfiles + 1) * sizeof *files);
			files[nfiles++] = strdup(path);
		}
		closedir(d);
	}
	if (nfiles == 0) {
		printf("Bail out! no corpus files\n");
		return 1;
	}
	qsort(files, nfiles, sizeof *files, cmp);
	printf("1..%zu\n", nfiles);
	int failed = 0;
	for (size_t i = 0; i < nfiles; i++) {
		int rc = replay_file(files[i]);
		printf("%s %zu - %s\n", rc == 0 ? "ok" : "not ok", i + 1, files[i]);
		failed |= rc != 0;
		free(files[i]);
	}
	free(files);
	return failed;
}
