/* Speaker noun phrases and the people and organisations they name: parsing a
   phrase into name, role and affiliation; canonical entities ("Ergaly" and
   "Mr Ergaly" are the "Aidar Ergaly" introduced earlier); mentions in text
   order; pronoun resolution to the most salient compatible entity.

   Roles. The role of a speaker is the descriptor the text gives, reduced to
   its head noun phrase: the words before the name ("political scientist
   Andrei Chebotarev" -> "political scientist", "BA chairman Martin
   Broughton" -> "BA chairman"), or the first appositive that has a role noun,
   without its article and cut before a preposition, a coordination or a
   relative clause ("X, a retiree from Almaty, the country's…" -> "retiree";
   "X, a 57-year-old entrepreneur," -> "57-year-old entrepreneur"; "A former
   diplomat, Tokayev…" -> "former diplomat"). Honorifics (Mr, Ms, Dr) are not
   roles; titles (President, Chancellor) are. The first letter is lower-cased
   when the role starts a sentence or is a role noun of the word list. */
#include <string.h>
#include "attribution.h"

#define NP_MAX_RUN 10
#define MENTION_WINDOW 40

static const lq_tok *T(const lq_stream *st, size_t i)
{
    return &st->toks[i];
}

static int is_word(const lq_stream *st, size_t i)
{
    return i < st->ntoks && (T(st, i)->shape & LQ_T_WORD);
}

static int is_punct(const lq_stream *st, size_t i, int32_t cp)
{
    return i < st->ntoks && (T(st, i)->shape & LQ_T_PUNCT) && T(st, i)->cp == cp;
}

static int is_det(const lq_stream *st, size_t i)
{
    return lq_tok_is(st, i, "a") || lq_tok_is(st, i, "an") || lq_tok_is(st, i, "the") ||
           lq_tok_is(st, i, "its") || lq_tok_is(st, i, "their") || lq_tok_is(st, i, "his") ||
           lq_tok_is(st, i, "her") || lq_tok_is(st, i, "my") || lq_tok_is(st, i, "our") ||
           lq_tok_is(st, i, "your");
}

/* Words that join the parts of a name: "Bank of England", "Van den Brul". */
static int is_connector(const lq_stream *st, size_t i)
{
    static const char *const w[] = {"of", "for", "and", "in", "on", "de", "van", "den", "von",
                                    "der", "bin", "al", "la", "le", "da", "di", "du", "del",
                                    "dos", "das", "ter", "ten", "y", "the"};
    size_t k;
    if (!is_word(st, i) || (T(st, i)->shape & LQ_T_CAP && !lq_tok_is(st, i, "van") &&
                            !lq_tok_is(st, i, "de") && !lq_tok_is(st, i, "von") &&
                            !lq_tok_is(st, i, "al")))
        return 0;
    for (k = 0; k < sizeof w / sizeof w[0]; k++)
        if (lq_tok_is(st, i, w[k]))
            return 1;
    return 0;
}

static int is_preposition(const lq_stream *st, size_t i)
{
    return lq_tok_is(st, i, "of") || lq_tok_is(st, i, "from") || lq_tok_is(st, i, "at") ||
           lq_tok_is(st, i, "for") || lq_tok_is(st, i, "with") || lq_tok_is(st, i, "in") ||
           lq_tok_is(st, i, "on") || lq_tok_is(st, i, "and") || lq_tok_is(st, i, "who") ||
           lq_tok_is(st, i, "which") || lq_tok_is(st, i, "that") || lq_tok_is(st, i, "to") ||
           lq_tok_is(st, i, "by") || lq_tok_is(st, i, "or") || lq_tok_is(st, i, "whose") ||
           lq_tok_is(st, i, "based") || lq_tok_is(st, i, "said");
}

static int role_word(const lq_tok *t)
{
    return (t->cls & (LQ_W_ROLE | LQ_W_TITLE)) ||
           (t->phrase && (t->phrase_cls & (LQ_W_ROLE | LQ_W_TITLE)));
}

/* A capitalised token that may be part of a proper name. */
static int name_tok(const lq_stream *st, size_t i)
{
    const lq_tok *t;
    if (!is_word(st, i))
        return 0;
    t = T(st, i);
    if (!(t->shape & LQ_T_CAP))
        return 0;
    if (t->cls & (LQ_W_NONNAME | LQ_W_PRONOUN))
        return 0;
    if (t->shape & LQ_T_COMMON)
        return 0;
    if (t->cls & LQ_W_MODIFIER)
        return 0;
    return 1;
}

/* Speech-verb form that ends a noun phrase (lower case, finite or -ing). */
static int np_stop_verb(const lq_tok *t)
{
    return (t->cls & LQ_W_VERB) && !(t->shape & LQ_T_CAP) &&
           !(t->cls & (LQ_W_ROLE | LQ_W_ORGHEAD));
}

/* A descriptor starts here: "a retiree", "BA's chief executive",
   "57-year-old entrepreneur", "chief market analyst at …". */
static int descriptor_starts(const lq_stream *st, size_t i, size_t limit)
{
    size_t k;
    if (i >= limit || !is_word(st, i))
        return 0;
    if (is_det(st, i) || (T(st, i)->shape & LQ_T_POSS) || (T(st, i)->shape & LQ_T_NUM))
        return 1;
    for (k = i; k < limit && k < i + 4 && is_word(st, k); k++) {
        if (role_word(T(st, k)))
            return 1;
        if (np_stop_verb(T(st, k)) || (T(st, k)->cls & LQ_W_NONNAME))
            return 0;
    }
    return 0;
}

