/* prompts.h: the new-dilemma form's optional prompts ("What happened", "What you said or
 * did", "What you are asking"): their fields, their checks, and the dilemma they compose,
 * in which each answered prompt is a headed section after whatever the asker wrote in the
 * dilemma's own field. */
#ifndef FORUMD_PROMPTS_H
#define FORUMD_PROMPTS_H
#include <jansson.h>

#define DILEMMA_PROMPTS 3

struct dilemma_prompt {
	const char *field;     /* the form field */
	const char *heading;   /* the label, and the section's heading in the dilemma */
	const char *hint;
};
extern const struct dilemma_prompt dilemma_prompts[DILEMMA_PROMPTS];
/* Their fields, NULL ended (a submission's `folded`, posting.h). */
extern const char *const dilemma_prompt_fields[DILEMMA_PROMPTS + 1];

/* The prompts for a form's model: [{field, label, hint, value, error?}], each value the
 * text kept from values[i] (NULL: empty), each error from errors[field]. */
json_t *prompts_model(const char *const values[DILEMMA_PROMPTS], const json_t *errors);

/* Checks the dilemma's own text and each prompt's, and composes the dilemma: body, then
 * "## Heading" and the text of each answered prompt. Together they must hold min..max
 * characters (the headings are not counted toward min); a code block one piece leaves open
 * is closed before the next section. Returns the composed markdown
 * (caller frees), or NULL with errors set under "body" or the prompt's field. */
char *prompts_compose(const char *body, const char *const prompts[DILEMMA_PROMPTS],
                      size_t min, size_t max, json_t *errors);
#endif
