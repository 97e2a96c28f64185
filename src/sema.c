/* The policy checker: its stages in order, its diagnostics, and declared types resolved. */
#include "sema.h"

#include "expr_print.h"

#include <stdarg.h>
#include <stdio.h>

#include "sema_private.h"
#include "textutil.h"

static ck_diag *add_v(ck_sema *ck, ck_diag_level level, ck_span span, const char *fmt, va_list ap)
{
    char buf[768];
    vsnprintf(buf, sizeof buf, fmt, ap);
    return ck_diag_add(ck->diags, level, span, "%s", buf);
}

ck_diag *ck_sema_error(ck_sema *ck, ck_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_diag *d = add_v(ck, CK_DIAG_ERROR, span, fmt, ap);
    va_end(ap);
    ck->errors++;
    if (d)
        d->code = "invalid";
    return d;
}

ck_diag *ck_sema_warn(ck_sema *ck, const char *code, ck_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_diag *d = add_v(ck, CK_DIAG_WARNING, span, fmt, ap);
    va_end(ap);
    if (d)
        d->code = code;
    return d;
}

void ck_sema_hint_where(ck_sema *ck, ck_diag *d, const char *what, ck_span first)
{
    if (!first.src)
        return;
    ck_linecol lc = ck_source_linecol(first.src, first.start);
    HINT(d, "%s first declared at %s:%u:%u", what, first.src->path, lc.line, lc.col);
}

void ck_sema_hint_closest(ck_sema *ck, ck_diag *d, const char *name, const char *const *names, size_t n)
{
    const char *close = ck_closest(name, names, n);
    if (close)
        HINT(d, "did you mean '%s'?", close);
}

void ck_sema_hint_misspelling(ck_sema *ck, ck_diag *d, const char *name, const char *const *names, size_t n)
{
    const char *close = ck_misspelling(name, names, n);
    if (close)
        HINT(d, "did you mean '%s'?", close);
}

void ck_sema_hint_names(ck_sema *ck, ck_diag *d, const char *name, const char *const *names, size_t n,
                        const char *listing)
{
    const char *close = ck_closest(name, names, n);
    if (close) {
        HINT(d, "did you mean '%s'?", close);
        return;
    }
    char buf[256];
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && at < sizeof buf; i++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s", i ? ", " : "", names[i]);
    HINT(d, "%s: %s", listing, buf);
}

ck_type_info ck_sema_resolve_type(ck_sema *ck, const ck_type_expr *te, const char *owner)
{
    ck_type_info t = {.kind = te ? te->kind : CK_TYPE_BOOL};
    if (!te)
        return t;
    if (te->kind == CK_TYPE_LEVEL) {
        ck_scale *s = ck_arena_alloc(ck->arena, sizeof *s);
        if (!s)
            return t;
        s->what = owner;
        ck_sema_scale(ck, s, &te->levels, 0, "level '%s' appears twice in the scale",
                      "a level scale lists each value once, lowest first");
        if (te->levels.len < 2)
            ck_sema_warn(ck, "level-scale-too-small", te->span, "a level scale with fewer than two values cannot distinguish anything");
        t.scale = s;
    } else if (te->kind == CK_TYPE_DEPTH) {
        int q = ck_policy_questionnaire(ck->p, te->ref.text);
        if (q < 0) {
            ck_diag *d = ck_sema_error(ck, te->ref.span, "unknown questionnaire '%s'", te->ref.text);
            ck_sema_hint_closest(ck, d, te->ref.text, CK_NAMES_OF(ck->arena, ck->p->questionnaires, ck->p->nquestionnaires, name),
                         ck->p->nquestionnaires);
            return t; /* a depth without a scale: see ck_type_poisoned() */
        }
        ck->p->questionnaires[q].used = true;
        t.scale = &ck->p->questionnaires[q].depths;
    }
    return t;
}

/* Requirements by group (groups in the order declared, the ungrouped last), each group in the
 * order its requirements are declared: a counting sort, so a policy of many requirements costs no
 * more than linear time. */
static int order_requirements(ck_sema *ck)
{
    ck_policy *p = ck->p;
    size_t *order = ck_arena_alloc(ck->arena, (p->nreqs + 1) * sizeof *order);
    size_t *start = ck_arena_alloc(ck->arena, (p->ngroups + 2) * sizeof *start);
    if (!order || !start)
        return -1;
    for (size_t r = 0; r < p->nreqs; r++)
        start[p->reqs[r].group < 0 ? p->ngroups + 1 : (size_t)p->reqs[r].group + 1]++;
    for (size_t g = 1; g <= p->ngroups + 1; g++)
        start[g] += start[g - 1];
    for (size_t r = 0; r < p->nreqs; r++)
        order[start[p->reqs[r].group < 0 ? p->ngroups : (size_t)p->reqs[r].group]++] = r;
    p->req_order = order;
    return 0;
}

/* Why a requirement does not apply, in the words reports give: the same for every record held to a
 * tier or failing a requirement's condition, so composed here once rather than per record. */
static int write_reasons(ck_sema *ck)
{
    ck_policy *p = ck->p;
    p->not_for_tier = ck_arena_alloc(ck->arena, (p->tiers.count + 1) * sizeof *p->not_for_tier);
    if (!p->not_for_tier)
        return -1;
    for (size_t t = 0; t < p->tiers.count; t++)
        if (!(p->not_for_tier[t] = ck_arena_printf(ck->arena, "does not apply to tier %s", p->tiers.names[t])))
            return -1;
    for (size_t r = 0; r < p->nreqs; r++) {
        const ck_expr *when = p->reqs[r].decl->when;
        if (!when)
            continue;
        char cond[256];
        ck_expr_to_string(when, cond, sizeof cond);
        if (!(p->reqs[r].when_reason = ck_arena_printf(ck->arena, "applies only when %s", cond)))
            return -1;
    }
    return 0;
}

int ck_sema_check_policy(ck_policy *policy, ck_diags *diags)
{
    ck_sema ck = {.p = policy, .diags = diags, .arena = policy->arena};
    ck_sema_collect(&ck);
    if (ck.oom)
        return -1;
    ck_sema_field_types(&ck);
    ck_sema_tier_attrs(&ck);
    ck_sema_tier_rules(&ck);
    for (size_t i = 0; i < policy->nreqs; i++)
        ck_sema_requirement(&ck, &policy->reqs[i]);
    for (size_t i = 0; i < policy->tests.len; i++)
        ck_sema_test(&ck, policy->tests.items[i]);
    if (ck.errors == 0)
        ck_sema_warn_unused(&ck);
    if (order_requirements(&ck) != 0 || (ck.errors == 0 && write_reasons(&ck) != 0))
        return -1;
    return ck.oom ? -1 : ck.errors;
}