/* Parse a descriptor from i: returns the end of the descriptor and the role
   tokens in [*rs, *re) (empty when it has no role noun). */
static size_t parse_descriptor(const lq_stream *st, size_t i, size_t limit, uint32_t *rs,
                               uint32_t *re)
{
    size_t k = i, cut = 0, n = 0;
    int has_role = 0;
    if (is_det(st, k))
        k++;
    *rs = *re = (uint32_t)k;
    for (; k < limit && n < 16; k++, n++) {
        const lq_tok *t = T(st, k);
        if (!(t->shape & LQ_T_WORD))
            break;
        if (np_stop_verb(t) && k > i)
            break;
        if (!cut && k > *rs && is_preposition(st, k))
            cut = k;
        if (!cut && role_word(t)) {
            has_role = 1;
            *re = (uint32_t)(k + 1);
        }
    }
    if (!has_role)
        *re = *rs;
    return k;
}

void lq_np_parse(const lq_stream *st, size_t i, size_t limit, lq_np *np)
{
    size_t j, k, r0, r1, n0, n1, loops;
    memset(np, 0, sizeof *np);
    np->start = np->end = (uint32_t)i;
    if (limit > st->ntoks)
        limit = st->ntoks;
    if (i >= limit || !is_word(st, i))
        return;
    /* subject pronouns */
    if ((T(st, i)->cls & LQ_W_PRONOUN) &&
        (lq_tok_is(st, i, "he") || lq_tok_is(st, i, "she") || lq_tok_is(st, i, "it") ||
         lq_tok_is(st, i, "they") || lq_tok_is(st, i, "we") || lq_tok_is(st, i, "i"))) {
        np->kind = LQ_NP_PRONOUN;
        np->gender = T(st, i)->gender;
        np->plural = T(st, i)->plural;
        np->end = (uint32_t)(i + 1);
        return;
    }
    j = i;
    if (is_det(st, j)) {
        np->det = 1;
        j++;
    }
    /* the run of noun-phrase words */
    k = j;
    {
        int seen_name = 0;
        while (k < limit && k - j < NP_MAX_RUN) {
            const lq_tok *t = T(st, k);
            if ((t->cls & (LQ_W_HONORIFIC | LQ_W_TITLE)) && (t->shape & LQ_T_CAP) &&
                is_punct(st, k + 1, '.') && name_tok(st, k + 2)) {
                k += 2;
                continue;
            }
            /* a middle initial: "Charles B. Rangel" */
            if (seen_name && (t->shape & LQ_T_CAP) && t->end - t->start == 1 &&
                is_punct(st, k + 1, '.') && name_tok(st, k + 2)) {
                k += 2;
                continue;
            }
            if (!(t->shape & LQ_T_WORD))
                break;
            if (np_stop_verb(t))
                break;
            if (k > j && is_connector(st, k) && name_tok(st, k - 1) &&
                (name_tok(st, k + 1) || (is_connector(st, k + 1) && name_tok(st, k + 2)))) {
                k += name_tok(st, k + 1) ? 1 : 2;
                continue;
            }
            if (t->cls & LQ_W_MODIFIER) {
                k++;
                continue;
            }
            if (t->shape & LQ_T_CAP) {
                if (t->cls & (LQ_W_NONNAME | LQ_W_PRONOUN))
                    break;
                if (!role_word(t) && !(t->cls & LQ_W_HONORIFIC) && !(t->shape & LQ_T_POSS))
                    seen_name = 1; /* a possessor ("Nowak’s union") is not the head */
                k++;
                continue;
            }
            if (t->cls & (LQ_W_NONNAME | LQ_W_PRONOUN))
                break;
            /* a lower-case word after a name only continues a role: "BA chairman",
               "German energy adviser" */
            if (seen_name && (t->cls & LQ_W_ORGHEAD) && !(t->cls & LQ_W_ROLE) &&
                !(k + 1 < limit && is_word(st, k + 1) &&
                  (role_word(T(st, k + 1)) || (T(st, k + 1)->shape & LQ_T_CAP)))) {
                /* "the Financial Times newspaper", "the Labour party" */
                k++;
                break;
            }
            if (seen_name && !role_word(t)) {
                size_t a;
                int role_ahead = 0;
                for (a = k + 1; a < limit && a < k + 3 && is_word(st, a) &&
                                (!(T(st, a)->shape & LQ_T_CAP) || role_word(T(st, a))) &&
                                !np_stop_verb(T(st, a)) &&
                                !(T(st, a)->cls & (LQ_W_NONNAME | LQ_W_PRONOUN));
                     a++)
                    if (role_word(T(st, a)))
                        role_ahead = 1;
                /* "Democratic nominee Hillary Clinton": a given name follows */
                if (!role_ahead && k + 1 < limit && (T(st, k + 1)->cls & LQ_W_FIRSTNAME) &&
                    (T(st, k + 1)->shape & LQ_T_CAP) && !np_stop_verb(t) &&
                    !(t->cls & (LQ_W_NONNAME | LQ_W_PRONOUN)))
                    role_ahead = 1;
                if (!role_ahead)
                    break;
            }
            k++;
        }
    }
    if (k == j)
        return;
    r0 = j;
    r1 = k;
    /* the name: trailing capitalised run, without leading titles/roles */
    n1 = r1;
    n0 = r1;
    while (n0 > r0 && !(n0 < n1 && (T(st, n0 - 1)->shape & LQ_T_POSS)) &&
           (name_tok(st, n0 - 1) ||
                       (is_connector(st, n0 - 1) && n0 - 1 > r0 &&
                        (name_tok(st, n0 - 2) ||
                         (n0 - 2 > r0 && is_connector(st, n0 - 2) && name_tok(st, n0 - 3)))) ||
                       (is_punct(st, n0 - 1, '.') && n0 - 1 > r0 && name_tok(st, n0 - 2) &&
                        T(st, n0 - 2)->end - T(st, n0 - 2)->start == 1)))
        n0--;
    /* "Culture Secretary Tessa Jowell": capitalised words up to the last
       title or role word before the name belong to the role */
    {
        size_t c, last_title = n0;
        int org = 0;
        for (c = n0; c < n1; c++)
            org |= (T(st, c)->cls & LQ_W_ORGHEAD) != 0;
        for (c = n0; c + 1 < n1; c++)
            if ((role_word(T(st, c)) && !T(st, c)->plural) || (T(st, c)->cls & LQ_W_HONORIFIC))
                last_title = c + 1;
        if (!org && last_title > n0 && last_title < n1 && name_tok(st, last_title))
            n0 = last_title;
    }
    while (n0 < n1) {
        const lq_tok *t = T(st, n0);
        if (t->phrase && (t->phrase_cls & (LQ_W_ROLE | LQ_W_TITLE)) &&
            n0 + t->phrase < n1) {
            n0 += t->phrase;
            continue;
        }
        if (((t->cls & (LQ_W_ROLE | LQ_W_TITLE | LQ_W_HONORIFIC)) && n0 + 1 < n1) ||
            is_connector(st, n0)) {
            n0++;
            continue;
        }
        if ((t->cls & (LQ_W_ROLE | LQ_W_TITLE | LQ_W_HONORIFIC)) && n0 + 1 == n1 &&
            !(n0 > r0 && name_tok(st, n0 - 1) && !role_word(T(st, n0 - 1)) &&
              !(T(st, n0 - 1)->cls & LQ_W_HONORIFIC)) &&
            !(n0 > r0 && (T(st, n0 - 1)->cls & LQ_W_HONORIFIC)) &&
            !(n0 > r0 + 1 && is_punct(st, n0 - 1, '.') &&
              (T(st, n0 - 2)->cls & LQ_W_HONORIFIC))) {
            n0++;
            continue;
        }
        break;
    }
    /* "Financial Times newspaper": a name and its lower-case organisation head */
    if (n0 == n1 && r1 - r0 >= 2 && (T(st, r1 - 1)->cls & LQ_W_ORGHEAD) &&
        !(T(st, r1 - 1)->shape & LQ_T_CAP) && name_tok(st, r1 - 2) &&
        !(T(st, r1 - 2)->shape & LQ_T_POSS)) {
        n0 = r1 - 1;
        while (n0 > r0 && name_tok(st, n0 - 1))
            n0--;
    }
    np->role_s = (uint32_t)r0;
    np->role_e = (uint32_t)n0;
    if (n0 > r0 && is_punct(st, n0 - 1, '.'))
        np->role_e = (uint32_t)(n0 - 1);
    /* an honorific is not part of the role: "former civil service chief Lord
       Butler" -> "former civil service chief" */
    while (np->role_e > np->role_s + 1 &&
           (T(st, np->role_e - 1)->cls & LQ_W_HONORIFIC) &&
           !(T(st, np->role_e - 1)->cls & (LQ_W_TITLE | LQ_W_ROLE))) {
        np->role_e--;
        if (np->role_e > np->role_s && is_punct(st, np->role_e - 1, '.'))
            np->role_e--;
    }
    np->name_s = (uint32_t)n0;
    np->name_e = (uint32_t)n1;
    /* a person name followed inside the run by "of X": split the affiliation */
    if (n1 > n0) {
        size_t c, has_org = 0;
        for (c = n0; c < n1; c++) {
            if (T(st, c)->cls & LQ_W_ORGHEAD)
                has_org = 1;
            if ((lq_tok_is(st, c, "of") || lq_tok_is(st, c, "for")) && c > n0) {
                if (!has_org) {
                    np->name_e = (uint32_t)c;
                    np->aff_s = (uint32_t)c;
                    np->aff_e = (uint32_t)n1;
                }
                break;
            }
        }
    }
    /* gender from honorifics, titles and given names */
    for (j = r0; j < np->name_e; j++) {
        const lq_tok *t = T(st, j);
        if ((t->cls & (LQ_W_HONORIFIC | LQ_W_TITLE | LQ_W_FIRSTNAME)) && t->gender &&
            t->gender != LQ_G_NEUTER) {
            np->gender = t->gender;
            if (j >= np->name_s)
                break;
        }
    }
    /* kind */
    if (np->name_e > np->name_s) {
        size_t c;
        int org = 0, first = 0;
        for (c = np->name_s; c < np->name_e; c++) {
            if (T(st, c)->cls & LQ_W_ORGHEAD)
                org = 1;
            if (T(st, c)->cls & LQ_W_FIRSTNAME)
                first = 1;
        }
        if (!first && np->name_e - np->name_s == 1 && (T(st, np->name_s)->shape & LQ_T_ALLCAPS))
            org = 1;
        np->kind = org && !(first && np->name_e - np->name_s <= 3) ? LQ_NP_ORG : LQ_NP_PERSON;
        if (np->kind == LQ_NP_ORG)
            np->gender = LQ_G_NEUTER;
    } else {
        np->kind = LQ_NP_DESC;
        np->plural = T(st, r1 - 1)->plural;
        if (T(st, r1 - 1)->cls & LQ_W_ORGHEAD && !(T(st, r1 - 1)->cls & LQ_W_ROLE))
            np->kind = LQ_NP_ORG, np->gender = LQ_G_NEUTER;
    }
    if (np->kind == LQ_NP_ORG && np->name_e == np->name_s)
        np->role_e = np->role_s; /* "the committee" is a body, not a role */
    k = r1;
    /* affiliation: "from the Organization for … (OSCE)", "of BNP Paribas" */
    if (np->aff_e == 0 && k + 1 < limit &&
        (lq_tok_is(st, k, "of") || lq_tok_is(st, k, "from") || lq_tok_is(st, k, "at") ||
         lq_tok_is(st, k, "for"))) {
        size_t a = k + 1, b;
        if (is_det(st, a))
            a++;
        b = a;
        while (b < limit && b - a < NP_MAX_RUN &&
               (name_tok(st, b) || (b > a && is_connector(st, b) && name_tok(st, b + 1))))
            b++;
        if (b > a) {
            np->aff_s = (uint32_t)(k + 1);
            np->aff_e = (uint32_t)b;
            k = b;
            if (is_punct(st, k, '(') && k + 2 < limit && (T(st, k + 1)->shape & LQ_T_ALLCAPS) &&
                is_punct(st, k + 2, ')'))
                k += 3;
            if (np->kind == LQ_NP_DESC && (T(st, r1 - 1)->cls & LQ_W_ROLE) &&
                T(st, r1 - 1)->plural)
                np->kind = LQ_NP_ORG; /* "Observers from the OSCE": a body speaks */
        }
    } else if (is_punct(st, k, '(')) {
        /* "(OSCE)", "(D-N.C.)": a parenthesis after the name */
        size_t b = k + 1;
        while (b < limit && b < k + 8 && !is_punct(st, b, ')') && !(T(st, b)->shape & LQ_T_QUOTE))
            b++;
        if (b < limit && is_punct(st, b, ')'))
            k = b + 1;
    }
    /* appositives: ", 44,", ", a retiree from Almaty,", ", who …,", ", Klaus Becker," */
    for (loops = 0; loops < 4 && is_punct(st, k, ',') && k + 1 < limit; loops++) {
        size_t a = k + 1;
        if ((T(st, a)->shape & LQ_T_NUM) && (a + 1 >= limit || is_punct(st, a + 1, ',') ||
                                              !is_word(st, a + 1))) {
            k = is_punct(st, a + 1, ',') ? a + 2 : a + 1;
            continue;
        }
        if (lq_tok_is(st, a, "who") || lq_tok_is(st, a, "which")) {
            size_t b = a + 1;
            while (b < limit && b - a < 40 && !is_punct(st, b, ',') &&
                   !(T(st, b)->shape & LQ_T_QUOTE))
                b++;
            if (b >= limit || !is_punct(st, b, ','))
                break;
            k = b + 1;
            continue;
        }
        if ((np->kind == LQ_NP_DESC || np->kind == LQ_NP_ORG) && np->name_e == np->name_s &&
            (name_tok(st, a) || (lq_tok_is(st, a, "the") && name_tok(st, a + 1)))) {
            int org = np->kind == LQ_NP_ORG;
            if (!name_tok(st, a))
                a++;
            size_t b = a;
            while (b < limit && b - a < 5 &&
                   (name_tok(st, b) || (is_connector(st, b) && name_tok(st, b + 1))))
                b++;
            if (b < limit && !is_punct(st, b, ',') && !np_stop_verb(T(st, b)) &&
                !(T(st, b)->shape & LQ_T_WORD))
                break;
            np->name_s = (uint32_t)a;
            np->name_e = (uint32_t)b;
            np->kind = LQ_NP_PERSON;
            for (j = a; j < b; j++) {
                if ((T(st, j)->cls & LQ_W_FIRSTNAME) && T(st, j)->gender)
                    np->gender = T(st, j)->gender;
                if (T(st, j)->cls & LQ_W_ORGHEAD)
                    org = 1;
            }
            if (org) {
                /* "Mr Nowak’s union, the Harbour Workers Federation," */
                np->kind = LQ_NP_ORG;
                np->gender = LQ_G_NEUTER;
                np->role_e = np->role_s;
            }
            k = is_punct(st, b, ',') ? b + 1 : b;
            if (!is_punct(st, b, ','))
                break;
            continue;
        }
        if (descriptor_starts(st, a, limit)) {
            uint32_t rs, re;
            size_t b = parse_descriptor(st, a, limit, &rs, &re);
            if (re == rs && (lq_tok_is(st, a, "a") || lq_tok_is(st, a, "an")) &&
                np->kind == LQ_NP_PERSON) {
                /* "X, a deckhand from Orsa": an indefinite appositive after a
                   person's name describes the person, listed noun or not */
                size_t e2 = a + 1;
                while (e2 < b && e2 < a + 5 && !is_preposition(st, e2) &&
                       !(T(st, e2)->cls & LQ_W_NONNAME) && !(T(st, e2)->shape & LQ_T_CAP))
                    e2++;
                if (e2 > a + 1) {
                    rs = (uint32_t)(a + 1);
                    re = (uint32_t)e2;
                    np->role_forced = 1;
                }
            }
            if (re > rs && np->role_e == np->role_s) {
                np->role_s = rs;
                np->role_e = re;
            }
            if (b < limit && is_punct(st, b, ',')) {
                k = b;
                continue;
            }
            k = b;
            break;
        }
        break;
    }
    np->end = (uint32_t)k;
    /* does the role hold a role word at all? */
    if (np->role_e > np->role_s) {
        size_t c;
        int any = 0;
        while (np->role_s < np->role_e && (T(st, np->role_s)->cls & LQ_W_HONORIFIC)) {
            np->role_s++;
            if (is_punct(st, np->role_s, '.'))
                np->role_s++;
        }
        for (c = np->role_s; c < np->role_e; c++)
            if (role_word(T(st, c)))
                any = 1;
        any |= np->role_forced;
        if (!any)
            np->role_e = np->role_s;
    }
}

