#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
#include <libpq-fe.h>

/* PG_DIAG_SQLSTATE is a character-literal macro, which Swift does not import. */
static const int ae_pq_diag_sqlstate = PG_DIAG_SQLSTATE;
#endif
