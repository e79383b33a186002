/* router.c: forumd's one route table, and the matcher that maps a path to its handler. */
#include "router.h"

#include <stdbool.h>
#include <string.h>

#include "handlers.h"

const struct route routes[] = {
	{M_GET, "/", front_show},
	{M_GET, "/healthz", health_show},
	{M_GET, "/privacy", privacy_show},
	{M_GET, "/guidelines", guidelines_show},
	{M_GET, "/static/*", static_show},
	{M_GET, "/register", account_register_form},
	{M_POST, "/register", account_register},
	{M_GET, "/login", account_login_form},
	{M_POST, "/login", account_login},
	{M_POST, "/logout", account_logout},
	{M_GET, "/recover", account_recover_form},
	{M_POST, "/recover", account_recover},
	{M_GET, "/account/password", account_password_form},
	{M_POST, "/account/password", account_password},
	{M_GET, "/account/sessions", account_sessions},
	{M_POST, "/account/sessions/end", account_sessions_end},
	{M_POST, "/account/codes", account_codes},
	{M_GET, "/account/profile", profile_edit_form},
	{M_POST, "/account/profile", profile_edit},
	{M_GET, "/account/export", account_export},
	{M_GET, "/account/delete", account_delete_form},
	{M_POST, "/account/delete", account_delete},
	{M_GET, "/u/:handle", profile_show},
	{M_GET, "/feed.atom", feed_latest},
	{M_GET, "/new", dilemma_new},
	{M_POST, "/new", dilemma_create},
	{M_GET, "/d/:id", thread_show},
	{M_POST, "/d/:id/reply", reply_create},
	{M_GET, "/p/:id/edit", post_edit},
	{M_POST, "/p/:id/edit", post_update},
	{M_POST, "/p/:id/delete", post_delete},
	{M_POST, "/p/:id/helpful", vote_helpful},
	{M_POST, "/p/:id/mark", vote_op_mark},
	{M_GET, "/unanswered", unanswered_show},
	{M_GET, "/topics", topics_show},
	{M_GET, "/t/:slug", topic_show},
	{M_GET, "/t/:slug/feed.atom", feed_topic},
	{M_GET, "/specialties", specialties_show},
	{M_GET, "/s/:slug", specialty_show},
	{M_GET, "/s/:slug/feed.atom", feed_specialty},
	{M_GET, "/search", search_show},
	{M_GET, "/inbox", inbox_show},
	/* moderation (issue 5) */
	{M_GET, "/p/:id/flag", flag_form},
	{M_POST, "/p/:id/flag", flag_create},
	{M_GET, "/moderation", moderation_queue},
	{M_POST, "/moderation/post/:id/:action", moderation_post_action},
	{M_GET, "/moderation/thread/:id", moderation_thread},
	{M_POST, "/moderation/thread/:id/:action", moderation_thread_action},
	{M_GET, "/moderation/member/:handle", moderation_member},
	{M_POST, "/moderation/member/:handle/:action", moderation_member_action},
	{M_GET, "/moderation/log", moderation_log},
	{M_GET, "/moderation/audit", moderation_audit},
	{M_GET, "/curated", curated_show},
	{M_GET, "/curated/feed.atom", curated_feed},
};
const size_t routes_count = sizeof routes / sizeof routes[0];

/* Matches one pattern; params point into buf, a private copy of the path. */
static bool pattern_matches(const char *pattern, char *buf, struct route_match *m)
{
	const char *p = pattern;
	char *s = buf;
	m->nparams = 0;
	while (*p && *s) {
		if (*p == '*' && p[1] == '\0') {
			if (*s == '\0' || m->nparams == MAX_ROUTE_PARAMS)
				return false;
			m->params[m->nparams++] = s;
			return true;
		}
		if (*p == ':') {
			char *end = strchr(s, '/');
			size_t seglen = end ? (size_t)(end - s) : strlen(s);
			if (seglen == 0 || m->nparams == MAX_ROUTE_PARAMS)
				return false;
			m->params[m->nparams++] = s;
			s += seglen;
			p = strchr(p, '/');
			if (!p)
				p = "";
			if (*s == '/') {
				if (*p != '/')
					return false;
				*s++ = '\0';
				p++;
			}
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

enum route_result router_match(const struct route *table, size_t n, int method,
                               const char *path, struct route_match *m)
{
	size_t len = strlen(path);
	bool path_known = false;
	if (len > MAX_PATH_BYTES)
		return ROUTE_NOT_FOUND;
	for (size_t i = 0; i < n; i++) {
		memcpy(m->buf, path, len + 1);
		if (!pattern_matches(table[i].pattern, m->buf, m))
			continue;
		if (table[i].methods & method) {
			m->fn = table[i].fn;
			return ROUTE_FOUND;
		}
		path_known = true;
	}
	return path_known ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
