/* limits.h: every limit and default of forumd as a named constant, in one place.
 * The config file can change the ones that have a key (README.md's configuration table). */
#ifndef FORUMD_LIMITS_H
#define FORUMD_LIMITS_H

#define FORUMD_VERSION            "0.1.0"

/* A limit as text inside a message: "Choose 1 to " LIMIT_TEXT(TOPICS_MAX) " topics." keeps
 * every number a person reads in step with the constant (plain integer constants only). */
#define LIMIT_TEXT(x)             LIMIT_TEXT_(x)
#define LIMIT_TEXT_(x)            #x

#define DEFAULT_LISTEN            "127.0.0.1:8080"
#define DEFAULT_DB_PATH           "./var/forum.db"
#define DEFAULT_SITE_NAME         "Boundaries: a forum for nurses"

/* Defaults of the config keys (base/config.c's table takes them from here). */
#define MAX_BODY_BYTES            262144         /* request body: 256 KiB (max_body) */
#define MAX_HEADER_BYTES          8192           /* request line + headers: 8 KiB (max_headers) */
#define REQLOG_BUFFER_BYTES       1048576        /* request log lines waiting for stderr */
#define PAGE_CACHE_BYTES          33554432       /* anonymous pages kept: 32 MiB (page_cache) */
#define DEFAULT_WORKERS           0              /* worker threads; 0: one per core (workers) */
#define IDLE_TIMEOUT_SECONDS      30             /* evhttp idle/read/write timeout */
#define REQUEST_DEADLINE_SECONDS  15             /* a request must arrive whole within this */
#define MAX_CONNECTIONS           0              /* open connections in total; 0: sized from
                                                    the open-file limit (conn_size_caps) */
#define MAX_CONNECTIONS_PER_CLIENT 0             /* from one address; 0: a share of the total */
#define CONN_FILES_RESERVED       256            /* files kept for all but connections (at least) */
#define CONN_FILES_RESERVED_SHARE 20             /* ... or a 20th of the limit, if more */
#define CONN_DEFAULT_CEILING      65536          /* the sized total's ceiling (memory) */
#define CONN_CLIENT_SHARE         16             /* the sized per-client cap: total / 16 ... */
#define CONN_CLIENT_FLOOR         64             /* ... and at least this */
#define LISTEN_BACKLOG            65535          /* connections waiting for accept; the kernel
                                                    cuts it to net.core.somaxconn (4096) */
#define CONN_RETRY_AFTER_SECONDS  5              /* Retry-After of the 503 over a connection cap */
#define UNAVAILABLE_RETRY_AFTER_SECONDS 5        /* Retry-After of any other 503 that names none */
#define MAX_WORKERS               64
#define SPREAD_SLACK              1              /* connections a worker may hold over an even
                                                    split before it pauses its listener */
#define SPREAD_WAKE_WAIT_MS       10             /* a worker that paused leaving no listener
                                                    enabled listens again after this long
                                                    unless a woken one has enabled its own */
#define SHUTDOWN_GRACE_SECONDS    2              /* in-flight requests get this long on SIGTERM */

#define DB_BUSY_TIMEOUT_MS        5000
#define DB_BUSY_STEP_US           100            /* a writer waiting for the lock tries again */
#define ERASE_CHECKPOINT_TRIES    3              /* each waits up to DB_BUSY_TIMEOUT_MS for readers */
#define MAX_PATH_BYTES            1024           /* decoded request path */
#define MAX_ROUTE_PARAMS          4
#define PAGE_SIZE_THREADS         25

/* ---- dilemmas and replies (forum/) ---- */
#define TITLE_MIN_CHARS           8
#define TITLE_MAX_CHARS           150
#define DILEMMA_MIN_CHARS         20
#define UPDATE_MIN_CHARS          20             /* the asker's update */
#define POST_MAX_CHARS            20000          /* dilemma and reply bodies */
#define REPLY_MIN_CHARS           2
#define TOPICS_MIN                1
#define TOPICS_MAX                3
#define REPLY_SPECIALTIES_MAX     3
#define SCRIPTS_MAX               3              /* words you could say, a reply */
#define SCRIPT_MIN_CHARS          2
#define SCRIPT_MAX_CHARS          300
#define SUGGESTED_WORDS_MAX       12             /* above a thread's replies */
#define SCRIPTS_PAGE_SIZE         20             /* /scripts?topic=: one page */
#define SCRIPTS_PER_TOPIC         3              /* /scripts: the best of each topic */
#define ALIAS_KEY_BYTES           32             /* keys_alias_key() */
#define ALIAS_MAX_TRIES           64             /* re-derivations to avoid a clash in a thread */
#define POST_LIMIT_WINDOW_SECONDS 3600           /* posting limits count this last hour */
#define POST_LIMIT_THREADS        10             /* dilemmas per member per window (post_limit_threads) */
#define POST_LIMIT_REPLIES        60             /* replies per member per window */
#define NEW_MEMBER_SECONDS        86400          /* an account's first day: stricter limits */
#define NEW_MEMBER_LIMIT_THREADS  3
#define NEW_MEMBER_LIMIT_REPLIES  20
#define THREAD_MAX_REPLIES_SHOWN  500            /* replies on one thread page */
#define THREAD_SHARED_PAGES       32             /* thread pages as members see them, kept
                                                    by each worker (threadshared.c) */
#define THREAD_SHARED_BYTES       16777216       /* and their memory, per worker: 16 MiB */
#define MEMBER_MEMO_MEMBERS       256            /* members whose inbox count, suspension and
                                                    tag choices a worker keeps (membermemo.c) */