/* ---- text of names and roles ---------------------------------------------- */

/* Join tokens [a, b) with single spaces (no space before '.' or ')' or after
   '('), optionally lower-casing the first letter. */
static char *join(lq_arena *arena, const lq_stream *st, size_t a, size_t b, int lower_first,
                  const char *prefix)
{
    size_t n = prefix ? strlen(prefix) + 1 : 0, i, k = 0;
    char *out;
    for (i = a; i < b; i++)
        n += T(st, i)->end - T(st, i)->start + 1;
    out = lq_arena_alloc(arena, n + 1);
    if (!out)
        return NULL;
    if (prefix) {
        memcpy(out, prefix, strlen(prefix));
        k = strlen(prefix);
    }
    for (i = a; i < b; i++) {
        const lq_tok *t = T(st, i);
        if (k > 0 && !((t->shape & LQ_T_PUNCT) && (t->cp == '.' || t->cp == ')')) &&
            out[k - 1] != '(')
            out[k++] = ' ';
        memcpy(out + k, st->text + t->start, t->end - t->start);
        if (i == a && lower_first && !prefix && out[k] >= 'A' && out[k] <= 'Z' &&
            !(t->shape & LQ_T_ALLCAPS))
            out[k] = (char)(out[k] - 'A' + 'a');
        k += t->end - t->start;
    }
    out[k] = '\0';
    return out;
}

