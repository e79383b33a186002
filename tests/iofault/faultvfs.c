/* faultvfs.c: a test VFS for forumd's I/O-fault tests (tests/integration/iofaults.test.mjs),
 * linked into forumd only when built with -Dio_faults=true (ops/test.sh's builds; never a
 * release or the package). It wraps SQLite's default VFS and, while the control file named by
 * FORUMD_IO_FAULTS lists "read", "write" or "sync", fails that operation on the database and
 * its WAL with the I/O error a failing disk gives (SQLITE_IOERR_READ, _WRITE, _FSYNC); with
 * "/N" after the word ("read/3"), only every Nth such operation fails, so a request can fail
 * part way through. Every other call goes to the real VFS unchanged. The control file is looked at (stat) on each
 * read, write and sync, and read again when it changed. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

int fault_vfs_install(const char *control);

enum { FAULT_READ = 1, FAULT_WRITE = 2, FAULT_SYNC = 4 };

static struct {
	pthread_mutex_t lock;
	const char *path;
	struct timespec mtime;
	off_t size;
	int faults;
	unsigned every[3];   /* read, write, sync: fail every Nth (1: all) */
} control = { .lock = PTHREAD_MUTEX_INITIALIZER };

static atomic_uint injected;
static atomic_uint seen[3];   /* read, write, sync operations while their fault is on */

/* The N of "word/N" in buf (1 when absent). */
static unsigned every_of(const char *buf, const char *word)
{
	const char *p = strstr(buf, word);
	if (!p || p[strlen(word)] != '/')
		return 1;
	unsigned n = (unsigned)strtoul(p + strlen(word) + 1, NULL, 10);
	return n ? n : 1;
}
static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;

struct fault_file {
	sqlite3_file base;
	sqlite3_file *real;   /* the real VFS's file, just after this struct */
	bool watched;         /* the database or its WAL */
};

/* The faults the control file asks for now; every[] their periods. */
static int faults_now(unsigned every[3])
{
	struct stat st;
	pthread_mutex_lock(&control.lock);
	if (stat(control.path, &st) != 0) {
		control.faults = 0;
	} else if (st.st_mtim.tv_sec != control.mtime.tv_sec ||
	           st.st_mtim.tv_nsec != control.mtime.tv_nsec || st.st_size != control.size) {
		char buf[128] = "";
		FILE *f = fopen(control.path, "r");
		if (f) {
			size_t n = fread(buf, 1, sizeof buf - 1, f);
			buf[n] = '\0';
			fclose(f);
		}
		control.faults = (strstr(buf, "read") ? FAULT_READ : 0) |
		                 (strstr(buf, "write") ? FAULT_WRITE : 0) |
		                 (strstr(buf, "sync") ? FAULT_SYNC : 0);
		control.every[0] = every_of(buf, "read");
		control.every[1] = every_of(buf, "write");
		control.every[2] = every_of(buf, "sync");
		for (int i = 0; i < 3; i++)
			atomic_store(&seen[i], 0);
		control.mtime = st.st_mtim;
		control.size = st.st_size;
	}
	int faults = control.faults;
	memcpy(every, control.every, sizeof control.every);
	pthread_mutex_unlock(&control.lock);
	return faults;
}

/* True when op must fail on f now (and says so on stderr, the first 50 times). */
static bool inject(struct fault_file *f, int op, const char *name)
{
	unsigned every[3];
	int i = op == FAULT_READ ? 0 : op == FAULT_WRITE ? 1 : 2;
	if (!f->watched || !(faults_now(every) & op) || (atomic_fetch_add(&seen[i], 1) + 1) % every[i] != 0)
		return false;
	unsigned n = atomic_fetch_add(&injected, 1) + 1;
	if (n <= 50)
		fprintf(stderr, "forumd: io-fault: %s failed (EIO), %u so far\n", name, n);
	return true;
}

static int f_close(sqlite3_file *p)
{
	struct fault_file *f = (struct fault_file *)p;
	return f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
}

static int f_read(sqlite3_file *p, void *buf, int n, sqlite3_int64 off)
{
	struct fault_file *f = (struct fault_file *)p;
	if (inject(f, FAULT_READ, "read"))
		return SQLITE_IOERR_READ;
	return f->real->pMethods->xRead(f->real, buf, n, off);
}

static int f_write(sqlite3_file *p, const void *buf, int n, sqlite3_int64 off)
{
	struct fault_file *f = (struct fault_file *)p;
	if (inject(f, FAULT_WRITE, "write"))
		return SQLITE_IOERR_WRITE;
	return f->real->pMethods->xWrite(f->real, buf, n, off);
}

static int f_sync(sqlite3_file *p, int flags)
{
	struct fault_file *f = (struct fault_file *)p;
	if (inject(f, FAULT_SYNC, "fsync"))
		return SQLITE_IOERR_FSYNC;
	return f->real->pMethods->xSync(f->real, flags);
}

