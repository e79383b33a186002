/* routes.h: forumd's route table (routes.c). */
#ifndef FORUMD_ROUTES_H
#define FORUMD_ROUTES_H
#include <stddef.h>
#include <stdio.h>
#include "router.h"

extern const struct route routes[];
extern const size_t routes_count;

/* Prints the table, one route a line: "GET /d/:id public" (forumd --routes). */
void routes_print(FILE *out);
#endif
