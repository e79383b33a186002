/* guardnames.c: person names in context (guardnames.h). A token may be a name part when it
 * is capitalised and not an ordinary word (or is a known first name or surname), or, in
 * lowercase, when it is a known first name or not an English word at all. Which context
 * makes it a name is in the word tables below; docs/MODERATION.md lists what the rule
 * catches and what it lets through. */
#include "guardnames.h"

#include <stdlib.h>
#include <string.h>

#include "guardwords.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

/* Titles before a surname or a full name. Sorted. */
static const char *const titles[] = { "miss", "mister", "mr", "mrs", "ms", "mx", "sr" };

/* Titles that name a colleague, before a surname. Sorted. */
static const char *const role_titles[] = {
	"doctor", "dr", "imam", "nurse", "pastor", "prof", "professor", "rabbi", "rev",
	"reverend", "sister",
};

/* Words after which a name names the person: family, household, roles. Sorted. */
static const char *const relations[] = {
	"agency", "aide", "anaesthetist", "anesthetist", "anum", "attending", "aunt", "aunty",
	"boyfriend", "bro", "brother", "buddy", "captain", "caregiver", "carer", "chaplain",
	"cleaner", "clerk", "client", "cna", "cne", "cnm", "coach", "colleague", "consultant",
	"coordinator", "cousin", "coworker", "dad", "daughter", "domestic", "don", "educator",
	"father", "fiance", "fiancee", "gf", "girlfriend", "grad", "grandad", "granddad",
	"granddaughter", "grandma", "grandpa", "grandson", "hca", "hcsw", "housekeeper",
	"hubby", "husband", "interpreter", "judge", "manager", "matron", "midwife", "mom",
	"mother", "mum", "neighbor", "neighbour", "nephew", "niece", "nm", "num", "officer",
	"ot", "paramedic", "partner", "patient", "pharmacist", "physician", "physio", "porter",
	"preceptee", "preceptor", "pt", "receptionist", "registrar", "rep", "resident", "rn",
	"secretary", "sis", "sister", "sitter", "slt", "son", "stepdad", "stepmom", "stepmum",
	"stepson", "student", "supervisor", "surgeon", "teacher", "tech", "uncle", "volunteer",
	"widow", "widower", "wife", "worker",
};

/* Words between a relation and the name: "his daughter, Kelsey", "a son called Mike". */
static const char *const linkers[] = { "called", "is", "named", "was" };

/* Room words before a number: "bed 7", "rm 414". Sorted. */
static const char *const rooms[] = { "bay", "bed", "bedspace", "cube", "cubicle", "pod",
	"rm", "room", "side" };

/* Lowercase words that are first names but never one after a relation word ("my son will
 * be"), nor the first half of a lowercase full name. Sorted. */
static const char *const never_names[] = {
	"about", "again", "also", "and", "are", "asked", "but", "called", "came", "can", "did",
	"does", "for", "from", "gets", "got", "had", "has", "have", "his", "just", "keeps",
	"kia", "may", "might", "must", "never", "not", "now", "ora", "per", "said", "says",
	"she", "still", "the", "told", "wants", "was", "went", "were", "who", "will", "with",
};

/* Capitalised words that start many sentences and phrases but are no names here. Sorted. */
static const char *const not_names[] = {
	"advent", "alaris", "allyn", "anzac", "april", "arjo", "august", "cerner", "chanukah",
	"christmas", "dec", "december", "diwali", "drager", "dräger", "east", "easter", "eid",
	"feb", "february", "fri", "friday", "god", "hanukkah", "hashanah", "hillrom",
	"hogmanay", "holi", "hospital", "hugger", "jan", "january", "july", "june", "kippur",
	"kwanzaa", "lent", "lunar", "march", "matariki", "mater", "maxi", "may", "mon",
	"monday", "navratri", "north", "nov", "november", "oct", "october", "omnicell", "ora",
	"pandora", "passover", "paykel", "pentecost", "pesach", "purim", "pyxis", "ramadan",
	"rosh", "royal", "sat", "saturday", "sept", "september", "south", "stedy", "stryker",
	"sun", "sunday", "thanksgiving", "thu", "thursday", "tue", "tuesday", "vesak",
	"waitangi", "wed", "wednesday", "west", "whatu", "yom", "zoll",
};

/* Words after capitalised words that make them a place, not a person: "Heather Day Unit",
 * "Prince Edward Island", "Aspen Wing". Sorted. */
static const char *const place_after[] = {
	"avenue", "bay", "beach", "building", "center", "centre", "city", "clinic", "college",
	"court", "creek", "day", "falls", "hall", "health", "healthcare", "heights", "hills",
	"home", "hospice", "hospital", "house", "infirmary", "island", "lake", "lodge",
	"medical", "park", "port", "river", "road", "school", "springs", "street", "suite",
	"trust", "unit", "university", "valley", "ward", "wing",
};

/* Lowercase non-words that are abbreviations nurses write, never surnames. Sorted. */
static const char *const abbreviations[] = {
	"abx", "ae", "ama", "bgl", "bgs", "bid", "bleep", "bsn", "cabg", "ccrn", "copd", "ct", "cxr",
	"dnr", "dx", "ecg", "ed", "ekg", "er", "ext", "falls", "fam", "fu", "gcs", "gtt", "hiv",
	"hrs", "hx", "icu", "im", "iv", "ivf", "kg", "lol", "ltc", "mcg", "meq", "mins", "mls",
	"mmol", "mob", "mri", "nbm", "nfr", "ng", "npo", "obs", "omg", "ora", "ot", "pacu", "pca",
	"peg", "po", "prn", "psych", "pt", "pts", "qid", "risk", "rn", "rpn", "sats", "snf", "sob",
	"tbh", "tel", "tho", "tid", "tx", "uti", "wtf",
};

static const struct guard_tok *tok(const struct guard_text *g, size_t i)
{
	return i < g->n ? &g->t[i] : NULL;
}

static bool is_word(const struct guard_text *g, size_t i)
{
	return i < g->n && g->t[i].kind == TOK_WORD;
}

