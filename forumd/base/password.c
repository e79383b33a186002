/* password.c: password policy (length in characters, handle, common list, patterns) and
 * Argon2id hashing, verifying and rehash checks. */
#include "password.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "limits.h"
#include "mem.h"
#include "text.h"

extern const struct asset asset_passwords[];   /* common_passwords.txt + password.lst */

#define SEGMENT_MAX      3   /* a password made of at most this many common pieces is refused */
#define SEGMENT_MIN_WORD 4   /* list entries shorter than this are not used as pieces */
#define PERIOD_MAX       8   /* a unit this short, repeated, is a pattern */

static unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
static char dummy_hash[PASSWORD_HASH_BYTES];

static char **common;        /* normalized, sorted, unique */
static size_t ncommon;

/* ---------------------------------------------------------------- the common list */

/* Lower-cases ASCII and drops spaces, '-', '_' and '.'. Returns a new string. */
static char *normalize(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '-' || c == '_' || c == '.')
			continue;
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
	return out;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the non-comment lines of one embedded list to common[]. */
static void add_common_lines(const struct asset *a, size_t *cap)
{
	const char *p = (const char *)a->data, *end = p + a->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len && p[0] != '#') {
			if (ncommon == *cap)
				common = xrealloc(common, (*cap *= 2) * sizeof *common);
			common[ncommon] = normalize(p, len);
			if (common[ncommon][0])
				ncommon++;
			else
				free(common[ncommon]);
		}
		p += len + 1;
	}
}

/* Loads every embedded list: ours (common_passwords.txt, long passwords and passphrases)
 * and Openwall's public-domain list of the ~3,500 most common passwords (password.lst,
 * from Debian's john-data), sorted for binary search. */
static void load_common(void)
{
	if (common)
		return;
	size_t cap = 4096;
	common = xmalloc(cap * sizeof *common);
	for (const struct asset *a = asset_passwords; a->name; a++)
		add_common_lines(a, &cap);
	qsort(common, ncommon, sizeof *common, cmp_str);
}