const char *lq_np_role(lq_arena *arena, const lq_stream *st, const lq_np *np)
{
    const lq_tok *t;
    int lower;
    if (np->role_e <= np->role_s)
        return NULL;
    t = T(st, np->role_s);
    /* lower-case a role noun of the list ("Dockworker", "Political scientist"
       at a sentence start); titles keep their capital ("Chancellor") */
    lower = (t->shape & LQ_T_CAP) && !(t->shape & LQ_T_ALLCAPS) &&
            (((t->cls & LQ_W_ROLE) && !(t->cls & LQ_W_TITLE)) ||
             (t->phrase && (t->phrase_cls & LQ_W_ROLE) && !(t->phrase_cls & LQ_W_TITLE)) ||
             ((t->shape & LQ_T_COMMON) && !(t->cls & LQ_W_TITLE)));
    return join(arena, st, np->role_s, np->role_e, lower, NULL);
}

/* ---- entities ----------------------------------------------------------------- */

lq_status lq_entities_init(lq_entities *es, lq_arena *arena)
{
    lq_status s;
    memset(es, 0, sizeof *es);
    es->arena = arena;
    s = lq_strmap_init(&es->full, 64);
    if (s == LQ_OK)
        s = lq_strmap_init(&es->last, 64);
    return s;
}

