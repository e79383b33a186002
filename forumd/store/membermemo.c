/* membermemo.c: a worker's memo of per-member values, good at one database generation (see
 * membermemo.h). A plain array searched in order: MEMBER_MEMO_MEMBERS is small, and a look-up
 * costs far less than the query it saves. */
#include "membermemo.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "mem.h"

struct memo_value {
	json_t *v;
	time_t expires;          /* 0: while the generation lasts */
};

struct memo_entry {
	int64_t member;
	uint64_t used;           /* the LRU clock when last looked up */
	struct memo_value slot[MEMO_SLOTS];
};

struct member_memo {
	struct db *db;           /* the connection the values were read on */
	struct db_generation gen;
	uint64_t clock;
	size_t n;
	struct memo_entry v[MEMBER_MEMO_MEMBERS];
};

static _Thread_local struct member_memo *memo;

static void entry_clear(struct memo_entry *e)
{
	for (int s = 0; s < MEMO_SLOTS; s++)
		json_decref(e->slot[s].v);
	memset(e, 0, sizeof *e);
}

static void memo_drop_all(void)
{
	for (size_t i = 0; i < memo->n; i++)
		entry_clear(&memo->v[i]);
	memo->n = 0;
}

void member_memo_worker_stop(void)
{
	if (!memo)
		return;
	memo_drop_all();
	free(memo);
	memo = NULL;
}

static struct memo_entry *entry_find(int64_t member)
{
	for (size_t i = 0; i < memo->n; i++)
		if (memo->v[i].member == member)
			return &memo->v[i];
	return NULL;
}

/* member's entry, made (the least recently used dropped when full) if there is none. */
static struct memo_entry *entry_make(int64_t member)
{
	struct memo_entry *e = entry_find(member);
	if (e)
		return e;
	if (memo->n < MEMBER_MEMO_MEMBERS) {
		e = &memo->v[memo->n++];
	} else {
		e = &memo->v[0];
		for (size_t i = 1; i < memo->n; i++)
			if (memo->v[i].used < e->used)
				e = &memo->v[i];
		entry_clear(e);
	}
	e->member = member;
	return e;
}

json_t *member_memo_get(struct db *db, int64_t member, enum member_memo_slot slot, time_t now,
                        struct member_memo_mark *mark)
{
	mark->ok = false;
	/* inside a write transaction a value may read rows a rollback takes back, and the
	 * generation would not say so */
	if (!db || sqlite3_txn_state(db_handle(db), NULL) == SQLITE_TXN_WRITE ||
	    db_generation(db, &mark->gen) != 0)
		return NULL;
	mark->ok = true;
	if (!memo)
		memo = xcalloc(1, sizeof *memo);
	if (memo->db != db || !db_generation_same(&memo->gen, &mark->gen)) {
		memo_drop_all();
		memo->db = db;
		memo->gen = mark->gen;
		return NULL;
	}
	struct memo_entry *e = entry_find(member);
	if (!e)
		return NULL;
	e->used = ++memo->clock;
	struct memo_value *v = &e->slot[slot];
	if (v->v && v->expires && now >= v->expires) {
		json_decref(v->v);
		v->v = NULL;
	}
	return v->v;
}

void member_memo_put(struct db *db, int64_t member, enum member_memo_slot slot,
                     const struct member_memo_mark *mark, json_t *v, time_t expires)
{
	if (!v || !mark->ok || !memo || memo->db != db || !db_generation_same(&memo->gen, &mark->gen)) {
		json_decref(v);
		return;
	}
	struct memo_entry *e = entry_make(member);
	e->used = ++memo->clock;
	json_decref(e->slot[slot].v);
	e->slot[slot] = (struct memo_value){ v, expires };
}
