/* guardonline.c: emails and handles (guardonline.h) over the post's tokens. An address is
 * a run of letters, digits and ". _ % + -" before '@' (a space either side is allowed:
 * "liam_oconnor_91 @ icloud.com") and a domain of dotted words after it. */
#include "guardonline.h"

#include <string.h>

#define N(a) (sizeof (a) / sizeof (a)[0])
#define HANDLE_CONTEXT 5     /* tokens before '@' a network or verb may stand */

/* Networks and words for an account on one, that make an @handle someone's account
 * elsewhere ("her insta is @x", "his username @x"). Sorted. */
static const char *const networks[] = {
	"account", "cashapp", "facebook", "fb", "handle", "ig", "insta", "instagram", "instas",
	"onlyfans", "snap", "snapchat", "snaps", "telegram", "threads", "tiktok", "tiktoks",
	"twitter", "username", "venmo", "whatsapp", "x",
};
/* Verbs of finding or messaging someone that make an @handle an account too ("he found me
 * as @x"), unless the handle is a forum member's (store/mentions.h drops those). Sorted. */
static const char *const verbs[] = {
	"added", "called", "commented", "commenting", "comments", "dm", "dms", "follow",
	"followed", "following", "follows", "found", "message", "messaged", "named",
};

/* The networks themselves, named before or after a handle. Sorted. */
static const char *const platforms[] = {
	"discord", "facebook", "fb", "ig", "insta", "instagram", "kakaotalk", "linkedin", "snap",
	"snapchat", "telegram", "threads", "tiktok", "twitter", "whatsapp",
};

static bool joined(const struct guard_text *g, size_t i)
{
	return i < g->n && !(g->t[i].flags & TOK_SPACE);
}

/* Tokens of an address's local part or a handle: words, numbers, "._%+-" marks. */
static bool address_piece(const struct guard_text *g, size_t i)
{
	return i < g->n && (g->t[i].kind != TOK_PUNCT || strchr("._%+-", g->s[g->t[i].start]));
}

/* The end of the domain after '@' at token i ("icloud.com", "example.co.uk"), or 0. */
static size_t domain_end(const struct guard_text *g, size_t i)
{
	size_t j = i + 1, dots = 0;
	if (j >= g->n || g->t[j].kind == TOK_PUNCT)
		return 0;
	while (j + 2 < g->n && guard_tok_punct(g, j + 1, '.') && joined(g, j + 1) &&
	       joined(g, j + 2) && g->t[j + 2].kind == TOK_WORD) {
		j += 2;
		dots++;
	}
	return dots && g->t[j].end - g->t[j].start >= 2 ? j + 1 : 0;
}

void guard_emails(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 1; i < g->n; i++) {
		if (!guard_tok_punct(g, i, '@'))
			continue;
		size_t end = domain_end(g, i);
		if (!end || !address_piece(g, i - 1) || g->t[i - 1].kind == TOK_PUNCT)
			continue;
		size_t a = i - 1;
		while (a > 0 && joined(g, a) && address_piece(g, a - 1))
			a--;
		emit(ctx, g->t[a].start, g->t[end - 1].end);
		i = end - 1;
	}
}

/* Webmail providers: "jane dot doe at gmail", "sharon k one nine at hotmail". Sorted. */
static const char *const webmail[] = { "aol", "bigpond", "btinternet", "gmail", "gmx", "hotmail",
	"icloud", "live", "outlook", "proton", "protonmail", "yahoo", "ymail" };

/* Words that say an address follows: "her email is", "write to her at". Sorted. */
static const char *const mail_words[] = { "address", "e-mail", "email", "emailed", "emails",
	"mail", "message", "write" };

/* "at gmail" is an address when "dot ..." follows it or a mail word is in the eight words
 * before ("looking at live footage" is none). */
static bool mail_told(const struct guard_text *g, size_t i)
{
	if (guard_tok_is(g, i + 2, "dot") || (guard_tok_punct(g, i + 2, '.') && joined(g, i + 2)))
		return true;
	for (size_t k = i >= 8 ? i - 8 : 0; k < i; k++)
		if (guard_tok_in(g, k, mail_words, N(mail_words)))
			return true;
	return false;
}

/* "at gmail" after a word: an address given in words, from the words before "at" (up to
 * four, back to a mark) to the provider and any "dot com" after it. */