static bool is_common_n(const char *s, size_t len)
{
	size_t lo = 0, hi = ncommon;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(common[mid], s, len);
		if (c == 0 && common[mid][len] != '\0')
			c = 1;
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* ---------------------------------------------------------------- patterns */

/* Fewest pieces (list words, digit runs, symbol runs) that make up n, or SIZE_MAX. */
static size_t min_common_pieces(const char *n, size_t len)
{
	size_t *best = xmalloc((len + 1) * sizeof *best);
	best[0] = 0;
	for (size_t i = 1; i <= len; i++) {
		best[i] = SIZE_MAX;
		for (size_t j = 0; j < i; j++) {
			if (best[j] == SIZE_MAX)
				continue;
			size_t k = i - j;
			bool piece = k >= SEGMENT_MIN_WORD && is_common_n(n + j, k);
			if (!piece) {
				bool digits = true, symbols = true;
				for (size_t x = j; x < i; x++) {
					digits = digits && isdigit((unsigned char)n[x]);
					symbols = symbols && ispunct((unsigned char)n[x]);
				}
				piece = digits || symbols;
			}
			if (piece && best[j] + 1 < best[i])
				best[i] = best[j] + 1;
		}
	}
	size_t r = best[len];
	free(best);
	return r;
}

/* True when n is a short unit repeated (including one character repeated). */
static bool is_repeated(const char *n, size_t len)
{
	for (size_t period = 1; period <= len / 2; period++) {
		bool rep = true;
		for (size_t i = period; i < len && rep; i++)
			rep = n[i] == n[i - period];
		if (rep && (period <= PERIOD_MAX || is_common_n(n, period)))
			return true;
	}
	return false;
}

/* True when every step goes up by one (or every step down by one); digits wrap 9 -> 0. */
static bool is_sequence(const char *n, size_t len)
{
	for (int dir = -1; dir <= 1; dir += 2) {
		bool seq = true;
		for (size_t i = 1; i < len && seq; i++) {
			int a = (unsigned char)n[i - 1], b = (unsigned char)n[i];
			bool wrap = isdigit(a) && isdigit(b) &&
			            (dir > 0 ? (a == '9' && b == '0') : (a == '0' && b == '9'));
			seq = (b - a == dir && isalnum(a) && isalnum(b)) || wrap;
		}
		if (seq)
			return true;
	}
	return false;
}

static const char *const keyboard_rows[] = {
	"1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./",
};
static const char shifted_row0[] = "!@#$%^&*()_+";

static bool key_position(int c, int *row, int *col)
{
	const char *s = strchr(shifted_row0, c);
	if (s && c) {
		*row = 0;
		*col = (int)(s - shifted_row0);
		return true;
	}
	for (int r = 0; r < 4; r++) {
		s = c ? strchr(keyboard_rows[r], c) : NULL;
		if (s) {
			*row = r;
			*col = (int)(s - keyboard_rows[r]);
			return true;
		}
	}
	return false;
}

/* True when (nearly) every step moves to a neighbouring key: qwerty, 1q2w3e, 1qaz2wsx. */
static bool is_keyboard_walk(const char *n, size_t len)
{
	size_t jumps = 0;
	int pr = 0, pc = 0;
	for (size_t i = 0; i < len; i++) {
		int r, c;
		if (!key_position((unsigned char)n[i], &r, &c))
			return false;
		if (i > 0 && (abs(r - pr) > 1 || abs(c - pc) > 1 || (r == pr && c == pc)))
			jumps++;
		pr = r;
		pc = c;
	}
	return jumps * 5 <= len;
}

/* ---------------------------------------------------------------- policy */

enum password_problem password_check(const char *pw, size_t len, const char *handle)
{
	if (!text_is_clean_secret(pw, len))
		return PW_INVALID_TEXT;
	size_t chars = text_chars(pw, len);
	if (chars < PASSWORD_MIN_CHARS)
		return PW_TOO_SHORT;
	if (chars > PASSWORD_MAX_CHARS || len > PASSWORD_MAX_BYTES)
		return PW_TOO_LONG;
	char *lower = normalize(pw, len);
	size_t nlen = strlen(lower);
	enum password_problem p = PW_OK;
	if (handle && handle[0]) {
		char *h = normalize(handle, strlen(handle));
		char *raw = xstrndup(pw, len);
		if ((h[0] && strstr(lower, h)) || strcasestr(raw, handle))
			p = PW_CONTAINS_HANDLE;
		sodium_memzero(raw, len);
		free(raw);
		free(h);
	}
	if (p == PW_OK && (is_common_n(lower, nlen) || min_common_pieces(lower, nlen) <= SEGMENT_MAX))
		p = PW_COMMON;
	if (p == PW_OK && (nlen < PASSWORD_MIN_CHARS / 2 || is_repeated(lower, nlen) ||
	                   is_sequence(lower, nlen) || is_keyboard_walk(lower, nlen)))
		p = PW_PATTERN;
	sodium_memzero(lower, nlen);
	free(lower);
	return p;
}

const char *password_problem_message(enum password_problem p)
{
	switch (p) {
	case PW_OK: return "";
	case PW_INVALID_TEXT: return "The password holds characters that cannot be used (control characters or invalid text).";
	case PW_TOO_SHORT: return "Use at least " LIMIT_TEXT(PASSWORD_MIN_CHARS) " characters. A few unrelated words make a good passphrase.";
	case PW_TOO_LONG: return "Use at most " LIMIT_TEXT(PASSWORD_MAX_CHARS) " characters.";
	case PW_CONTAINS_HANDLE: return "The password must not contain your handle.";
	case PW_COMMON: return "That password is one of the most common ones, or made of them. Choose something less predictable.";
	case PW_PATTERN: return "That password is a simple pattern (a repeat, a sequence or a row of the keyboard). Choose something less predictable.";
	}
	return "That password cannot be used.";
}

/* ---------------------------------------------------------------- hashing */

int password_init(unsigned long long opslimit, size_t memlimit)
{
	if (opslimit < crypto_pwhash_OPSLIMIT_MIN || memlimit < crypto_pwhash_MEMLIMIT_MIN)
		return -1;
	ops_limit = opslimit;
	mem_limit = memlimit;
	load_common();
	unsigned char random_pw[32];
	randombytes_buf(random_pw, sizeof random_pw);
	int rc = crypto_pwhash_str(dummy_hash, (const char *)random_pw, sizeof random_pw,
	                           ops_limit, mem_limit);
	sodium_memzero(random_pw, sizeof random_pw);
	return rc == 0 ? 0 : -1;
}

void password_free(void)
{
	for (size_t i = 0; i < ncommon; i++)
		free(common[i]);
	free(common);
	common = NULL;
	ncommon = 0;
}

int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_BYTES])
{
	return crypto_pwhash_str(out, pw, len, ops_limit, mem_limit) == 0 ? 0 : -1;
}

bool password_verify(const char *hash, const char *pw, size_t len)
{
	if (!hash || strncmp(hash, "$argon2", 7) != 0 || strlen(hash) >= PASSWORD_HASH_BYTES) {
		/* unknown handle, or an account that can never sign in: same work, no match */
		int same_work = crypto_pwhash_str_verify(dummy_hash, pw, len);
		(void)same_work;
		return false;
	}
	return crypto_pwhash_str_verify(hash, pw, len) == 0;
}

bool password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, ops_limit, mem_limit) != 0;
}
