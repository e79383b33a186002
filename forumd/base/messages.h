/* messages.h: the user-facing messages more than one file answers with, each written once. */
#ifndef FORUMD_MESSAGES_H
#define FORUMD_MESSAGES_H

/* The database could not be read or written (503). */
#define MSG_ANON_AFTER_REVIEW "You can post anonymously once a moderator has approved your first " \
	"post. Post this under your handle, or keep it and come back then."
#define MSG_ANON_TAGS_CLOSED "That choice is not open to you now: an anonymous post shows only a " \
	"credential or specialty of your profile that enough members share. Choose again."
#define MSG_DB "The forum cannot reach its database right now. Please try again in a moment."
/* A page cursor (?before=, ?page=) that is malformed or out of range (400). */
#define MSG_BAD_CURSOR "That page link is not valid: it may have been cut short or changed."
/* A pool of slow work is full (503 + Retry-After). */
#define MSG_BUSY "The forum is busy. Please send the form again in a few seconds."
/* A member over their hourly posting limit (429 + Retry-After). */
#define MSG_POST_LIMIT "You have posted a lot in the last hour. Please wait a while before " \
                       "posting again; your text is kept below."
/* A POST without a valid CSRF token for this session, or from another site (403). */
#define MSG_CSRF "This form has expired or was sent from another site, so nothing was changed. " \
                 "Go back, reload the page and try again."
/* A POST body holding %00, which evhttp's form parser would cut short (400). */
#define MSG_FORM_NUL "The form holds a NUL character, which cannot be accepted. Nothing was changed."
/* A field error on the forms that keep their text (ROUTE_KEEPS_TEXT): a NUL in the body. */
#define MSG_TEXT_NUL "The text holds a NUL character, which cannot be posted."
#define MSG_TEXT_NUL_PROMPTS "The text or one of the prompts holds a NUL character, which cannot be posted."
/* A visitor's POST (or JSON request) to a route that needs a signed-in member (401). */
#define MSG_LOG_IN "Please log in first. Nothing was changed."
/* A signed-in member on a moderator's route (403). */
#define MSG_MODERATORS_ONLY "Only moderators can do this."
/* A signed-in member or moderator on an admin's route (403). */
#define MSG_ADMINS_ONLY "Only an admin can do this."
#endif
