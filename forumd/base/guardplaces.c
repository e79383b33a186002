/* guardplaces.c: streets, boxes and apartments (guardplaces.h) over the post's tokens. A
 * street is one to three capitalised words and a street word ("Station Rd", "Rue
 * Sainte-Catherine" the other way round), or, in lowercase, a house number, words and a
 * street word ("1406 birchwood cres"). */
#include "guardplaces.h"

#include <string.h>

#define N(a) (sizeof (a) / sizeof (a)[0])

/* Street words after a street's name. Sorted. */
static const char *const streets[] = {
	"ave", "avenue", "blvd", "boulevard", "cct", "cir", "circle", "circuit", "cl", "close",
	"court", "cres", "crescent", "ct", "dr", "drive", "esplanade", "gardens", "gr", "grove",
	"hwy", "lane", "ln", "mews", "parade", "parkway", "pde", "pkwy", "pl", "place", "rd",
	"road", "row", "st", "street", "tce", "ter", "terrace", "trail", "trl", "way",
};
/* Words of where someone lives, before a lowercase address. Sorted. */
static const char *const homes[] = { "address", "home", "house", "live", "lived", "lives",
	"living", "moved", "place", "stay", "staying", "stays" };
/* Street words before a name: "Rue Sainte-Catherine", "Avenue Road". */
static const char *const streets_before[] = { "calle", "rue", "via" };

static bool word(const struct guard_text *g, size_t i)
{
	return i < g->n && g->t[i].kind == TOK_WORD;
}

static bool cap(const struct guard_text *g, size_t i)
{
	return word(g, i) && (g->t[i].flags & TOK_CAP);
}

static bool num(const struct guard_text *g, size_t i)
{
	return i < g->n && g->t[i].kind == TOK_NUM;
}

/* "St Mary's", "Dr Patel": a street word that is a title when a name follows it. */
static bool title_like(const struct guard_text *g, size_t i)
{
	return (guard_tok_is(g, i, "st") || guard_tok_is(g, i, "dr")) && cap(g, i + 1 +
	       (i + 1 < g->n && g->t[i + 1].kind == TOK_PUNCT && g->s[g->t[i + 1].start] == '.'));
}

/* A word of where someone lives within the three tokens before i: "lives at 12 birch
 * cres"; without one, "the 2 hour drive" is no street. */
static bool home_before(const struct guard_text *g, size_t i)
{
	for (size_t k = i > 3 ? i - 3 : 0; k < i; k++)
		if (guard_tok_in(g, k, homes, N(homes)))
			return true;
	return false;
}

void guard_streets(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 0; i < g->n; i++) {
		if (guard_tok_in(g, i, streets_before, N(streets_before)) && cap(g, i) && cap(g, i + 1)) {
			emit(ctx, g->t[i].start, g->t[i + 1].end);
			i++;
			continue;
		}
		if (!guard_tok_in(g, i, streets, N(streets)) || title_like(g, i) || i == 0)
			continue;
		/* the name before the street word: capitalised words, or any words after a number */
		size_t a = i;
		while (a > 0 && a + 3 > i && cap(g, a - 1) && !(g->t[a].flags & TOK_SENTENCE))
			a--;
		bool capital = a < i && cap(g, i);
		if (!capital) {
			a = i;
			while (a > 0 && a + 3 > i && word(g, a - 1))
				a--;
			if (a == i || !num(g, a - 1) || g->t[a - 1].end - g->t[a - 1].start > 5 ||
			    !home_before(g, a - 1))
				continue;
		}
		if (a > 0 && num(g, a - 1))
			a--;   /* its house number */
		emit(ctx, g->t[a].start, g->t[i].end);
	}
}

void guard_boxes(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 0; i + 1 < g->n; i++) {
		size_t j = 0;
		char c = g->low[g->t[i].start];
		if (g->t[i].kind != TOK_WORD || (c != 'p' && c != 'a' && c != 'u'))
			continue;   /* none of "po", "p.o.", "apt", "apartment", "unit" */
		if (guard_tok_is(g, i, "po") && guard_tok_is(g, i + 1, "box"))
			j = i + 2;
		else if (guard_tok_is(g, i, "p") && guard_tok_is(g, i + 2, "o") &&
		         guard_tok_is(g, i + (guard_tok_is(g, i + 4, "box") ? 4 : 3), "box"))
			j = i + (guard_tok_is(g, i + 4, "box") ? 5 : 4);   /* "P.O. Box", "p.o box" */
		else if (guard_tok_is(g, i, "apt") || guard_tok_is(g, i, "apartment") ||
		         guard_tok_is(g, i, "unit"))
			j = i + 1;
		if (!j)
			continue;
		while (j < g->n && g->t[j].kind == TOK_PUNCT && strchr(".#", g->s[g->t[j].start]))
			j++;
		if (num(g, j) && !(guard_tok_is(g, i, "unit") && !(j + 1 < g->n &&
		    g->t[j + 1].kind == TOK_PUNCT && g->s[g->t[j + 1].start] == '/'))) {
			emit(ctx, g->t[i].start, g->t[j].end);
			i = j;
		}
	}
}

bool guard_places_ready(void)
{
	return guard_list_ready(streets, N(streets)) && guard_list_ready(homes, N(homes)) &&
	       guard_list_ready(streets_before, N(streets_before));
}