static bool on(const struct guard_text *g, size_t i, enum guard_list l)
{
	return guard_tok_listed(g, i, (int)l);
}

/* Words of nurses' English that the dictionaries lack, read as ordinary words: common drug
 * brands, eponymous devices, scales and diseases, a few of everyday use. Sorted. */
static const char *const extra_words[] = {
	"alzheimer", "alzheimer's", "alzheimers", "apgar", "aricept", "asperger", "asperger's",
	"aspergers", "ativan", "augmentin", "benadryl", "braden", "carer", "carers", "cipro",
	"clexane", "coumadin", "crohn", "crohn's", "crohns", "cushing", "cushing's",
	"cushings", "decadron", "dilaudid", "endone", "flagyl", "foley", "guillain",
	"guillain's", "guillains", "haldol", "handover", "hashimoto", "hashimoto's",
	"hashimotos", "hickman", "hodgkin", "hodgkin's", "hodgkins", "hortons", "humalog",
	"huntington", "huntington's", "huntingtons", "ipad", "iphone", "kai", "kaumatua",
	"kawasaki", "kawasaki's", "kawasakis", "keflex", "keppra", "koutou", "lantus", "lasix",
	"legionnaire", "legionnaire's", "legionnaires", "levemir", "lovenox", "maxolon",
	"meniere", "meniere's", "menieres", "morse", "munchausen", "munchausen's",
	"munchausens", "namenda", "narcan", "norco", "norton", "novorapid", "obs", "oxynorm",
	"panadol", "parkinson", "parkinson's", "parkinsons", "percocet", "phenergan", "picc",
	"raynaud", "raynaud's", "raynauds", "rocephin", "seroquel", "sinemet", "sjogren",
	"sjogren's", "sjogrens", "tazocin", "telly", "timbits", "toradol", "tourette",
	"tourette's", "tourettes", "tylenol", "valium", "ventolin", "vicodin", "waterlow",
	"whanau", "whānau", "xanax", "zofran", "zosyn",
};

/* An ordinary English word: in the dictionaries, or one of extra_words. */
static bool english(const struct guard_text *g, size_t i)
{
	return on(g, i, GUARD_WORDS) || guard_tok_in(g, i, extra_words, N(extra_words));
}

/* Part of an @handle (a forum member): the word right after '@'. */
static bool in_handle(const struct guard_text *g, size_t i)
{
	return i > 0 && guard_tok_punct(g, i - 1, '@') && !(g->t[i].flags & TOK_SPACE);
}

static bool lowercase(const struct guard_text *g, size_t i)
{
	return is_word(g, i) && !(g->t[i].flags & TOK_CAP);
}

/* "I", "I've", "I'm": the writer, never a name. */
static bool pronoun_i(const struct guard_text *g, size_t i)
{
	const char *w = g->low + g->t[i].start;
	size_t n = g->t[i].end - g->t[i].start;
	return w[0] == 'i' && (n == 1 || w[1] == '\'' || (n > 3 && (unsigned char)w[1] == 0xE2));
}

/* A capitalised token that can be part of a name: a known name, or no ordinary word. */
static bool cap_name(const struct guard_text *g, size_t i)
{
	if (!is_word(g, i) || !(g->t[i].flags & TOK_CAP) || (g->t[i].flags & TOK_UPPER) ||
	    in_handle(g, i) || guard_tok_in(g, i, not_names, N(not_names)) ||
	    on(g, i, GUARD_PROPER) || pronoun_i(g, i))
		return false;
	return on(g, i, GUARD_FIRST_NAMES) || on(g, i, GUARD_SURNAMES) || !english(g, i);
}

/* A lowercase word with an apostrophe: a contraction ("i'm", "you'd"), never a name here. */
static bool contraction(const struct guard_text *g, size_t i)
{
	const char *w = g->s + g->t[i].start;
	size_t n = g->t[i].end - g->t[i].start;
	if (n > 3 && (w[0] == 'o' || w[0] == 'd') && w[1] == '\'')
		return false;   /* o'sullivan, d'angelo */
	/* "raghunathan's": a possessive of a word that is no English word; "that's" is one */
	size_t stem = guard_stem_len(w, n);
	if (stem < n && stem >= 3 && !memchr(w, '\'', stem) && !memchr(w, 0xE2, stem) &&
	    !guard_is_word(g->low + g->t[i].start, stem))
		return false;
	return memchr(w, '\'', n) || memchr(w, 0xE2, n);
}

/* A lowercase token that can be a surname: a known one, or no English word at all. */
static bool low_surname(const struct guard_text *g, size_t i)
{
	if (!lowercase(g, i) || in_handle(g, i) || g->t[i].end - g->t[i].start < 3 ||
	    contraction(g, i) ||
	    guard_tok_in(g, i, abbreviations, N(abbreviations)) ||
	    guard_tok_in(g, i, never_names, N(never_names)))
		return false;
	return on(g, i, GUARD_SURNAMES) || !english(g, i);
}

/* A lowercase surname after a lowercase first name: "frank delaney", not "easter monday"
 * or "georgia texas" (a place or a day is a surname only when it is a known one). */
static bool low_second(const struct guard_text *g, size_t i)
{
	return low_surname(g, i) && (on(g, i, GUARD_SURNAMES) || (!on(g, i, GUARD_PLACES) &&
	                             !guard_tok_in(g, i, not_names, N(not_names))));
}

/* A token that names someone after a title or relation word: capitalised as a name, or a
 * lowercase known name or non-word. */
static bool name_part(const struct guard_text *g, size_t i)
{
	if (cap_name(g, i))
		return true;
	if (!lowercase(g, i) || in_handle(g, i) || contraction(g, i) ||
	    guard_tok_in(g, i, never_names, N(never_names)))
		return false;
	return on(g, i, GUARD_FIRST_NAMES) || low_surname(g, i);
}

