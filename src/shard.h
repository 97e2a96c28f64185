/* Shards: which records a run of --shard I/N checks, the same on every machine and every run. */
#ifndef CK_SHARD_H
#define CK_SHARD_H

#include <stdbool.h>

/*
 * A record belongs to shard I of N (I from 1) when the FNV-1a hash of its key, taken modulo N, is
 * I - 1. The key is the record file's path from its repository's root ("saas/acme.yaml"), or, for
 * a row of a register, that of the register and the row's line ("exports/register.csv:42"): the
 * same whatever the working directory, the path the user typed or the machine, so a CI matrix of
 * N jobs checks every record exactly once.
 */
bool ck_shard_mine(unsigned shard, unsigned shards, const char *rel, unsigned line);

#endif
