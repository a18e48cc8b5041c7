/* Explanations: the per-token reasons behind a score (lq_explain). */
#include <string.h>
#include "sentiment.h"

struct lq_explanation {
    lq_token *tokens;
    size_t n, cap;
    lq_scores scores;
    lq_arena arena; /* token texts */
};

static lq_status add_token(void *ctx, const lq_trace_token *t)
{
    lq_explanation *x = ctx;
    lq_token *tk;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16;
        lq_token *v = lq_realloc(x->tokens, cap * sizeof *v);
        if (!v)
            return LQ_ENOMEM;
        x->tokens = v;
        x->cap = cap;
    }
    tk = &x->tokens[x->n];
    tk->text = lq_arena_strndup(&x->arena, t->text, t->len);
    if (!tk->text)
        return LQ_ENOMEM;
    tk->start = t->start;
    tk->end = t->end;
    tk->valence = t->valence;
    tk->contribution = t->contribution;
    tk->rules = t->rules;
    x->n++;
    return LQ_OK;
}

lq_status lq_explain(const lq_lexicon *lex, const char *text, size_t len, unsigned flags,
                     lq_explanation **out, lq_error *err)
{
    lq_explanation *x;
    lq_trace tr;
    lq_status st;
    if (out)
        *out = NULL;
    if (!lex || !out || (!text && len))
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_explain: %s is NULL", !lex ? "lexicon" : !out ? "out" : "text");
    if (flags & ~LQ_SENT_ALL)
        return lq_fail(err, LQ_EINVAL, LQ_NO_POSITION, LQ_NO_POSITION,
                       "lq_explain: unknown flag bits 0x%x", flags & ~LQ_SENT_ALL);
    x = lq_calloc(1, sizeof *x);
    if (!x)
        return lq_fail(err, LQ_ENOMEM, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
    lq_arena_init(&x->arena, 4096);
    tr.token = add_token;
    tr.ctx = x;
    st = lq_sentiment_run(lex, text, len, flags, &x->scores, &tr, err);
    if (st != LQ_OK) {
        lq_explanation_free(x);
        if (st == LQ_ENOMEM)
            return lq_fail(err, st, LQ_NO_POSITION, LQ_NO_POSITION, "out of memory");
        return st;
    }
    *out = x;
    return LQ_OK;
}

size_t lq_explanation_count(const lq_explanation *x)
{
    return x ? x->n : 0;
}

const lq_token *lq_explanation_token(const lq_explanation *x, size_t i)
{
    return x && i < x->n ? &x->tokens[i] : NULL;
}

lq_scores lq_explanation_scores(const lq_explanation *x)
{
    lq_scores zero = {0, 0, 0, 0};
    return x ? x->scores : zero;
}

void lq_explanation_free(lq_explanation *x)
{
    if (!x)
        return;
    lq_dealloc(x->tokens);
    lq_arena_release(&x->arena);
    lq_dealloc(x);
}

const char *lq_rule_name(unsigned rule)
{
    switch (rule) {
    case LQ_RULE_LEXICON: return "lexicon";
    case LQ_RULE_BOOSTED: return "boosted";
    case LQ_RULE_CAPS: return "caps";
    case LQ_RULE_NEGATED: return "negated";
    case LQ_RULE_BUT: return "but";
    case LQ_RULE_IDIOM: return "idiom";
    case LQ_RULE_LEAST: return "least";
    case LQ_RULE_KIND_OF: return "kind-of";
    case LQ_RULE_NO: return "no";
    case LQ_RULE_SO_THIS: return "so-this";
    case LQ_RULE_EMOJI: return "emoji";
    case LQ_RULE_BOOSTER: return "booster";
    default: return "";
    }
}