/* A word that makes capitalised words before it a place ("Unit", "Ward's"). */
static bool place_word(const struct guard_text *g, size_t j)
{
	if (guard_tok_in(g, j, place_after, N(place_after)))
		return true;
	if (!is_word(g, j))
		return false;
	const char *w = g->low + g->t[j].start;
	size_t n = g->t[j].end - g->t[j].start, stem = guard_stem_len(w, n);
	if (stem == n)
		return false;
	for (size_t k = 0; k < N(place_after); k++)
		if (strlen(place_after[k]) == stem && memcmp(place_after[k], w, stem) == 0)
			return true;
	return false;
}

/* True when the capitalised words [i, j) name a place: one of them is a place word, or one
 * follows them ("Heather Day Unit", "Aspen Wing", "Holly Ward's"). */
static bool place_follows(const struct guard_text *g, size_t i, size_t j)
{
	for (size_t k = i; k < j; k++)
		if (place_word(g, k))
			return true;
	return place_word(g, j) ||
	       (is_word(g, j) && (g->t[j].flags & TOK_CAP) && guard_tok_listed(g, j, GUARD_WORDS) &&
	        place_word(g, j + 1));
}

/* The end of the name starting at token i: following surname-like tokens join it. */
static size_t name_end(const struct guard_text *g, size_t i)
{
	size_t j = i + 1;
	while (j < g->n && j < i + 3 && (g->t[i].flags & TOK_CAP ? cap_name(g, j) : low_surname(g, j)))
		j++;
	return j;
}

/* Skips a full stop after token i (a title's), then returns the next token's index. */
static size_t after(const struct guard_text *g, size_t i)
{
	return guard_tok_punct(g, i + 1, '.') ? i + 2 : i + 1;
}

static bool room_at(const struct guard_text *g, size_t i)
{
	return guard_tok_in(g, i, rooms, N(rooms)) && tok(g, after(g, i)) &&
	       (g->t[after(g, i)].kind == TOK_NUM ||
	        guard_tok_punct(g, after(g, i), '#'));
}

/* A year ("moved to texas in 2016"): four digits from 1900 to 2099, no letter joined on
 * ("in 2016B" is a room). */
static bool year(const struct guard_text *g, size_t k)
{
	const char *d = g->s + g->t[k].start;
	return g->t[k].end - g->t[k].start == 4 && (memcmp(d, "19", 2) == 0 || memcmp(d, "20", 2) == 0) &&
	       !(is_word(g, k + 1) && !(g->t[k + 1].flags & TOK_SPACE));
}

/* A number of a room or bed within the three tokens after the name ending at j:
 * "Dorothy in 12B", "Harold Fenwick in 310A", "pt John in bed 7". */
static bool room_follows(const struct guard_text *g, size_t j)
{
	for (size_t k = j; k < g->n && k < j + 4; k++) {
		if (room_at(g, k))
			return true;
		if (g->t[k].kind == TOK_NUM && k > j && (guard_tok_is(g, k - 1, "in") ||
		    guard_tok_is(g, k - 1, "from")) && !year(g, k))
			return true;
	}
	return false;
}

/* A title and a name: "Mr. Okafor", "mrs kowalski", "Dr Patel". */
static size_t titled(const struct guard_text *g, size_t i)
{
	if (!guard_tok_in(g, i, titles, N(titles)) && !guard_tok_in(g, i, role_titles, N(role_titles)))
		return 0;
	size_t j = after(g, i);
	/* after a title any capitalised word is a name, a town's too ("Mrs. Abernathy") */
	bool capital = is_word(g, j) && (g->t[j].flags & TOK_CAP) && !(g->t[j].flags & TOK_UPPER) &&
	               !guard_tok_in(g, j, not_names, N(not_names)) && !pronoun_i(g, j);
	if (!capital && !name_part(g, j))
		return 0;
	/* "nurse" and "sister" are words first: a capitalised name must follow them, one that
	 * is no ordinary word even when a dictionary knows it ("Nurse Delacroix") */
	if (guard_tok_in(g, i, role_titles, N(role_titles)) && !cap_name(g, j) &&
	    !(capital && !english(g, j) && !on(g, j, GUARD_PLACES)))
		return 0;
	return name_end(g, j);
}

static const char *const story_verbs[] = { "asked", "asks", "brought", "called", "calls",
	"came", "comes", "gave", "gives", "has", "is", "keeps", "kept", "left", "rang",
	"said", "says", "sent", "told", "turned", "wants", "was", "wrote" };

/* After a name: a mark, or a verb the story goes on with ("his son mike asked"). */
static bool story_follows(const struct guard_text *g, size_t i)
{
	if (i >= g->n)
		return true;
	if (g->t[i].kind == TOK_PUNCT)
		return strchr(",.;:)!?", g->s[g->t[i].start]) != NULL;
	return guard_tok_in(g, i, story_verbs, N(story_verbs));
}

/* A relation word and a name: "the daughter, Kelsey Ruiz", "his son mike". */
static size_t related(const struct guard_text *g, size_t i, size_t *start)
{
	if (!guard_tok_in(g, i, relations, N(relations)))
		return 0;
	size_t j = i + 1;
	if (guard_tok_punct(g, j, ',') || guard_tok_punct(g, j, ':') || guard_tok_punct(g, j, '('))
		j++;
	if (guard_tok_in(g, j, linkers, N(linkers)))
		j++;
	/* "his brother Paddy": capitalised mid-sentence after a relation, a name */
	bool capital = is_word(g, j) && (g->t[j].flags & TOK_CAP) && !(g->t[j].flags & TOK_UPPER) &&
	               !(g->t[j].flags & TOK_SENTENCE) && !on(g, j, GUARD_PROPER) &&
	               !guard_tok_in(g, j, not_names, N(not_names)) && !pronoun_i(g, j) &&
	               /* after a capitalised relation, an ordinary word is a title's next
	                * word: "Patient Advocate", "HCA Healthcare"; "his son Paddy" is a name */
	               (!(g->t[i].flags & TOK_CAP) || on(g, j, GUARD_FIRST_NAMES) ||
	                on(g, j, GUARD_SURNAMES) || !english(g, j));
	if (!capital && !name_part(g, j))
		return 0;
	/* a lowercase first name that is also a word ("his son mike") stands alone only
	 * before a mark or a verb of the story; else it needs a surname or a room */
	if (lowercase(g, j) && english(g, j) && !low_surname(g, j + 1) &&
	    !room_follows(g, j + 1) && !story_follows(g, j + 1))
		return 0;
	*start = g->t[j].start;
	/* "Don Okafor": a relation word that is a capitalised first name is part of the name */
	if ((g->t[i].flags & TOK_CAP) && !(g->t[i].flags & (TOK_UPPER | TOK_SENTENCE)) &&
	    on(g, i, GUARD_FIRST_NAMES))
		*start = g->t[i].start;
	return name_end(g, j);
}

