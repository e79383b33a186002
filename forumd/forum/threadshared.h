/* threadshared.h: the thread page for a signed-in member, assembled from the rendering every
 * member shares and the reader's own parts (their actions on each post, their reply form,
 * their token) filled into its holes (template.h: tpl_render_shared). */
#ifndef FORUMD_THREADSHARED_H
#define FORUMD_THREADSHARED_H

/* GET /d/:id (forum_handlers.h: thread_show) serves a signed-in member who is not a
 * moderator from it when it can: HTML, no ?quote, the page cache on, no post of theirs in
 * the thread waiting for review. Anyone else gets the page rendered whole (thread.h). */

/* Frees the calling worker thread's shared renderings (on its way out). */
void thread_shared_worker_stop(void);
#endif
