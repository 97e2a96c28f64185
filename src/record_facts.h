/* Records described by policy test blocks: each fact of a test becomes record values. */
#ifndef CK_RECORD_FACTS_H
#define CK_RECORD_FACTS_H

#include "record.h"

/* Builds the record a (checked) policy test block describes; free it with ck_record_free.
 * NULL when out of memory. */
ck_record *ck_record_from_test(const ck_policy *policy, const ck_decl *test);

#endif