/* A first name with a surname: "John Miller", "frank delaney". */
static size_t full_name(const struct guard_text *g, size_t i)
{
	if (!on(g, i, GUARD_FIRST_NAMES) || in_handle(g, i))
		return 0;
	if (g->t[i].flags & TOK_CAP) {
		/* a possessive ("Ireland's Samaritans") is never a full name's first half */
		if (guard_stem_len(g->low + g->t[i].start, g->t[i].end - g->t[i].start) <
		    g->t[i].end - g->t[i].start)
			return 0;
		/* a place after a first name that is no word is a surname: "Dana Whitfield"; after
		 * one that is ("Nova Scotia") it is the place */
		bool second = cap_name(g, i + 1) || (is_word(g, i + 1) && (g->t[i + 1].flags & TOK_CAP) &&
		              on(g, i + 1, GUARD_PROPER) && !english(g, i));
		size_t end = name_end(g, i);
		return cap_name(g, i) && second && !(g->t[i + 1].flags & TOK_SENTENCE) &&
		       !place_follows(g, i, end > i + 2 ? end : i + 2) ? (end > i + 2 ? end : i + 2) : 0;
	}
	if (guard_tok_in(g, i, never_names, N(never_names)))
		return 0;
	/* a first name that is also a word ("tea", "ward") needs a surname that is none, and
	 * a known name or a room after it ("frank delaney", "jimmy kowalczyk in bed 2", not
	 * "ward telly") */
	if (english(g, i) && (english(g, i + 1) ||
	    !(on(g, i + 1, GUARD_SURNAMES) || on(g, i + 1, GUARD_FIRST_NAMES) ||
	      room_follows(g, i + 2))))
		return 0;
	return low_second(g, i + 1) ? name_end(g, i) : 0;
}

/* "Chidi's mum", "Lupe's boyfriend": a capitalised word with 's before a relation word is
 * a name, even first in a sentence. */
static size_t possessive(const struct guard_text *g, size_t i)
{
	if (!is_word(g, i) || (g->t[i].flags & TOK_UPPER) || in_handle(g, i) ||
	    !guard_tok_in(g, i + 1, relations, N(relations)))
		return 0;
	/* in lowercase, a possessive of no English word: "priya raghunathan's dad" */
	if (!(g->t[i].flags & TOK_CAP) && contraction(g, i))
		return 0;
	size_t n = g->t[i].end - g->t[i].start;
	if (n < 4 || guard_stem_len(g->low + g->t[i].start, n) == n ||
	    guard_tok_in(g, i, not_names, N(not_names)))
		return 0;
	/* "Mum's boyfriend", "Today's patient": a word's possessive names no one */
	if ((g->t[i].flags & TOK_CAP) && !cap_name(g, i))
		return 0;
	return i + 1;
}

static const char *const act_verbs[] = { "asked", "asks", "brought", "came", "comes", "cried",
	"cries", "gave", "gives", "grabbed", "keeps", "kept", "rang", "rings", "said", "says",
	"screamed", "started", "starts", "told", "tried", "tries", "walked", "walks", "wants",
	"went", "wrote" };

/* "Kwabena starts crying", "Ji-hoon comes back": a capitalised first name that is no
 * English word, mid-sentence, doing something. */
static size_t acting(const struct guard_text *g, size_t i)
{
	if (!is_word(g, i) || !(g->t[i].flags & TOK_CAP) || (g->t[i].flags & TOK_SENTENCE) ||
	    english(g, i) || in_handle(g, i) || !guard_tok_in(g, i + 1, act_verbs, N(act_verbs)) ||
	    !(on(g, i, GUARD_FIRST_NAMES) || memchr(g->s + g->t[i].start, '-',
	                                            g->t[i].end - g->t[i].start)))
		return 0;
	return i + 1;
}

/* Words before a place: "in Darwin", "rural Victoria", "outside Austin". Sorted. */
static const char *const place_before[] = {
	"across", "around", "british", "central", "downtown", "east", "eastern", "in", "near",
	"new", "north", "northern", "outside", "regional", "rural", "south", "southern",
	"throughout", "west", "western",
};
/* Verbs of going before "to" a place: "moved to Hamilton". Sorted. */
static const char *const going[] = {
	"back", "commute", "commuting", "driven", "drove", "flew", "flown", "go", "going",
	"headed", "heading", "move", "moved", "moving", "relocated", "sent", "transferred",
	"traveled", "travelled", "trip", "went",
};

/* Words after an eponym's possessive: "Murphy's sign", "Bell's palsy". Sorted. */
static const char *const eponym_after[] = {
	"angle", "bundle", "catheter", "cells", "classification", "contracture", "crisis",
	"criteria", "disease", "fracture", "law", "line", "lymphoma", "maneuver", "manoeuvre",
	"membrane", "node", "nodes", "palsy", "phenomenon", "position", "pouch", "principle",
	"procedure", "reflex", "rule", "rules", "sarcoma", "scale", "score", "sign",
	"solution", "space", "syndrome", "test", "triad", "tube", "ulcer",
};

/* True when token i reads as a place by what is around it, or is one (iso-codes, tzdata). */
static bool placed(const struct guard_text *g, size_t i)
{
	if (on(g, i, GUARD_PLACES))
		return true;
	if (i > 0 && guard_tok_in(g, i - 1, place_before, N(place_before)))
		return true;
	return i > 1 && guard_tok_is(g, i - 1, "to") && guard_tok_in(g, i - 2, going, N(going));
}