#define THREAD_VIEW_MAX_BYTES     65536          /* a member's last thread page and reply form
                                                    are kept in the memo only up to this size
                                                    each: at most 32 MiB per worker, besides
                                                    the shared pages */
#define PAGE_SIZE_SEARCH          20
#define SEARCH_CANDIDATES         2000           /* newest matching posts a search ranks */
#define SEARCH_MAX_QUERY_CHARS    6000           /* longer queries get a friendly 400 */
#define SEARCH_MAX_TERMS          16             /* words kept from a query */
#define SEARCH_MAX_TERM_BYTES     64
#define FEED_ENTRIES              25
#define RENDER_QUEUE_MAX          256            /* markdown jobs waiting for the pool */
#define RENDER_RETRY_AFTER_SECONDS 2             /* Retry-After when that queue is full */
#define INBOX_MAX_THREADS         50
#define MENTIONS_MAX              10             /* @handles of a post that notify */
#define NOTIFY_DAYS               30             /* how far back notifications go */
#define NOTIFY_MAX                50             /* notifications a page or feed shows */
#define NOTIFY_FEED_TOKEN_BYTES   32             /* the secret in a private feed's address */
#define DRAFTS_MAX                50             /* drafts a member keeps (one per thread) */
#define DRAFT_MAX_BYTES           262144         /* a draft's fields as JSON */
#define DRAFT_FIELD_VALUES        20             /* values of one repeated field in a draft */

#define MAX_CONFIG_LINE           1024

#define TPL_MAX_NESTING           32             /* sections inside sections */
#define TPL_MAX_PARTIAL_DEPTH     16             /* partials inside partials */
/* ---- jansson's allocator (jsonmem.c) ---- */
#define JSONMEM_CLASS_BYTES       16             /* size classes of cached blocks */
#define JSONMEM_MAX_BLOCK         512            /* larger blocks go straight back to malloc */
#define JSONMEM_THREAD_BYTES      (2 * 1024 * 1024) /* freed blocks one thread keeps at most */
/* ---- accounts (accounts/, http/session.c, base/password.c, http/ratelimit.c, base/pool.c) ---- */
#define HANDLE_MIN_CHARS          3
#define HANDLE_MAX_CHARS          24
#define PASSWORD_MIN_CHARS        15             /* NIST SP 800-63B rev. 4, single factor */
#define PASSWORD_MAX_CHARS        256            /* counted as code points, never truncated */
#define PASSWORD_MAX_BYTES        (PASSWORD_MAX_CHARS * 4)
#define SESSION_TOKEN_BYTES       32
#define SESSION_HOURS             12             /* a browser-session login lasts at most this */
#define SESSION_KEEP_DAYS         30             /* "keep me signed in on this device" */
#define MAX_SESSIONS_LISTED       100
#define RECOVERY_CODE_COUNT       8
#define RECOVERY_CODE_CHARS       12             /* shown as XXXX-XXXX-XXXX */
#define POOL_QUEUE_MAX            64             /* hashing jobs waiting (50 logins at once all wait their turn); more get 503 */
#define POOL_PER_CLIENT           16             /* hashing jobs one client address may have queued or running */
#define POOL_MAX_THREADS          16
#define POOL_RETRY_AFTER_SECONDS  2
#define POOL_NICE                 19             /* hashing threads run at this nice value */
#define DEFAULT_PWHASH_OPSLIMIT   2              /* Argon2id passes (pwhash_opslimit) */
#define DEFAULT_PWHASH_MEMLIMIT   67108864       /* Argon2id bytes: 64 MiB (pwhash_memlimit) */
#define RATE_WINDOW_SECONDS       (15 * 60)      /* rate-limit window */
#define RATE_TABLE_SLOTS          8192           /* in-memory rate-limit buckets */
#define RATE_PROBE_SLOTS          16
#define DEFAULT_LOGIN_PER_HANDLE  10             /* login/recovery attempts per handle per window */
#define DEFAULT_AUTH_PER_CLIENT   30             /* login/register/recover posts per client per window */
#define PROFILE_MAX_SPECIALTIES   5
#define PROFILE_BIO_MAX_CHARS     500
#define PROFILE_MAX_POSTS_SHOWN   20
/* ---- moderation (moderation/, base/privacy.c, forum/curated.c, tools/forumctl.c) ---- */
#define PRIVACY_MAX_PASSAGES      32             /* passages the guard reports for one post */
#define DEFAULT_FLAG_THRESHOLD    3              /* distinct flags that hide a post (flag_threshold) */
#define DEFAULT_NEW_MEMBER_REVIEW 1              /* first posts of an account held (new_member_review) */
#define DEFAULT_SEARCH_THREADS 1                 /* search pool threads (search_threads) */
#define DEFAULT_SEARCH_QUEUE 16                  /* searches waiting at most (search_queue) */
#define SEARCH_RETRY_SECONDS 5                   /* Retry-After of a busy search */
#define DEFAULT_ANON_TAG_K 10                    /* members who must share an anonymous post's tags (anon_tag_k) */
#define FLAG_OTHER_MAX_CHARS      200            /* the text of an "other" flag */
#define MOD_REASON_MAX_CHARS      200            /* public reasons, notes */
#define MOD_SUMMARY_MAX_CHARS     4000           /* a thread's summary (markdown) */
#define MOD_QUEUE_MAX             100            /* posts listed on one queue page */
#define MOD_LOG_PAGE              50             /* audit rows on one log page */
#define SUSPEND_MAX_DAYS          3650
#define CURATED_MAX_THREADS       100
#endif
