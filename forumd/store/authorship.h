/* authorship.h: sealed authorship of anonymous posts. An anonymous post or thread keeps no
 * member id in clear and nothing equal for one member across threads; the server still
 * knows what it needs through values keyed or sealed with the server secret:
 *
 *   author_tag(member, thread)  16-byte keyed BLAKE2b: "is this post mine" within one thread
 *                               (equal for one author's anonymous posts of that thread only)
 *   author_seal(member)         crypto_secretbox of the member id under a random nonce:
 *                               who wrote it, for the server alone (never equal twice)
 *   author_unseal(seal)         the member id back, or NULL
 *   ledger_key(member)          16-byte keyed hash naming a member's ledger (anon_ledgers)
 *   ledger_with(seal, thread)   a member's ledger (anon_ledgers.seal): the sealed, padded
 *                               list of threads they wrote in anonymously, with `thread` added
 *                               (the same seal, unchanged, when it is there already)
 *   ledger_threads(seal)        that list as a JSON array, for json_each ('[]' for NULL)
 *   ledger_of(json)             a ledger holding a JSON array of thread ids (migrations)
 *   read_key(member, thread)    16-byte keyed hash naming a member's read mark of a thread
 *   suspend_key(member)         16-byte keyed hash a suspension made through a post is kept
 *                               under (equal for one member's such suspensions only)
 *   via_post_key(post)          16-byte keyed hash of the post a suspension was made through
 *
 * They are SQL functions on every connection (SQLITE_DIRECTONLY: never in the schema), so
 * queries and migrations use them in place. Each raises an error before keys_init. See
 * docs/PRIVACY.md for the threat model. */
#ifndef FORUMD_AUTHORSHIP_H
#define FORUMD_AUTHORSHIP_H
#include <stdint.h>
#include <sqlite3.h>

#define AUTHOR_TAG_BYTES 16

/* Registers the functions above on h. Returns SQLITE_OK or an SQLite error code. */
int authorship_register(sqlite3 *h);

/* out = author_tag(member, thread), worked out in C (for a post list already in memory).
 * Returns 0, or -1 before keys_init or for a non-id. */
int author_tag_of(int64_t member, int64_t thread, unsigned char out[AUTHOR_TAG_BYTES]);

/* SQL: 1 when post (or thread) alias p was written by the member in parameter m, named or
 * anonymously; else 0 (never NULL, so NOT works). */
#define AUTHORED_BY(p, m) \
	"(coalesce(" p ".member_id = " m ", 0) OR coalesce(" p ".author_tag = author_tag(" m ", " p ".thread_id), 0))"
/* The same for a post of thread parameter th: the member's tag is worked out once per
 * statement, not once per row. */
#define AUTHORED_BY_IN(p, m, th) \
	"(coalesce(" p ".member_id = " m ", 0) OR coalesce(" p ".author_tag = author_tag(" m ", " th "), 0))"
#define THREAD_BY(t, m) \
	"(coalesce(" t ".member_id = " m ", 0) OR coalesce(" t ".author_tag = author_tag(" m ", " t ".id), 0))"

/* SQL: the member_id, author_tag and author_seal values of a post written by member m in
 * thread th, anonymously when a is true. */
#define AUTHORSHIP_VALUES(m, th, a) \
	"CASE WHEN " a " THEN NULL ELSE " m " END," \
	" CASE WHEN " a " THEN author_tag(" m ", " th ") END," \
	" CASE WHEN " a " THEN author_seal(" m ") END"

/* SQL: the threads member m wrote in anonymously, as a JSON array for json_each. */
#define LEDGER_THREADS(m) \
	"ledger_threads((SELECT seal FROM anon_ledgers WHERE owner = ledger_key(" m ")))"

/* SQL: the ids of every post member m wrote, named or anonymously (a subquery). CROSS JOIN
 * keeps the ledger the outer loop: joined plainly, SQLite scanned every anonymous post. */
#define POSTS_OF(m) \
	"(SELECT id FROM posts WHERE member_id = " m \
	" UNION ALL SELECT q.id FROM json_each(" LEDGER_THREADS(m) ") j" \
	"   CROSS JOIN posts q ON q.thread_id = j.value AND q.author_tag = author_tag(" m ", j.value))"

/* SQL: the ids of every thread member m opened, named or anonymously (a subquery). */
#define THREADS_OF(m) \
	"(SELECT id FROM threads WHERE member_id = " m \
	" UNION ALL SELECT t.id FROM json_each(" LEDGER_THREADS(m) ") j" \
	"   CROSS JOIN threads t ON t.id = j.value AND t.author_tag = author_tag(" m ", j.value))"

/* The writes of an anonymous post (alias_seal_thread, alias_ledger_add) are in alias.h. */
#endif