/* "then Marguerite pressed the call bell": a known first name, capitalised mid-sentence,
 * that is no English word, no other proper noun, no place, and no part of a brand or a
 * place's name. */
static size_t bare_first(const struct guard_text *g, size_t i)
{
	if (!is_word(g, i) || !(g->t[i].flags & TOK_CAP) || (g->t[i].flags & (TOK_UPPER | TOK_SENTENCE)) ||
	    !on(g, i, GUARD_FIRST_NAMES) || english(g, i) || on(g, i, GUARD_PROPER) ||
	    in_handle(g, i) || guard_tok_in(g, i, not_names, N(not_names)) || pronoun_i(g, i) ||
	    placed(g, i) || guard_tok_in(g, i + 1, not_names, N(not_names)) ||
	    guard_tok_in(g, i + 1, eponym_after, N(eponym_after)))
		return 0;
	size_t end = name_end(g, i);
	return place_follows(g, i, end) ? 0 : end;
}

/* "ran into jenny from the dementia unit", "tell brandon twice": a known first name in
 * lowercase that is no English word, no place and no abbreviation, outside an address. */
static size_t low_first(const struct guard_text *g, size_t i)
{
	if (!lowercase(g, i) || g->t[i].end - g->t[i].start < 3 || !on(g, i, GUARD_FIRST_NAMES) ||
	    english(g, i) || on(g, i, GUARD_PLACES) || in_handle(g, i) || contraction(g, i) ||
	    guard_tok_in(g, i, abbreviations, N(abbreviations)) ||
	    guard_tok_in(g, i, never_names, N(never_names)) || guard_tok_in(g, i, not_names, N(not_names)))
		return 0;
	/* "jane.doe", "kayla_m", "/jenny": part of an address or a handle */
	if ((i > 0 && !(g->t[i].flags & TOK_SPACE) && g->t[i - 1].kind == TOK_PUNCT &&
	     strchr("./_@-", g->s[g->t[i - 1].start])) ||
	    (i + 1 < g->n && !(g->t[i + 1].flags & TOK_SPACE) && g->t[i + 1].kind == TOK_PUNCT &&
	     strchr("._@/-", g->s[g->t[i + 1].start]) && i + 2 < g->n &&
	     !(g->t[i + 2].flags & TOK_SPACE) && g->t[i + 2].kind != TOK_PUNCT))
		return 0;
	return name_end(g, i);
}

/* Verbs a person's name comes before in a story: "Dmitri has been asking", "Thuy asked".
 * Sorted. */
static const char *const person_verbs[] = {
	"added", "asked", "asks", "brought", "called", "came", "can't", "cant", "comes", "cried",
	"didn't", "didnt", "does", "doesn't", "doesnt", "gave", "gets", "got", "had", "has",
	"hates", "is", "isn't", "keeps", "kept", "loves", "messaged", "needs", "rang", "refused",
	"refuses", "said", "says", "seems", "sent", "started", "texted", "thinks", "told", "tried",
	"wanted", "wants", "was", "went", "will", "won't", "wont", "would", "wrote",
};

/* Words a person's name comes after: "buying lunch for Abdirahman", "chatting to
 * Gwenllian". Sorted. */
static const char *const person_before[] = {
	"for", "tell", "to", "told", "with",
};

/* "Dmitri has been asking", "then Thuy asked", "flowers to Chioma": a capitalised known
 * first name or surname that is no English word, no other proper noun and no place, before
 * a verb of the story or after a word that leads to a person. */
static size_t story_name(const struct guard_text *g, size_t i)
{
	if (!is_word(g, i) || !(g->t[i].flags & TOK_CAP) || (g->t[i].flags & TOK_UPPER) ||
	    g->t[i].end - g->t[i].start < 3 ||
	    !(on(g, i, GUARD_FIRST_NAMES) || on(g, i, GUARD_SURNAMES)) || english(g, i) ||
	    on(g, i, GUARD_PROPER) || placed(g, i) || in_handle(g, i) || pronoun_i(g, i) ||
	    guard_tok_in(g, i, not_names, N(not_names)))
		return 0;
	size_t end = name_end(g, i);
	bool acts = guard_tok_in(g, end, person_verbs, N(person_verbs));
	bool led = i > 0 && !(g->t[i].flags & TOK_SENTENCE) &&
	           guard_tok_in(g, i - 1, person_before, N(person_before));
	return (acts || led) && !place_follows(g, i, end) ? end : 0;
}

/* "the ANUM on nights, Sanjay, reckons": a first name set off by commas a few words
 * after a role or relation word. */
static size_t aside(const struct guard_text *g, size_t i)
{
	if (i < 2 || !guard_tok_punct(g, i - 1, ',') || !cap_name(g, i) || english(g, i) ||
	    !(guard_tok_punct(g, i + 1, ',') || story_follows(g, i + 1)))
		return 0;
	for (size_t k = i >= 7 ? i - 7 : 0; k + 1 < i; k++)
		if (guard_tok_in(g, k, relations, N(relations)))
			return i + 1;
	return 0;
}

/* "PATEL, RAVINDER", "Nakamura, Kenji": a surname, a comma and a first name (a wristband's
 * or a bed board's order). */
static size_t surname_first(const struct guard_text *g, size_t i)
{
	if (!on(g, i, GUARD_SURNAMES) || !guard_tok_punct(g, i + 1, ',') || !is_word(g, i + 2) ||
	    english(g, i + 2) || on(g, i + 2, GUARD_PROPER) || in_handle(g, i) ||
	    contraction(g, i + 2) || g->t[i + 2].end - g->t[i + 2].start < 3 ||
	    guard_tok_in(g, i + 2, abbreviations, N(abbreviations)))
		return 0;
	/* "Miller, John" but not "day, i'm": a surname that is a word needs a known first name */
	if (english(g, i) && !on(g, i + 2, GUARD_FIRST_NAMES))
		return 0;
	return i + 3;
}

