/* handle.c: the shape of a handle, the handles nobody may take, and @handles in a text. */
#include "handle.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "limits.h"

static const char *const reserved_handles[] = {
	"admin", "administrator", "moderator", "mod", "mods", "moderators", "anonymous", "anon",
	"staff", "system", "root", "support", "help", "helpdesk", "forumd", "official", "owner",
	"security", "team", "webmaster", "postmaster", "hostmaster", "abuse", "noreply",
	"api", "login", "logout", "register", "account", "accounts", "settings", "profile",
	"privacy", "guidelines", "static", "healthz", "former-member", "formermember",
	"deleted", "removed", "null", "undefined", "nobody", "everyone", "guest", "me",
	"nurse", "nurses", "forum", "boundaries", "bot", "server", "operator", "sysop",
};
/* Prefixes that would make a handle look official or like an anonymous alias. */
static const char *const reserved_prefixes[] = {
	"admin", "moderator", "staff", "official", "system", "anonymous", "formermember",
};

bool handle_shape_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < HANDLE_MIN_CHARS || n > HANDLE_MAX_CHARS)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

const char *handle_problem(const char *s)
{
	size_t n = strlen(s);
	if (n < HANDLE_MIN_CHARS)
		return "Use at least " LIMIT_TEXT(HANDLE_MIN_CHARS) " characters.";
	if (n > HANDLE_MAX_CHARS)
		return "Use at most " LIMIT_TEXT(HANDLE_MAX_CHARS) " characters.";
	if (!handle_shape_ok(s))
		return "Use only letters A-Z, digits, _ and -.";
	char squashed[HANDLE_MAX_CHARS + 1];
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_' && s[i] != '-')
			squashed[k++] = (char)tolower((unsigned char)s[i]);
	squashed[k] = '\0';
	for (size_t i = 0; i < sizeof reserved_handles / sizeof *reserved_handles; i++)
		if (strcasecmp(s, reserved_handles[i]) == 0 || strcmp(squashed, reserved_handles[i]) == 0)
			return "That handle is reserved. Choose another.";
	for (size_t i = 0; i < sizeof reserved_prefixes / sizeof *reserved_prefixes; i++)
		if (strncmp(squashed, reserved_prefixes[i], strlen(reserved_prefixes[i])) == 0)
			return "That handle is reserved. Choose another.";
	return NULL;
}


static bool handle_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

size_t handle_mentions(const char *text, struct handle_mention *out, size_t max)
{
	size_t n = 0;
	for (const char *p = strchr(text, '@'); p && n < max; p = strchr(p + 1, '@')) {
		if (p > text && (handle_char(p[-1]) || strchr(".%+", p[-1])))
			continue;   /* an email's '@' */
		size_t len = 0;
		while (handle_char(p[1 + len]))
			len++;
		if (len < HANDLE_MIN_CHARS || len > HANDLE_MAX_CHARS)
			continue;
		out[n].start = (size_t)(p - text);
		out[n].end = out[n].start + 1 + len;
		n++;
	}
	return n;
}