void lq_entities_release(lq_entities *es)
{
    lq_dealloc(es->ents);
    lq_dealloc(es->mentions);
    lq_strmap_release(&es->full);
    lq_strmap_release(&es->last);
    memset(es, 0, sizeof *es);
}

static lq_status add_entity(lq_entities *es, const char *name, lq_speaker_kind kind, int gender,
                            long *out)
{
    if (es->nents == es->cap) {
        size_t ncap = es->cap ? es->cap * 2 : 16;
        lq_entity *p = lq_realloc(es->ents, ncap * sizeof *p);
        if (!p)
            return LQ_ENOMEM;
        es->ents = p;
        es->cap = ncap;
    }
    memset(&es->ents[es->nents], 0, sizeof es->ents[0]);
    es->ents[es->nents].name = name;
    es->ents[es->nents].kind = kind;
    es->ents[es->nents].gender = gender;
    es->ents[es->nents].speaker_index = -1;
    *out = (long)es->nents++;
    return LQ_OK;
}

static lq_status map_set(lq_strmap *m, const char *key, size_t len, long e)
{
    lq_strmap_entry *en;
    int added;
    lq_status s = lq_strmap_put(m, key, len, &en, &added);
    if (s == LQ_OK)
        en->value.i = e;
    return s;
}

/* Lower-cased key of the last word of token range [a, b). */
static size_t last_key(const lq_stream *st, size_t a, size_t b, char *key, size_t cap)
{
    const lq_tok *t;
    size_t n, i, k = 0;
    if (b <= a)
        return 0;
    t = T(st, b - 1);
    n = t->end - t->start;
    for (i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)st->text[t->start + i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        key[k++] = (char)c;
    }
    /* possessive "Tokayev’s" -> "tokayev" */
    if (k > 4 && memcmp(key + k - 4, "\xe2\x80\x99s", 4) == 0)
        k -= 4;
    else if (k > 2 && key[k - 2] == '\'' && key[k - 1] == 's')
        k -= 2;
    return k;
}

static int same_first_word(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && b[i] && a[i] != ' ' && b[i] != ' ' && a[i] == b[i])
        i++;
    return (a[i] == ' ' || !a[i]) && (b[i] == ' ' || !b[i]);
}