/* "old Ramsay-Gunn in side room 2": a capitalised non-word mid-sentence before a room. */
static size_t surname_roomed(const struct guard_text *g, size_t i)
{
	if (!cap_name(g, i) || english(g, i) || (g->t[i].flags & TOK_SENTENCE) ||
	    !(on(g, i, GUARD_SURNAMES) || memchr(g->s + g->t[i].start, '-', g->t[i].end - g->t[i].start)))
		return 0;
	size_t j = name_end(g, i);
	return room_follows(g, j) ? j : 0;
}

/* Two lowercase non-words before a room: "abdullahi warsame in bay 4". */
static size_t low_roomed(const struct guard_text *g, size_t i)
{
	if (!low_surname(g, i) || english(g, i) || !low_surname(g, i + 1) ||
	    english(g, i + 1))
		return 0;
	return room_follows(g, i + 2) ? i + 2 : 0;
}

/* A bed board: a room and number, then the name in capitals ("BED 12 E PRZYBYLSKI",
 * "RM 4 ABEBE T"); or an initial and a surname ("K. Nakamura"). */
static size_t board(const struct guard_text *g, size_t i)
{
	if (room_at(g, i)) {
		size_t j = i + 1;
		while (j < g->n && (g->t[j].kind == TOK_NUM || g->t[j].kind == TOK_PUNCT) && j < i + 4)
			j++;
		for (size_t k = j; k < g->n && k < j + 2; k++)
			if (is_word(g, k) && (g->t[k].flags & TOK_UPPER) && g->t[k].end - g->t[k].start >= 3 &&
			    !english(g, k) && !guard_tok_in(g, k, abbreviations, N(abbreviations)))
				return k + 1;
		return 0;
	}
	if (is_word(g, i) && g->t[i].end - g->t[i].start == 1 && (g->t[i].flags & TOK_CAP) &&
	    guard_tok_punct(g, i + 1, '.') && cap_name(g, i + 2) && !english(g, i + 2) &&
	    !(g->t[i].flags & TOK_SENTENCE))
		return i + 3;
	return 0;
}

/* "a guy called Nnamdi Eze", "pt in 4 called jim", "his name is dwayne": a name given as
 * one. */
static size_t called(const struct guard_text *g, size_t i, size_t *start)
{
	size_t j = i + 1;
	/* "his name is dwayne", "her name's Rosalind", "name was Tamsin" */
	if ((guard_tok_is(g, i, "name") && (guard_tok_is(g, j, "is") || guard_tok_is(g, j, "was"))) ||
	    guard_tok_is(g, i, "name's") || guard_tok_is(g, i, "name’s"))
		j += guard_tok_is(g, i, "name");
	else if (!guard_tok_is(g, i, "called") && !guard_tok_is(g, i, "named"))
		return 0;
	if (guard_tok_is(g, j, "after"))
		return 0;   /* "a ward named after Nye Bevan": a namesake */
	if (!(cap_name(g, j) || (lowercase(g, j) && on(g, j, GUARD_FIRST_NAMES) &&
	      !guard_tok_in(g, j, never_names, N(never_names)) && story_follows(g, j + 1))))
		return 0;
	*start = g->t[j].start;
	return name_end(g, j);
}

/* Two capitalised words that are no ordinary words, mid-sentence: "Nnamdi Eze". */
static size_t two_names(const struct guard_text *g, size_t i)
{
	if (i + 1 >= g->n || !cap_name(g, i + 1) || english(g, i + 1) ||
	    (g->t[i + 1].flags & TOK_SENTENCE))
		return 0;
	/* "Nnamdi Eze", even first in a sentence; "Blessing Okonkwo" (a word, then a name)
	 * only inside one */
	bool first = cap_name(g, i) && !english(g, i);
	bool word_first = is_word(g, i) && (g->t[i].flags & TOK_CAP) && !(g->t[i].flags & TOK_UPPER) &&
	                  !(g->t[i].flags & TOK_SENTENCE) && !on(g, i, GUARD_PROPER) &&
	                  !guard_tok_in(g, i, not_names, N(not_names)) && !in_handle(g, i);
	size_t end = name_end(g, i);
	return (first || word_first) && !place_follows(g, i, end) ? end : 0;
}

/* A first name next to a room: "Dorothy in 12B", "bed 7 john". */
static size_t roomed(const struct guard_text *g, size_t i)
{
	/* "Hope in bed 14 told me", "Will in bed 7": a word-name first in a sentence, right
	 * before its bed */
	bool first_in_bed = (g->t[i].flags & TOK_CAP) && (g->t[i].flags & TOK_SENTENCE) &&
	                    guard_tok_is(g, i + 1, "in") && room_at(g, i + 2);
	/* of the words never names, only the word-names ("Will", "May"): not "Now in bed 4" */
	if (!on(g, i, GUARD_FIRST_NAMES) || in_handle(g, i) ||
	    (guard_tok_in(g, i, never_names, N(never_names)) &&
	     !(first_in_bed && (guard_tok_is(g, i, "will") || guard_tok_is(g, i, "may")))))
		return 0;
	/* "dorothy"; "grace" and "texas" (a word, a place) must be capitalised */
	bool plain = !english(g, i) && !on(g, i, GUARD_PLACES);
	if (!plain && !first_in_bed && !(cap_name(g, i) && !(g->t[i].flags & TOK_SENTENCE)))
		return 0;
	size_t j = name_end(g, i);
	if (room_follows(g, j))
		return j;
	/* "bed 7 john", "rm 12, Harold", "Bed 7 (Tallulah)", "side room 3 - ginny -" */
	bool marked = i > 0 && (guard_tok_punct(g, i - 1, ',') || guard_tok_punct(g, i - 1, '(') ||
	                        guard_tok_punct(g, i - 1, '-') || guard_tok_punct(g, i - 1, ':'));
	for (size_t back = 2; back <= 5 && back <= i; back++)
		if (room_at(g, i - back) && (marked || back == 2))
			return j;
	return 0;
}

/* After a room number, a lowercase first name that is also a word: "room 3, dolly," */
static size_t roomed_word(const struct guard_text *g, size_t i)
{
	if (!lowercase(g, i) || !on(g, i, GUARD_FIRST_NAMES) || !english(g, i) ||
	    guard_tok_in(g, i, never_names, N(never_names)) || i < 3 ||
	    !guard_tok_punct(g, i - 1, ',') || !story_follows(g, i + 1))
		return 0;
	for (size_t back = 3; back <= 5 && back <= i; back++)
		if (room_at(g, i - back))
			return i + 1;
	return 0;
}

