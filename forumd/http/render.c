/* render.c: markdown rendering on the shared worker pool, answered back on the loop. */
#include "render.h"

#include <stdlib.h>

#include "limits.h"
#include "markdown.h"
#include "mem.h"
#include "pool.h"

static struct pool *render_pool;

int64_t render_queue_depth(void)
{
	return render_pool ? pool_pending(render_pool) : 0;
}

int render_start(void)
{
	render_pool = pool_new(0, RENDER_QUEUE_MAX);
	return render_pool ? 0 : -1;
}

void render_worker_stop(struct event_base *base)
{
	if (render_pool)
		pool_detach_base(render_pool, base);
}

void render_stop(void)
{
	pool_free(render_pool);
	render_pool = NULL;
}

struct render_job {
	struct request *r;
	char *md;
	size_t len;
	char *html;
	render_done_fn done;
	void *arg;
};

/* On a pool thread: touches only the job's own buffers. */
static void render_work(void *p)
{
	struct render_job *job = p;
	job->html = markdown_to_html(job->md, job->len);
}

/* Back on the request's loop. */
static void render_finish(void *p)
{
	struct render_job *job = p;
	job->done(job->r, job->html, job->arg);
	free(job->html);
	free(job->md);
	free(job);
}

int render_markdown(struct request *r, const char *md, size_t len, render_done_fn done, void *arg)
{
	struct render_job *job = xcalloc(1, sizeof *job);
	job->r = r;
	job->md = xstrndup(md, len);
	job->len = len;
	job->done = done;
	job->arg = arg;
	if (!render_pool || !r->worker) {
		render_work(job);
		render_finish(job);
		return 0;
	}
	if (pool_submit(render_pool, r->worker->base, render_work, render_finish, job) != 0) {
		free(job->md);
		free(job);
		return -1;
	}
	return 0;
}