/* Does full end with the words of part ("Charles Saumarez Smith", "Saumarez Smith")? */
static int ends_with_words(const char *full, const char *part)
{
    size_t fl = strlen(full), pl = strlen(part);
    return pl < fl && full[fl - pl - 1] == ' ' && strcmp(full + fl - pl, part) == 0;
}

static int has_space(const char *s)
{
    return strchr(s, ' ') != NULL;
}

/* Find or create the entity for a person or organisation name held by
   tokens [a, b); honorific: the "Mr" token before it, or (size_t)-1. */
static lq_status entity_for_name(lq_entities *es, const lq_stream *st, size_t a, size_t b,
                                 size_t honorific, lq_speaker_kind kind, int gender, long *out)
{
    char *name = join(es->arena, st, a, b, 0, NULL);
    char lk[64];
    size_t lkn = last_key(st, a, b, lk, sizeof lk);
    const lq_strmap_entry *e;
    int single = b - a == 1;
    lq_status s;
    long id = -1;

    *out = -1;
    if (!name)
        return LQ_ENOMEM;
    /* possessive names: "Tokayev’s" is Tokayev */
    {
        size_t n = strlen(name);
        if (n > 4 && memcmp(name + n - 4, "\xe2\x80\x99s", 4) == 0)
            name[n - 4] = '\0';
        else if (n > 2 && name[n - 2] == '\'' && name[n - 1] == 's')
            name[n - 2] = '\0';
    }
    e = lq_strmap_get(&es->full, name, strlen(name));
    if (e) {
        id = (long)e->value.i;
    } else if (lkn && (e = lq_strmap_get(&es->last, lk, lkn)) != NULL) {
        lq_entity *c = &es->ents[e->value.i];
        if (c->kind == kind || kind == LQ_SPEAKER_UNKNOWN) {
            if (single)
                id = (long)e->value.i;
            else if (!has_space(c->name)) {
                id = (long)e->value.i;
                c->name = name; /* the fuller name is the better canonical one */
            } else if (same_first_word(c->name, name) || ends_with_words(c->name, name)) {
                /* "Saumarez Smith" is the "Charles Saumarez Smith" of before */
                id = (long)e->value.i;
            }
        }
    }
    if (id < 0) {
        if (single && honorific != (size_t)-1) {
            /* "Mr Bootle" with no earlier "Andrew Bootle" */
            name = join(es->arena, st, honorific, b, 0, NULL);
            if (!name)
                return LQ_ENOMEM;
        }
        s = add_entity(es, name, kind, gender, &id);
        if (s != LQ_OK)
            return s;
    }
    if (gender && es->ents[id].gender == LQ_G_ANY)
        es->ents[id].gender = gender;
    s = map_set(&es->full, name, strlen(name), id);
    if (s == LQ_OK && lkn)
        s = map_set(&es->last, lk, lkn, id);
    if (s != LQ_OK)
        return s;
    *out = id;
    return LQ_OK;
}

lq_status lq_entity_from_np(lq_entities *es, const lq_stream *st, const lq_np *np, long *out)
{
    lq_status s;
    size_t hon = (size_t)-1;
    *out = -1;
    if (np->kind == LQ_NP_PERSON || (np->kind == LQ_NP_ORG && np->name_e > np->name_s)) {
        size_t a = np->name_s;
        if (np->name_s > np->start) {
            size_t h = np->name_s - 1;
            if (is_punct(st, h, '.') && h > np->start)
                h--;
            if (T(st, h)->cls & LQ_W_HONORIFIC)
                hon = h;
        }
        /* an organisation keeps a capitalised "The" */
        if (np->kind == LQ_NP_ORG && np->det && a == np->start + 1 &&
            (T(st, np->start)->shape & LQ_T_CAP))
            a = np->start;
        if (np->kind == LQ_NP_ORG && np->det && a == np->start + 1 &&
            !(T(st, np->start)->shape & LQ_T_CAP) && np->name_e - np->name_s > 1)
            a = np->start; /* "the National Security Committee" */
        s = entity_for_name(es, st, a, np->name_e, hon,
                            np->kind == LQ_NP_ORG ? LQ_SPEAKER_ORGANIZATION : LQ_SPEAKER_PERSON,
                            np->gender, out);
    } else if (np->kind == LQ_NP_ORG) {
        /* a described body: "the committee" (an earlier organisation with that
           head word), "Observers from the OSCE" */
        char lk[64];
        size_t lkn = last_key(st, np->start, np->aff_s ?
                              np->aff_s - 1 : np->name_s, lk, sizeof lk);
        const lq_strmap_entry *e;
        if (np->aff_e == 0 && lkn && (e = lq_strmap_get(&es->last, lk, lkn)) != NULL &&
            es->ents[e->value.i].kind == LQ_SPEAKER_ORGANIZATION) {
            *out = (long)e->value.i;
            s = LQ_OK;
        } else {
            char *name;
            size_t words_end = np->aff_s ? np->aff_s : np->end;
            size_t a = np->start;
            if (np->det && !(T(st, np->start)->shape & LQ_T_CAP) && !lq_tok_is(st, a, "the"))
                a++; /* drop "a"/"an" */
            if (np->aff_e) {
                /* "Observers from the Organization … (OSCE)" -> "Observers from the OSCE" */
                size_t acr = np->aff_e;
                const char *prefix;
                char *head = join(es->arena, st, a, np->aff_s + 1, 0, NULL);
                if (!head)
                    return LQ_ENOMEM;
                prefix = head;
                if (is_punct(st, acr, '(') && acr + 2 < st->ntoks &&
                    (T(st, acr + 1)->shape & LQ_T_ALLCAPS) && is_punct(st, acr + 2, ')')) {
                    size_t d = np->aff_s + 1;
                    if (is_det(st, d))
                        name = join(es->arena, st, acr + 1, acr + 2, 0,
                                    join(es->arena, st, a, d + 1, 0, NULL));
                    else
                        name = join(es->arena, st, acr + 1, acr + 2, 0, prefix);
                } else {
                    name = join(es->arena, st, np->aff_s + 1, np->aff_e, 0, prefix);
                }
            } else {
                name = join(es->arena, st, a, words_end, 0, NULL);
            }
            if (!name)
                return LQ_ENOMEM;
            e = lq_strmap_get(&es->full, name, strlen(name));
            if (e) {
                *out = (long)e->value.i;
                s = LQ_OK;
            } else {
                s = add_entity(es, name, LQ_SPEAKER_ORGANIZATION, LQ_G_NEUTER, out);
                if (s == LQ_OK)
                    s = map_set(&es->full, name, strlen(name), *out);
                if (s == LQ_OK && lkn && np->aff_e == 0)
                    s = map_set(&es->last, lk, lkn, *out);
            }
            if (s == LQ_OK && np->plural)
                es->ents[*out].plural = 1;
        }
    } else {
        return LQ_OK;
    }
    if (s != LQ_OK)
        return s;
    if (*out >= 0 && !es->ents[*out].role && np->role_e > np->role_s) {
        const char *r = lq_np_role(es->arena, st, np);
        if (!r)
            return LQ_ENOMEM;
        es->ents[*out].role = r;
    }
    return LQ_OK;
}