/* Public and fictional figures a nurse may name ("Mary Seacole", "Nurse Ratched", "Taylor
 * Swift") and brands shaped like names ("Tim Hortons"): no patient's name. Sorted. */
static const char *const famous[] = {
	"adele", "aneurin bevan", "anthony albanese", "barack obama", "betty neuman",
	"beyonce", "billy connolly", "bob ross", "boris johnson", "brad pitt", "callista roy",
	"carla espinosa", "carol hathaway", "cher", "clara barton", "david attenborough",
	"derek shepherd", "doctor house", "doctor who", "dolly parton", "donald trump",
	"dorothea dix", "dorothea orem", "dr dre", "dr house", "dr kildare", "dr oz",
	"dr phil", "dr seuss", "dr who", "ed sheeran", "edith cavell", "elvis",
	"elvis presley", "father christmas", "florence nightingale", "florence welch",
	"george clooney", "gordon ramsay", "greta thunberg", "harry potter", "harry styles",
	"hawkeye pierce", "hildegard peplau", "jacinda ardern", "jamie oliver", "jean watson",
	"jennifer aniston", "joe biden", "johns hopkins", "justin trudeau", "kate middleton",
	"keir starmer", "kim kardashian", "king charles", "kylie minogue", "lady gaga",
	"lillian wald", "madeleine leininger", "madonna", "margaret sanger", "marie curie",
	"martha rogers", "martin luther king", "mary breckinridge", "mary poppins",
	"mary seacole", "mcdreamy", "mcsteamy", "meghan markle", "meredith grey",
	"michael jackson", "mother teresa", "mr bean", "nelson mandela", "nurse jackie",
	"nurse ratched", "nye bevan", "oprah winfrey", "patricia benner", "peter pan",
	"prince harry", "prince william", "princess diana", "queen elizabeth", "rihanna",
	"rishi sunak", "santa claus", "shakira", "sherlock holmes", "steve irwin",
	"taylor swift", "tim hortons", "tom hanks", "virginia henderson", "winnie the pooh",
};

/* True when the passage [start, end) is one of famous (ASCII case folded, spaces single,
 * a possessive's "'s" left off). */
static bool famous_name(const struct guard_text *g, size_t start, size_t end)
{
	char buf[48];
	size_t n = 0;
	for (size_t k = start; k < end; k++) {
		unsigned char c = (unsigned char)g->low[k];
		if (c == ' ' && n && buf[n - 1] == ' ')
			continue;
		if (c == '.')   /* "Dr. House" */
			continue;
		if (n + 1 >= sizeof buf)
			return false;
		buf[n++] = c == '\t' || c == '\n' ? ' ' : (char)c;
	}
	n = guard_stem_len(buf, n);
	for (size_t k = 0; k < N(famous); k++)
		if (strlen(famous[k]) == n && memcmp(famous[k], buf, n) == 0)
			return true;
	return false;
}

/* A capitalised word that reads as a name wherever the words around it say so: no English
 * word, no place, no month, and a known name or no other proper noun ("Tadhg", "Fatou",
 * not "Paris" or "Ramadan"). */
static bool name_like(const struct guard_text *g, size_t i)
{
	if (!is_word(g, i) || (i > 0 && !(g->t[i].flags & TOK_SPACE) && g->t[i - 1].kind != TOK_PUNCT))
		return false;   /* "412B's": part of a room number */
	/* a capital inside it ("FaceTime", "LinkedIn") makes a brand, but after "Mc", "Mac", an
	 * apostrophe or a hyphen ("McDonald", "O'Brien", "Smith-Jones") */
	const char *w = g->s + g->t[i].start;
	size_t n = g->t[i].end - g->t[i].start;
	for (size_t k = 1; k < n; k++)
		if (w[k] >= 'A' && w[k] <= 'Z' && w[k - 1] != '\'' && w[k - 1] != '-' &&
		    !(k == 2 && memcmp(w, "Mc", 2) == 0) && !(k == 3 && memcmp(w, "Mac", 3) == 0))
			return false;
	return (g->t[i].flags & TOK_CAP) &&
	       g->t[i].end - g->t[i].start >= 3 && !english(g, i) && !placed(g, i) &&
	       !in_handle(g, i) && !pronoun_i(g, i) && !guard_tok_in(g, i, not_names, N(not_names)) &&
	       (on(g, i, GUARD_FIRST_NAMES) || on(g, i, GUARD_SURNAMES) || !on(g, i, GUARD_PROPER));
}

/* Words that say who someone is after a name and a comma or "the": "Vasile, the pt who",
 * "Bev the night CNA", "Shaz from the dialysis unit". Sorted. */
static const char *const apposed[] = { "department", "floor", "home", "team", "unit", "ward" };

/* A name set beside who they are: "Tigist, the pt who", "Bev the night CNA", "Shaz from the
 * dialysis unit", "Harjit in room 12", "room 407 Fatou", "in bed 4, Tadhg,". */
static size_t placed_name(const struct guard_text *g, size_t i)
{
	if (!name_like(g, i))
		return 0;
	size_t j = i + 1;
	if (guard_tok_is(g, j, "in") && room_at(g, j + 1))
		return i + 1;
	if (guard_tok_punct(g, j, ','))
		j++;
	bool from = guard_tok_is(g, j, "from");
	if (from)
		j++;
	if (guard_tok_is(g, j, "the") || guard_tok_is(g, j, "our") || guard_tok_is(g, j, "my"))
		for (size_t k = j + 1; k < g->n && k <= j + 3; k++)
			if ((!from && guard_tok_in(g, k, relations, N(relations))) ||
			    guard_tok_in(g, k, apposed, N(apposed)))
				return i + 1;
	/* after a room and its number: "room 407 Fatou", "bay 2 bed 3 Morag", "bed 4, Tadhg," */
	for (size_t back = 2; back <= 4 && back <= i; back++)
		if (room_at(g, i - back) && (back == 2 || guard_tok_punct(g, i - 1, ',') ||
		                             guard_tok_punct(g, i - 1, '(') || guard_tok_punct(g, i - 1, '-')))
			return i + 1;
	return 0;
}