void guard_webmail(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 1; i + 1 < g->n; i++) {
		if (!guard_tok_is(g, i, "at") || !guard_tok_in(g, i + 1, webmail, N(webmail)) ||
		    g->t[i - 1].kind == TOK_PUNCT || !mail_told(g, i))
			continue;
		size_t a = i - 1;
		while (a > 0 && a + 4 > i && g->t[a - 1].kind != TOK_PUNCT &&
		       !(g->t[a - 1].flags & TOK_SENTENCE) && !guard_tok_is(g, a - 1, "is"))
			a--;
		size_t end = i + 2;
		while (end + 1 < g->n && (guard_tok_is(g, end, "dot") || guard_tok_punct(g, end, '.')) &&
		       g->t[end + 1].kind == TOK_WORD && g->t[end + 1].end - g->t[end + 1].start <= 3)
			end += 2;
		emit(ctx, g->t[a].start, g->t[end - 1].end);
		i = end - 1;
	}
}

/* The end of a handle's tokens from i: words, numbers and inner "._-" marks. */
static size_t handle_end(const struct guard_text *g, size_t i)
{
	size_t end = i;
	while (end < g->n && (end == i || joined(g, end)) && address_piece(g, end) &&
	       !(g->t[end].kind == TOK_PUNCT && !(end + 1 < g->n && joined(g, end + 1) &&
	         g->t[end + 1].kind != TOK_PUNCT)))
		end++;
	return end;
}

/* "her insta is kayla.m.jonesss", "on discord he's xX_mattyB_Xx": a network, then a name
 * written as a handle (with '.', '_' or digits in it) within a few words. */
static void bare_handles(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 0; i < g->n; i++) {
		if (!guard_tok_in(g, i, platforms, N(platforms)))
			continue;
		for (size_t k = i + 1; k < g->n && k <= i + 4; k++) {
			if (g->t[k].kind == TOK_PUNCT || guard_tok_punct(g, k - 1, '@'))
				continue;
			size_t end = handle_end(g, k);
			bool marked = false;
			size_t letters = 0;
			for (size_t m = k; m < end; m++) {
				marked |= g->t[m].kind != TOK_WORD;
				letters += g->t[m].kind == TOK_WORD ? g->t[m].end - g->t[m].start : 0;
			}
			/* "kayla.m.jonesss", "xX_mattyB_Xx"; not "2-3 hours", "10.5k" */
			if (end > k + 1 && marked && letters >= 3) {
				emit(ctx, g->t[k].start, g->t[end - 1].end);
				i = end - 1;
				break;
			}
		}
	}
}

/* True when a word of list stands among the HANDLE_CONTEXT tokens before token i. */
static bool said_before(const struct guard_text *g, size_t i, const char *const *list, size_t n)
{
	for (size_t k = i > HANDLE_CONTEXT ? i - HANDLE_CONTEXT : 0; k < i; k++)
		if (guard_tok_in(g, k, list, n))
			return true;
	return false;
}

/* The @handles named by a network (by_network), or only by a verb (!by_network). */
static void at_handles(const struct guard_text *g, guard_emit emit, void *ctx, bool by_network)
{
	for (size_t i = 0; i + 1 < g->n; i++) {
		if (!guard_tok_punct(g, i, '@') || !joined(g, i + 1) || g->t[i + 1].kind == TOK_PUNCT ||
		    (i > 0 && joined(g, i) && g->t[i - 1].kind != TOK_PUNCT))
			continue;   /* no handle, or an email's '@' */
		size_t end = handle_end(g, i + 1);
		bool network = said_before(g, i, networks, N(networks));
		/* "he's @big_tui_77 on tiktok": the network after it */
		for (size_t k = end; k < g->n && k < end + 3 && !network; k++)
			network = guard_tok_in(g, k, platforms, N(platforms));
		if (by_network ? !network : network || !said_before(g, i, verbs, N(verbs)))
			continue;
		emit(ctx, g->t[i].start, g->t[end - 1].end);
		i = end - 1;
	}
}

void guard_handles(const struct guard_text *g, guard_emit emit, void *ctx)
{
	bare_handles(g, emit, ctx);
	at_handles(g, emit, ctx, true);
}

void guard_handle_verbs(const struct guard_text *g, guard_emit emit, void *ctx)
{
	at_handles(g, emit, ctx, false);
}

bool guard_online_ready(void)
{
	return guard_list_ready(networks, N(networks)) && guard_list_ready(verbs, N(verbs)) &&
	       guard_list_ready(platforms, N(platforms)) &&
	       guard_list_ready(webmail, N(webmail)) && guard_list_ready(mail_words, N(mail_words));
}