lq_status lq_mention_add(lq_entities *es, size_t tok, long e, int subject, int speaker)
{
    if (e < 0)
        return LQ_OK;
    if (es->nmentions && es->mentions[es->nmentions - 1].entity == (uint32_t)e &&
        es->mentions[es->nmentions - 1].tok == tok) {
        es->mentions[es->nmentions - 1].subject |= (uint8_t)subject;
        es->mentions[es->nmentions - 1].speaker |= (uint8_t)speaker;
        return LQ_OK;
    }
    if (es->nmentions == es->mcap) {
        size_t ncap = es->mcap ? es->mcap * 2 : 64;
        lq_mention *p = lq_realloc(es->mentions, ncap * sizeof *p);
        if (!p)
            return LQ_ENOMEM;
        es->mentions = p;
        es->mcap = ncap;
    }
    /* keep text order: a mention found late (an attribution after the
       sentence scan) is inserted at its place among the last few */
    {
        size_t at = es->nmentions;
        while (at > 0 && es->nmentions - at < 8 && es->mentions[at - 1].tok > tok)
            at--;
        memmove(es->mentions + at + 1, es->mentions + at,
                (es->nmentions - at) * sizeof es->mentions[0]);
        es->mentions[at].tok = (uint32_t)tok;
        es->mentions[at].entity = (uint32_t)e;
        es->mentions[at].subject = (uint8_t)subject;
        es->mentions[at].speaker = (uint8_t)speaker;
        es->nmentions++;
    }
    return LQ_OK;
}

static int compatible(const lq_entity *e, int gender, int plural)
{
    if (plural)
        return e->kind == LQ_SPEAKER_ORGANIZATION || e->plural;
    if (gender == LQ_G_NEUTER)
        return e->kind == LQ_SPEAKER_ORGANIZATION;
    if (e->kind != LQ_SPEAKER_PERSON)
        return 0;
    return e->gender == LQ_G_ANY || gender == LQ_G_ANY || e->gender == gender;
}

long lq_pronoun_resolve(lq_entities *es, const lq_stream *st, size_t tok)
{
    const lq_tok *p = T(st, tok);
    int gender = p->gender, plural = p->plural;
    size_t i, n, seen = 0;
    long best = -1;
    uint32_t cur_para = p->para;
    if (lq_tok_is(st, tok, "i") || lq_tok_is(st, tok, "we"))
        return -1;
    n = es->nmentions;
    /* first: a compatible subject or speaker among recent mentions; then any */
    for (i = n; i > 0 && seen < MENTION_WINDOW; i--) {
        const lq_mention *m = &es->mentions[i - 1];
        if (m->tok >= tok)
            continue;
        seen++;
        if (T(st, m->tok)->para + 6 < cur_para)
            break;
        if (!compatible(&es->ents[m->entity], gender, plural))
            continue;
        if (m->subject || m->speaker) {
            best = (long)m->entity;
            break;
        }
        if (best < 0)
            best = (long)m->entity;
    }
    if (best >= 0 && gender != LQ_G_ANY && gender != LQ_G_NEUTER &&
        es->ents[best].gender == LQ_G_ANY)
        es->ents[best].gender = gender;
    return best;
}