/* Words after "the" and a name that make it a person's family: "the Okonkwo family". */
static const char *const families[] = { "boys", "brothers", "family", "girls", "household",
	"kids", "sisters", "twins" };

/* "the Okonkwo family", "the Nguyen kids": a surname, or a word no dictionary holds, before
 * a family word. */
static size_t family_name(const struct guard_text *g, size_t i)
{
	if (!is_word(g, i) || !(g->t[i].flags & TOK_CAP) || (g->t[i].flags & TOK_UPPER) ||
	    !guard_tok_in(g, i + 1, families, N(families)) || english(g, i) || placed(g, i) ||
	    guard_tok_in(g, i, not_names, N(not_names)) ||
	    !(on(g, i, GUARD_SURNAMES) || on(g, i, GUARD_FIRST_NAMES) || !on(g, i, GUARD_PROPER)))
		return 0;
	return i + 1;
}

/* "worked at the Alfred", "the Royal Melbourne": a name right after "the" is a hospital or
 * a place, unless a family word follows ("the Okonkwo family"). */
static bool institution(const struct guard_text *g, size_t i, size_t start, size_t end)
{
	return i > 0 && start == g->t[i].start && guard_tok_is(g, i - 1, "the") &&
	       !guard_tok_in(g, end, families, N(families));
}

/* Every word that leads to a name after it (titles, relations, rooms, "called"), merged
 * and sorted at start-up by leads_ready. */
static const char *leads[256];
static size_t n_leads;

/* True when some rule below may find a name starting at token i: a capitalised word, a
 * known name, a word no dictionary holds, or a word that leads to a name (a title, a
 * relation, a room, "called"). Most words are none of these and cost one look-up. */
static bool could_start(const struct guard_text *g, size_t i)
{
	if (!is_word(g, i))
		return false;
	return (g->t[i].flags & TOK_CAP) || guard_tok_in(g, i, leads, n_leads) ||
	       on(g, i, GUARD_FIRST_NAMES) || on(g, i, GUARD_SURNAMES) || !english(g, i);
}

/* Merges the tables of words that lead to a name into leads (at start-up). */
static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool leads_ready(void)
{
	static const char *const called_words[] = { "called", "name", "name's", "name’s", "named" };
	const char *const *tables[] = { titles, role_titles, relations, rooms, called_words };
	size_t sizes[] = { N(titles), N(role_titles), N(relations), N(rooms), N(called_words) };
	if (n_leads)
		return true;
	size_t n = 0;
	for (size_t t = 0; t < N(tables); t++)
		for (size_t k = 0; k < sizes[t] && n < N(leads); k++)
			leads[n++] = tables[t][k];
	qsort(leads, n, sizeof leads[0], by_bytes);
	size_t kept = 0;
	for (size_t k = 0; k < n; k++)          /* "dr" is a title and a role title */
		if (!kept || strcmp(leads[kept - 1], leads[k]) != 0)
			leads[kept++] = leads[k];
	n_leads = kept;
	return guard_list_ready(leads, n_leads);
}

bool guard_names_ready(void)
{
	return leads_ready() && guard_list_ready(titles, N(titles)) && guard_list_ready(role_titles, N(role_titles)) &&
	       guard_list_ready(place_after, N(place_after)) &&
	       guard_list_ready(place_before, N(place_before)) && guard_list_ready(going, N(going)) &&
	       guard_list_ready(eponym_after, N(eponym_after)) &&
	       guard_list_ready(extra_words, N(extra_words)) &&
	       guard_list_ready(relations, N(relations)) && guard_list_ready(linkers, N(linkers)) &&
	       guard_list_ready(rooms, N(rooms)) && guard_list_ready(never_names, N(never_names)) &&
	       guard_list_ready(not_names, N(not_names)) &&
	       guard_list_ready(abbreviations, N(abbreviations)) &&
	       guard_list_ready(story_verbs, N(story_verbs)) &&
	       guard_list_ready(act_verbs, N(act_verbs)) &&
	       guard_list_ready(famous, N(famous)) &&
	       guard_list_ready(families, N(families)) &&
	       guard_list_ready(apposed, N(apposed)) &&
	       guard_list_ready(person_verbs, N(person_verbs)) &&
	       guard_list_ready(person_before, N(person_before));
}

void guard_names(const struct guard_text *g, guard_emit emit, void *ctx)
{
	if (guardwords_init() != 0)
		return;
	size_t i = 0;
	while (i < g->n) {
		if (!could_start(g, i)) {
			i++;
			continue;
		}
		size_t start = g->t[i].start, end;
		if ((end = titled(g, i)) || (end = related(g, i, &start)) ||
		    (end = called(g, i, &start)) || (end = possessive(g, i)) || (end = full_name(g, i)) ||
		    (end = two_names(g, i)) || (end = roomed(g, i)) || (end = roomed_word(g, i)) ||
		    (end = acting(g, i)) || (end = aside(g, i)) || (end = surname_first(g, i)) ||
		    (end = surname_roomed(g, i)) || (end = low_roomed(g, i)) || (end = board(g, i)) ||
		    (end = bare_first(g, i)) || (end = low_first(g, i)) ||
		    (end = story_name(g, i)) || (end = family_name(g, i)) ||
		    (end = placed_name(g, i))) {
			/* "Tim" of "Tim Hortons": the word after the passage may end the figure */
			/* a figure by a bed or a room is a patient of that name: "Mr Bean in bed 4" */
			bool figure = !room_follows(g, end) &&
			              (famous_name(g, start, g->t[end - 1].end) ||
			               (is_word(g, end) && famous_name(g, start, g->t[end].end)));
			if (!figure && !institution(g, i, start, end))
				emit(ctx, start, g->t[end - 1].end);
			i = end;
			continue;
		}
		i++;
	}
}
