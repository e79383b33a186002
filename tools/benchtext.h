/* benchtext.h: generated nurse-forum text for the scale bench's database (tools/benchfill.c):
 * titles, dilemmas, replies and bios from sentence templates and word lists, deterministic in
 * a seed, and the small random-number generator both files use. */
#ifndef FORUMD_BENCHTEXT_H
#define FORUMD_BENCHTEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* splitmix64: small, fast, and good enough to shape test data. */
struct rng {
	uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A generator for item `i` of stream `stream` under `seed`: the same three give the same
 * numbers whatever else was drawn before. */
static inline struct rng rng_for(uint64_t seed, uint64_t stream, uint64_t i)
{
	struct rng r = { seed ^ (stream * 0xD1B54A32D192ED03ull) ^ (i * 0x8CB92BA72F3D8DD7ull) };
	rng_next(&r);
	return r;
}

/* Uniform in [0, n). */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [0, 1). */
static inline double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static inline bool rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/* What a post's text must hold. The shares the bench relies on are decided by the caller:
 * `patient` (the word "patient" in some form at least once; when false the text never
 * holds it), `neighbour` and `malpractice` (a sentence with "neighbour", or with the phrase
 * "malpractice insurance"; neither appears otherwise). */
struct post_spec {
	bool dilemma;
	bool patient;
	bool neighbour;
	bool malpractice;
	int words;              /* about this many words (the body ends on a whole sentence) */
	const char *quote;      /* markdown put first as it is (a reply's quote block), or NULL */
};

#define BENCHTEXT_MAX 8192  /* every buffer below is at least this big */

/* A post's markdown into buf (BENCHTEXT_MAX bytes). Returns its length. */
size_t benchtext_post(char *buf, uint64_t seed, const struct post_spec *spec);

/* A dilemma's title (at most 150 characters, ASCII) into buf. Returns its length. */
size_t benchtext_title(char *buf, uint64_t seed, bool patient);

/* One sentence in the style of a post's opening (for quotes) into buf. */
size_t benchtext_sentence(char *buf, uint64_t seed, bool dilemma, bool patient);

/* A short profile bio into buf (at most 500 characters). Returns its length. */
size_t benchtext_bio(char *buf, uint64_t seed);

/* A moderator's public reason for hiding a post, a pick's note, a handle stem ("calmOtter"). */
const char *benchtext_hide_reason(struct rng *r);
const char *benchtext_pick_note(struct rng *r);
void benchtext_handle(char *buf, size_t cap, struct rng *r, uint32_t n);
#endif