lq_status lq_entities_scan_sentence(lq_entities *es, const lq_stream *st, size_t s,
                                    long *subject)
{
    const lq_sent *se = &st->sents[s];
    size_t i = se->first, subj_end = se->first;
    lq_np np;
    lq_status r;
    long e;
    *subject = -1;
    /* the subject: at the start, or after a short opening phrase */
    while (i < se->end && (T(st, i)->shape & LQ_T_QUOTE))
        i = se->end; /* a quotation opens the sentence: the attribution decides */
    if (i < se->end) {
        lq_np_parse(st, i, se->end, &np);
        if (np.kind == LQ_NP_NONE || np.kind == LQ_NP_DESC) {
            size_t c;
            for (c = i; c < se->end && c < i + 14; c++)
                if (is_punct(st, c, ',')) {
                    lq_np np2;
                    lq_np_parse(st, c + 1, se->end, &np2);
                    if (np2.kind != LQ_NP_NONE && np2.kind != LQ_NP_DESC)
                        np = np2;
                    break;
                }
        }
        if (np.kind == LQ_NP_PERSON && np.name_e - np.name_s == 1 && np.role_e == np.role_s &&
            np.name_s == se->first && !(T(st, np.name_s)->cls & LQ_W_FIRSTNAME)) {
            /* a lone capitalised word opening a sentence ("Media reports…") is
               a subject only if it names someone already known */
            char lk[64];
            size_t lkn = last_key(st, np.name_s, np.name_e, lk, sizeof lk);
            if (!lkn || !lq_strmap_get(&es->last, lk, lkn))
                np.kind = LQ_NP_NONE;
        }
        if (np.kind == LQ_NP_PERSON || np.kind == LQ_NP_ORG) {
            r = lq_entity_from_np(es, st, &np, &e);
            if (r != LQ_OK)
                return r;
            r = lq_mention_add(es, np.name_e > np.name_s ? np.name_s : np.start, e, 1, 0);
            if (r != LQ_OK)
                return r;
            *subject = e;
            subj_end = np.end;
        } else if (np.kind == LQ_NP_PRONOUN && np.start == se->first) {
            e = lq_pronoun_resolve(es, st, np.start);
            r = lq_mention_add(es, np.start, e, 1, 0);
            if (r != LQ_OK)
                return r;
            *subject = e;
            subj_end = np.end;
        }
    }
    /* other names: a run of two or more capitalised words with a given name,
       or after an honorific/title/role; a single word that is an earlier
       entity's last name */
    for (i = subj_end > se->first ? subj_end : se->first; i < se->end; i++) {
        size_t b;
        int first = 0, org = 0, intro;
        if (!name_tok(st, i) || role_word(T(st, i)) || (T(st, i)->cls & LQ_W_HONORIFIC))
            continue;
        b = i;
        if ((T(st, i)->shape & LQ_T_POSS) && name_tok(st, i + 1))
            continue; /* "USA's Andy Roddick": the possessor is not the name */
        while (b < se->end && b - i < 5 && name_tok(st, b) &&
               !(b > i && (T(st, b - 1)->shape & LQ_T_POSS)) &&
               (!role_word(T(st, b)) ||
                /* a surname that is also a title: "Kristin King", "John Major" */
                (b > i && !name_tok(st, b + 1)))) {
            first |= (T(st, b)->cls & LQ_W_FIRSTNAME) != 0;
            org |= (T(st, b)->cls & LQ_W_ORGHEAD) != 0 || (T(st, b)->shape & LQ_T_ALLCAPS);
            b++;
        }
        intro = i > se->first && (role_word(T(st, i - 1)) || (T(st, i - 1)->cls & LQ_W_HONORIFIC) ||
                                  (is_punct(st, i - 1, '.') && i > se->first + 1 &&
                                   (T(st, i - 2)->cls & LQ_W_HONORIFIC)));
        if (!org && (b - i >= 2 || intro) && (first || intro || b - i >= 2) &&
            !(i == se->first && (T(st, i)->cls & LQ_W_NONNAME))) {
            size_t hon = (size_t)-1;
            if (i > se->first && (T(st, i - 1)->cls & LQ_W_HONORIFIC))
                hon = i - 1;
            else if (i > se->first + 1 && is_punct(st, i - 1, '.') &&
                     (T(st, i - 2)->cls & LQ_W_HONORIFIC))
                hon = i - 2;
            r = entity_for_name(es, st, i, b, hon, LQ_SPEAKER_PERSON,
                                hon != (size_t)-1 ? T(st, hon)->gender
                                                  : (T(st, i)->cls & LQ_W_FIRSTNAME)
                                                        ? T(st, i)->gender
                                                        : LQ_G_ANY,
                                &e);
            if (r != LQ_OK)
                return r;
            r = lq_mention_add(es, i, e, 0, 0);
            if (r != LQ_OK)
                return r;
            if (!es->ents[e].role && i > se->first && role_word(T(st, i - 1))) {
                /* "musician Kristin King": the words before the name are her role */
                size_t a = i - 1;
                lq_np rnp;
                while (a > se->first && i - a < 5 &&
                       (role_word(T(st, a - 1)) || (T(st, a - 1)->cls & LQ_W_MODIFIER) ||
                        (is_word(st, a - 1) && !(T(st, a - 1)->shape & LQ_T_CAP) &&
                         !(T(st, a - 1)->cls & (LQ_W_NONNAME | LQ_W_VERB | LQ_W_PRONOUN)))))
                    a--;
                lq_np_parse(st, a, b, &rnp);
                if (rnp.kind == LQ_NP_PERSON && rnp.name_e == b && rnp.role_e > rnp.role_s) {
                    const char *role = lq_np_role(es->arena, st, &rnp);
                    if (!role)
                        return LQ_ENOMEM;
                    es->ents[e].role = role;
                }
            }
        } else if (b - i == 1 && !org) {
            char lk[64];
            size_t lkn = last_key(st, i, b, lk, sizeof lk);
            const lq_strmap_entry *en = lkn ? lq_strmap_get(&es->last, lk, lkn) : NULL;
            if (en && es->ents[en->value.i].kind == LQ_SPEAKER_PERSON) {
                r = lq_mention_add(es, i, (long)en->value.i, 0, 0);
                if (r != LQ_OK)
                    return r;
            }
        }
        i = b > i ? b - 1 : i;
    }
    return LQ_OK;
}
