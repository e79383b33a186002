/* routes.c: forumd's one route table: every page and action, with its access level. */
#include "routes.h"

#include "accounts_handlers.h"
#include "forum_handlers.h"
#include "moderation_handlers.h"
#include "pages.h"
#include "static.h"

const struct route routes[] = {
	{M_GET, "/", front_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/healthz", health_show, ACCESS_PUBLIC, 0},
	{M_GET, "/privacy", privacy_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/guidelines", guidelines_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/static/*", static_show, ACCESS_PUBLIC, 0},
	{M_GET, "/register", account_register_form, ACCESS_PUBLIC, 0},
	{M_POST, "/register", account_register, ACCESS_PUBLIC, 0},
	{M_GET, "/login", account_login_form, ACCESS_PUBLIC, 0},
	{M_POST, "/login", account_login, ACCESS_PUBLIC, 0},
	{M_POST, "/logout", account_logout, ACCESS_PUBLIC, 0},
	{M_GET, "/recover", account_recover_form, ACCESS_PUBLIC, 0},
	{M_POST, "/recover", account_recover, ACCESS_PUBLIC, 0},
	{M_GET, "/account/password", account_password_form, ACCESS_MEMBER, 0},
	{M_POST, "/account/password", account_password, ACCESS_MEMBER, 0},
	{M_GET, "/account/sessions", account_sessions, ACCESS_MEMBER, 0},
	{M_POST, "/account/sessions/end", account_sessions_end, ACCESS_MEMBER, 0},
	{M_GET, "/account/codes", account_codes_form, ACCESS_MEMBER, 0},
	{M_POST, "/account/codes", account_codes, ACCESS_MEMBER, 0},
	{M_GET, "/account/profile", profile_edit_form, ACCESS_MEMBER, 0},
	{M_POST, "/account/profile", profile_edit, ACCESS_MEMBER, 0},
	{M_GET, "/account/export", account_export, ACCESS_MEMBER, 0},
	{M_GET, "/account/delete", account_delete_form, ACCESS_MEMBER, 0},
	{M_POST, "/account/delete", account_delete, ACCESS_MEMBER, 0},
	{M_GET, "/u/:handle", profile_show, ACCESS_PUBLIC, 0},
	{M_GET, "/feed.atom", feed_latest, ACCESS_PUBLIC, 0},
	{M_GET, "/new", dilemma_new, ACCESS_WRITER, 0},
	{M_POST, "/new", dilemma_create, ACCESS_WRITER, ROUTE_KEEPS_TEXT},
	{M_GET, "/d/:id", thread_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_POST, "/d/:id/reply", reply_create, ACCESS_WRITER, ROUTE_KEEPS_TEXT},
	{M_POST, "/d/:id/follow", thread_follow, ACCESS_MEMBER, 0},
	{M_POST, "/d/:id/update", update_create, ACCESS_WRITER, ROUTE_KEEPS_TEXT},
	{M_GET, "/p/:id/edit", post_edit, ACCESS_WRITER, 0},
	{M_POST, "/p/:id/edit", post_update, ACCESS_WRITER, ROUTE_KEEPS_TEXT},
	{M_GET, "/p/:id/history", post_history, ACCESS_MEMBER, 0},
	{M_GET, "/p/:id/delete", post_delete_form, ACCESS_WRITER, 0},
	{M_POST, "/p/:id/delete", post_delete, ACCESS_WRITER, 0},
	{M_POST, "/p/:id/helpful", vote_helpful, ACCESS_WRITER, 0},
	{M_POST, "/p/:id/mark", vote_op_mark, ACCESS_WRITER, 0},
	{M_GET, "/unanswered", unanswered_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/updated", updated_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/updated/feed.atom", feed_updated, ACCESS_PUBLIC, 0},
	{M_GET, "/topics", topics_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/t/:slug", topic_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/t/:slug/feed.atom", feed_topic, ACCESS_PUBLIC, 0},
	{M_GET, "/t/:slug/scripts.atom", scripts_feed, ACCESS_PUBLIC, 0},
	{M_GET, "/scripts", scripts_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/specialties", specialties_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/s/:slug", specialty_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/s/:slug/feed.atom", feed_specialty, ACCESS_PUBLIC, 0},
	{M_GET, "/search", search_show, ACCESS_PUBLIC, 0},
	{M_GET, "/inbox", inbox_show, ACCESS_MEMBER, 0},
	{M_GET, "/notifications", notifications_show, ACCESS_MEMBER, 0},
	{M_GET, "/notifications/feed", notify_feed_show, ACCESS_PUBLIC, 0},
	{M_POST, "/notifications/feed", notify_feed_change, ACCESS_MEMBER, 0},
	{M_POST, "/drafts/delete", draft_remove, ACCESS_MEMBER, 0},
	/* moderation */
	{M_GET, "/p/:id/flag", flag_form, ACCESS_WRITER, 0},
	{M_POST, "/p/:id/flag", flag_create, ACCESS_WRITER, ROUTE_KEEPS_TEXT},
	{M_GET, "/p/:id/flagged", flag_done, ACCESS_WRITER, 0},
	{M_GET, "/moderation", moderation_queue, ACCESS_MODERATOR, 0},
	{M_POST, "/moderation/post/:id/:action", moderation_post_action, ACCESS_MODERATOR, 0},
	{M_POST, "/moderation/script/:id/:action", moderation_script_action, ACCESS_MODERATOR, 0},
	{M_GET, "/moderation/thread/:id", moderation_thread, ACCESS_MODERATOR, 0},
	{M_POST, "/moderation/thread/:id/:action", moderation_thread_action, ACCESS_MODERATOR, 0},
	{M_GET, "/moderation/member/:handle", moderation_member, ACCESS_MODERATOR, 0},
	{M_POST, "/moderation/member/:handle/:action", moderation_member_action, ACCESS_MODERATOR, 0},
	{M_GET, "/moderation/log", moderation_log, ACCESS_PUBLIC, 0},
	{M_GET, "/moderation/audit", moderation_audit, ACCESS_MODERATOR, 0},
	{M_GET, "/curated", curated_show, ACCESS_PUBLIC, ROUTE_CACHED},
	{M_GET, "/curated/feed.atom", curated_feed, ACCESS_PUBLIC, 0},
};
const size_t routes_count = sizeof routes / sizeof routes[0];

void routes_print(FILE *out)
{
	for (size_t i = 0; i < routes_count; i++)
		fprintf(out, "%s %s %s\n", routes[i].methods & M_POST ? "POST" : "GET", routes[i].pattern,
		        access_name(routes[i].access));
}