#define REAL(p) (((struct fault_file *)(p))->real)
static int f_truncate(sqlite3_file *p, sqlite3_int64 size) { return REAL(p)->pMethods->xTruncate(REAL(p), size); }
static int f_size(sqlite3_file *p, sqlite3_int64 *size) { return REAL(p)->pMethods->xFileSize(REAL(p), size); }
static int f_lock(sqlite3_file *p, int l) { return REAL(p)->pMethods->xLock(REAL(p), l); }
static int f_unlock(sqlite3_file *p, int l) { return REAL(p)->pMethods->xUnlock(REAL(p), l); }
static int f_reserved(sqlite3_file *p, int *out) { return REAL(p)->pMethods->xCheckReservedLock(REAL(p), out); }
static int f_control(sqlite3_file *p, int op, void *arg) { return REAL(p)->pMethods->xFileControl(REAL(p), op, arg); }
static int f_sector(sqlite3_file *p) { return REAL(p)->pMethods->xSectorSize(REAL(p)); }
static int f_caps(sqlite3_file *p) { return REAL(p)->pMethods->xDeviceCharacteristics(REAL(p)); }
static int f_shm_map(sqlite3_file *p, int i, int sz, int extend, void volatile **pp)
{ return REAL(p)->pMethods->xShmMap(REAL(p), i, sz, extend, pp); }
static int f_shm_lock(sqlite3_file *p, int off, int n, int flags)
{ return REAL(p)->pMethods->xShmLock(REAL(p), off, n, flags); }
static void f_shm_barrier(sqlite3_file *p) { REAL(p)->pMethods->xShmBarrier(REAL(p)); }
static int f_shm_unmap(sqlite3_file *p, int del) { return REAL(p)->pMethods->xShmUnmap(REAL(p), del); }
/* No memory-mapped reads: every read goes through f_read. */
static int f_fetch(sqlite3_file *p, sqlite3_int64 off, int n, void **pp) { *pp = NULL; return SQLITE_OK; }
static int f_unfetch(sqlite3_file *p, sqlite3_int64 off, void *ptr) { return SQLITE_OK; }

static const sqlite3_io_methods fault_methods = {
	3, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock, f_reserved,
	f_control, f_sector, f_caps, f_shm_map, f_shm_lock, f_shm_barrier, f_shm_unmap,
	f_fetch, f_unfetch,
};

static int f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *p, int flags, int *out_flags)
{
	struct fault_file *f = (struct fault_file *)p;
	memset(f, 0, sizeof *f);
	f->real = (sqlite3_file *)(f + 1);
	f->watched = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0;
	int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	/* a file the real VFS opened is closed through us, even when it had no methods */
	p->pMethods = f->real->pMethods ? &fault_methods : NULL;
	return rc;
}

#define VREAL real_vfs
static int v_delete(sqlite3_vfs *v, const char *n, int sync) { return VREAL->xDelete(VREAL, n, sync); }
static int v_access(sqlite3_vfs *v, const char *n, int flags, int *out) { return VREAL->xAccess(VREAL, n, flags, out); }
static int v_full(sqlite3_vfs *v, const char *n, int len, char *out) { return VREAL->xFullPathname(VREAL, n, len, out); }
static void *v_dlopen(sqlite3_vfs *v, const char *n) { return VREAL->xDlOpen(VREAL, n); }
static void v_dlerror(sqlite3_vfs *v, int n, char *out) { VREAL->xDlError(VREAL, n, out); }
static void (*v_dlsym(sqlite3_vfs *v, void *h, const char *s))(void) { return VREAL->xDlSym(VREAL, h, s); }
static void v_dlclose(sqlite3_vfs *v, void *h) { VREAL->xDlClose(VREAL, h); }
static int v_random(sqlite3_vfs *v, int n, char *out) { return VREAL->xRandomness(VREAL, n, out); }
static int v_sleep(sqlite3_vfs *v, int us) { return VREAL->xSleep(VREAL, us); }
static int v_time(sqlite3_vfs *v, double *out) { return VREAL->xCurrentTime(VREAL, out); }
static int v_error(sqlite3_vfs *v, int n, char *out) { return VREAL->xGetLastError(VREAL, n, out); }
static int v_time64(sqlite3_vfs *v, sqlite3_int64 *out) { return VREAL->xCurrentTimeInt64(VREAL, out); }

/* Registers the fault VFS as the default, wrapping the default one. 0, or -1. */
int fault_vfs_install(const char *path)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs || !path || !*path)
		return -1;
	control.path = path;
	fault_vfs = (sqlite3_vfs){
		.iVersion = 2, .szOsFile = (int)sizeof(struct fault_file) + real_vfs->szOsFile,
		.mxPathname = real_vfs->mxPathname, .zName = "forumd-faults",
		.xOpen = f_open, .xDelete = v_delete, .xAccess = v_access, .xFullPathname = v_full,
		.xDlOpen = v_dlopen, .xDlError = v_dlerror, .xDlSym = v_dlsym, .xDlClose = v_dlclose,
		.xRandomness = v_random, .xSleep = v_sleep, .xCurrentTime = v_time,
		.xGetLastError = v_error, .xCurrentTimeInt64 = v_time64,
	};
	return sqlite3_vfs_register(&fault_vfs, 1) == SQLITE_OK ? 0 : -1;
}
